/**
 * Trust in what the commands say and show: verify checks the database's
 * result tables and the report too, and names what differs; query runs only
 * statements that read, says one sentence for empty SQL and ends quietly when
 * its reader goes away; names from the data cannot drive the terminal
 * (explain, query) or reorder the report (bidi isolation); generate reports
 * every write error in one sentence instead of hanging or pretending.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '../data/generate.ts';
import { Db } from '../pipeline/db.ts';
import { InputError } from '../pipeline/errors.ts';
import { refreshManifest } from '../pipeline/fingerprint.ts';
import { BIN, cli, type CliResult, cliOnTerminal, goldenRun, readCsv, ROOT, tempDir } from './helpers.ts';

const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

/** An untouched run of the golden data for 2024, copied for each test that changes something. */
let pristine: string;
/**
 * A run of the golden data with hostile names: T01's has terminal escapes, T02's and its director's a right-to-left
 * override, T03's a screen clear; the towns' category (乡镇) a window title and a right-to-left override.
 */
let hostile: string;
/** what that run printed */
let hostileSaid: string;
const T01_NAME = '城关镇\x1b[2J\x1b[H总分 99.00\x1b]0;pwned\x07\u009b31m党政办';
const T02_NAME = '\u202e河口镇党政办 12';
const T02_DIRECTOR = '\u202e王强 7';
const T03_NAME = '\x1b[2J假单位';
const TOWNS = '乡镇\x1b]0;pwned\x07\u202e';

/**
 * `kaoping run --data DATA --year 2024 --out OUT --quiet`, writing no feedback letters (KAOPING_FEEDBACK_LIMIT=0 while
 * it runs): no test here reads them.
 */
async function run(data: string, out: string): Promise<string> {
  const before = process.env.KAOPING_FEEDBACK_LIMIT;
  process.env.KAOPING_FEEDBACK_LIMIT = '0';
  const r = await cli(['run', '--data', data, '--year', '2024', '--out', out, '--quiet']).finally(() => {
    if (before === undefined) delete process.env.KAOPING_FEEDBACK_LIMIT;
    else process.env.KAOPING_FEEDBACK_LIMIT = before;
  });
  if (r.code !== 0) throw new Error(`kaoping run failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function copyOf(out: string): Promise<string> {
  const copy = join(await tempDir('kaoping-trust-copy-'), 'out');
  await cp(out, copy, { recursive: true });
  return copy;
}

/**
 * `kaoping sensitivity --draws 50 --spread 0.5` (in Chinese) on a copy of the hostile run, run once for the two tests
 * that look at it (what it printed; what it recorded in that copy's manifest): its OUT and what it said.
 */
let sensitized: Promise<{ out: string; said: CliResult }> | undefined;
const hostileSensitivity = () =>
  (sensitized ??= (async () => {
    const out = await copyOf(hostile);
    return { out, said: await cli(['sensitivity', '--db', join(out, 'kaoping.duckdb'), '--draws', '50', '--spread', '0.5']) };
  })());

beforeAll(async () => {
  // `kaoping run --data GOLDEN --year 2024`, run once for the test files of this worker; a copy of its OUT
  pristine = (await goldenRun()).out;
  const data = join(await tempDir('kaoping-trust-hostile-'), 'data');
  await cp(GOLDEN, data, { recursive: true });
  const offices = await readFile(join(data, 'offices.csv'), 'utf8');
  await writeFile(
    join(data, 'offices.csv'),
    offices
      .replace('T01,城关镇党政办', `T01,${T01_NAME}`)
      .replace('T02,河口镇党政办', `T02,${T02_NAME}`)
      .replace(/^T03,[^,]*/m, `T03,${T03_NAME}`)
      .replaceAll(',乡镇', `,"${TOWNS}"`),
  );
  const staff = await readFile(join(data, 'staff.csv'), 'utf8');
  await writeFile(join(data, 'staff.csv'), staff.replace('T02-P1,T02,王强', `T02-P1,T02,${T02_DIRECTOR}`));
  hostile = join(await tempDir('kaoping-trust-hostile-'), 'out');
  hostileSaid = await run(data, hostile);
}, 120_000);

describe('verify checks the database and the report (20)', () => {
  // the same for the same inputs: trust.test's 'the same inputs, scheme and year give byte-identical ...' compares them
  // between two runs of the sample (where this test had a second run of the golden data of its own)
  it("records the year's result tables and every report file in manifest.json", async () => {
    const m = JSON.parse(await readFile(join(pristine, 'manifest.json'), 'utf8'));
    expect(m.database.file).toBe('kaoping.duckdb');
    expect(m.database.year).toBe(2024);
    expect(Object.keys(m.database.tables).sort()).toEqual([
      'diagnostics',
      'evidence',
      'indicators',
      'individuals',
      'quota',
      'recommendations',
      'scores',
      'vetoes',
    ]);
    expect(m.database.tables.scores).toMatchObject({ rows: 14, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(m.database.tables.scores.columns).toContain('total');
    expect(m.report.files['index.html']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(m.report.files).filter((f) => f.startsWith('office/'))).toHaveLength(14);
    const ok = await cli(['verify', '--out', pristine]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`${pristine} 中 2024 年度的结果(CSV 文件、数据库结果表和报告)与输入数据(9 个文件)、考核细则 default 一致。\n`);
  });

  it('names a result table changed in the database (UPDATE scores SET total = 99.96)', async () => {
    const out = await copyOf(pristine);
    const db = await Db.open(join(out, 'kaoping.duckdb'));
    await db.run(`UPDATE scores SET total = 99.96 WHERE year = 2024 AND office_id = 'T03'`);
    await db.run(`DELETE FROM evidence WHERE year = 2024 AND office_id = 'T05'`);
    db.close();
    const en = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stdout).toContain(
      '  - result table scores (2024) in the database kaoping.duckdb has been modified (same number of rows, different contents)\n',
    );
    expect(en.stdout).toMatch(
      / {2}- result table evidence \(2024\) in the database kaoping\.duckdb has been modified \(\d+ rows at the run, \d+ now\)\n/,
    );
    expect(en.stdout).not.toContain('indicators');
    const zh = await cli(['verify', '--out', out]);
    expect(zh.code).toBe(2);
    expect(zh.stdout).toContain('  - 数据库 kaoping.duckdb 中 2024 年度的结果表 scores 已被改动(行数未变,内容与运行时不同)\n');
  });

  it('names an edited, a deleted and an added report file', async () => {
    const out = await copyOf(pristine);
    const office = (await readdir(join(out, 'report', 'office'))).sort()[0];
    await appendFile(join(out, 'report', 'office', office), '<p>总分 99.00</p>');
    await rm(join(out, 'report', 'individuals.html'));
    await writeFile(join(out, 'report', 'extra.html'), 'x');
    const r = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`  - report file report/office/${office} has been modified\n`);
    expect(r.stdout).toContain('  - report file report/individuals.html is gone\n');
    expect(r.stdout).toContain('  - report file report/extra.html was added\n');
    expect(r.stdout).not.toContain('result table');
    const zh = await cli(['verify', '--out', out]);
    expect(zh.stdout).toContain(`  - 报告文件 report/office/${office} 已被改动\n`);
  });

  it('kaoping sensitivity records what it changed (tables, report, sensitivity.csv) through refreshManifest, atomically', async () => {
    // on the hostile run (its names do not matter here): the run of sensitivity the test of its printed names looks at
    const { out, said: s } = await hostileSensitivity();
    expect(s.code, s.stderr).toBe(0);
    const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(m.database.tables)).toContain('sensitivity');
    expect(m.outputs['sensitivity.csv']).toMatch(/^[0-9a-f]{64}$/);
    expect(m.report.files['sensitivity.html']).toMatch(/^[0-9a-f]{64}$/);
    expect((await readdir(out)).filter((f) => f.includes('manifest'))).toEqual(['manifest.json']);
    const after = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(after.code, after.stdout).toBe(0);
    // a change to the sensitivity table after that is noticed
    const db = await Db.open(join(out, 'kaoping.duckdb'));
    try {
      await db.run(`DELETE FROM sensitivity WHERE office_id = 'T01'`);
    } finally {
      db.close();
    }
    const changed = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(changed.code).toBe(2);
    expect(changed.stdout).toContain('result table sensitivity (2024) in the database kaoping.duckdb');
    // refreshManifest itself: records the present state again
    const again = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      expect(await refreshManifest(out, again, 2024)).toBe(true);
    } finally {
      again.close();
    }
    expect((await cli(['verify', '--out', out, '--lang', 'en'])).code).toBe(0);
  });

  it("refreshManifest leaves a folder without a run's manifest alone", async () => {
    const dir = await tempDir('kaoping-trust-nomanifest-');
    const db = await Db.open(join(pristine, 'kaoping.duckdb'), { readOnly: true });
    try {
      expect(await refreshManifest(dir, db, 2024)).toBe(false);
      await writeFile(join(dir, 'manifest.json'), 'null');
      expect(await refreshManifest(dir, db, 2024)).toBe(false);
      expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe('null');
    } finally {
      db.close();
    }
  });

  // 24 (part)
  it('an empty, null, garbage or foreign manifest.json: one sentence, exit 2', async () => {
    const out = await copyOf(pristine);
    for (const text of ['', '  \n', 'null', 'garbage{', '[]', '42', '{}', '{"year": 2024}']) {
      await writeFile(join(out, 'manifest.json'), text);
      const zh = await cli(['verify', '--out', out]);
      expect([zh.code, zh.stdout], JSON.stringify(text)).toEqual([2, '']);
      expect(zh.stderr, JSON.stringify(text)).toMatch(/^kaoping: \S*manifest\.json [^\n]*kaoping run。\n$/);
      const en = await cli(['verify', '--out', out, '--lang', 'en']);
      expect(en.code).toBe(2);
      expect(en.stderr, JSON.stringify(text)).toMatch(
        /^kaoping: \S*manifest\.json (is empty|is not valid JSON|holds (null|a list|a number)|is not the manifest of a kaoping run)[^\n]*; run kaoping run again\.\n$/,
      );
    }
  });

  it('a manifest without the fingerprints (an older kaoping) is not taken as verified', async () => {
    const out = await copyOf(pristine);
    const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    delete m.database;
    delete m.report;
    await writeFile(join(out, 'manifest.json'), JSON.stringify(m));
    const r = await cli(['verify', '--out', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("manifest.json records no fingerprint of the database's result tables (an older kaoping wrote it)");
    expect(r.stdout).toContain('manifest.json records no fingerprint of the report');
  });
});

describe('query refuses what is not a read, and ends well (21)', () => {
  const db = () => join(pristine, 'kaoping.duckdb');

  it('enable_logging with file storage no longer aborts the process: one sentence, exit 2, no file', async () => {
    const dir = await tempDir('kaoping-trust-log-');
    for (const sql of [
      `CALL enable_logging(storage='file', storage_path='${join(dir, 'log')}')`,
      `SELECT * FROM "enable_logging"(storage = 'file', storage_path = '${join(dir, 'log2')}')`,
      `SELECT * FROM query('CALL enable_logging(storage=''file'', storage_path=''${join(dir, 'log3')}'')')`,
    ]) {
      for (const extra of [[], ['--allow-external']]) {
        const r = await cli(['query', '--db', db(), ...extra, sql]);
        expect(r.code, `${sql}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/^kaoping: kaoping query 只读取数据,因此拒绝调用 (enable_logging|query)\(\)[^\n]*。\n$/);
      }
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('settings, pragmas that change them, EXPLAIN ANALYZE of a SET and prepared statements are refused in one sentence', async () => {
    const cases: [string, RegExp][] = [
      ['SET threads = 1', /拒绝执行 SET 语句。/],
      ["SET log_query_path = '/tmp/kaoping-query.log'", /拒绝执行 SET 语句。/],
      ['RESET threads', /拒绝执行 SET 语句。/],
      ['PRAGMA enable_profiling', /拒绝执行该 PRAGMA 语句/],
      ["PRAGMA profiling_output = '/tmp/kaoping-profile.json'", /拒绝执行 SET 语句。/], // DuckDB parses PRAGMA x = y as a SET
      ['EXPLAIN ANALYZE SET threads = 1', /拒绝执行 EXPLAIN SET。/],
      ['SELECT 1; EXPLAIN ANALYZE PRAGMA enable_profiling', /拒绝执行 EXPLAIN PRAGMA。/],
      ['PREPARE p AS SELECT 1', /不执行预编译语句/],
      ['SELECT * FROM disable_optimizer()', /拒绝调用 disable_optimizer\(\)/],
      ["SELECT write_log('x')", /拒绝调用 write_log\(\)/],
    ];
    for (const [sql, words] of cases) {
      const r = await cli(['query', '--db', db(), sql]);
      expect(r.code, `${sql}: ${r.stderr}${r.stdout}`).toBe(2);
      expect(r.stderr, sql).toMatch(/^kaoping: [^\n]+\n$/);
      expect(r.stderr, sql).toMatch(words);
    }
    expect(existsSync('/tmp/kaoping-query.log')).toBe(false);
  });

  it('reads still work: pragmas that read, SHOW, DESCRIBE, CALL of a reading function, EXPLAIN, a denied name inside a string', async () => {
    for (const sql of [
      "PRAGMA table_info('scores')",
      'SHOW TABLES',
      'DESCRIBE scores',
      'CALL pragma_version()',
      'EXPLAIN SELECT 1',
      'EXPLAIN ANALYZE (SELECT count(*) FROM scores)',
      "SELECT 'enable_logging(' AS a -- checkpoint()",
      'CREATE TEMP TABLE t AS SELECT 1 AS a; SELECT * FROM t',
    ]) {
      const r = await cli(['query', '--db', db(), sql]);
      expect(r.code, `${sql}: ${r.stderr}`).toBe(0);
    }
  });

  it('empty SQL is one sentence, exit 2: an argument, blanks, an empty -f file, empty stdin', async () => {
    const empty = join(await tempDir('kaoping-trust-sql-'), 'empty.sql');
    await writeFile(empty, '\n');
    for (const [args, input] of [
      [[''], undefined],
      [['   '], undefined],
      [['-f', empty], undefined],
      [[], ''],
    ] as [string[], string | undefined][]) {
      const r = await cli(['query', '--db', db(), ...args], { input });
      expect([r.code, r.stdout], JSON.stringify(args)).toEqual([2, '']);
      expect(r.stderr, JSON.stringify(args)).toBe('kaoping: 没有可执行的 SQL 语句:给出的 SQL 是空的。\n');
    }
  });

  it('a reader that goes away (kaoping query ... | head) ends the command quietly with exit 0', async () => {
    // rows well beyond a pipe's buffer (64 KiB): csv and json stream them and stop at the first write after the close;
    // the table format writes them when the last row is counted (10,000 rows: 580 kB)
    for (const [format, rows] of [
      ['csv', 2_000_000],
      ['json', 2_000_000],
      ['table', 10_000],
    ] as const) {
      const child = spawn(
        process.execPath,
        [
          BIN,
          'query',
          '--db',
          db(),
          '--format',
          format,
          '--limit',
          String(rows),
          `SELECT range AS n, repeat('x', 50) AS pad FROM range(${rows})`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      // read the first chunk, then close the pipe as head does
      child.stdout.once('data', () => child.stdout.destroy());
      expect([format, await closed, stderr]).toEqual([format, 0, '']);
    }
  }, 90_000);
});

describe('names from the data cannot drive the terminal or reorder the report (22)', () => {
  const db = () => join(hostile, 'kaoping.duckdb');
  // ESC, BEL, a C1 CSI and U+202E, raw
  // eslint-disable-next-line no-control-regex
  const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

  it('run and sensitivity print names from the data with control characters escaped (a category, office names)', async () => {
    expect(hostileSaid).toContain('乡镇\\x1b]0;pwned\\x07');
    expect(hostileSaid).not.toMatch(RAW);
    const { said: s } = await hostileSensitivity();
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout + s.stderr).not.toMatch(RAW);
  });

  it('explain shows control characters as escapes: no cursor movement, no window title, no bidi override', async () => {
    for (const office of ['T01', 'T02']) {
      const r = await cli(['explain', '--db', db(), '--office', office]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
    }
    const t01 = await cli(['explain', '--db', db(), '--office', 'T01']);
    expect(t01.stdout.split('\n')[0]).toBe(
      '城关镇\\x1b[2J\\x1b[H总分 99.00\\x1b]0;pwned\\x07\\x9b31m党政办 (T01) · 乡镇\\x1b]0;pwned\\x07\\u202e · 2024 年度 · 默认考核细则 (办公室工作年度考评)',
    );
    const t02 = await cli(['explain', '--db', db(), '--office', 'T02', '--lang', 'en']);
    expect(t02.stdout.startsWith('\\u202e河口镇党政办 12 (T02)')).toBe(true);
  });

  it('query: the table escapes them (cells and column names), JSON escapes them losslessly, CSV keeps the bytes in a pipe', async () => {
    const sql = `SELECT office_id, office_name AS "name\x1b[31m" FROM scores WHERE year = 2024 AND office_id IN ('T01', 'T02') ORDER BY office_id`;
    const table = await cli(['query', '--db', db(), sql]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(RAW);
    expect(table.stdout).toContain('name\\x1b[31m');
    expect(table.stdout).toContain('T01        城关镇\\x1b[2J\\x1b[H总分 99.00\\x1b]0;pwned\\x07\\x9b31m党政办');
    expect(table.stdout).toContain('T02        \\u202e河口镇党政办 12');
    const json = await cli(['query', '--db', db(), '--format', 'json', sql]);
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.parse(json.stdout)).toEqual([
      { office_id: 'T01', 'name\x1b[31m': T01_NAME },
      { office_id: 'T02', 'name\x1b[31m': T02_NAME },
    ]);
    const csv = await cli(['query', '--db', db(), '--format', 'csv', sql]);
    expect(readCsv(csv.stdout).map((r) => r['name\x1b[31m'])).toEqual([T01_NAME, T02_NAME]);
  });

  it('query on a terminal: CSV shows them escaped too', async () => {
    const r = await cliOnTerminal([
      'query',
      '--db',
      db(),
      '--format',
      'csv',
      `SELECT office_name FROM scores WHERE year = 2024 AND office_id = 'T01'`,
    ]);
    expect(r.exited).toBe(true);
    expect(r.out).toContain('城关镇\\x1b[2J\\x1b[H总分 99.00\\x1b]0;pwned\\x07\\x9b31m党政办');
    expect(r.out).not.toContain('\x1b]0;pwned');
    expect(r.out).not.toContain('\x1b[2J');
  });

  it('the report isolates every data text: outside charts, a right-to-left override is only ever inside <bdi> or U+2068...U+2069', async () => {
    const report = join(hostile, 'report');
    const pages = (await readdir(report, { recursive: true })).filter((f) => f.endsWith('.html'));
    let seen = 0;
    for (const page of pages) {
      const text = await readFile(join(report, page), 'utf8');
      seen += text.split('\u202e').length - 1;
      const outside = text
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<svg[\s\S]*?<\/svg>/g, '')
        .replace(/<bdi>[^<]*<\/bdi>/g, '')
        .replace(/\u2068[^\u2069]*\u2069/g, '');
      expect(outside.includes('\u202e'), page).toBe(false);
    }
    expect(seen).toBeGreaterThan(5);
    const index = await readFile(join(report, 'index.html'), 'utf8');
    // the commended office's score after its name
    expect(index).toMatch(
      /<li><span class="rank-no">第\d+名<\/span> <a href="office\/T02-[0-9a-f]{10}\.html"><bdi>\u202e河口镇党政办 12<\/bdi><\/a> <span class="id">T02<\/span> <span class="num">\d+\.\d\d<\/span><\/li>/,
    );
    const page = pages.find((p) => p.startsWith('office/T02-'))!;
    const office = await readFile(join(report, page), 'utf8');
    expect(office).toContain('<title>\u2068\u202e河口镇党政办 12\u2069 · 2024</title>');
    expect(office).toContain('<h1><bdi>\u202e河口镇党政办 12</bdi></h1>');
    expect(await readFile(join(report, 'assets', 'report.css'), 'utf8')).toContain('.id, code, bdi { unicode-bidi: isolate; }');
  });
});

describe('generate: every write error is one sentence, and it never hangs (23)', () => {
  /** generate into `out`, failing the test after 10 s instead of hanging */
  async function attempt(out: string): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`generate --out ${out} hung`)), 10_000);
    });
    try {
      await Promise.race([generate({ offices: 3, years: [2023, 2024], seed: 1, out }), hang]);
      return undefined;
    } catch (e) {
      return e;
    } finally {
      clearTimeout(timer);
    }
  }

  const sentence = (e: unknown) => {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    expect(err.message).toMatch(/^generate cannot write [^\n]+; nothing more was written, choose another --out\.$/);
    expect(err.text('zh')).toMatch(/^generate 无法写入 [^\n]+;没有再写入任何内容,请换一个 --out。$/);
    return err;
  };

  it("an unwritable path: under /proc (Node's recursive mkdir loops there), under a regular file", async () => {
    expect(sentence(await attempt('/proc/kaoping-x')).message).toBe(
      'generate cannot write /proc/kaoping-x: the folder does not exist and cannot be created, or it takes no new files; nothing more was written, choose another --out.',
    );
    expect(sentence(await attempt('/proc/kaoping-x/y')).message).toContain('/proc/kaoping-x');
    const file = join(await tempDir('kaoping-trust-gen-'), 'file');
    await writeFile(file, 'x');
    expect(sentence(await attempt(join(file, 'x'))).message).toBe(
      `generate cannot write ${join(file, 'x')}: a part of the path is a file, not a folder; nothing more was written, choose another --out.`,
    );
    expect(sentence(await attempt(file)).message).toContain('a part of the path is a file, not a folder');
  }, 30_000);

  it('a folder where a file should go, and a full disk (/dev/full), are reported instead of swallowed or waited on', async () => {
    const dir = await tempDir('kaoping-trust-gen-');
    await mkdir(join(dir, 'staff.csv'));
    expect(sentence(await attempt(dir)).message).toBe(
      `generate cannot write ${join(dir, 'staff.csv')}: a folder of that name is in the way; nothing more was written, choose another --out.`,
    );
    const full = await tempDir('kaoping-trust-gen-');
    await symlink('/dev/full', join(full, 'documents.csv'));
    expect(sentence(await attempt(full)).message).toBe(
      `generate cannot write ${join(full, 'documents.csv')}: the disk is full; nothing more was written, choose another --out.`,
    );
  }, 30_000);

  it('a writable folder still gets every file', async () => {
    const dir = join(await tempDir('kaoping-trust-gen-'), 'a', 'b');
    expect(await attempt(dir)).toBeUndefined();
    expect((await readdir(dir)).length).toBe(9);
  });
});
