/**
 * Trust: a run killed at any point leaves the previous OUT and database as
 * they were, and the next command puts right what it left; two runs never
 * write one OUT, or one database, at once; the same inputs give the same
 * bytes; verify notices a changed byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, cli, type CliResult, dataDir, OFFICES, ROOT, sampleRun, STAFF, tempDir, withEnv } from './helpers.ts';

/**
 * No office pages and no feedback letters (tests/helpers.ts withEnv), for the runs of the two offices: nothing here
 * reads them (the killed runs and the locks are about the folder; the runs are compared by their CSV outputs), and a
 * run without them costs about a quarter less.
 */
const LEAN = { KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' };

/** sha256 of every file under dir (relative path -> hash), but kaoping's working folder and locks. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    if (p.slice(dir.length + 1).startsWith('.kaoping/') || p.endsWith('.kaoping-lock')) continue;
    out[p.slice(dir.length + 1)] = createHash('sha256')
      .update(await readFile(p))
      .digest('hex');
  }
  return out;
}

/** Everything under dir, kaoping's own folder included: relative path -> sha256 (folders: 'dir', links: where they point). */
async function everything(dir: string): Promise<Record<string, string>> {
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
function refused(r: CliResult, pattern?: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^kaoping: /);
  if (pattern) expect(r.stderr).toMatch(pattern);
}

/**
 * What the child process of pausedRuns runs: the CLI's `main`, started as bin/kaoping.js starts it (bin/start.js),
 * called once for each line of stdin ([stage, ...arguments]) with KAOPING_PAUSE_AT
 * set to that stage; pipeline/pause.ts reads it when a run reaches a stage, so each run pauses at its own.
 */
const HOLDER = `
import { createInterface } from 'node:readline';
const { start } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'bin', 'start.js')).href)});
const main = await start(['node', 'kaoping', 'run']);
for await (const line of createInterface({ input: process.stdin })) {
  const [stage, ...args] = JSON.parse(line);
  process.env.KAOPING_PAUSE_AT = stage;
  main(['node', ${JSON.stringify(BIN)}, ...args]).then(
    (code) => process.stderr.write('a run ended (exit ' + code + ') before it paused\\n'),
    (e) => process.stderr.write('a run failed before it paused: ' + e + '\\n'),
  );
}
`;

/**
 * One child process holding a run paused at each stage asked for, its locks taken (each run started once the one
 * before it is paused); resolves once the last is paused. A SIGKILL of the child then kills every run at its stage
 * at the same instant, as a kill of a process of its own would: what each run leaves is on disk, in its own OUT.
 * One process start-up (tsx, DuckDB, Vega, exceljs: 2-3 s of CPU here) for them all instead of one a run.
 */
async function pausedRuns(runs: string[][]): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER], {
    cwd: ROOT,
    env: { ...process.env, ...LEAN, KAOPING_PAUSE_MS: '' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let err = '';
  let waiting: { stage: string; seen: number; resolve: () => void; reject: (e: Error) => void } | undefined;
  const pauses = () => err.match(/paused at \w+/g) ?? [];
  const check = (code?: number | null) => {
    if (!waiting) return;
    const p = pauses();
    if (p.length > waiting.seen && p.at(-1) === `paused at ${waiting.stage}`) waiting.resolve();
    else if (p.length > waiting.seen || /a run (ended|failed)/.test(err) || code !== undefined)
      waiting.reject(new Error(`the run to pause at ${waiting.stage} did not (${code ?? 'still running'}): ${err}`));
  };
  child.stderr!.on('data', (d) => {
    err += d;
    check();
  });
  child.on('exit', (code) => check(code));
  try {
    for (const [stage, ...args] of runs) {
      await new Promise<void>((resolve, reject) => {
        waiting = { stage, seen: pauses().length, resolve, reject };
        child.stdin!.write(JSON.stringify([stage, ...args]) + '\n');
      });
    }
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  waiting = undefined;
  return { child, exited };
}

/**
 * Two offices and their staff: the killed runs, the locks and --strict are about the folder, not the scores, and the
 * run of two offices costs about half a run of the golden data (the golden and sample data are used below where the
 * data is the point: byte-identical outputs, verify's inputs, --strict's rejected rows).
 */
let small: string;
/**
 * OUT after `kaoping run --data <small> --year 2024 --strict`, run once for the file; tests take a copy. --strict: a
 * run without a rejected row is not stopped by it (the other half of the --strict test below).
 */
let ran: string;
beforeAll(async () => {
  small = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF });
  ran = join(await tempDir(), 'out');
  const first = await withEnv(LEAN, () => cli(['run', '--data', small, '--year', '2024', '--out', ran, '--quiet', '--strict']));
  expect(first.code, first.stderr).toBe(0);
}, 120_000);

/** A copy (cp -r) of that OUT at <new temp folder>/out, as if the test had run it there. */
async function ranOut(): Promise<string> {
  const out = join(await tempDir(), 'out');
  await cp(ran, out, { recursive: true });
  return out;
}

describe('a killed run changes nothing, and two runs never write one OUT or one database at once', () => {
  // One child process holds six runs paused (pausedRuns): one killed at each stage, in a copy of that OUT; and a
  // first run into a new OUT with a database outside it (trust-out's case 6), paused while it loads. While they
  // hold their locks the other commands below try the same OUTs and database from this process; then the child is
  // SIGKILLed, and each test looks at what its run left.
  const STAGES = ['load', 'score', 'report', 'swap'] as const;
  const killed = {} as Record<(typeof STAGES)[number], { out: string; before: Record<string, string> }>;
  /** the swap stage's OUT before its run: everything, kaoping's own folder included */
  let swapBefore: Record<string, string>;
  /** a copy of what the run killed during its swap left in its OUT, taken right after the kill */
  let swapWreck: string;
  /** the run paused at report: its OUT (files) right after the kill, the refused commands of case 7 included */
  let reportAfter: Record<string, string>;
  /** case 6's folder: data/, and the first run's out/ with the database h.duckdb beside it */
  let root: string;
  let pid: number;
  let second: CliResult, secondZh: CliResult, otherOut: CliResult, sensitivity: CliResult, office: CliResult;
  let holder: { child: ChildProcess; exited: Promise<unknown> } | undefined;

  beforeAll(async () => {
    for (const stage of STAGES) {
      const out = await ranOut();
      killed[stage] = { out, before: await snapshot(out) };
    }
    swapBefore = await everything(killed.swap.out);
    root = await tempDir('kaoping-own-');
    await cp(small, join(root, 'data'), { recursive: true });
    holder = await pausedRuns([
      ...STAGES.map((stage) => [stage, 'run', '--data', small, '--year', '2023', '--out', killed[stage].out, '--quiet']),
      [
        'load',
        'run',
        '--data',
        join(root, 'data'),
        '--year',
        '2023',
        '--out',
        join(root, 'out'),
        '--db',
        join(root, 'h.duckdb'),
        '--quiet',
      ],
    ]);
    pid = holder.child.pid!;
    // while the runs hold their locks: a second run into the new OUT, in English and in Chinese; a run of another
    // year into another OUT but the same database; sensitivity and report --office on the OUT of the run at report
    second = await cli(['run', '--data', small, '--year', '2024', '--out', join(root, 'out'), '--quiet', '--lang', 'en']);
    secondZh = await cli(['run', '--data', small, '--year', '2024', '--out', join(root, 'out'), '--quiet']);
    otherOut = await cli([
      'run',
      '--data',
      join(root, 'data'),
      '--year',
      '2024',
      '--out',
      join(root, 'b'),
      '--db',
      join(root, 'h.duckdb'),
      '--quiet',
      '--lang',
      'en',
    ]);
    sensitivity = await cli(['sensitivity', '--db', join(killed.report.out, 'kaoping.duckdb'), '--draws', '10', '--lang', 'en']);
    office = await cli(['report', '--office', 'A1', '--out', killed.report.out, '--lang', 'en']);
    holder.child.kill('SIGKILL');
    await holder.exited;
    reportAfter = await snapshot(killed.report.out);
    swapWreck = join(await tempDir(), 'out');
    await cp(killed.swap.out, swapWreck, { recursive: true, verbatimSymlinks: true });
  }, 120_000);
  afterAll(() => {
    holder?.child.kill('SIGKILL');
  });

  for (const stage of STAGES) {
    it(`SIGKILL during ${stage}: the previous OUT and database are intact, and the next run works`, async () => {
      const { out, before } = killed[stage];
      if (stage !== 'swap') expect(await snapshot(out)).toEqual(before);
      const next = await withEnv(LEAN, () => cli(['run', '--data', small, '--year', '2024', '--out', out, '--quiet']));
      expect(next.code, next.stderr).toBe(0);
      // the killed run left nothing behind next to OUT
      expect((await readdir(join(out, '..'))).sort()).toEqual(['out']);
      const after = await snapshot(out);
      for (const f of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv'])
        expect(after[f]).toBe(before[f]);
    });
  }

  it('a swap killed half way is rolled back by the next command', async () => {
    // half way: the marker records the swap, the old entries are moved aside; the next command puts them back before it starts
    expect(JSON.parse(await readFile(join(swapWreck, '.kaoping', 'owner.json'), 'utf8')).swap).toBeDefined();
    const v = await cli(['validate', '--data', small, '--out', swapWreck, '--quiet']);
    expect(v.code, v.stderr).toBe(0);
    expect(await everything(swapWreck)).toEqual(swapBefore);
  });

  it('a second run on the same OUT refuses with one sentence while the first is running', () => {
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(
        `^kaoping: Another kaoping run \\(process ${pid}\\) is writing .*out; wait for it to finish or choose another --out\\.\\n$`,
      ),
    );
    expect(secondZh.code).toBe(2);
    expect(secondZh.stderr).toMatch(
      new RegExp(`^kaoping: 另一个 kaoping 运行\\(进程 ${pid}\\)正在写入 .*out;请等它结束,或换一个 --out。\\n$`),
    );
  });

  it("7: sensitivity and report --office while a run writes the same OUT are refused, and the run's results stand", () => {
    refused(sensitivity, new RegExp(`Another kaoping run \\(process ${pid}\\) is writing`));
    refused(office, /Another kaoping run/);
    expect(reportAfter).toEqual(killed.report.before);
  });

  it('6: two runs of different years into different OUTs but one database: the second waits its turn (refused), no year lost', async () => {
    refused(
      otherOut,
      new RegExp(`Another kaoping run \\(process ${pid}\\) is writing .*h\\.duckdb; wait for it to finish or choose another --db\\.`),
    );
    expect(await readdir(root)).not.toContain('b');
    // a run killed while putting its copy of the database in place leaves the copy; the next run clears it
    await writeFile(join(root, 'h.duckdb.tmp-4999999'), 'partial copy');
    await writeFile(join(root, 'h.duckdb.tmp-backup'), "a file of the user's that only looks like one");
    // the killed run's locks are stale: both years go in, one after the other
    for (const [y, o] of [
      ['2023', 'out'],
      ['2024', 'b'],
    ]) {
      const r = await withEnv(LEAN, () =>
        cli(['run', '--data', 'data', '--year', y, '--out', o, '--db', 'h.duckdb', '--quiet'], { cwd: root }),
      );
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await readdir(root)).filter((f) => f.startsWith('h.duckdb')).sort()).toEqual(['h.duckdb', 'h.duckdb.tmp-backup']);
    const q = await cli(['query', '--db', 'h.duckdb', '--format', 'csv', 'SELECT DISTINCT year FROM scores ORDER BY year'], { cwd: root });
    expect(q.stdout).toBe('\uFEFFyear\n2023\n2024\n');
  });
});

describe('reproducible and verifiable', () => {
  // a: the sample's run shared by the test files of this worker (data/sample, its latest year, 2024), with the tests'
  // one DuckDB thread (vitest.config.ts); b: this file's own run of the same inputs, a copy of data/sample elsewhere,
  // with DuckDB's default, a thread per core. verify is then asked about b (one run of the sample for both tests, where
  // verify had a run of the golden data of its own)
  let a: string, b: string, bData: string;
  beforeAll(async () => {
    a = (await sampleRun()).out;
    bData = join(await tempDir(), 'data');
    await cp(join(ROOT, 'data', 'sample'), bData, { recursive: true });
    b = join(await tempDir(), 'b');
    const threads = process.env.KAOPING_THREADS;
    delete process.env.KAOPING_THREADS;
    const rb = await cli(['run', '--data', bData, '--year', '2024', '--out', b, '--quiet']).finally(() => {
      if (threads !== undefined) process.env.KAOPING_THREADS = threads;
    });
    expect(rb.code, rb.stderr).toBe(0);
  }, 120_000);

  it('the same inputs, scheme and year give byte-identical CSV outputs, report pages and fingerprints, whatever the thread count and wherever the data is', async () => {
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    for (const f of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv']) expect(sa[f], f).toBe(sb[f]);
    const pages = Object.keys(sa).filter((f) => f.startsWith('report/'));
    expect(pages.length).toBeGreaterThan(50);
    for (const f of pages) expect(sb[f], f).toBe(sa[f]);
    const manifest = JSON.parse(await readFile(join(a, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ tool: 'kaoping', year: 2024, scheme: { id: 'default' } });
    expect(manifest.scheme.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.inputs.find((i: { table: string }) => i.table === 'staff')).toMatchObject({
      file: 'staff.csv',
      rows: 279,
      loaded: 278,
      rejected: 1,
    });
    expect(Date.parse(manifest.finished_at)).toBeGreaterThanOrEqual(Date.parse(manifest.started_at));
    // the year's result tables in the database and every report file are recorded the same for the same inputs
    // (trust-commands.test checks what manifest.json records of them, on the golden data)
    const mb = JSON.parse(await readFile(join(b, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.database.tables)).toContain('scores');
    expect(Object.keys(manifest.report.files)).toContain('index.html');
    expect(mb.database).toEqual(manifest.database);
    expect(mb.report).toEqual(manifest.report);
  });

  it('verify says yes for untouched results and names a changed input byte or a modified output', async () => {
    const out = join(await tempDir(), 'out');
    await cp(b, out, { recursive: true });
    const ok = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/still belong to these inputs \(10 files\)/);
    const path = join(bData, '会议.csv');
    const bytes = await readFile(path);
    bytes[bytes.length - 3] ^= 1;
    await writeFile(path, bytes);
    const scores = await readFile(join(out, 'scores.csv'), 'utf8');
    expect(scores).toContain(',98.58,');
    await writeFile(join(out, 'scores.csv'), scores.replace(',98.58,', ',95.50,'));
    const bad = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('input 会议.csv has changed (sha256 differs)');
    expect(bad.stdout).toContain('output scores.csv has been modified');
  });
});

describe('--strict', () => {
  it('any rejected row fails the run with one sentence and changes no output', async () => {
    const out = await ranOut();
    const before = await snapshot(out);
    const r = await cli(['run', '--year', '2024', '--out', out, '--quiet', '--strict', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      'kaoping: 11 rows were rejected and --strict is set, so nothing was scored or written (see kaoping validate).',
    );
    expect(await snapshot(out)).toEqual(before);
    // and a run without a rejected row is not stopped by --strict: the file's run (beforeAll) has it
  });
});
