/**
 * The DuckDB database: opening it with deliberate settings, and the few
 * helpers every stage uses to run SQL with bound parameters.
 *
 * Parameters are positional ($1, $2: an array) or named ($year: a record).
 * Named ones are bound from the parsed statement (`runNamed`): DuckDB says
 * which names a statement uses, so a caller passes `{ year }` to any SQL and
 * only a statement that uses $year gets it; a `$year` inside a comment or a
 * string literal is not a parameter and is left alone.
 */
import { writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { DuckDBConnection, DuckDBInstance, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { diagnostic } from './diagnostics.ts';

export type Row = Record<string, unknown>;
export type Named = Record<string, DuckDBValue>;
export type Params = Named | DuckDBValue[];

export interface OpenOptions {
  readOnly?: boolean;
  /** for `query`: no reading or writing files outside the database */
  noExternalAccess?: boolean;
  /** where DuckDB spills when a load or a join does not fit in memory_limit */
  tempDirectory?: string;
}

/**
 * DuckDB settings, chosen on purpose (see README, "DuckDB settings"):
 * - threads: every core (DuckDB's default), or KAOPING_THREADS;
 * - memory_limit: half the machine's memory, at most 6 GiB, or
 *   KAOPING_MEMORY_LIMIT (e.g. "2GB"): beyond it DuckDB spills to disk, so a
 *   national roll-up stays within 8 GiB of RSS with room for Node itself;
 * - preserve_insertion_order: false, so large loads and copies need not hold
 *   rows back to keep their order (every output that is ordered says ORDER BY);
 * - checkpoint_threshold: 1GB, so the scoring's many inserts are not each
 *   followed by an automatic checkpoint (16 MB of WAL by default): the run
 *   checkpoints once, when it closes the database (0.6 s less at province).
 */
export function settings(): Record<string, string> {
  const total = totalmem();
  const half = Math.max(1, Math.min(6, Math.floor(total / 2 / 2 ** 30)));
  const s: Record<string, string> = {
    memory_limit: process.env.KAOPING_MEMORY_LIMIT ?? `${half}GB`,
    preserve_insertion_order: 'false',
    checkpoint_threshold: '1GB',
  };
  if (process.env.KAOPING_THREADS) s.threads = process.env.KAOPING_THREADS;
  return s;
}

export class Db {
  private constructor(
    private instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly path: string,
  ) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<Db> {
    const config: Record<string, string> = {};
    // before enable_external_access, which forbids setting it: an in-memory database
    // spills to .tmp/ in the current folder by default, not a folder kaoping may write
    if (opts.tempDirectory) config.temp_directory = opts.tempDirectory;
    else if (path === ':memory:') config.temp_directory = '';
    Object.assign(config, settings());
    if (opts.readOnly) config.access_mode = 'READ_ONLY';
    if (opts.noExternalAccess) config.enable_external_access = 'false';
    const instance = await DuckDBInstance.create(path, config);
    const conn = await instance.connect();
    return new Db(instance, conn, path);
  }

  async run(sql: string, params?: Params): Promise<void> {
    const t0 = trace ? performance.now() : 0;
    if (params && !Array.isArray(params)) await runNamed(this.conn, sql, params);
    else if (params) await this.conn.run(sql, params);
    else await this.conn.run(sql);
    if (trace) traced(sql, t0);
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const t0 = trace ? performance.now() : 0;
    const reader =
      params && !Array.isArray(params)
        ? await runNamed(this.conn, sql, params)
        : params
          ? await this.conn.runAndReadAll(sql, params)
          : await this.conn.runAndReadAll(sql);
    if (trace) traced(sql, t0);
    return reader.getRowObjectsJS().map((r) => plain(r) as T);
  }

  /** The columns `sql` returns, bound with `params` but not run. */
  async columns(sql: string, params: Named = {}): Promise<string[]> {
    return (await runNamed(this.conn, `SELECT * FROM ${subquery(sql)} LIMIT 0`, params)).columnNames();
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar<T = unknown>(sql: string, params?: Params): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/**
 * KAOPING_TRACE=1: every statement's wall time goes to stderr when the
 * process exits, slowest first (KAOPING_TRACE=50 shows 50). For finding where
 * the time goes; see bench/NOTES.md.
 */
const trace = Number(process.env.KAOPING_TRACE ?? 0) > 0;
const traceLog: { at: number; ms: number; sql: string }[] = [];
function traced(sql: string, t0: number): void {
  traceLog.push({ at: t0, ms: performance.now() - t0, sql: sql.replace(/\s+/g, ' ').trim().slice(0, 140) });
}
if (trace) {
  process.on('exit', () => {
    const top = Number(process.env.KAOPING_TRACE) > 1 ? Number(process.env.KAOPING_TRACE) : 25;
    const total = traceLog.reduce((a, r) => a + r.ms, 0);
    // KAOPING_TRACE_FILE: every statement in the order run, with its time (one per line)
    if (process.env.KAOPING_TRACE_FILE)
      writeFileSync(process.env.KAOPING_TRACE_FILE, traceLog.map((r) => `${r.at.toFixed(0)}\t${r.ms.toFixed(1)}\t${r.sql}\n`).join(''));
    diagnostic(`KAOPING_TRACE: ${traceLog.length} statements, ${Math.round(total)} ms\n`);
    for (const r of [...traceLog].sort((a, b) => b.ms - a.ms).slice(0, top)) {
      diagnostic(`${r.ms.toFixed(0).padStart(7)} ms  ${r.sql}\n`);
    }
  });
}

/**
 * Runs `sql` (one statement or several) on `conn` with named parameters:
 * each statement is prepared and gets the values of the names DuckDB parsed
 * in it, and no other (DuckDB refuses a value for a name a statement does
 * not use). Returns the last statement's rows.
 */
export async function runNamed(conn: DuckDBConnection, sql: string, params: Named): Promise<DuckDBResultReader> {
  const statements = await conn.extractStatements(sql);
  if (statements.count === 0) return conn.runAndReadAll(sql);
  let reader: DuckDBResultReader | undefined;
  for (let i = 0; i < statements.count; i++) {
    const statement = await statements.prepare(i);
    try {
      const used: Named = {};
      for (let k = 1; k <= statement.parameterCount; k++) {
        const name = statement.parameterName(k);
        if (Object.hasOwn(params, name)) used[name] = params[name];
      }
      statement.bind(used);
      reader = await statement.runAndReadAll();
    } finally {
      statement.destroySync();
    }
  }
  return reader!;
}

/**
 * SQL someone else wrote (a scheme's query) as a subquery: on lines of its
 * own, so a query ending in a `-- comment` cannot swallow the closing
 * parenthesis and what follows it.
 */
export function subquery(sql: string): string {
  return `(\n${sql}\n)`;
}

/** BigInts that fit become numbers; dates become ISO strings. */
function plain(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}

/** A SQL string literal. Only for paths and names kaoping itself made; data values are always bound. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * The columns of a stored table or a view (the run's input tables are views:
 * temporary during the run, then of all_<table>) as a query sees them, a
 * temporary view first; none when there is no such table or view (so
 * `length > 0` says whether it exists).
 */
export async function relationColumns(db: Pick<Db, 'all'>, name: string): Promise<string[]> {
  try {
    return (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(name)})`)).map((r) => r.column_name);
  } catch {
    return [];
  }
}
