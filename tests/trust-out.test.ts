/**
 * OUT belongs to kaoping (../shared/spec/README.md, "OUT belongs to
 * kaoping"): every command that writes a folder or a database refuses, with
 * one sentence and exit 2 and touching nothing, anything kaoping did not
 * create; a --db inside OUT survives; one lock per OUT and per database.
 * Each case runs the real command on real files: in-process through `main`
 * where it can (fast), as a child process where a second process is the point.
 * The cases where a run of another process holds the locks or is killed (6,
 * 7, a swap killed half way) are in trust.test.ts, beside the other killed
 * runs: one child process holds all those runs paused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../cli/main.ts';
import { stageOutput } from '../pipeline/outdir.ts';
import { cli, ROOT, tempDir, withEnv } from './helpers.ts';

const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

/**
 * No office pages and no feedback letters (~0.14 of a warm run's 1.26 CPU-s on the small data, measured in one
 * process over 5 runs each), for the runs whose tests read their database, the folder's inode or a few named files,
 * never a page or a letter. Not for the property below (its runs from random folders must write everything a run
 * writes, and touch nothing else) nor for the first run (its OUT is the property's template).
 */
const LEAN = { KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' };

/** Runs `kaoping ...args` in this process from `cwd`: exit code and what it printed. */
async function kp(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  const before = process.cwd();
  const [w1, w2] = [process.stdout.write, process.stderr.write];
  let out = '',
    err = '';
  process.stdout.write = ((s: string | Uint8Array) => {
    out += String(s);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    err += String(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    process.chdir(cwd);
    const code = await main(['node', 'kaoping', ...args]);
    return { code, out, err };
  } finally {
    process.chdir(before);
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

/** Every file and folder under dir: relative path -> sha256 (folders: 'dir', links: where they point). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    const rel = relative(dir, p);
    if (e.isDirectory()) out[rel] = 'dir';
    else if (e.isSymbolicLink()) out[rel] = `link ${await readlink(p)}`;
    else
      out[rel] = createHash('sha256')
        .update(await readFile(p))
        .digest('hex');
  }
  return out;
}

/** One sentence on stderr, nothing on stdout, exit 2. */
function refused(r: { code: number; out: string; err: string }, pattern?: RegExp) {
  expect(r.code, r.err).toBe(2);
  expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
  expect(r.err).toMatch(/^kaoping: /);
  if (pattern) expect(r.err).toMatch(pattern);
}

/** A folder of the user's: a thesis, photos, a sub-folder named like an output. */
async function userFolder(dir: string): Promise<void> {
  await mkdir(join(dir, 'report'), { recursive: true });
  await writeFile(join(dir, '论文.docx'), 'my thesis');
  await writeFile(join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
  await writeFile(join(dir, 'report', 'mine.html'), '<p>mine</p>');
}

/**
 * Two offices and their staff: enough for every command here, whose cases are
 * about folders, locks and databases, not about the data (a run of them costs
 * half a run of the golden data).
 */
const SMALL = {
  'offices.csv': 'office_id,name,category\nT01,城关镇党政办,乡镇\nT02,河口镇党政办,乡镇\n',
  'staff.csv':
    'person_id,office_id,name,birth_date,role,joined_on\nT01-P1,T01,张伟,1978-12-31,director,2010-01-01\nT02-P1,T02,王强,1980-05-06,staff,2015-01-01\n',
};

/** A fresh folder holding the small data at data/. */
async function world(): Promise<string> {
  const root = await tempDir('kaoping-own-');
  await mkdir(join(root, 'data'));
  for (const [name, text] of Object.entries(SMALL)) await writeFile(join(root, 'data', name), text);
  return root;
}

/** A world after `kaoping run --data data --year 2024 --out out`, run once for the file (beforeAll). */
let ran: string;
beforeAll(async () => {
  ran = await world();
  const r = await kp(['run', '--data', 'data', '--year', '2024', '--out', 'out', '--quiet'], ran);
  expect(r.code, r.err).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(ran, { recursive: true, force: true });
});

/**
 * A copy of that world with a folder results/ the user had made (empty), and `kaoping run --data data --year 2023
 * --out results --db results/history.duckdb` run into it (LEAN), with the folder's inode before and after: case 5's
 * first run (case 5 goes on in this world, running into results/ only), a first run into a user's empty folder for the
 * inode test, and another database (holding 2023) for the verify test, which writes into out/ only. Made once, for
 * whichever of the three comes first.
 */
let withHistory: Promise<{ root: string; ino: number; inoAfter: number }> | undefined;
function historyWorld() {
  return (withHistory ??= (async () => {
    const root = await ranWorld();
    await mkdir(join(root, 'results'));
    const ino = (await stat(join(root, 'results'))).ino;
    const r = await withEnv(LEAN, () =>
      kp(['run', '--data', 'data', '--year', '2023', '--out', 'results', '--db', 'results/history.duckdb', '--quiet'], root),
    );
    expect(r.code, r.err).toBe(0);
    return { root, ino, inoAfter: (await stat(join(root, 'results'))).ino };
  })());
}

/** A fresh copy of that world (cp -r): its own data/ and out/, as if this test had run it. */
async function ranWorld(): Promise<string> {
  const root = await tempDir('kaoping-own-');
  await cp(ran, root, { recursive: true, verbatimSymlinks: true });
  return root;
}

describe('OUT is refused unless kaoping owns it (cases 1-4)', () => {
  it("1: a folder holding the user's files is refused, nothing touched", async () => {
    const root = await world();
    await userFolder(join(root, 'docs'));
    const before = await snapshot(root);
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'docs', '--quiet'], root), /已有不是 kaoping 写入的文件/);
    refused(
      await kp(['run', '--data', 'data', '--year', '2024', '--out', 'docs', '--quiet', '--lang', 'en'], root),
      /already holds files kaoping did not write/,
    );
    refused(await kp(['validate', '--data', 'data', '--out', 'docs', '--quiet'], root));
    refused(await kp(['generate', '--offices', '3', '--out', 'docs', '--quiet'], root));
    expect(await snapshot(root)).toEqual(before);
  });

  it('2: --out the data folder, its parent, ".", "" or the parent of the current folder is refused', async () => {
    const root = await world();
    await userFolder(join(root, 'work'));
    const before = await snapshot(root);
    for (const [out, cwd] of [
      ['data', root],
      [root, root],
      ['.', join(root, 'work')],
      ['', join(root, 'work')],
      ['..', join(root, 'work')],
      [join(root, 'data', 'out'), root],
    ]) {
      refused(await kp(['run', '--data', join(root, 'data'), '--year', '2024', '--out', out, '--quiet'], cwd));
    }
    // an empty current folder is refused too: "." is never an output folder
    await mkdir(join(root, 'empty'));
    refused(await kp(['run', '--data', join(root, 'data'), '--year', '2024', '--out', '.', '--quiet'], join(root, 'empty')), /当前文件夹/);
    expect(await readdir(join(root, 'empty'))).toEqual([]);
    // a link to the data folder is the data folder
    await symlink(join(root, 'data'), join(root, 'alias'));
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'alias', '--quiet'], root), /数据文件夹/);
    await rm(join(root, 'empty'), { recursive: true });
    await rm(join(root, 'alias'));
    expect(await snapshot(root)).toEqual(before);
  });

  it('3: --out naming an existing file is refused; the file stays a file', async () => {
    const root = await world();
    await writeFile(join(root, '总结.docx'), 'summary');
    const before = await snapshot(root);
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', '总结.docx', '--quiet'], root), /是一个文件而不是文件夹/);
    refused(await kp(['validate', '--data', 'data', '--out', '总结.docx', '--quiet'], root), /是一个文件而不是文件夹/);
    expect(await snapshot(root)).toEqual(before);
  });

  it("4: sensitivity --out a folder holding the user's report/ is refused; the folder is untouched", async () => {
    const root = await ranWorld();
    await userFolder(join(root, 'mine'));
    const before = await snapshot(root);
    refused(await kp(['sensitivity', '--db', 'out/kaoping.duckdb', '--out', 'mine', '--draws', '10'], root), /已有不是 kaoping 写入的文件/);
    expect(await snapshot(root)).toEqual(before);
    // into its own OUT it works and adds sensitivity.csv beside the run's files: the same command in the same world
    // is the first step of 'verify holds after sensitivity ...' below, which checks that
  });

  // a marked OUT keeps a file the user put beside kaoping's outputs: case 5, whose runs go into one OUT three times
  it('a failed run into an empty folder leaves it empty', async () => {
    const root = await world();
    await mkdir(join(root, 'empty'));
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'empty', '--scheme', 'nope.yaml', '--quiet'], root));
    refused(
      await kp(['run', '--data', 'data', '--year', '2024', '--out', 'empty', '--db', 'data/x.duckdb', '--quiet'], root),
      /数据文件夹/,
    );
    expect(await readdir(join(root, 'empty'))).toEqual([]);
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'new/deeper', '--db', 'data/x.duckdb', '--quiet'], root));
    expect(await readdir(root)).not.toContain('new');
  });
});

describe('the database (cases 5, 24)', () => {
  it("5: a --db inside OUT under another name survives every run and accumulates the years; so does a user's file there", async () => {
    // the first run, of 2023, into results/ (a folder the user made, empty) with --db results/history.duckdb: historyWorld
    const { root, ino } = await historyWorld();
    // OUT itself is never renamed (see also 'OUT itself is never renamed' below): the same folder after every run
    expect((await stat(join(root, 'results'))).ino).toBe(ino);
    // a marked OUT keeps a file the user put beside kaoping's outputs, through the runs below
    await writeFile(join(root, 'results', 'notes.txt'), 'mine');
    const r = await withEnv(LEAN, () =>
      kp(['run', '--data', 'data', '--year', '2024', '--out', 'results', '--db', 'results/history.duckdb', '--quiet'], root),
    );
    expect(r.code, r.err).toBe(0);
    expect((await stat(join(root, 'results'))).ino).toBe(ino);
    const q = await kp(
      ['query', '--db', 'results/history.duckdb', '--format', 'csv', 'SELECT DISTINCT year FROM scores ORDER BY year'],
      root,
    );
    expect(q.out).toBe('\uFEFFyear\n2023\n2024\n');
    // a run with the default database afterwards leaves history.duckdb alone
    expect((await withEnv(LEAN, () => kp(['run', '--data', 'data', '--year', '2024', '--out', 'results', '--quiet'], root))).code).toBe(0);
    expect((await stat(join(root, 'results'))).ino).toBe(ino);
    expect(await readFile(join(root, 'results', 'notes.txt'), 'utf8')).toBe('mine');
    const again = await kp(
      ['query', '--db', 'results/history.duckdb', '--format', 'csv', 'SELECT count(DISTINCT year) AS n FROM scores'],
      root,
    );
    expect(again.out).toBe('\uFEFFn\n2\n');
    // a --db that an output would overwrite is refused
    for (const db of ['results/scores.csv', 'results/report/x.duckdb', 'results/.kaoping/x.duckdb']) {
      refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'results', '--db', db, '--quiet'], root));
    }
  });

  it('24: --db a folder, a file that is not DuckDB, or a database open in another program: one sentence, nothing touched', async () => {
    const root = await world();
    await mkdir(join(root, 'folder'));
    await writeFile(join(root, 'notes.csv'), 'a,b\n1,2\n');
    const before = await snapshot(root);
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'o', '--db', 'folder', '--quiet'], root), /是一个文件夹/);
    refused(
      await kp(['run', '--data', 'data', '--year', '2024', '--out', 'o', '--db', 'notes.csv', '--quiet'], root),
      /不是 DuckDB 数据库文件/,
    );
    refused(await kp(['run', '--data', 'data', '--year', '2024', '--out', 'o', '--db', '', '--quiet'], root), /--db 为空/);
    refused(await kp(['sensitivity', '--db', 'notes.csv', '--out', 'o'], root), /不是 DuckDB 数据库文件/);
    expect(await snapshot(root)).toEqual(before);

    await cp(join(ran, 'out'), join(root, 'o'), { recursive: true }); // as `kaoping run --out o` leaves it
    const db = join(root, 'o', 'kaoping.duckdb');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `
      const { DuckDBInstance } = require('@duckdb/node-api');
      DuckDBInstance.create(${JSON.stringify(db)}).then(async (i) => { await i.connect(); console.log('open'); setInterval(() => {}, 1000); });
    `,
      ],
      { cwd: ROOT },
    );
    await new Promise<void>((resolve) =>
      holder.stdout.on('data', (d) => {
        if (String(d).includes('open')) resolve();
      }),
    );
    try {
      const held = await snapshot(join(root, 'o'));
      const r = await cli(['run', '--data', join(root, 'data'), '--year', '2023', '--out', join(root, 'o'), '--quiet']);
      refused({ code: r.code, out: r.stdout, err: r.stderr }, new RegExp(`正被另一个程序打开(.*进程 ${holder.pid})`));
      const s = await cli(['sensitivity', '--db', db, '--draws', '5', '--lang', 'en']);
      refused({ code: s.code, out: s.stdout, err: s.stderr }, /is open in another program/);
      expect(await snapshot(join(root, 'o'))).toEqual(held);
    } finally {
      holder.kill('SIGKILL');
    }
  });
  // 6: two runs of different years into different OUTs but one database: trust.test.ts (its first run is held by another process)
});

describe('locks (stale locks)', () => {
  // 7: sensitivity and report --office while a run writes the same OUT: trust.test.ts (the run is another process)

  it('a lock whose process id was reused (by an unrelated process, or by this very process) is taken over', async () => {
    const out = join(await tempDir(), 'out');
    await mkdir(join(out, '.kaoping'), { recursive: true });
    await writeFile(join(out, '.kaoping', 'owner.json'), JSON.stringify({ tool: 'kaoping', entries: [] }));
    // pid 1 is alive (init, or node itself in a container) but started at another time than the lock says
    await writeFile(join(out, '.kaoping', 'lock'), JSON.stringify({ pid: 1, start: '1', token: '1-x', host: hostname() }));
    const a = await stageOutput(out);
    await a.abort();
    // a lock naming this process that this process does not hold: left by an earlier life of the same pid
    await writeFile(
      join(out, '.kaoping', 'lock'),
      JSON.stringify({ pid: process.pid, start: 'whatever', token: `${process.pid}-old`, host: hostname() }),
    );
    const b = await stageOutput(out);
    // while b holds it, this same process cannot take it again
    await expect(stageOutput(out)).rejects.toThrow(/Another kaoping run/);
    await b.abort();
    // a lock of an older kaoping (a bare pid) whose process has gone
    await writeFile(join(out, '.kaoping', 'lock'), '4999999');
    await (await stageOutput(out)).abort();
    expect(await readdir(join(out, '.kaoping'))).toEqual(['owner.json']);
  });
  // a swap killed half way is rolled back by the next command: trust.test.ts, with the other killed runs
});

describe('where OUT lives', () => {
  it('OUT itself is never renamed: the same folder (inode) after every run', async () => {
    // an empty folder the user made, written by a first run (historyWorld, case 5's first run); the runs into a folder
    // kaoping owns already (each replacing the last one's outputs) keep it too: case 5 checks the folder after each of
    // its next two runs
    const { root, ino, inoAfter } = await historyWorld();
    expect(inoAfter).toBe(ino);
    expect(await readdir(join(root, 'results'))).toContain('scores.csv');
  });

  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  async function mounted(dir: string, options: string) {
    await mkdir(dir, { recursive: true });
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    if (m.status !== 0) throw new Error(`mount failed: ${m.stderr}`);
    return () => {
      spawnSync('umount', ['-l', dir]);
    };
  }

  it.runIf(canMount)('--out at a mount point works, twice', async () => {
    const root = await world();
    const unmount = await mounted(join(root, 'mnt'), 'size=64m');
    try {
      for (const y of ['2023', '2024']) {
        const r = await withEnv(LEAN, () => kp(['run', '--data', 'data', '--year', y, '--out', 'mnt', '--quiet'], root));
        expect(r.code, r.err).toBe(0);
      }
      expect(await readdir(join(root, 'mnt'))).toContain('scores.csv');
    } finally {
      unmount();
    }
  });

  it.runIf(canMount)('24: a full disk is one sentence, exit 2, and leaves no lock or staging folder behind', async () => {
    const root = await world();
    const unmount = await mounted(join(root, 'small'), 'size=1m');
    try {
      const r = await cli(['run', '--data', join(root, 'data'), '--year', '2024', '--out', join(root, 'small', 'out'), '--quiet']);
      refused({ code: r.code, out: r.stdout, err: r.stderr }, /磁盘已满/);
      expect(await readdir(join(root, 'small'))).toEqual([]);
    } finally {
      unmount();
    }
  });

  it.runIf(canMount)('24: a read-only OUT is one sentence, exit 2', async () => {
    const root = await world();
    const unmount = await mounted(join(root, 'ro'), 'ro,size=1m');
    try {
      const r = await cli([
        'run',
        '--data',
        join(root, 'data'),
        '--year',
        '2024',
        '--out',
        join(root, 'ro', 'out'),
        '--quiet',
        '--lang',
        'en',
      ]);
      refused({ code: r.code, out: r.stdout, err: r.stderr }, /cannot be written \(read-only file system\)/);
    } finally {
      unmount();
    }
  });

  it('25: a checkout under a path with a space and Chinese characters runs', async () => {
    const home = join(await tempDir(), '张三', 'kao ping');
    await mkdir(home, { recursive: true });
    // the checkout without its 52-office sample: the small data is the bundled sample here (the path is the point, not the data)
    const sample = join(ROOT, 'data', 'sample');
    for (const d of ['bin', 'cli', 'pipeline', 'reports', 'words', 'metrics', 'data', 'package.json']) {
      if (existsSync(join(ROOT, d))) await cp(join(ROOT, d), join(home, d), { recursive: true, filter: (src) => !src.startsWith(sample) });
    }
    await mkdir(join(home, 'data', 'sample'));
    for (const [name, text] of Object.entries(SMALL)) await writeFile(join(home, 'data', 'sample', name), text);
    await symlink(join(ROOT, 'node_modules'), join(home, 'node_modules'));
    const out = join(await tempDir(), 'out');
    // a process of its own, as a user would start it (waited for without blocking the worker)
    const child = spawn(process.execPath, [join(home, 'bin', 'kaoping.js'), 'run', '--year', '2024', '--out', out, '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code, stderr).toBe(0);
    expect(await readdir(out)).toContain('scores.csv');
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).data).toBe(join(home, 'data', 'sample'));
  });
});

describe('later commands keep OUT verifiable, and odd places are one sentence', () => {
  it('verify holds after sensitivity and after report --office (both update manifest.json under the lock)', async () => {
    const { root } = await historyWorld();
    expect((await kp(['sensitivity', '--db', 'out/kaoping.duckdb', '--draws', '10'], root)).code).toBe(0);
    // into its own OUT it works and adds sensitivity.csv beside the run's files (case 4's other half)
    expect(await readdir(join(root, 'out'))).toContain('sensitivity.csv');
    const v1 = await kp(['verify', '--out', 'out'], root);
    expect(v1.code, v1.out + v1.err).toBe(0);
    expect((await kp(['report', '--office', 'T01', '--out', 'out'], root)).code).toBe(0);
    const v2 = await kp(['verify', '--out', 'out'], root);
    expect(v2.code, v2.out + v2.err).toBe(0);
    expect(await readdir(join(root, 'out', '.kaoping'))).toEqual(['owner.json']);
    // a page from another database (results/history.duckdb, which holds 2023: historyWorld) into the same OUT does not
    // re-record the run's fingerprints as that database's
    const before = await readFile(join(root, 'out', 'manifest.json'), 'utf8');
    expect((await kp(['report', '--office', 'T02', '--year', '2023', '--db', 'results/history.duckdb', '--out', 'out'], root)).code).toBe(
      0,
    );
    expect(await readFile(join(root, 'out', 'manifest.json'), 'utf8')).toBe(before);
  });

  it('an --out under /proc or under a regular file: one sentence, exit 2, for every command that writes a folder', async () => {
    for (const out of ['/proc/kaoping-x', '/etc/hostname/x']) {
      refused(await kp(['run', '--data', GOLDEN, '--year', '2024', '--out', out, '--quiet']));
      refused(await kp(['validate', '--data', GOLDEN, '--out', out, '--quiet']));
      refused(await kp(['generate', '--offices', '2', '--out', out, '--quiet']));
    }
  });
});

describe('property: whatever the folders, a command refuses and touches nothing, or touches only what kaoping owns', () => {
  const OUTS = ['out', '', '.', '..', 'data', 'data/out', 'docs', 'docs/report', 'empty', 'kp', 'file.txt', 'link-to-data', 'new/deep'];
  const DBS = [
    undefined,
    'kp/kaoping.duckdb',
    'kp/history.duckdb',
    'docs/x.duckdb',
    'data/x.duckdb',
    'file.txt',
    'docs',
    'h.duckdb',
    'kp/scores.csv',
  ];
  const CWDS = ['.', 'data', 'docs', 'empty'];
  const COMMANDS = ['run', 'validate', 'sensitivity', 'generate'] as const;
  let template: string;

  beforeAll(async () => {
    template = await world();
    await userFolder(join(template, 'docs'));
    await mkdir(join(template, 'empty'));
    await writeFile(join(template, 'file.txt'), 'a file');
    await symlink('data', join(template, 'link-to-data'));
    await cp(join(ran, 'out'), join(template, 'kp'), { recursive: true }); // as `kaoping run --out kp` leaves it
    await writeFile(join(template, 'kp', 'mine.txt'), 'the user keeps notes here');
  });

  it('holds for random commands, folders and options', async () => {
    const outcomes = { 0: 0, 2: 0 } as Record<number, number>;
    // a copy of the template, and its snapshot: a command refused leaves it as it was (checked, to the byte), so the
    // next case runs in the same copy; a command that wrote into it leaves it for a fresh copy
    let world: { root: string; before: Record<string, string> } | undefined;
    const fresh = async () => {
      const root = await tempDir('kaoping-prop-');
      await cp(template, root, { recursive: true, verbatimSymlinks: true });
      return { root, before: await snapshot(root) };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COMMANDS),
        fc.constantFrom(...OUTS),
        fc.constantFrom(...DBS),
        fc.constantFrom(...CWDS),
        fc.boolean(),
        async (command, outRel, dbRel, cwdRel, absolute) => {
          const { root, before } = world ?? (await fresh());
          world = undefined; // given back below if this case leaves it as it was
          const cwd = join(root, cwdRel);
          const at = (p: string) => (p === '' ? '' : absolute ? join(root, p) : relative(cwd, join(root, p)) || '.');
          const args: string[] = [command];
          if (command !== 'sensitivity') args.push('--out', outRel === '.' || outRel === '..' ? outRel : at(outRel));
          if (command === 'run' || command === 'validate') args.push('--data', at('data'));
          if (command === 'run') args.push('--year', '2024', '--quiet');
          if (command === 'validate') args.push('--quiet');
          if (command === 'generate') args.push('--offices', '2', '--quiet');
          if (command === 'sensitivity')
            args.push(
              '--db',
              at(dbRel ?? 'kp/kaoping.duckdb'),
              '--out',
              outRel === '.' || outRel === '..' ? outRel : at(outRel),
              '--draws',
              '5',
            );
          else if (command === 'run' && dbRel) args.push('--db', at(dbRel));
          const ownedBefore = await ownedFiles(root, before);
          const r = await kp(args, cwd);
          expect([0, 2], `${args.join(' ')}: ${r.err}`).toContain(r.code);
          outcomes[r.code]++;
          const after = await snapshot(root);
          if (r.code === 2) {
            expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
            expect(after, `${args.join(' ')} refused but changed files`).toEqual(before);
            world = { root, before };
          } else {
            for (const [p, h] of Object.entries(before)) {
              if (ownedBefore.has(p)) continue;
              expect(after[p], `${args.join(' ')} (cwd ${cwdRel}) changed ${p}`).toBe(h);
            }
            await rm(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40, seed: 20261201 },
    );
    if (world) await rm(world.root, { recursive: true, force: true });
    // both kinds of outcome were exercised
    expect(outcomes[0]).toBeGreaterThanOrEqual(5);
    expect(outcomes[2]).toBeGreaterThanOrEqual(5);
  }, 300_000);

  /** Files kaoping may replace: inside the entries a kaoping marker lists, and the database files. */
  async function ownedFiles(root: string, snap: Record<string, string>): Promise<Set<string>> {
    const owned = new Set<string>();
    const markers = Object.keys(snap).filter((p) => p.endsWith('.kaoping/owner.json'));
    for (const m of markers) {
      const folder = m.slice(0, -'/.kaoping/owner.json'.length);
      const entries: string[] = JSON.parse(await readFile(join(root, m), 'utf8')).entries;
      for (const p of Object.keys(snap)) {
        const rel = folder === '' ? p : p.startsWith(folder + '/') ? p.slice(folder.length + 1) : undefined;
        if (rel !== undefined && (entries.includes(rel.split('/')[0]) || rel.startsWith('.kaoping/'))) owned.add(p);
      }
    }
    for (const p of Object.keys(snap)) if (p.endsWith('.duckdb')) owned.add(p);
    return owned;
  }
});
