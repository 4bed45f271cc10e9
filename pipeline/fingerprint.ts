/**
 * Fingerprints of what a run produced besides its CSV files, for
 * manifest.json and `kaoping verify`:
 *
 * - `resultsFingerprint(db, year)`: the year's rows of every result table in
 *   the database (RESULT_TABLES that exist). Each row is written as canonical
 *   JSON (its columns in name order, NULLs left out) and hashed (md5); a
 *   table's sha256 is over those row hashes in sorted order, so it depends on
 *   the rows and nothing else: not on insertion order, storage, or the
 *   machine. The columns hashed are recorded with it, and verify hashes
 *   exactly those, so a later run of another year that adds a column (a
 *   scheme with another dimension) does not make this year look changed.
 *   About a second per million rows, in DuckDB.
 * - `folderFingerprint(dir)`: every file under a folder (the report), its
 *   path and sha256.
 * - `refreshManifest(outDir, db, year)`: both again, into an existing
 *   OUT/manifest.json, for a command that rewrites results or the report
 *   after the run (kaoping sensitivity).
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Db, ident, sqlString } from './db.ts';

/** The tables holding a year's results (score.ts, rank.ts, sensitivity.ts), each keyed by `year`. */
export const RESULT_TABLES = [
  'scores',
  'indicators',
  'evidence',
  'vetoes',
  'quota',
  'individuals',
  'recommendations',
  'diagnostics',
  'sensitivity',
  'sensitivity_dimensions',
] as const;

export interface TableFingerprint {
  /** the year's rows */
  rows: number;
  /** the columns hashed, in name order */
  columns: string[];
  sha256: string;
}

export interface ResultsFingerprint {
  year: number;
  /** over every table's name, rows and sha256 */
  sha256: string;
  tables: Record<string, TableFingerprint>;
}

export interface FolderFingerprint {
  /** over every file's path and sha256 */
  sha256: string;
  /** path relative to the folder ('/' separated) -> sha256 of its bytes */
  files: Record<string, string>;
}

/** The database part of manifest.json: where the database is (relative to OUT when inside it) and its results' fingerprint. */
export interface DatabaseManifest extends ResultsFingerprint {
  file: string;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** The result tables the database has (base tables of its main schema). */
async function resultTables(db: Db): Promise<string[]> {
  const have = new Set(
    (
      await db.all<{ table_name: string }>(`
    SELECT table_name FROM duckdb_tables()
    WHERE NOT temporary AND schema_name = 'main' AND database_name = current_database()`)
    ).map((r) => r.table_name),
  );
  return RESULT_TABLES.filter((t) => have.has(t));
}

async function columnsOf(db: Db, table: string): Promise<string[]> {
  return (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(table)})`)).map((r) => r.column_name);
}

/**
 * One table's fingerprint for `year`, over `columns` (default: all its
 * columns, in name order).
 */
export async function tableFingerprint(db: Db, table: string, year: number, columns?: string[]): Promise<TableFingerprint> {
  const cols = [...(columns ?? (await columnsOf(db, table)))].sort();
  // {"col":value,...} with NULL columns left out: `'"c":' || to_json(NULL)` is NULL, and concat_ws skips NULLs
  const row =
    cols.length === 0
      ? `'{}'`
      : `'{' || concat_ws(',', ${cols.map((c) => `${sqlString(`${JSON.stringify(c)}:`)} || to_json(${ident(c)})`).join(', ')}) || '}'`;
  const r = await db.one<{ n: number; sha: string }>(
    `
    SELECT count(*)::INTEGER AS n, sha256(coalesce(string_agg(h, '' ORDER BY h), '')) AS sha
    FROM (SELECT md5(${row}) AS h FROM ${ident(table)} WHERE year = $1)`,
    [year],
  );
  return { rows: Number(r?.n ?? 0), columns: cols, sha256: r?.sha ?? sha256('') };
}

/** The overall sha256 of a year's table fingerprints. */
function combine(year: number, tables: Record<string, TableFingerprint>): string {
  return sha256(
    `${year}\n${Object.keys(tables)
      .sort()
      .map((t) => `${t}\t${tables[t].rows}\t${tables[t].sha256}\n`)
      .join('')}`,
  );
}

/** The fingerprint of `year`'s rows in every result table the database has. Deterministic: the same rows give the same hashes. */
export async function resultsFingerprint(db: Db, year: number): Promise<ResultsFingerprint> {
  const tables: Record<string, TableFingerprint> = {};
  for (const t of await resultTables(db)) tables[t] = await tableFingerprint(db, t, year);
  return { year, sha256: combine(year, tables), tables };
}

/** A difference between a recorded results fingerprint and the database. */
export interface ResultsChange {
  table: string;
  kind: 'gone' | 'added' | 'columns' | 'rows' | 'content';
  /** rows recorded and rows now (kind 'rows') */
  recorded?: number;
  now?: number;
  /** recorded columns the table no longer has (kind 'columns') */
  missing?: string[];
}

/** How the database's results for the recorded year differ from `recorded`, table by table (empty: they are the same). */
export async function compareResults(db: Db, recorded: ResultsFingerprint): Promise<ResultsChange[]> {
  const changes: ResultsChange[] = [];
  const have = new Set(await resultTables(db));
  for (const [table, fp] of Object.entries(recorded.tables).sort(([a], [b]) => a.localeCompare(b))) {
    if (!have.has(table)) {
      changes.push({ table, kind: 'gone' });
      continue;
    }
    const cols = new Set(await columnsOf(db, table));
    const missing = fp.columns.filter((c) => !cols.has(c));
    if (missing.length > 0) {
      changes.push({ table, kind: 'columns', missing });
      continue;
    }
    const now = await tableFingerprint(db, table, recorded.year, fp.columns);
    if (now.rows !== fp.rows) changes.push({ table, kind: 'rows', recorded: fp.rows, now: now.rows });
    else if (now.sha256 !== fp.sha256) changes.push({ table, kind: 'content' });
  }
  // a result table with rows of the year that the run did not have
  for (const table of have) {
    if (recorded.tables[table]) continue;
    const n = Number(await db.scalar(`SELECT count(*) FROM ${ident(table)} WHERE year = $1`, [recorded.year]));
    if (n > 0) changes.push({ table, kind: 'added', now: n });
  }
  return changes;
}

/** Every file under `dir` with its sha256 (a symbolic link by its target), in path order. */
export async function folderFingerprint(dir: string): Promise<FolderFingerprint> {
  const entries = await folderEntries(dir);
  const hashes: Record<string, string> = {};
  // a few files at a time: a province's report has 15,000 pages
  const queue = [...entries];
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      hashes[e.rel] = e.link ? sha256(`symlink:${await readlink(e.path)}`) : sha256(await readFile(e.path));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return fingerprintOf(hashes);
}

/**
 * The fingerprint of `dir` from the sha256 of every file as its writer wrote
 * it (relative path -> sha256; the report writer hashes each page as it
 * writes it, so the 15,000 pages of a province are not read back). Used only
 * when those are exactly the folder's files (all regular files); else the
 * folder is read and hashed (folderFingerprint).
 */
export async function writtenFingerprint(dir: string, written: Record<string, string> | undefined): Promise<FolderFingerprint> {
  const entries = written ? await folderEntries(dir) : [];
  const same = written && entries.length === Object.keys(written).length && entries.every((e) => !e.link && written[e.rel] !== undefined);
  return same ? fingerprintOf(written) : folderFingerprint(dir);
}

async function folderEntries(dir: string): Promise<{ path: string; rel: string; link: boolean }[]> {
  const rel = (p: string) => relative(dir, p).split(sep).join('/');
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => ({ path: join(e.parentPath, e.name), rel: rel(join(e.parentPath, e.name)), link: e.isSymbolicLink() }));
}

/** A folder's fingerprint from its files' hashes: the files in path order, and the sha256 over them. */
function fingerprintOf(hashes: Record<string, string>): FolderFingerprint {
  const files: Record<string, string> = {};
  for (const p of Object.keys(hashes).sort()) files[p] = hashes[p];
  return {
    sha256: sha256(
      Object.entries(files)
        .map(([p, h]) => `${p}\0${h}\n`)
        .join(''),
    ),
    files,
  };
}

/** A difference between a recorded folder fingerprint and the folder. */
export interface FolderChange {
  file: string;
  kind: 'gone' | 'added' | 'modified';
}

/** How `dir` differs from `recorded`, file by file, in path order (empty: the same files with the same bytes). */
export async function compareFolder(dir: string, recorded: FolderFingerprint): Promise<FolderChange[]> {
  const now = existsSync(dir) ? await folderFingerprint(dir) : { sha256: '', files: {} as Record<string, string> };
  if (now.sha256 === recorded.sha256) return [];
  const changes: FolderChange[] = [];
  for (const file of [...new Set([...Object.keys(recorded.files), ...Object.keys(now.files)])].sort()) {
    const a = recorded.files[file],
      b = now.files[file];
    if (a === b) continue;
    changes.push({ file, kind: b === undefined ? 'gone' : a === undefined ? 'added' : 'modified' });
  }
  return changes;
}

/** How manifest.json names the database at `dbPath`: relative to OUT when inside it, else absolute. */
export function databaseName(outDir: string, dbPath: string): string {
  const r = relative(resolve(outDir), resolve(dbPath));
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : resolve(dbPath);
}

/** The database manifest.json names, as a path. */
export function databasePath(outDir: string, file: string): string {
  return isAbsolute(file) ? file : join(outDir, ...file.split('/'));
}

/**
 * Recomputes, in OUT/manifest.json, what a later command changed: the
 * database's results fingerprint (`database`, for the manifest's own year),
 * the report folder's (`report`), and, when `year` is the manifest's year,
 * sensitivity.csv's sha256 in `outputs`. Written to a temporary file and
 * renamed over manifest.json, so a reader sees the old or the new manifest,
 * never half of one. Returns false (and changes nothing) when OUT has no
 * manifest.json or it is not a run's manifest.
 */
export async function refreshManifest(outDir: string, db: Db, year: number): Promise<boolean> {
  const path = join(outDir, 'manifest.json');
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return false;
  }
  if (!m || typeof m !== 'object' || Array.isArray(m) || typeof m.year !== 'number') return false;
  const manifestYear = m.year;
  const old = m.database as Partial<DatabaseManifest> | undefined;
  // another database than the run's (e.g. report --office --db other.duckdb): its tables say nothing of this run
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  if (typeof old?.file === 'string' && real(databasePath(outDir, old.file)) !== real(db.path)) return false;
  m.database = {
    file: typeof old?.file === 'string' ? old.file : databaseName(outDir, db.path),
    ...(await resultsFingerprint(db, manifestYear)),
  };
  const report = join(outDir, 'report');
  if (existsSync(report)) m.report = await folderFingerprint(report);
  else delete m.report;
  const csv = join(outDir, 'sensitivity.csv');
  if (year === manifestYear && existsSync(csv) && m.outputs && typeof m.outputs === 'object') {
    (m.outputs as Record<string, string>)['sensitivity.csv'] = sha256(await readFile(csv));
  }
  m.refreshed_at = new Date().toISOString();
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, JSON.stringify(m, null, 2) + '\n');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return true;
}
