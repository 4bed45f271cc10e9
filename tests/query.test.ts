/**
 * Analysts: one database across years, the read-only query command in each
 * format, and the documented example questions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Db } from '../pipeline/db.ts';
import { displayWidth } from '../pipeline/text.ts';
import { cli, cliOnTerminal, readCsv, ROOT, sampleRun, tempDir, withEnv } from './helpers.ts';

let out: string;
let db: string;

beforeAll(async () => {
  // the sample's 2024 (`kaoping run --out OUT --quiet`, run once for the test files of this worker; a copy of its OUT),
  // then 2023 into the same folder and database by a command of its own, which writes no feedback letters
  // (KAOPING_FEEDBACK_LIMIT=0: 52 letters are ~0.6 s of CPU a run, and nothing here reads them). A year run again into
  // a database is rerun.test's: four runs of 2024, the year and its inputs once.
  out = (await sampleRun()).out;
  db = join(out, 'kaoping.duckdb');
  const r = await withEnv({ KAOPING_FEEDBACK_LIMIT: '0' }, () => cli(['run', '--year', '2023', '--out', out, '--quiet']));
  expect(r.code, r.stderr).toBe(0);
}, 180_000);

describe('one database across years', () => {
  it('run 2024, then 2023: every year once, inputs merged without duplicates, every run recorded', async () => {
    const d = await Db.open(db, { readOnly: true });
    expect(await d.all(`SELECT year, count(*) AS n FROM scores GROUP BY year ORDER BY year`)).toEqual([
      { year: 2023, n: 52 },
      { year: 2024, n: 52 },
    ]);
    expect(await d.all(`SELECT year, count(*) AS n FROM indicators GROUP BY year ORDER BY year`)).toEqual([
      { year: 2023, n: 52 * 16 },
      { year: 2024, n: 52 * 16 },
    ]);
    expect(await d.scalar(`SELECT count(*) - count(DISTINCT doc_id) FROM all_documents`)).toBe(0);
    expect(await d.scalar(`SELECT count(*) FROM all_documents`)).toBe(await d.scalar(`SELECT count(*) FROM documents`));
    expect(await d.scalar(`SELECT count(*) - count(DISTINCT (year, office_id, indicator, row_id)) FROM evidence`)).toBe(0);
    expect(await d.all(`SELECT run_id, year, scheme_id FROM v_runs ORDER BY run_id`)).toEqual([
      { run_id: 1, year: 2024, scheme_id: 'default' },
      { run_id: 2, year: 2023, scheme_id: 'default' },
    ]);
    d.close();
  });
});

describe('kaoping query', () => {
  it('refuses a statement that writes, in one sentence', async () => {
    for (const sql of ['DELETE FROM scores', 'CREATE TABLE x (a INTEGER)', 'DROP VIEW v_scores']) {
      const r = await cli(['query', '--db', db, sql]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^kaoping: 查询时数据库以只读方式打开,因此拒绝执行 \w+ 语句。\n$/);
    }
    const en = await cli(['query', '--db', db, 'DELETE FROM scores', '--lang', 'en']);
    expect(en.stderr).toBe('kaoping: The database is opened read-only for queries, so the DELETE statement was refused.\n');
    const d = await Db.open(db, { readOnly: true });
    expect(await d.scalar(`SELECT count(*) FROM scores`)).toBe(104);
    d.close();
  });

  it('cannot read files outside the database unless allowed', async () => {
    const sql = `SELECT count(*) AS n FROM read_csv('${join(ROOT, 'data', 'sample', 'offices.csv')}')`;
    const r = await cli(['query', '--db', db, sql]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kaoping: 查询不能读写数据库以外的文件/);
    const ok = await cli(['query', '--db', db, '--allow-external', '--format', 'json', sql]);
    expect(JSON.parse(ok.stdout)).toEqual([{ n: 52 }]);
  });

  it('table output aligns Chinese text by display width and caps rows with --limit', async () => {
    const r = await cli([
      'query',
      '--db',
      db,
      '--limit',
      '5',
      `SELECT office_id, office_name, total FROM v_scores WHERE year = 2024 ORDER BY office_id`,
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 5 + 1);
    expect(lines.at(-1)).toBe('(共 52 行,显示前 5 行;可用 --limit 或 --format csv)');
    const en = await cli(['query', '--db', db, '--limit', '5', '--lang', 'en', `SELECT office_id FROM v_scores WHERE year = 2024`]);
    expect(en.stdout.trimEnd().split('\n').at(-1)).toBe('(52 rows, first 5 shown; use --limit or --format csv)');
    // names of different lengths, numbers right-aligned: every row ends at the same
    // display column only if Chinese characters count two columns
    expect(new Set(lines.slice(0, 7).map(displayWidth)).size).toBe(1);
    expect(new Set(lines.slice(2, 7).map((l) => l.length)).size).toBeGreaterThan(1);
    expect(lines[2]).toMatch(/^BM001\s+县委办公室\s+\d+(\.\d+)?$/);
  });

  it('csv has a BOM, neutralises formulas and carries every row; json is an array', async () => {
    const csv = await cli([
      'query',
      '--db',
      db,
      '--format',
      'csv',
      `SELECT office_id, office_name, '=cmd' AS f FROM v_scores WHERE year = 2024 ORDER BY office_id`,
    ]);
    expect(csv.stdout.startsWith('\uFEFFoffice_id,office_name,f\n')).toBe(true);
    const rows = readCsv(csv.stdout);
    expect(rows).toHaveLength(52);
    expect(rows[0]).toEqual({ office_id: 'BM001', office_name: '县委办公室', f: "'=cmd" });
    const json = await cli([
      'query',
      '--db',
      db,
      '--format',
      'json',
      `SELECT year, count(*) AS n, min(total) AS low FROM v_scores GROUP BY year ORDER BY year`,
    ]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.map((r: { year: number; n: number }) => [r.year, r.n])).toEqual([
      [2023, 52],
      [2024, 52],
    ]);
    expect(typeof parsed[0].low).toBe('number');
  });

  it('reads SQL from stdin when it is not a terminal, and from -f FILE', async () => {
    const r = await cli(['query', '--db', db, '--format', 'json'], { input: "SELECT 1 AS a;\nSELECT '二' AS b;\n" });
    expect(JSON.parse(r.stdout)).toEqual([{ b: '二' }]);
    const file = join(await tempDir(), '查询.sql');
    await writeFile(file, "SELECT 1 AS a;\nSELECT '三' AS c;\n");
    const f = await cli(['query', '--db', db, '--format', 'json', '-f', file]);
    expect(f.code, f.stderr).toBe(0);
    expect(JSON.parse(f.stdout)).toEqual([{ c: '三' }]);
  });
});

describe('the interactive prompt', () => {
  // the end of the input reaches the prompt as Ctrl-D
  async function onTerminal(input: string, ms?: number): Promise<{ out: string; exited: boolean }> {
    const { out, exited } = await cliOnTerminal(['query', '--db', db], { input, ms });
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are removed
    return { out: out.replace(/\r/g, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''), exited };
  }

  it('on a terminal: multi-line statements ending in ;, .tables, .schema, errors as sentences, .quit', async () => {
    const { out, exited } = await onTerminal('SELECT count(*) AS n\nFROM v_scores;\n.schema v_runs\n.tables\nSELECT nope;\n.quit\n');
    expect(exited).toBe(true);
    expect(out).toContain('kaoping query(只读)。输入 .help 查看帮助。');
    expect(out).toMatch(/->\s+n\n---\n104\n\(共 1 行\)/);
    expect(out).toMatch(/scheme_sha256\s+VARCHAR/);
    expect(out).toMatch(/v_office_year\s+VIEW/);
    expect(out).toContain('SQL 执行出错(DuckDB 的原话):Binder Error: Referenced column "nope" was not found');
  });

  it('ends on .quit when the terminal sent Ctrl-D while a statement was still running', async () => {
    // the end of input arrives during the slow sum; the prompt used to stay
    // alive afterwards, holding the terminal open
    const { out, exited } = await onTerminal('SELECT sum(range) AS s FROM range(300000000);\n.quit\n', 15_000);
    expect(exited).toBe(true);
    expect(out).toContain('44999999850000000');
  });
});

describe('docs/analysis.md', () => {
  it('documents every view with its columns, and each example question runs', async () => {
    const doc = await readFile(join(ROOT, 'docs', 'analysis.md'), 'utf8');
    const d = await Db.open(db, { readOnly: true });
    for (const view of ['v_scores', 'v_indicators', 'v_office_year', 'v_evidence', 'v_rejects', 'v_runs']) {
      expect(doc).toContain(`### ${view}`);
      const cols = (await d.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${view})`)).map((c) => c.column_name);
      const section = doc.slice(doc.indexOf(`### ${view}`)).split('\n### ')[0];
      for (const c of cols.filter(
        (c) => (!/_raw$/.test(c) && !['documents', 'meetings', 'info', 'supervision', 'team'].includes(c)) || view !== 'v_scores',
      )) {
        expect(section, `${view}.${c}`).toContain(c);
      }
    }
    d.close();
    const examples = [...doc.matchAll(/### (\d+)\. (.+)\n```sql\n([\s\S]*?)```/g)];
    expect(examples).toHaveLength(10);
    const nonEmpty: number[] = [];
    for (const [, n, title, sql] of examples) {
      const r = await cli(['query', '--db', db, '--format', 'json', sql]);
      expect(r.code, `${title}: ${r.stderr}`).toBe(0);
      if (JSON.parse(r.stdout).length > 0) nonEmpty.push(Number(n));
    }
    // the sample has answers for all but the two-years-in-a-row question (it holds two years)
    expect(nonEmpty).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
