/**
 * The DuckDB database: opening it with deliberate settings, and the few
 * helpers every stage uses to run SQL with bound parameters.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;
export type Params = Record<string, DuckDBValue> | DuckDBValue[];

export interface OpenOptions {
  readOnly?: boolean;
  /** for `query`: no reading or writing files outside the database */
  noExternalAccess?: boolean;
  tempDirectory?: string;
}

export class Db {
  private constructor(private instance: DuckDBInstance, readonly conn: DuckDBConnection, readonly path: string) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<Db> {
    const config: Record<string, string> = {};
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
