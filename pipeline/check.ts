import { sqlString } from './db.ts';

/** A check of the input, dbt style: a SELECT returning the failing rows (validate.ts runs them, adjustments.ts adds its own). */
export interface Check {
  table: string;
  column: string;
  kind: 'structure' | 'required' | 'type' | 'range' | 'order' | 'unique' | 'reference';
  /** SELECT _line, value, reason, reason_zh FROM raw_<table> WHERE <fails> */
  sql: string;
  /** a check of one row alone: its condition and SELECT list, so all of a table's can share one scan */
  row?: { where: string; select: string };
}

/**
 * The rejected rows of `table` by their row key (the rejected_keys table,
 * which validate.ts fills): the first line each key was rejected at, for a
 * check that says a reference or an exclusion names a rejected row. Read
 * from there, not from raw_<table>, which a reused load (reuse.ts) holds
 * without the rejected rows.
 */
export function rejectedKeys(table: string): string {
  return `SELECT key AS id, min(line) AS line FROM rejected_keys WHERE "table" = ${sqlString(table)} GROUP BY ALL`;
}
