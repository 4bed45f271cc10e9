/**
 * Load: find the contract's files in a data folder, scan them (encoding,
 * physical lines, structural rejects), and read them with DuckDB's read_csv
 * into raw all-text tables `raw_<table>(_line, <columns>...)`. Typing and
 * checks happen in validate.ts.
 */
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, relative, isAbsolute } from 'node:path';
import { TABLES, canonicalColumn, type Table } from './contract.ts';
import { Db, ident, sqlString } from './db.ts';
import { FileError, InputError } from './errors.ts';
import { MAX_RECORD_BYTES, scanFile, type StructuralReject } from './scan.ts';

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
  /** rows scanned so far in the current file */
  onRows?: (file: string, rows: number) => void;
}

/** Finds `<table>.csv` or `<alias>.csv` (English names case-insensitive). */
export async function findFiles(dataDir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    throw new InputError(`The data folder ${dataDir} does not exist or cannot be read.`);
  }
  const found = new Map<string, string>();
  for (const t of TABLES) {
    const matches = names.filter((n) => n.toLowerCase() === `${t.name}.csv` || n === `${t.alias}.csv`);
    if (matches.length > 1) {
      throw new FileError(matches.join(' / '), `both hold the ${t.name} table; keep one of them`);
    }
    if (matches.length === 1) found.set(t.name, matches[0]);
  }
  return found;
}

export async function load(db: Db, dataDir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const dir = resolve(dataDir);
  const found = await findFiles(dir);
  for (const t of TABLES) {
    if (t.required && !found.has(t.name)) {
      throw new FileError(`${t.name}.csv`, `is missing from ${dataDir}; it is required (also accepted as ${t.alias}.csv)`);
    }
  }
  const work = await mkdtemp(join(tmpdir(), 'kaoping-load-'));
  const files: LoadedFile[] = [];
  const missing: string[] = [];
  try {
    for (const t of TABLES) {
      const file = found.get(t.name);
      if (!file) {
        missing.push(t.name);
        await createEmptyRaw(db, t);
        continue;
      }
      await opts.onProgress?.(`loading ${file}`);
      const path = join(dir, file);
      await checkRegularFile(path, dir, file, opts.allowLinks ?? false);
      files.push(await loadFile(db, t, path, file, join(work, `${t.name}.csv`), (n) => opts.onRows?.(file, n)));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { files, missing };
}

async function checkRegularFile(path: string, dir: string, file: string, allowLinks: boolean): Promise<void> {
  const st = await lstat(path);
  if (st.isSymbolicLink() && !allowLinks) {
    throw new FileError(file, 'is a symbolic link; kaoping reads only regular files inside the data folder (use --allow-links to permit it)');
  }
  if (!st.isSymbolicLink() && !st.isFile()) throw new FileError(file, 'is not a regular file');
  const rel = relative(dir, resolve(path));
  if (rel.startsWith('..') || isAbsolute(rel)) throw new FileError(file, 'is outside the data folder');
}

async function loadFile(db: Db, t: Table, path: string, file: string, copy: string, onRows?: (rows: number) => void): Promise<LoadedFile> {
  const scan = await scanFile(path, copy, file, onRows);
  const columns = mapHeader(t, scan.header, file);
  const raw = ident(`raw_${t.name}`);
  const csvColumns = ['_line', ...columns.map((_, i) => `c${i}`)]
    .map((c) => `${sqlString(c)}: ${c === '_line' ? "'BIGINT'" : "'VARCHAR'"}`)
    .join(', ');
  const select = columns.map((c, i) => `c${i} AS ${ident(c.column)}`);
  for (const c of t.columns) {
    if (!columns.some((m) => m.column === c.name)) select.push(`NULL::VARCHAR AS ${ident(c.name)}`);
  }
  await db.run(`DROP TABLE IF EXISTS ${raw}`);
  await db.run(
    `CREATE TABLE ${raw} AS SELECT _line, ${select.join(', ')}
     FROM read_csv(${sqlString(copy)}, header = true, auto_detect = false, columns = {${csvColumns}},
                   delim = ',', quote = '"', escape = '"', new_line = '\\n',
                   max_line_size = ${MAX_RECORD_BYTES + 1024}, parallel = true)`,
  );
  const loaded = Number(await db.scalar(`SELECT count(*) FROM ${raw}`));
  const expected = scan.rows - scan.rejects.length;
  if (loaded !== expected) {
    throw new Error(`${file}: DuckDB read ${loaded} rows where the scan found ${expected} well-formed rows`);
  }
  return {
    table: t.name, file, path, encoding: scan.encoding, sha256: scan.sha256, bytes: scan.bytes,
    rows: scan.rows, structural: scan.rejects, columns,
  };
}

/** Header cells -> raw table columns; checks required columns and duplicates. */
export function mapHeader(t: Table, header: string[], file: string): LoadedFile['columns'] {
  const out: LoadedFile['columns'] = [];
  const used = new Set<string>();
  header.forEach((h, i) => {
    const canonical = canonicalColumn(t, h);
    let column = canonical ?? (h === '' ? `column${i + 1}` : h);
    if (canonical && used.has(canonical)) {
      throw new FileError(file, `has two columns for ${canonical} (${t.columns.find((c) => c.name === canonical)!.alias}); keep one`);
    }
    if (!canonical) {
      // keep unknown columns, under a name that cannot clash with a contract column or _line
      while (used.has(column) || column === '_line' || t.columns.some((c) => c.name === column)) column = `${column}_extra`;
    }
    used.add(column);
    out.push({ header: h, column, known: !!canonical });
  });
  const absent = t.columns.filter((c) => c.required && !used.has(c.name));
  if (absent.length > 0) {
    const list = absent.map((c) => `${c.name} (${c.alias})`).join(', ');
    throw new FileError(file, `is missing the required column${absent.length > 1 ? 's' : ''} ${list}`);
  }
  return out;
}

async function createEmptyRaw(db: Db, t: Table): Promise<void> {
  const cols = t.columns.map((c) => `${ident(c.name)} VARCHAR`).join(', ');
  await db.run(`DROP TABLE IF EXISTS ${ident(`raw_${t.name}`)}`);
  await db.run(`CREATE TABLE ${ident(`raw_${t.name}`)} (_line BIGINT, ${cols})`);
}
