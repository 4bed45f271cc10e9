/**
 * Re-running after adjustments (复核调整) is cheap: the team runs the 公示
 * run, offices appeal, the team adds its decisions to the data folder and
 * runs again into the same database. When every input file but the
 * adjustments file is byte-identical (same table, file name and sha256, no
 * file added or removed) to what the latest run in the database loaded, and
 * that run was made by this version of kaoping, the run reuses its loaded
 * and checked tables instead of loading and checking those files again:
 *
 * - raw_<table> of each reused table is a temporary view of the rows that
 *   run stored (the persistent view `<table>` over all_<table>, history.ts),
 *   with the typed columns under their raw names (`<column>__v`), so the typed
 *   views, the exclusions and the adjustments' checks read it as they read a
 *   freshly loaded table; it holds no rejected rows (they are not stored), so
 *   checks that name a rejected row read `rejected_keys` (check.ts);
 * - the rejects and rejected keys of the reused tables are the ones that run
 *   left; their file summaries are the ones it recorded (runs.inputs), so the
 *   summary, rejects.csv, the data-quality page and manifest.json are what a
 *   full load gives;
 * - the adjustments file (new, changed or absent) is loaded and checked
 *   afresh, and the store stage writes only its table.
 *
 * The database must still hold what that run left: each reused table's rows
 * and rejects are counted against its record first; anything else is a full
 * load.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TABLES } from './contract.ts';
import { Db, ident, sqlString } from './db.ts';
import { checkRegularFile, findFiles } from './load.ts';
import { typed } from './parse.ts';
import type { FileSummary, ReusedTables } from './validate.ts';
import { VERSION } from './version.ts';

/** The table every run loads and checks afresh: the decisions after the appeals. */
export const FRESH_TABLE = 'adjustments';

/** The load a run reuses: the tables, their recorded file summaries, and the run that loaded them. */
export interface ReusedLoad extends ReusedTables {
  /** the run that loaded and checked the reused tables' rows (they carry its run_id in all_<table>) */
  from: number;
}

/**
 * The load of the latest run in `db` this run can reuse for the data folder
 * `dataDir`, or undefined when the files must be loaded (a file changed,
 * added, removed or renamed; another version of kaoping; a database that does
 * not hold what that run left). `onFile` hears each file as it is hashed.
 */
export async function reusableLoad(
  db: Db,
  dataDir: string,
  opts: { allowLinks?: boolean; onFile?: (file: string) => void | Promise<void> } = {},
): Promise<ReusedLoad | undefined> {
  const tables = TABLES.filter((t) => t.name !== FRESH_TABLE).map((t) => t.name);
  if (!(await holdsLoad(db, tables))) return undefined;
  const latest = await db.one<{ run_id: number; tool_version: string; inputs: string; reused_from: number | null }>(
    `SELECT run_id, tool_version, inputs::VARCHAR AS inputs, reused_from FROM runs ORDER BY run_id DESC LIMIT 1`,
  );
  if (!latest || latest.tool_version !== VERSION) return undefined;
  const recorded = (JSON.parse(latest.inputs) as FileSummary[]).filter((f) => f.table !== FRESH_TABLE);
  if (!(await sameFiles(dataDir, recorded, opts))) return undefined;
  // what that run left: each table's loaded rows (its view) and rejected rows, as it recorded them
  const catalog = await db.scalar<string>(`SELECT current_database()`);
  const counts = await db.all<{ table: string; loaded: number; rejected: number }>(
    tables
      .map(
        (t) => `SELECT ${sqlString(t)} AS "table", (SELECT count(*) FROM ${stored(catalog, t)}) AS loaded,
          (SELECT count(DISTINCT line) FROM rejects WHERE "table" = ${sqlString(t)}) AS rejected`,
      )
      .join(' UNION ALL '),
  );
  for (const c of counts) {
    const f = recorded.find((r) => r.table === c.table);
    if (Number(c.loaded) !== (f?.loaded ?? 0) || Number(c.rejected) !== (f?.rejected ?? 0)) return undefined;
  }
  return { from: Number(latest.reused_from ?? latest.run_id), tables, files: recorded };
}

/** Does the database hold a load this version can reuse: runs, rejects, rejected_keys, and each table's view and all_<table>? */
async function holdsLoad(db: Db, tables: string[]): Promise<boolean> {
  const have = new Set(
    (
      await db.all<{ name: string }>(`
      SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary AND database_name = current_database() AND schema_name = 'main'
      UNION ALL
      SELECT view_name FROM duckdb_views() WHERE NOT temporary AND database_name = current_database() AND schema_name = 'main'`)
    ).map((r) => r.name),
  );
  return ['runs', 'rejects', 'rejected_keys', ...tables, ...tables.map((t) => `all_${t}`)].every((n) => have.has(n));
}

/**
 * Are the data folder's files, the adjustments file aside, exactly `recorded`
 * (table, file name, size, sha256)? Sizes first, so a changed file is found
 * without hashing the rest; any file kaoping would refuse is left to the load
 * (which says why).
 */
async function sameFiles(
  dataDir: string,
  recorded: FileSummary[],
  opts: { allowLinks?: boolean; onFile?: (file: string) => void | Promise<void> },
): Promise<boolean> {
  const dir = resolve(dataDir);
  try {
    const found = [...(await findFiles(dir))].filter(([table]) => table !== FRESH_TABLE);
    if (found.length !== recorded.length) return false;
    const files = found.map(([table, file]) => ({ file, path: join(dir, file), was: recorded.find((r) => r.table === table) }));
    for (const f of files) {
      if (!f.was || f.was.file !== f.file) return false;
      await checkRegularFile(f.path, dir, f.file, opts.allowLinks ?? false);
      if ((await stat(f.path)).size !== f.was.bytes) return false;
    }
    for (const f of files) {
      await opts.onFile?.(f.file);
      if ((await sha256Of(f.path)) !== f.was!.sha256) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The persistent view of `table` (the rows of the run that loaded it), named past the temporary view of the same name. */
function stored(catalog: string, table: string): string {
  return `${ident(catalog)}.main.${ident(table)}`;
}

/**
 * raw_<table> of each reused table, as a temporary view of the rows the run
 * that loaded it stored: `_line`, the contract's text columns, its typed
 * columns as `<column>__v` and the file's extra columns, what the typed view
 * (validate.ts), the exclusions and the adjustments' checks read.
 */
export async function reuseTables(db: Db, reused: ReusedLoad): Promise<void> {
  const catalog = await db.scalar<string>(`SELECT current_database()`);
  for (const t of TABLES.filter((t) => reused.tables.includes(t.name))) {
    const rows = stored(catalog, t.name);
    const extras = (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${rows})`))
      .map((r) => r.column_name)
      .filter((n) => n !== '_line' && !t.columns.some((c) => c.name === n));
    const cols = t.columns.map((c) => (c.type === 'text' ? ident(c.name) : `${ident(c.name)} AS ${typed(c)}`));
    await db.run(`CREATE OR REPLACE TEMP VIEW ${ident(`raw_${t.name}`)} AS
      SELECT _line, ${[...cols, ...extras.map(ident)].join(', ')} FROM ${rows}`);
  }
}
