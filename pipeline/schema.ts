/**
 * The database's result tables, in one place: what each holds and its
 * columns. Every stage creates its tables from here (validate.ts the checks'
 * tables, score.ts the item results, rank.ts the outcomes, sensitivity.ts
 * the analysis); `runs` is runs.ts's. docs/analysis.md describes the same
 * tables for analysts.
 *
 * Two kinds:
 * - the checks of this run's inputs (rejects, rejected_keys, input_files,
 *   skipped_rows, warnings): replaced by every run, since they describe its
 *   files (a run that reuses the latest load, reuse.ts, keeps the rejects and
 *   rejected keys of the files it did not load again);
 * - the results, keyed by year (every table below with a `year` column):
 *   a run replaces its year's rows, so years accumulate in one database.
 *   Two of them follow the scheme: `scores` has a subtotal column per
 *   dimension (a later scheme's new dimension adds its columns, earlier
 *   years hold NULL there), and `diagnostics` has the columns the scheme's
 *   diagnostics query returns (typed by that query).
 */
import { Db, ident } from './db.ts';

export type Columns = readonly (readonly [name: string, type: string])[];

const TABLES = {
  /** every row a check failed: the file and line, the column and value, and why (English and Chinese) */
  rejects: [
    ['table', 'VARCHAR'],
    ['file', 'VARCHAR'],
    ['line', 'BIGINT'],
    ['column', 'VARCHAR'],
    ['value', 'VARCHAR'],
    ['check', 'VARCHAR'],
    ['reason', 'VARCHAR'],
    ['reason_zh', 'VARCHAR'],
  ],
  /**
   * the row key of every rejected row that has one (a table's first key column): what a reference to a rejected
   * row names, so a later check can say so (validate.ts, adjustments.ts), also in a run that reuses this load
   */
  rejected_keys: [
    ['table', 'VARCHAR'],
    ['line', 'BIGINT'],
    ['key', 'VARCHAR'],
    // the office the rejected row names (its office_id), whose scores lack the row (the data-quality page lists them)
    ['office_id', 'VARCHAR'],
  ],
  /** the files read: encoding, checksum, size and row counts */
  input_files: [
    ['table', 'VARCHAR'],
    ['file', 'VARCHAR'],
    ['encoding', 'VARCHAR'],
    ['sha256', 'VARCHAR'],
    ['bytes', 'BIGINT'],
    ['rows', 'BIGINT'],
    ['loaded', 'BIGINT'],
    ['rejected', 'BIGINT'],
  ],
  /** the title rows above a header, skipped */
  skipped_rows: [
    ['table', 'VARCHAR'],
    ['file', 'VARCHAR'],
    ['line', 'BIGINT'],
    ['text', 'VARCHAR'],
  ],
  /** what the checks noticed without rejecting a row (a missing file, counts that disagree) */
  warnings: [
    ['table', 'VARCHAR'],
    ['message', 'VARCHAR'],
    ['message_zh', 'VARCHAR'],
  ],

  /** one row per office and scheme item: the measured value, the target, the unrounded points (score.ts) */
  indicators: [
    ['year', 'INTEGER'],
    ['office_id', 'VARCHAR'],
    ['dimension', 'VARCHAR'],
    ['indicator', 'VARCHAR'],
    ['seq', 'INTEGER'],
    ['rule', 'VARCHAR'],
    ['value', 'DOUBLE'],
    ['target', 'DOUBLE'],
    ['points', 'DOUBLE'],
    ['max_points', 'DOUBLE'],
    ['note', 'VARCHAR'],
    // what the year's points adjustments changed (adjustments.ts): adjusted points minus the points before them
    ['adjustment', 'DOUBLE'],
  ],
  /** the rows that cost an office points on an item */
  evidence: [
    ['year', 'INTEGER'],
    ['office_id', 'VARCHAR'],
    ['indicator', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['row_id', 'VARCHAR'],
    ['line', 'BIGINT'],
    ['detail', 'VARCHAR'],
    ['detail_zh', 'VARCHAR'],
  ],
  /** the valid adjustments (复核调整) applied in a year's appraisal, the item named by its id (adjustments.ts) */
  adjustments_applied: [
    ['year', 'INTEGER'],
    ['adjustment_id', 'VARCHAR'],
    ['office_id', 'VARCHAR'],
    ['action', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['row_id', 'VARCHAR'],
    ['indicator', 'VARCHAR'],
    ['points', 'DOUBLE'],
    ['reason', 'VARCHAR'],
    ['decided_by', 'VARCHAR'],
    ['decided_on', 'DATE'],
  ],
  /** the loaded rows a year's appraisal did not count, each with its adjustment, file and line */
  excluded_rows: [
    ['year', 'INTEGER'],
    ['adjustment_id', 'VARCHAR'],
    ['office_id', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['row_id', 'VARCHAR'],
    ['file', 'VARCHAR'],
    ['line', 'BIGINT'],
  ],
  /** the rows behind a veto */
  vetoes: [
    ['year', 'INTEGER'],
    ['office_id', 'VARCHAR'],
    ['veto', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['row_id', 'VARCHAR'],
    ['line', 'BIGINT'],
    ['detail', 'VARCHAR'],
    ['detail_zh', 'VARCHAR'],
  ],
  /** per category: offices, the excellence quota, the eligible, the excellent and how far an unbroken tie overflows the quota */
  quota: [
    ['year', 'INTEGER'],
    ['category', 'VARCHAR'],
    ['offices', 'BIGINT'],
    ['quota', 'INTEGER'],
    ['eligible', 'BIGINT'],
    ['excellent', 'BIGINT'],
    ['overflow', 'BIGINT'],
  ],
  /** advanced individuals (先进个人) */
  individuals: [
    ['year', 'INTEGER'],
    ['rank', 'BIGINT'],
    ['person_id', 'VARCHAR'],
    ['name', 'VARCHAR'],
    ['office_id', 'VARCHAR'],
    ['points', 'DOUBLE'],
  ],
  /** director recommendations (主任待遇建议) */
  recommendations: [
    ['year', 'INTEGER'],
    ['person_id', 'VARCHAR'],
    ['name', 'VARCHAR'],
    ['office_id', 'VARCHAR'],
    ['age', 'INTEGER'],
    ['director_years', 'INTEGER'],
    ['recommendation', 'VARCHAR'],
  ],
  /**
   * per office, from kaoping sensitivity: the base rank, tier and commendation and how they fare under the draws
   * (rank percentiles, tier and commendation probabilities, the verdict) and the analysis's settings
   */
  sensitivity: [
    ['year', 'INTEGER'],
    ['office_id', 'VARCHAR'],
    ['run_id', 'INTEGER'],
    ['rank', 'INTEGER'],
    ['tier', 'VARCHAR'],
    ['commended', 'BOOLEAN'],
    ['rank_median', 'DOUBLE'],
    ['rank_p05', 'DOUBLE'],
    ['rank_p95', 'DOUBLE'],
    ['p_excellent', 'DOUBLE'],
    ['p_good', 'DOUBLE'],
    ['p_pass', 'DOUBLE'],
    ['p_fail', 'DOUBLE'],
    ['p_commended', 'DOUBLE'],
    ['agreement', 'DOUBLE'],
    ['verdict', 'VARCHAR'],
    ['draws', 'INTEGER'],
    ['spread', 'DOUBLE'],
    ['seed', 'BIGINT'],
  ],
  /** per office and dimension: the rank without the dimension; rank_change = rank_without - rank (positive: it would fall back) */
  sensitivity_dimensions: [
    ['year', 'INTEGER'],
    ['office_id', 'VARCHAR'],
    ['dimension', 'VARCHAR'],
    ['rank_without', 'INTEGER'],
    ['rank_change', 'INTEGER'],
  ],
} as const satisfies Record<string, Columns>;

export type Table = keyof typeof TABLES;

/**
 * The columns of `scores` for a scheme's dimensions: the rounded total and
 * subtotals, the veto, tier, rank and commendation; then the unrounded
 * total and subtotals, the excellence order (rules.ts) and the quota.
 */
export function scoresColumns(dimensions: readonly string[]): Columns {
  return [
    ['year', 'INTEGER'],
    ['office_id', 'VARCHAR'],
    ['office_name', 'VARCHAR'],
    ['category', 'VARCHAR'],
    ['total', 'DOUBLE'],
    ...dimensions.map((d) => [d, 'DOUBLE'] as const),
    ['vetoed', 'BOOLEAN'],
    ['tier', 'VARCHAR'],
    ['rank', 'BIGINT'],
    ['commended', 'BOOLEAN'],
    ['total_raw', 'DOUBLE'],
    ...dimensions.map((d) => [`${d}_raw`, 'DOUBLE'] as const),
    ['excellence_order', 'BIGINT'],
    ['quota', 'INTEGER'],
  ];
}

/**
 * The working table an evidence query may read (score.ts, and the scheme's
 * checks): the item's results for the offices that lost points on it.
 */
export const THIS_ITEM: Columns = [
  ['office_id', 'VARCHAR'],
  ['value', 'DOUBLE'],
  ['target', 'DOUBLE'],
  ['points', 'DOUBLE'],
  ['max_points', 'DOUBLE'],
];

export function columnsOf(table: Table): Columns {
  return TABLES[table];
}

/** CREATE TABLE for `columns`; `how` says what to do when the table is there. */
export function createTableSql(name: string, columns: Columns, how: 'keep' | 'replace' | 'temp'): string {
  const head = { keep: 'CREATE TABLE IF NOT EXISTS', replace: 'CREATE OR REPLACE TABLE', temp: 'CREATE OR REPLACE TEMP TABLE' }[how];
  return `${head} ${ident(name)} (${columns.map(([c, type]) => `${ident(c)} ${type}`).join(', ')})`;
}

/** Creates `tables` as declared: a result table only when it is not there yet, a table of the checks afresh. */
export async function createTables(db: Db, ...tables: Table[]): Promise<void> {
  const checks: Table[] = ['rejects', 'rejected_keys', 'input_files', 'skipped_rows', 'warnings'];
  await db.run(tables.map((t) => `${createTableSql(t, TABLES[t], checks.includes(t) ? 'replace' : 'keep')};`).join('\n'));
}

/**
 * Replaces one year's rows of a result table with `sql`'s rows (run with
 * $year bound). A table declared here (or `columns`, for scores) is created
 * as declared; another (diagnostics, whose columns are the scheme's) from
 * the query.
 * Columns the table lacks are added (a scheme with another dimension);
 * earlier years keep NULL there.
 */
export async function replaceYear(db: Db, table: string, sql: string, year: number, columns?: Columns): Promise<void> {
  const declared = columns ?? (table in TABLES ? TABLES[table as Table] : undefined);
  if (declared) await db.run(createTableSql(table, declared, 'keep'));
  else if (Number(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [table])) === 0) {
    await db.run(`CREATE TABLE ${ident(table)} AS ${sql}`, { year });
    return;
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE replace_rows AS ${sql}`, { year });
  // the columns of the table and of the new rows, in one query: the stored table's, then the temporary one's
  const cols = await db.all<{ temporary: boolean; column_name: string; data_type: string }>(
    `SELECT database_name = 'temp' AS temporary, column_name, data_type FROM duckdb_columns()
     WHERE (table_name = $1 AND schema_name = 'main' AND database_name = current_database())
        OR (table_name = 'replace_rows' AND database_name = 'temp')
     ORDER BY temporary, column_index`,
    [table],
  );
  const have = new Set(cols.filter((c) => !c.temporary).map((c) => c.column_name));
  for (const c of cols.filter((c) => c.temporary)) {
    if (!have.has(c.column_name)) await db.run(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(c.column_name)} ${c.data_type}`);
  }
  await db.run(`DELETE FROM ${ident(table)} WHERE year = $1`, [year]);
  await db.run(`INSERT INTO ${ident(table)} BY NAME SELECT * FROM replace_rows; DROP TABLE replace_rows`);
}
