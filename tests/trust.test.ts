/**
 * Trust: a run killed at any point leaves the previous OUT and database as
 * they were; two runs never write one OUT at once; the same inputs give the
 * same bytes; verify notices a changed byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BIN, cli, dataDir, OFFICES, ROOT, sampleRun, STAFF, tempDir } from './helpers.ts';

const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

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

/** Starts a run that pauses at `stage`; resolves once it is there, with the child. */
function pausedRun(args: string[], stage: string) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, KAOPING_PAUSE_AT: stage } });
  return new Promise<typeof child>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes(`paused at ${stage}`)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`run exited (${code}) before pausing at ${stage}: ${err}`)));
  });
}

/**
 * Two offices and their staff: the killed runs, the lock and --strict are about the folder, not the scores, and the
 * run of two offices costs about half a run of the golden data (the golden and sample data are used below where the
 * data is the point: byte-identical outputs, verify's inputs, --strict's rejected rows).
 */
let small: string;
/** OUT after `kaoping run --data <small> --year 2024`, run once for the file; tests take a copy. */
let ran: string;
beforeAll(async () => {
  small = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF });
  ran = join(await tempDir(), 'out');
  const first = await cli(['run', '--data', small, '--year', '2024', '--out', ran, '--quiet']);
  expect(first.code, first.stderr).toBe(0);
}, 120_000);

/** A copy (cp -r) of that OUT at <new temp folder>/out, as if the test had run it there. */
async function ranOut(): Promise<string> {
  const out = join(await tempDir(), 'out');
  await cp(ran, out, { recursive: true });
  return out;
}

describe('a killed run changes nothing', () => {
  for (const stage of ['load', 'score', 'report', 'swap']) {
    it(`SIGKILL during ${stage}: the previous OUT and database are intact, and the next run works`, async () => {
      const out = await ranOut();
      const before = await snapshot(out);
      const child = await pausedRun(['run', '--data', small, '--year', '2023', '--out', out, '--quiet'], stage);
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      if (stage !== 'swap') expect(await snapshot(out)).toEqual(before);
      const next = await cli(['run', '--data', small, '--year', '2024', '--out', out, '--quiet']);
      expect(next.code, next.stderr).toBe(0);
      // the killed run left nothing behind next to OUT
      expect((await readdir(join(out, '..'))).sort()).toEqual(['out']);
      const after = await snapshot(out);
      for (const f of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv'])
        expect(after[f]).toBe(before[f]);
    });
  }
});

describe('one run at a time per OUT', () => {
  it('a second run on the same OUT refuses with one sentence while the first is running', async () => {
    const out = join(await tempDir(), 'out');
    const child = await pausedRun(['run', '--data', small, '--year', '2024', '--out', out, '--quiet'], 'score');
    const second = await cli(['run', '--data', small, '--year', '2024', '--out', out, '--quiet', '--lang', 'en']);
    const secondZh = await cli(['run', '--data', small, '--year', '2024', '--out', out, '--quiet']);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(
        `^kaoping: Another kaoping run \\(process ${child.pid}\\) is writing .*out; wait for it to finish or choose another --out\\.\\n$`,
      ),
    );
    expect(secondZh.code).toBe(2);
    expect(secondZh.stderr).toMatch(
      new RegExp(`^kaoping: 另一个 kaoping 运行\\(进程 ${child.pid}\\)正在写入 .*out;请等它结束,或换一个 --out。\\n$`),
    );
  });
});

describe('reproducible and verifiable', () => {
  it('the same inputs, scheme and year give byte-identical CSV outputs and report pages, whatever the thread count', async () => {
    // a: the sample's run shared by the test files of this worker (its latest year, 2024), with the tests' one DuckDB
    // thread (vitest.config.ts); b: this test's own, with DuckDB's default, a thread per core
    const a = (await sampleRun()).out,
      b = join(await tempDir(), 'b');
    const threads = process.env.KAOPING_THREADS;
    delete process.env.KAOPING_THREADS;
    const rb = await cli(['run', '--year', '2024', '--out', b, '--quiet']).finally(() => {
      if (threads !== undefined) process.env.KAOPING_THREADS = threads;
    });
    expect(rb.code, rb.stderr).toBe(0);
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
  });

  it('verify says yes for untouched results and names a changed input byte or a modified output', async () => {
    const data = join(await tempDir(), 'data');
    await cp(GOLDEN, data, { recursive: true });
    const out = join(await tempDir(), 'out');
    expect((await cli(['run', '--data', data, '--year', '2024', '--out', out, '--quiet'])).code).toBe(0);
    const ok = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/still belong to these inputs \(9 files\)/);
    const path = join(data, 'meetings.csv');
    const bytes = await readFile(path);
    bytes[bytes.length - 3] ^= 1;
    await writeFile(path, bytes);
    await writeFile(join(out, 'scores.csv'), (await readFile(join(out, 'scores.csv'), 'utf8')).replace('93.50', '95.50'));
    const bad = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('input meetings.csv has changed (sha256 differs)');
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
    const clean = await cli(['run', '--data', small, '--year', '2024', '--out', out, '--quiet', '--strict']);
    expect(clean.code).toBe(0);
  });
});
