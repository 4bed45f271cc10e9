/**
 * Load: find the contract's files in a data folder, scan them (encoding,
 * physical lines, structural rejects), and read them with DuckDB's read_csv
 * into the temporary table `raw_<table>(_line, <column> text..., <column>__v
 * typed..., <extra columns>)`: one pass types every column (parse.ts,
 * rawSelect). Temporary: the run's working data lives in memory (spilling to
 * the temp directory when it must) and is written to the database file once,
 * as the checked rows of `all_<table>` (history.ts), instead of twice. The checks on
 * these tables happen in validate.ts.
 */
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, relative, isAbsolute } from 'node:path';
import { TABLES, canonicalColumn, holdsHeader, type Table } from './contract.ts';
import { Db, ident, sqlString } from './db.ts';
import { FileError, InputError } from './errors.ts';
import {
  MAX_RECORD_BYTES,
  probeFile,
  scanFile,
  type HeaderRule,
  type Probe,
  type ScanResult,
  type StructuralReject,
  type TitleRow,
} from './scan.ts';
import { readXlsx } from './xlsx.ts';
import { createParsers, dateFormatOf, rawSelect, textOf } from './parse.ts';

export interface LoadedFile {
  table: string;
  /** file name as found in the data folder */
  file: string;
  path: string;
  encoding: string;
  sha256: string;
  bytes: number;
  /** data rows in the file */
  rows: number;
  structural: StructuralReject[];
  /** rows above the header (title rows), skipped: line and text */
  titles: TitleRow[];
  /** header cell -> column name in raw table */
  columns: { header: string; column: string; known: boolean }[];
}

export interface LoadResult {
  files: LoadedFile[];
  /** tables whose file is absent (optional tables) */
  missing: string[];
}

export interface LoadOptions {
  /** allow symlinks / files outside the data folder */
  allowLinks?: boolean;
  onProgress?: (msg: string) => void | Promise<void>;
  /** where the normalised copies are written while loading (default: the system's temp folder) */
  workDir?: string;
  /** rows scanned so far in the current file */
  onRows?: (file: string, rows: number) => void;
  /** load only these tables (a run reusing the others' load, reuse.ts); every table by default */
  tables?: string[];
}

const WIDE_COLUMNS = 500;
/** how many files JS may scan ahead of the one DuckDB reads (each holds a copy on disk meanwhile) */
const LOOKAHEAD = 3;

/**
 * Finds `<table>.csv` or `<alias>.csv`, or the same names as `.xlsx`,
 * case-insensitively in both scripts (`发文.CSV`, `Documents.csv`,
 * `发文.XLSX`). A table given twice (CSV and workbook, English and Chinese
 * name) is one error naming both; a table only given as `.xls` or `.et`
 * (binary formats kaoping does not read) is one error asking for .xlsx.
 */
export async function findFiles(dataDir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    throw new InputError(`The data folder ${dataDir} does not exist or cannot be read.`, `数据文件夹 ${dataDir} 不存在或无法读取。`);
  }
  const found = new Map<string, string>();
  for (const t of TABLES) {
    const named = (ext: string) => names.filter((n) => n.toLowerCase() === `${t.name}.${ext}` || n.toLowerCase() === `${t.alias}.${ext}`);
    const matches = [...named('csv'), ...named('xlsx')];
    if (matches.length > 1) {
      throw new FileError(matches.join(' / '), `both hold the ${t.name} table; keep one of them`, `都是${t.alias}表,请只保留一个`);
    }
    if (matches.length === 1) found.set(t.name, matches[0]);
    const binary = named('xls')[0] ?? named('et')[0];
    if (matches.length === 0 && binary) {
      throw binary.toLowerCase().endsWith('.et')
        ? new FileError(
            binary,
            'is a WPS spreadsheet (.et), which kaoping does not read; open it in WPS and save it as .xlsx (or CSV)',
            '是 WPS 表格文件(.et),无法直接读取;请在 WPS 中打开并另存为 .xlsx(或 CSV)',
          )
        : new FileError(
            binary,
            'is an old binary Excel workbook (.xls), which kaoping does not read; open it in Excel or WPS and save it as .xlsx (or CSV)',
            '是旧版 Excel 工作簿(.xls),无法直接读取;请在 Excel 或 WPS 中打开并另存为 .xlsx(或 CSV)',
          );
    }
  }
  return found;
}

export async function load(db: Db, dataDir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const dir = resolve(dataDir);
  const found = await findFiles(dir);
  for (const t of TABLES) {
    if (t.required && !found.has(t.name)) {
      throw new FileError(
        `${t.name}.csv`,
        `is missing from ${dataDir}; it is required (also accepted as ${t.alias}.csv)`,
        `在 ${dataDir} 中找不到;${t.alias}表必须提供(文件名也可用 ${t.alias}.csv)`,
      );
    }
  }
  await createParsers(db);
  const work = await mkdtemp(join(opts.workDir ?? tmpdir(), 'kaoping-load-'));
  const files: LoadedFile[] = [];
  const missing: string[] = [];
  const wanted = (t: Table) => !opts.tables || opts.tables.includes(t.name);
  const present = TABLES.filter((t) => found.has(t.name) && wanted(t));
  for (const t of TABLES)
    if (!found.has(t.name)) {
      if (!t.usuallyAbsent) missing.push(t.name);
      if (wanted(t)) await createEmptyRaw(db, t);
    }
  const scanOne = async (t: Table): Promise<Scanned> => {
    const file = found.get(t.name)!;
    await opts.onProgress?.(`loading ${file}`);
    const path = join(dir, file);
    await checkRegularFile(path, dir, file, opts.allowLinks ?? false);
    const copy = join(work, `${t.name}.csv`);
    const onRows = (n: number) => opts.onRows?.(file, n);
    const rule = headerRule(t, file);
    if (file.toLowerCase().endsWith('.xlsx'))
      return { t, file, path, copy, rule, scan: await readXlsx(path, copy, file, t, rule, onRows), onRows };
    const probe = await probeFile(path, copy, onRows, rule);
    if (probe) return { t, file, path, copy, rule, probe, onRows };
    return { t, file, path, copy, rule, scan: await scanFile(path, copy, file, onRows, rule), onRows };
  };
  // Pipelined: JS scans the files one after another, up to LOOKAHEAD files ahead of the one
  // DuckDB reads (in its own threads), so neither waits for the other more than it must
  let aborted = false;
  const reading: (() => void)[] = [];
  const readingStarted = present.map(() => new Promise<void>((resolve) => reading.push(resolve)));
  const scans: Promise<Scanned>[] = [];
  present.forEach((t, i) => {
    const previous =
      i > 0
        ? scans[i - 1].then(
            () => {},
            () => {},
          )
        : Promise.resolve();
    const gate = i >= LOOKAHEAD ? readingStarted[i - LOOKAHEAD] : Promise.resolve();
    scans.push(Promise.all([previous, gate]).then(() => (aborted ? Promise.reject(new Error('load aborted')) : scanOne(t))));
    scans[i].catch(() => {}); // its error surfaces when awaited
  });
  try {
    for (let i = 0; i < present.length; i++) {
      const scanned = await scans[i];
      reading[i]();
      files.push(await readScanned(db, scanned));
      await rm(scanned.copy, { force: true });
    }
  } finally {
    aborted = true;
    reading.forEach((start) => start());
    await Promise.all(scans.map((p) => p.catch(() => {})));
    await rm(work, { recursive: true, force: true });
  }
  return { files, missing };
}

export async function checkRegularFile(path: string, dir: string, file: string, allowLinks: boolean): Promise<void> {
  const st = await lstat(path);
  if (st.isSymbolicLink() && !allowLinks) {
    throw new FileError(
      file,
      'is a symbolic link; kaoping reads only regular files inside the data folder (use --allow-links to permit it)',
      '是符号链接;kaoping 只读取数据文件夹中的普通文件(确需读取请加 --allow-links)',
    );
  }
  if (!st.isSymbolicLink() && !st.isFile()) throw new FileError(file, 'is not a regular file', '不是普通文件');
  const rel = relative(dir, resolve(path));
  if (rel.startsWith('..') || isAbsolute(rel)) throw new FileError(file, 'is outside the data folder', '不在数据文件夹内');
}

/**
 * The header of table `t`'s file is its first row holding every required
 * column; the rows above it are title rows. When none of the first rows is
 * one, the error is the one the first row, read as the header, gives.
 */
export function headerRule(t: Table, file: string): HeaderRule {
  return {
    test: (cells) => holdsHeader(t, cells),
    fail: (first) => {
      mapHeader(t, first, file);
      throw new FileError(file, 'has no header row', '没有表头行');
    },
  };
}

/** A file ready for DuckDB: its normalised copy, written by the fast pass (probe), the full scan or the workbook reader. */
interface Scanned {
  t: Table;
  file: string;
  path: string;
  copy: string;
  rule: HeaderRule;
  probe?: Probe;
  scan?: ScanResult;
  onRows: (n: number) => void;
}

/**
 * Reads a file's normalised copy into raw_<table>, typing as it reads. The
 * copy of a simple file (probe) is read strictly; if DuckDB finds a record
 * with the wrong number of fields, the file is scanned in full after all,
 * which sets the malformed records aside with their lines.
 */
async function readScanned(db: Db, s: Scanned): Promise<LoadedFile> {
  const { t, file, path, probe } = s;
  if (probe) {
    const columns = mapHeader(t, probe.header, file);
    let loaded = { rows: -1, headers: 0 };
    try {
      loaded = await createRaw(db, t, columns, copySource(s.copy, columns.length), probe.firstRow, probe.blankEdges);
    } catch (e) {
      // a record with another number of fields: too few is an Invalid Input Error, too many a Conversion
      // Error when an extra text field lands in the BIGINT _line (every other column is read as text)
      if (!/Invalid Input Error|Conversion Error/.test(String((e as Error).message))) throw e;
    }
    if (loaded.rows === probe.rows) {
      const structural = loaded.headers > 0 ? await headerRows(db, t, columns) : [];
      return {
        table: t.name,
        file,
        path,
        encoding: probe.encoding,
        sha256: probe.sha256,
        bytes: probe.bytes,
        rows: probe.rows,
        structural,
        titles: probe.titles,
        columns,
      };
    }
    s.scan = await scanFile(path, s.copy, file, s.onRows, s.rule);
  }
  const scan = s.scan!;
  const columns = mapHeader(t, scan.header, file);
  const loaded = await createRaw(db, t, columns, copySource(s.copy, columns.length), scan.firstRow);
  const expected = scan.rows - scan.rejects.length;
  if (loaded.rows !== expected) {
    throw new Error(`${file}: DuckDB read ${loaded.rows} rows where the scan found ${expected} well-formed rows`);
  }
  const structural =
    loaded.headers === 0 ? scan.rejects : [...scan.rejects, ...(await headerRows(db, t, columns))].sort((a, b) => a.line - b.line);
  return {
    table: t.name,
    file,
    path,
    encoding: scan.encoding,
    sha256: scan.sha256,
    bytes: scan.bytes,
    rows: scan.rows,
    structural,
    titles: scan.titles,
    columns,
  };
}

/**
 * A header repeated inside the file (two exports pasted together, `copy /b
 * a.csv+b.csv`, each with its BOM): a row of raw_<table> whose every contract
 * column holds a column name of the table, English (any case) or Chinese, in
 * any order, BOM, blanks and quotes aside. Found after the read, so the fast
 * pass and the full scan see the same rows; a data row cannot look like it
 * (dates and numbers never parse as column names, so the list of kept texts
 * is the cheap first test). `probe` is a cheaper condition every such row
 * meets (the kept texts and the first column: reading an element of the
 * kept texts costs as much as reading them all), for counting them in every
 * file; `where` is the whole one, `cells` the row's text in header order.
 */
function headerRow(t: Table, columns: LoadedFile['columns']): { probe: string; where: string; cells: string[] } {
  const names = t.columns
    .flatMap((c) => [c.name, c.alias])
    .map(sqlString)
    .join(', ');
  const name = (cell: string) => `lower(trim(replace(${cell}, chr(65279), ''), ' ' || chr(9) || chr(12288)))`;
  const cells = columns.map((m) => {
    const c = m.known ? t.columns.find((c) => c.name === m.column) : undefined;
    return { known: !!c, text: c ? textOf(t, c) : ident(m.column), typed: !!c && c.type !== 'text' };
  });
  const kept = cells.some((c) => c.typed) ? ['_text IS NOT NULL'] : [];
  const named = cells
    .filter((c) => c.known)
    .sort((a, b) => Number(a.typed) - Number(b.typed))
    .map((c) => `${name(c.text)} IN (${names})`);
  return { probe: [...kept, named[0]].join(' AND '), where: [...kept, ...named].join(' AND '), cells: cells.map((c) => c.text) };
}

/** The repeated header rows (createRaw counted the rows that may be) leave raw_<table> and come back as structural rejects: one per row, not a type error per cell. */
async function headerRows(db: Db, t: Table, columns: LoadedFile['columns']): Promise<StructuralReject[]> {
  const raw = ident(`raw_${t.name}`);
  const { where, cells } = headerRow(t, columns);
  const found = await db.all<{
    _line: number;
    value: string;
  }>(`SELECT _line, replace(concat_ws(',', ${cells.map((c) => `coalesce(${c}, '')`).join(', ')}), chr(65279), '') AS value
    FROM ${raw} WHERE ${where} ORDER BY _line`);
  await db.run(`DELETE FROM ${raw} WHERE ${where}`);
  return found.map((r) => ({ line: Number(r._line), reason: 'header', value: r.value.length > 80 ? r.value.slice(0, 80) + '…' : r.value }));
}

/** read_csv of a normalised copy: the file's n columns as text and `_line` (last: see scan.ts), the copy's fixed dialect, strictly (a record with another number of fields fails the read). */
function copySource(copy: string, n: number): string {
  const columns = [...Array.from({ length: n }, (_, i) => `c${i}`), '_line']
    .map((c) => `${sqlString(c)}: ${c === '_line' ? "'BIGINT'" : "'VARCHAR'"}`)
    .join(', ');
  return `read_csv(${sqlString(copy)}, header = true, auto_detect = false, columns = {${columns}},
                   delim = ',', quote = '"', escape = '"', new_line = '\\n', strict_mode = true,
                   max_line_size = ${MAX_RECORD_BYTES + 1024}, parallel = true)`;
}

/** CREATE TABLE raw_<table> from `source` (which has `_line` and c0, c1, ... as text); returns its row count and how many of the rows may repeat the header (headerRow's probe). */
async function createRaw(
  db: Db,
  t: Table,
  columns: LoadedFile['columns'],
  source: string,
  firstRow?: string[],
  trim = true,
): Promise<{ rows: number; headers: number }> {
  const raw = ident(`raw_${t.name}`);
  // contract columns trimmed and typed as they are read; unknown columns kept as they are
  const at = (name: string) => columns.findIndex((m) => m.column === name);
  const extras = columns.flatMap((c, i) => (c.known ? [] : [{ src: `c${i}`, name: c.column }]));
  const dateFormats = Object.fromEntries(
    t.columns.filter((c) => c.type === 'date').map((c) => [c.name, dateFormatOf(firstRow?.[at(c.name)])]),
  );
  const select = rawSelect(t, (c) => (at(c.name) >= 0 ? `c${at(c.name)}` : 'NULL::VARCHAR'), extras, source, dateFormats, trim);
  await db.run(`DROP TABLE IF EXISTS ${raw}`);
  // DuckDB reserves vectors per column and thread: a very wide file (thousands of
  // columns) is read on one thread so it stays far below memory_limit
  const wide = columns.length > WIDE_COLUMNS;
  const threads = wide ? await db.scalar<number>(`SELECT current_setting('threads')`) : 0;
  if (wide) await db.run(`SET threads = 1`);
  try {
    await db.run(`CREATE TEMP TABLE ${raw} AS ${select}`);
  } finally {
    if (wide) await db.run(`SET threads = ${Number(threads)}`);
  }
  // one statement (each waits for the event loop, busy scanning the next file); a WHERE, not an aggregate's
  // FILTER, so DuckDB skips the rows without kept texts before it looks at any name
  const n = await db.one<{ rows: number; headers: number }>(`SELECT (SELECT count(*) FROM ${raw}) AS rows,
    (SELECT count(*) FROM ${raw} WHERE ${headerRow(t, columns).probe}) AS headers`);
  return { rows: Number(n!.rows), headers: Number(n!.headers) };
}

/**
 * Header cells -> raw table columns; checks required columns and duplicates.
 * An unknown column is kept under its own name unless that clashes, in any
 * case (SQL names are case-insensitive), with another column or one of
 * kaoping's own (`_line`, `_text`, `run_id` of all_<table>, the `<column>__v`
 * twins and the other working names of rawSelect): then `_extra` is appended.
 */
export function mapHeader(t: Table, header: string[], file: string): LoadedFile['columns'] {
  const out: LoadedFile['columns'] = [];
  const used = new Set<string>();
  const reserved = (name: string) => {
    const n = name.toLowerCase();
    return (
      used.has(n) ||
      ['_line', '_text', 'run_id'].includes(n) ||
      t.columns.some((c) => n === c.name || (n.startsWith(`${c.name}__`) && n.length === c.name.length + 3))
    );
  };
  header.forEach((h, i) => {
    const canonical = canonicalColumn(t, h);
    let column = canonical ?? (h === '' ? `column${i + 1}` : h);
    if (canonical && used.has(canonical)) {
      throw new FileError(
        file,
        `has two columns for ${canonical} (${t.columns.find((c) => c.name === canonical)!.alias}); keep one`,
        `有两列都是${t.columns.find((c) => c.name === canonical)!.alias}(${canonical}),请只保留一列`,
      );
    }
    if (!canonical) while (reserved(column)) column = `${column}_extra`;
    used.add(column.toLowerCase());
    out.push({ header: h, column, known: !!canonical });
  });
  const absent = t.columns.filter((c) => c.required && !used.has(c.name));
  if (absent.length > 0) {
    const list = absent.map((c) => `${c.name} (${c.alias})`).join(', ');
    throw new FileError(file, `is missing the required column${absent.length > 1 ? 's' : ''} ${list}`, `缺少必需的列 ${list}`);
  }
  return out;
}

/**
 * The raw table of a missing file: same shape, no rows. Its columns and types
 * are those of the typing select (rawSelect), learnt once per process: planning
 * that select costs up to ~80 ms a table, and most data folders miss a few tables.
 */
export async function createEmptyRaw(db: Db, t: Table): Promise<void> {
  let shape = emptyShapes.get(t.name);
  if (!shape) {
    const cols = await db.all<{ column_name: string; column_type: string }>(
      `DESCRIBE ${rawSelect(t, () => 'NULL::VARCHAR', [], '(SELECT NULL::BIGINT AS _line)')} LIMIT 0`,
    );
    shape = cols.map((c) => `${ident(c.column_name)} ${c.column_type}`).join(', ');
    emptyShapes.set(t.name, shape);
  }
  await db.run(`DROP TABLE IF EXISTS ${ident(`raw_${t.name}`)}`);
  await db.run(`CREATE TEMP TABLE ${ident(`raw_${t.name}`)} (${shape})`);
}
const emptyShapes = new Map<string, string>();
