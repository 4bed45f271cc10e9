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
