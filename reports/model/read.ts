/**
 * How the model reads the database: a fixed, small number of bulk queries
 * (one per table, never one per office), each with a total ORDER BY so pages
 * are deterministic, parameters always bound ($year, $office ...), large
 * results read column by column.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Db, Row } from '../../pipeline/db.ts';
import { diagnostic } from '../../pipeline/diagnostics.ts';

/** Named query parameters ($year: { year }). */
export type Named = Record<string, DuckDBValue>;

/** What a model's queries may read: `all` and `scalar` (timed with KAOPING_REPORT_TIMING). */
export type Reader = Pick<Db, 'all' | 'scalar'>;

/**
 * The rows a model reads: the year's, or in a model of one office
 * (ModelOptions.office) that office's only.
 */
export interface Scope {
  year: number;
  office?: string;
  /** the filter of a per-office query: ` AND <col> = $office` in a model of one office, else nothing */
  only: (col?: string) => string;
  /** the parameters of a query that uses $year and only(): { year } or { year, office } */
  params: Named;
}

export function scopeOf(year: number, office?: string): Scope {
  const single = office !== undefined;
  return {
    year,
    office,
    only: (col = 'office_id') => (single ? ` AND ${col} = $office` : ''),
    params: single ? { year, office } : { year },
  };
}

/** With KAOPING_REPORT_TIMING set, each query's time and row count are a diagnostic (stderr under the CLI; a developer's switch). */
function timing(sql: string, t0: number, rows: number): void {
  const ms = (performance.now() - t0).toFixed(0).padStart(6);
  diagnostic(`kaoping report: ${ms} ms ${String(rows).padStart(8)} rows  ${sql.trim().split('\n')[0].slice(0, 80)}\n`);
}

/** The database as the model reads it: each query timed when KAOPING_REPORT_TIMING is set. */
export function timed(db: Db): Reader {
  if (!process.env.KAOPING_REPORT_TIMING) return db;
  return {
    all: async <T extends Row = Row>(sql: string, params?: Parameters<Db['all']>[1]) => {
      const t = performance.now();
      const rows = await db.all<T>(sql, params);
      timing(sql, t, rows.length);
      return rows;
    },
    scalar: db.scalar.bind(db),
  } as Reader;
}

/**
 * A large result read column by column (DuckDB's getColumnsJS), about five
 * times faster than row objects for the hundreds of thousands of indicator
 * and evidence rows of a province-size year.
 */
export async function readColumns(db: Db, sql: string, params: Named): Promise<{ n: number; col: (name: string) => unknown[] }> {
  const t = performance.now();
  const reader = await db.conn.runAndReadAll(sql, params);
  const names = reader.columnNames();
  const cols = reader.getColumnsJS() as unknown[][];
  const n = cols[0]?.length ?? 0;
  if (process.env.KAOPING_REPORT_TIMING) timing(sql, t, n);
  return {
    n,
    col: (name) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`report query has no column ${name}`);
      return cols[i];
    },
  };
}

export const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}

/**
 * The exact median of `expr` per group, as median() above computes it: DuckDB
 * picks the one or two middle values (a window over the group), JS averages
 * them, so a statistic computed in SQL equals the one computed in JS.
 */
export async function sqlMedians(
  db: Pick<Db, 'all'>,
  group: string,
  expr: string,
  from: string,
  params: Named,
): Promise<Map<string, number>> {
  const rows = await db.all<{ g: string; k: number; n: number; v: number }>(
    `
    SELECT g, k, n, v FROM (
      SELECT ${group} AS g, ${expr} AS v, row_number() OVER (PARTITION BY ${group} ORDER BY ${expr}) AS k,
             count(*) OVER (PARTITION BY ${group}) AS n
      FROM ${from})
    WHERE k = n // 2 + 1 OR (n % 2 = 0 AND k = n // 2) ORDER BY g, k`,
    params,
  );
  const out = new Map<string, number>();
  for (const [g, list] of groupBy(rows, (r) => String(r.g))) {
    out.set(g, list.length === 1 ? num(list[0].v) : (num(list[0].v) + num(list[1].v)) / 2);
  }
  return out;
}
