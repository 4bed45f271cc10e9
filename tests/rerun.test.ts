/**
 * Re-running after adjustments (pipeline/reuse.ts): the 公示 run, then the
 * team adds 复核调整.csv to the data folder and runs again into the same
 * database. Every other input file is byte-identical, so the run reuses the
 * loaded and checked tables of the first run and loads only the adjustments;
 * what it writes must be what a full load of the same folder into a fresh
 * database writes, file for file. The data is the bundled sample cut down to
 * 12 of its 52 offices (trimmedSample: every file in its encoding and form,
 * every record of those offices as it is written, every bad row): CSV in
 * UTF-8 and GB18030, a workbook with a title row, quoted fields over several
 * lines, rejected rows, a reference to a rejected row, and its own
 * adjustments; its offices.csv gets a column of its own (备注), which the
 * tables a scheme reads keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { progressLine } from '../cli/progress.ts';
import { TABLES } from '../pipeline/contract.ts';
import { Db } from '../pipeline/db.ts';
import { load } from '../pipeline/load.ts';
import { FRESH_TABLE, reusableLoad, reuseTables } from '../pipeline/reuse.ts';
import { readScheme } from '../pipeline/scheme.ts';
import { validate } from '../pipeline/validate.ts';
import { check, cli, readCsv, ROOT, tempDir, withEnv } from './helpers.ts';

const SAMPLE = join(ROOT, 'data', 'sample');
/**
 * The sample's offices the data keeps (a run of 12 offices costs ~1 s of CPU less than one of 52, and this file runs
 * the data 5 times): the office of each bad row data/sample/README.md lists (XZ003 staff and trainings, XZ005, XZ007,
 * XZ018, XZ023, XZ026, BM012, BM020), those of the adjustments (XZ001, XZ008, BM003) and XZ019, whose 2023 documents
 * are a document_counts.csv total. 9 towns, 3 departments.
 */
const OFFICES_KEPT = new Set(['XZ001', 'XZ003', 'XZ005', 'XZ007', 'XZ008', 'XZ018', 'XZ019', 'XZ023', 'XZ026', 'BM003', 'BM012', 'BM020']);

/** The records of a CSV text, each with its line break as written; a quoted field may hold line breaks. */
function records(text: string): string[] {
  const out: string[] = [];
  let start = 0,
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/**
 * data/sample with only the records of OFFICES_KEPT, into `dir`: each record's first cell is its office's code or
 * starts with it (XZ003-06, XZ018-2024-X015, also for the submission whose office_id is the typo XZO18). The CSV
 * files keep their bytes (BOM, GB18030, CRLF, quoting); the workbook its title, blank row and header; 复核调整.csv
 * is kept whole.
 */
async function trimmedSample(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const kept = (record: string) => OFFICES_KEPT.has(record.replace(/^\uFEFF/, '').slice(0, 5));
  for (const f of (await readdir(SAMPLE)).filter((f) => f !== 'README.md')) {
    const bytes = await readFile(join(SAMPLE, f));
    if (f.endsWith('.xlsx')) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.getRow(3).getCell(2).value).toBe('office_id');
      for (let row = sheet.rowCount; row > 3; row--)
        if (!OFFICES_KEPT.has(String(sheet.getRow(row).getCell(2).value))) sheet.spliceRows(row, 1);
      await book.xlsx.writeFile(join(dir, f));
    } else if (f === '复核调整.csv') {
      await writeFile(join(dir, f), bytes);
    } else {
      const gb18030 = f === '会议.csv';
      const text = gb18030 ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8');
      expect((gb18030 ? iconv.encode(text, 'gb18030') : Buffer.from(text)).equals(bytes), f).toBe(true);
      const [header, ...rest] = records(text);
      const trimmed = header + rest.filter(kept).join('');
      await writeFile(join(dir, f), gb18030 ? iconv.encode(trimmed, 'gb18030') : trimmed);
    }
  }
}
/**
 * The sample's adjustments and one more: TZ2024-04 excludes documents.csv's XZ005-2024-016 (line 180 of the sample's,
 * rejected: 2024/2/30 is no date), which cannot be excluded since it was never loaded.
 */
const ADJUSTMENTS_EXTRA = 'TZ2024-04,2024,XZ005,剔除记录,发文,XZ005-2024-016,,,申诉:该文件系误录,考评组,2025-01-21\n';

let work: string, data: string, db: string;
/** OUT of each run: the 公示 run, the re-run with adjustments, the same folder into a fresh database, the re-run without them */
let publicity: string, rerun: string, fresh: string, withdrawn: string;
/** stdout of the runs */
const said: Record<string, string> = {};
/** the data's documents.csv: its line of XZ005-2024-016, its rows less the two rejected (that one, XZ007-2024-004's second) */
let badDateLine: number, documentsLoaded: number;
const epoch = process.env.SOURCE_DATE_EPOCH;

async function run(name: string, out: string, ...more: string[]): Promise<void> {
  const r = await cli(['run', '--data', data, '--out', out, '--quiet', ...more]);
  expect(r.code, r.stderr).toBe(0);
  said[name] = r.stdout;
}

/**
 * No office pages and no feedback letters (reports/site.ts, pipeline/outputs.ts), for the runs whose report pages and
 * letters no test reads: the publicity run, the run without adjustments, the run after a file was removed. The rerun
 * and the fresh run write everything, as they are compared file for file.
 */
const LEAN = { KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' };

const manifest = async (out: string) => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));

/** Every file under `dir` (relative paths, sorted) but kaoping's working folder and a database in it. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .filter((p) => !p.startsWith('.kaoping/') && p !== 'kaoping.duckdb')
    .sort();
}

/** Rows as plain JSON, numbers as numbers. */
const plain = (r: unknown[]): unknown[] => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));

/** Rows of `sql` in the database at `path` (opened read-only), numbers as numbers. */
async function rows(path: string, sql: string): Promise<unknown[]> {
  const d = await Db.open(path, { readOnly: true });
  try {
    return plain(await d.all(sql));
  } finally {
    d.close();
  }
}

/** The run whose load reusableLoad would reuse for the data folder `dir` (undefined: a full load). */
async function reusableFor(dir: string): Promise<number | undefined> {
  const d = await Db.open(db, { readOnly: true });
  try {
    return (await reusableLoad(d, dir))?.from;
  } finally {
    d.close();
  }
}

/** A copy of the data folder, changed by `change`. */
async function variant(change: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(await tempDir('kaoping-rerun-data-'), 'data');
  await cp(data, dir, { recursive: true });
  await change(dir);
  return dir;
}

beforeAll(async () => {
  // the workbook and the documents carry this time instead of now, so their bytes can be compared
  process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 0, 20, 9) / 1000);
  work = await tempDir('kaoping-rerun-');
  data = join(work, 'data');
  db = join(work, 'kaoping-2024.duckdb');
  [publicity, rerun, fresh, withdrawn] = ['publicity', 'rerun', 'fresh', 'withdrawn'].map((n) => join(work, n));
  await trimmedSample(data);
  const documents = await readFile(join(data, 'documents.csv'), 'utf8');
  badDateLine = documents.split('\n').findIndex((l) => l.startsWith('XZ005-2024-016,XZ005,2024/2/30,')) + 1;
  documentsLoaded = records(documents).length - 1 - 2;
  expect([badDateLine > 1, documentsLoaded > 100]).toEqual([true, true]);
  const offices = (await readFile(join(data, 'offices.csv'), 'utf8')).trimEnd().split('\n');
  await writeFile(join(data, 'offices.csv'), offices.map((l, i) => `${l},${i ? `备注${i}` : '备注'}\n`).join(''));
  const adjustments = await readFile(join(SAMPLE, '复核调整.csv'), 'utf8');
  await rm(join(data, '复核调整.csv'));
  // no office pages and no feedback letters (LEAN): of this run the tests read its manifest and CSVs (the withdrawn
  // run's CSVs against them; compare reads the CSVs its manifest records), and the rerun reuses its load, not its outputs
  await withEnv(LEAN, () => run('publicity', publicity, '--db', db));
  await writeFile(join(data, '复核调整.csv'), adjustments + ADJUSTMENTS_EXTRA);
  await run('rerun', rerun, '--db', db);
  await run('fresh', fresh);
}, 300_000);

afterAll(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

describe('a re-run with only the adjustments added', () => {
  it('reuses the first run’s loaded tables: only the adjustments are loaded and stored again', async () => {
    expect((await manifest(publicity)).reused_from).toBeUndefined();
    expect((await manifest(rerun)).reused_from).toBe(1);
    expect((await manifest(fresh)).reused_from).toBeUndefined();
    expect(await rows(db, `SELECT run_id, reused_from FROM v_runs ORDER BY run_id`)).toEqual([
      { run_id: 1, reused_from: null },
      { run_id: 2, reused_from: 1 },
    ]);
    // the inputs were not written again: their rows keep the run that loaded them, and the views still show them
    for (const t of ['offices', 'documents', 'meetings', 'attendance']) {
      expect(await rows(db, `SELECT DISTINCT run_id FROM all_${t}`), t).toEqual([{ run_id: 1 }]);
    }
    expect(await rows(db, `SELECT DISTINCT run_id FROM all_adjustments`)).toEqual([{ run_id: 2 }]);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM documents`)).toEqual([{ n: documentsLoaded }]);
    expect(said.rerun).toContain('除复核调整表外,输入文件与第 1 次运行载入的完全相同,沿用其已载入并检查的数据表,未重新载入');
    expect(said.fresh).not.toContain('沿用');
    // the summary of the files is the one a full load prints
    expect(said.rerun.replaceAll(rerun, 'OUT').replace(/^除复核调整表外.*\n/m, '')).toBe(said.fresh.replaceAll(fresh, 'OUT'));
  });

  it('writes what a full load of the same folder into a fresh database writes, file for file', async () => {
    const names = await files(rerun);
    expect(names).toEqual(await files(fresh));
    // CSVs, rejects.csv, results.xlsx, the Word documents and every report page
    expect(names).toEqual(expect.arrayContaining(['scores.csv', 'rejects.csv', 'results.xlsx', 'publicity.docx', 'report/index.html']));
    for (const f of names.filter((f) => f !== 'manifest.json')) {
      expect((await readFile(join(rerun, f))).equals(await readFile(join(fresh, f))), f).toBe(true);
    }
    // the adjustments were applied: XZ008's veto lifted, BM003's points, the bad rows rejected
    expect(readCsv(await readFile(join(rerun, 'adjustments.csv'), 'utf8')).map((r) => r.adjustment_id)).toEqual(['TZ2024-02', 'TZ2024-01']);
    const [a, b] = [await manifest(rerun), await manifest(fresh)];
    // the manifest differs in its times, where the database is and the reuse
    for (const m of [a, b]) {
      for (const k of ['started_at', 'finished_at', 'timings_ms', 'reused_from']) delete m[k];
      delete m.database.file;
    }
    expect(a).toEqual(b);
    expect(a.adjustments).toEqual({
      file: '复核调整.csv',
      sha256: expect.any(String),
      applied: 2,
      exclude: 1,
      points: 1,
      excluded_rows: 1,
    });
  });

  it('the database holds the same checks and adjustments as after a full load', async () => {
    const [a, b] = [await Db.open(db, { readOnly: true }), await Db.open(join(fresh, 'kaoping.duckdb'), { readOnly: true })];
    try {
      for (const sql of [
        `SELECT * FROM rejects ORDER BY ALL`,
        `SELECT * FROM rejected_keys ORDER BY ALL`,
        `SELECT * FROM input_files ORDER BY ALL`,
        `SELECT * FROM skipped_rows ORDER BY ALL`,
        `SELECT * FROM warnings ORDER BY ALL`,
        `SELECT * FROM v_adjustments ORDER BY ALL`,
        `SELECT * FROM excluded_rows ORDER BY ALL`,
        `SELECT * FROM adjustments ORDER BY ALL`,
        `SELECT * FROM documents ORDER BY ALL`,
        `SELECT * FROM offices ORDER BY ALL`,
        `SELECT * FROM v_office_year ORDER BY ALL`,
      ]) {
        expect(plain(await a.all(sql)), sql).toEqual(plain(await b.all(sql)));
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('the load stage’s progress line says whose tables are reused, in Chinese by default', () => {
    expect(progressLine('zh', 'load', 2, { reused: 3 })).toBe('载入 2 秒:输入文件未变,沿用第 3 次运行已载入的数据表');
    expect(progressLine('en', 'load', 2, { reused: 3 })).toBe('load 2 s: files unchanged: reusing the tables run 3 loaded');
  });

  it('the tables the scheme reads, the checks and the summary are those of a full load of the folder', async () => {
    const items = (await readScheme(join(ROOT, 'metrics', 'default.yaml'))).items;
    const copy = join(work, 'reuse-copy.duckdb');
    await copyFile(db, copy);
    const reused = await Db.open(copy);
    const full = await check(data, items);
    try {
      const r = await reusableLoad(reused, data);
      expect(r?.from).toBe(1);
      await reuseTables(reused, r!);
      const summary = await validate(reused, await load(reused, data, { tables: [FRESH_TABLE] }), undefined, items, r);
      expect(summary).toEqual(full.result);
      for (const t of TABLES) {
        for (const sql of [`SELECT column_name, column_type FROM (DESCRIBE ${t.name})`, `SELECT * FROM ${t.name} ORDER BY ALL`]) {
          const [a, b] = [await reused.all(sql), await full.db.all(sql)];
          expect(a.length, sql).toBe(b.length);
          expect(a, sql).toEqual(b);
        }
      }
      expect(await reused.all(`SELECT column_name FROM (DESCRIBE offices) WHERE column_name = '备注'`)).toEqual([{ column_name: '备注' }]);
      for (const sql of [`SELECT * FROM rejects ORDER BY ALL`, `SELECT * FROM rejected_keys ORDER BY ALL`]) {
        expect(await reused.all(sql), sql).toEqual(await full.db.all(sql));
      }
    } finally {
      reused.close();
      full.db.close();
    }
  });

  it('an exclusion of a rejected row is rejected after reuse too, naming the line it was rejected at', async () => {
    const rejects = readCsv(await readFile(join(rerun, 'rejects.csv'), 'utf8')).filter((r) => r.file === '复核调整.csv');
    expect(rejects).toEqual([
      {
        file: '复核调整.csv',
        line: '4',
        column: 'row_id',
        value: 'XZ008-2024-001',
        reason: '记录编号“XZ008-2024-001”(documents.csv)属于单位XZ008,不是XZ001',
      },
      {
        file: '复核调整.csv',
        line: '5',
        column: 'row_id',
        value: 'XZ005-2024-016',
        reason: `记录编号“XZ005-2024-016”对应的记录已被拒收(documents.csv第${badDateLine}行),未计分,无法剔除`,
      },
    ]);
    expect(await rows(db, `SELECT reason FROM rejects WHERE "table" = 'adjustments' AND line = 5`)).toEqual([
      {
        reason:
          `row_id XZ005-2024-016 refers to a row rejected at documents.csv line ${badDateLine}; ` +
          'a rejected row is not scored, so it cannot be excluded',
      },
    ]);
  });

  it('--strict refuses as after a full load, with the same summary', async () => {
    const reused = await cli(['run', '--data', data, '--db', db, '--out', join(work, 'strict-a'), '--strict', '--quiet']);
    const full = await cli(['run', '--data', data, '--out', join(work, 'strict-b'), '--strict', '--quiet']);
    expect(reused.code).toBe(2);
    expect(full.code).toBe(2);
    expect(reused.stderr).toBe(full.stderr);
    expect(reused.stderr).toContain('共拒收 12 行');
  }, 120_000);

  it('verify, compare and sensitivity see it as a full load', async () => {
    const verified = await cli(['verify', '--out', rerun, '--data', data]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const [ca, cb] = [join(work, 'compare-a'), join(work, 'compare-b')];
    const ra = await cli(['compare', '--before', publicity, '--after', rerun, '--out', ca]);
    const rb = await cli(['compare', '--before', publicity, '--after', fresh, '--out', cb]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(await readFile(join(ca, 'compare.csv'), 'utf8')).toBe(await readFile(join(cb, 'compare.csv'), 'utf8'));
    expect(ra.stdout.replaceAll(rerun, 'AFTER').replaceAll(ca, 'OUT')).toBe(rb.stdout.replaceAll(fresh, 'AFTER').replaceAll(cb, 'OUT'));
    const [sa, sb] = [join(work, 'sensitivity-a'), join(work, 'sensitivity-b')];
    for (const [d, out] of [
      [db, sa],
      [join(fresh, 'kaoping.duckdb'), sb],
    ]) {
      const r = await cli(['sensitivity', '--db', d, '--out', out, '--draws', '20', '--seed', '7']);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await readFile(join(sa, 'sensitivity.csv'), 'utf8')).toBe(await readFile(join(sb, 'sensitivity.csv'), 'utf8'));
  }, 120_000);
});

describe('the adjustments file removed on the re-run', () => {
  it('the year scores as without adjustments, reusing the load', async () => {
    await rename(join(data, '复核调整.csv'), join(work, '复核调整.csv'));
    try {
      // no office pages and no feedback letters (LEAN): the test compares the run's CSV files
      await withEnv(LEAN, () => run('withdrawn', withdrawn, '--db', db));
    } finally {
      await rename(join(work, '复核调整.csv'), join(data, '复核调整.csv'));
    }
    expect((await manifest(withdrawn)).reused_from).toBe(1);
    for (const f of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv', 'adjustments.csv']) {
      expect(await readFile(join(withdrawn, f), 'utf8'), f).toBe(await readFile(join(publicity, f), 'utf8'));
    }
    expect(readCsv(await readFile(join(withdrawn, 'adjustments.csv'), 'utf8'))).toEqual([]);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM adjustments`)).toEqual([{ n: 0 }]);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM adjustments_applied WHERE year = 2024`)).toEqual([{ n: 0 }]);
    expect((await manifest(withdrawn)).adjustments).toBeUndefined();
  }, 120_000);
});

describe('what makes a full load', () => {
  it('the adjustments file changed or removed: still reused; a changed byte, a file removed, renamed or added: loaded again', async () => {
    expect(await reusableFor(data)).toBe(1);
    expect(await reusableFor(await variant((d) => rm(join(d, '复核调整.csv'))))).toBe(1);
    expect(await reusableFor(await variant((d) => writeFile(join(d, '复核调整.csv'), 'adjustment_id\n')))).toBe(1);
    // one byte, same size: XZ005's bad date 2024/2/30 becomes 2024/2/20
    const changed = await variant(async (d) => {
      const text = await readFile(join(d, 'documents.csv'), 'utf8');
      expect(text).toContain('XZ005-2024-016,XZ005,2024/2/30,');
      await writeFile(join(d, 'documents.csv'), text.replace('XZ005-2024-016,XZ005,2024/2/30,', 'XZ005-2024-016,XZ005,2024/2/20,'));
    });
    expect(await reusableFor(changed)).toBeUndefined();
    const workbook = await variant(async (d) => {
      const bytes = await readFile(join(d, '上下班督查.xlsx'));
      bytes[bytes.length - 1] ^= 1;
      await writeFile(join(d, '上下班督查.xlsx'), bytes);
    });
    expect(await reusableFor(workbook)).toBeUndefined();
    expect(await reusableFor(await variant((d) => rm(join(d, 'document_counts.csv'))))).toBeUndefined();
    expect(await reusableFor(await variant((d) => rename(join(d, '会议.csv'), join(d, 'meetings.csv'))))).toBeUndefined();
  });

  it('a run after a file was removed loads in full; a file added to that folder is a full load again', async () => {
    const removed = await variant((d) => rm(join(d, 'document_counts.csv')));
    const out = join(work, 'removed');
    // no office pages and no feedback letters (LEAN): the test reads the database, the manifest and what the run said
    const r = await withEnv(LEAN, () => cli(['run', '--data', removed, '--db', db, '--out', out, '--quiet']));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('沿用');
    expect((await manifest(out)).reused_from).toBeUndefined();
    // every input written again, by run 4
    expect(await rows(db, `SELECT DISTINCT run_id FROM all_offices`)).toEqual([{ run_id: 4 }]);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM document_counts`)).toEqual([{ n: 0 }]);
    expect(await reusableFor(removed)).toBe(4);
    expect(await reusableFor(data)).toBeUndefined(); // document_counts.csv is there again
    // four runs of 2024 into this database, two reusing the first one's load and one loading in full again: the year
    // once, its inputs once (query.test runs a year once more on the whole sample's database)
    expect(await rows(db, `SELECT year, count(*)::INTEGER AS n FROM scores GROUP BY year`)).toEqual([{ year: 2024, n: 12 }]);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM indicators`)).toEqual([{ n: 12 * 16 }]);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT year, office_id, indicator, row_id FROM evidence)`)).toEqual(
      await rows(db, `SELECT count(*)::INTEGER AS n FROM evidence`),
    );
    expect(await rows(db, `SELECT count(*)::INTEGER AS n, count(DISTINCT doc_id)::INTEGER AS ids FROM all_documents`)).toEqual([
      { n: documentsLoaded, ids: documentsLoaded },
    ]);
  }, 120_000);
});
