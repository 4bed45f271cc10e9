/**
 * The DuckDB database: opening it with deliberate settings, and the few
 * helpers every stage uses to run SQL with bound parameters.
 */
import { totalmem } from 'node:os';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;
export type Params = Record<string, DuckDBValue> | DuckDBValue[];

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
 *   rows back to keep their order (every output that is ordered says ORDER BY).
 */
export function settings(): Record<string, string> {
  const total = totalmem();
  const half = Math.max(1, Math.min(6, Math.floor(total / 2 / 2 ** 30)));
  const s: Record<string, string> = {
    memory_limit: process.env.KAOPING_MEMORY_LIMIT ?? `${half}GB`,
    preserve_insertion_order: 'false',
  };
  if (process.env.KAOPING_THREADS) s.threads = process.env.KAOPING_THREADS;
  return s;
}

export class Db {
  private constructor(private instance: DuckDBInstance, readonly conn: DuckDBConnection, readonly path: string) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<Db> {
    const config: Record<string, string> = settings();
    if (opts.readOnly) config.access_mode = 'READ_ONLY';
    if (opts.noExternalAccess) config.enable_external_access = 'false';
    if (opts.tempDirectory) config.temp_directory = opts.tempDirectory;
    const instance = await DuckDBInstance.create(path, config);
    const conn = await instance.connect();
    return new Db(instance, conn, path);
  }

  async run(sql: string, params?: Params): Promise<void> {
    if (params) await this.conn.run(sql, params);
    else await this.conn.run(sql);
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = params ? await this.conn.runAndReadAll(sql, params) : await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((r) => plain(r) as T);
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
