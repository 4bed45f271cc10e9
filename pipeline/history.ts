/**
 * History: one database across years. Each run scores from its own inputs
 * (the working tables `offices`, `documents`, ...), replaces its year's rows
 * in the result tables, and merges its inputs into the `all_<table>` tables,
 * where the latest load of a row (by its id) wins, so re-running a year never
 * duplicates anything. The analysis views (`v_*`, documented in
 * docs/analysis.md) read these tables; they use only the database's own
 * tables and macros, so any DuckDB client can query them.
 */
import { TABLES } from './contract.ts';
import { Db, ident, sqlString } from './db.ts';
import { createFactMacros } from './rules.ts';

/**
 * Merges this run's loaded rows into all_<table>: rows with the same key are
 * replaced. This is where the run's inputs are written to the database file:
 * during the run they are temporary tables (load.ts); afterwards `<table>`
 * (`offices`, `documents`, ...) is a view of this run's rows in all_<table>
 * (the contract's columns, `_line`, and the file's extra columns). A file's
 * extra columns are kept as text: all_<table> gains each one the first time
 * a run brings it (earlier rows hold NULL there). `tables`: only these (a run
 * that reused the latest load, reuse.ts, stores just the tables it loaded
 * again; the others' rows and views stay the ones of the run that loaded them).
 */
export async function accumulateInputs(db: Db, runId: number, tables?: string[]): Promise<void> {
  const catalog = ident(await db.scalar<string>(`SELECT current_database()`));
  // the database file's own tables (a database from an earlier version holds the working tables and raw_<table> as
  // tables), read once: information_schema is a view over the whole catalog, ~50 ms a query
  const stored = new Set(
    (
      await db.all<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`,
      )
    ).map((r) => r.name),
  );
  const chosen = TABLES.filter((t) => !tables || tables.includes(t.name));
  // the working views' columns in one query (each is the run's temporary view, validate.ts createTyped)
  const working = new Map<string, string[]>();
  const names = chosen.map((t) => sqlString(t.name)).join(', ');
  for (const r of await db.all<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM duckdb_columns()
     WHERE database_name = 'temp' AND schema_name = 'main' AND table_name IN (${names}) ORDER BY table_name, column_index`,
  ))
    working.set(r.t, [...(working.get(r.t) ?? []), r.c]);
  // every table's statements in one round trip (about 45 statements a run, each a wait for the JS thread)
  const statements: string[] = [];
  for (const t of chosen) {
    const all = ident(`all_${t.name}`);
    const cols = t.columns.map((c) => ident(c.name));
    const key = (t.key ?? t.columns.map((c) => c.name)).map(ident);
    const columns = working.get(t.name) ?? (await db.all<{ column_name: string }>(`DESCRIBE ${ident(t.name)}`)).map((r) => r.column_name);
    // the working view's columns beyond the contract's: the file's extra columns (load.ts mapHeader names them)
    const extras = columns.filter((n) => n !== '_line' && !t.columns.some((c) => c.name === n)).map(ident);
    statements.push(`CREATE TABLE IF NOT EXISTS ${all} AS SELECT ${cols.join(', ')}, 0 AS run_id, _line FROM ${ident(t.name)} LIMIT 0`);
    for (const x of extras) statements.push(`ALTER TABLE ${all} ADD COLUMN IF NOT EXISTS ${x} VARCHAR`);
    statements.push(`DELETE FROM ${all} WHERE (${key.join(', ')}) IN (SELECT (${key.join(', ')}) FROM ${ident(t.name)})`);
    statements.push(
      `INSERT INTO ${all} BY NAME SELECT ${[...cols, ...extras].join(', ')}, ${runId} AS run_id, _line FROM ${ident(t.name)}`,
    );
    // the persistent working view (the temporary one of the same name shadows it until the run ends)
    for (const name of [t.name, `raw_${t.name}`]) if (stored.has(name)) statements.push(`DROP TABLE ${catalog}.main.${ident(name)}`);
    statements.push(`CREATE OR REPLACE VIEW ${catalog}.main.${ident(t.name)} AS
      SELECT _line, ${[...cols, ...extras].join(', ')} FROM ${all} WHERE run_id = ${runId}`);
  }
  if (statements.length) await db.run(statements.join(';\n'));
}

/**
 * The documented analysis views. Re-created on every run (cheap; they hold no
 * data). They state the data's facts (active staff, classified, overdue at
 * year end) through rules.ts's macros, as the scheme's measures do.
 */
export async function createViews(db: Db): Promise<void> {
  await createFactMacros(db);
  await db.run(`
    CREATE OR REPLACE VIEW v_runs AS
      SELECT run_id, year, started_at, finished_at, tool_version, scheme_id, scheme_sha256, data_dir, inputs, reused_from FROM runs;

    CREATE OR REPLACE VIEW v_scores AS
      SELECT s.* EXCLUDE (excellence_order, quota, total_raw), r.scheme_id
      FROM scores s
      LEFT JOIN (SELECT year, arg_max(scheme_id, run_id) AS scheme_id FROM runs GROUP BY year) r USING (year);

    CREATE OR REPLACE VIEW v_indicators AS
      SELECT i.year, i.office_id, s.office_name, s.category, i.dimension, i.indicator, i.rule,
             i.value, i.target, i.points, i.max_points, i.max_points - i.points AS lost, i.note, coalesce(i.adjustment, 0) AS adjustment
      FROM indicators i LEFT JOIN scores s USING (year, office_id);

    CREATE OR REPLACE VIEW v_evidence AS
      SELECT e.year, e.office_id, s.office_name, e.indicator, e.source, e.row_id, e.line, e.detail, e.detail_zh
      FROM evidence e LEFT JOIN scores s USING (year, office_id)
      UNION ALL
      SELECT v.year, v.office_id, s.office_name, 'veto:' || v.veto, v.source, v.row_id, v.line, v.detail, v.detail_zh
      FROM vetoes v LEFT JOIN scores s USING (year, office_id);

    CREATE OR REPLACE VIEW v_adjustments AS
      SELECT a.year, a.adjustment_id, a.office_id, s.office_name, s.category, a.action, a.source, a.row_id, x.file, x.line,
             a.indicator, a.points, i.points AS item_points, i.adjustment AS item_adjustment, a.reason, a.decided_by, a.decided_on
      FROM adjustments_applied a
      LEFT JOIN excluded_rows x USING (year, adjustment_id)
      LEFT JOIN scores s ON s.year = a.year AND s.office_id = a.office_id
      LEFT JOIN indicators i ON i.year = a.year AND i.office_id = a.office_id AND i.indicator = a.indicator;

    CREATE OR REPLACE VIEW v_rejects AS
      SELECT "table", file, line, "column", value, "check", reason, reason_zh FROM rejects;

    CREATE OR REPLACE VIEW v_office_year AS
      WITH years AS (
        SELECT DISTINCT year(issued_on) AS year FROM all_documents
        UNION SELECT DISTINCT year(held_on) FROM all_meetings
        UNION SELECT DISTINCT year(submitted_on) FROM all_submissions
        UNION SELECT DISTINCT year(due_on) FROM all_supervision
        UNION SELECT DISTINCT year FROM all_document_counts),
      grid AS (SELECT o.office_id, o.name AS office_name, o.category, y.year FROM all_offices o CROSS JOIN years y WHERE y.year IS NOT NULL),
      docs AS (SELECT office_id, year(issued_on) AS year, count(*) AS document_rows,
                      count(*) FILTER (WHERE broadcast) AS broadcasts, count(*) FILTER (WHERE relays_superior) AS relays,
                      count(*) FILTER (WHERE kp_classified(secrecy)) AS classified
               FROM all_documents GROUP BY ALL),
      meet AS (SELECT office_id, year(held_on) AS year, count(*) AS meetings, avg(duration_min) AS meeting_minutes_avg
               FROM all_meetings GROUP BY ALL),
      subs AS (SELECT office_id, year(submitted_on) AS year, count(*) AS submissions,
                      count(*) FILTER (WHERE kind = 'information') AS information, count(*) FILTER (WHERE kind = 'research') AS research,
                      count(*) FILTER (WHERE adopted_level = 'county') AS adopted_county, count(*) FILTER (WHERE adopted_level = 'city') AS adopted_city,
                      count(*) FILTER (WHERE adopted_level = 'province') AS adopted_province, count(*) FILTER (WHERE adopted_level = 'national') AS adopted_national,
                      count(*) FILTER (WHERE leader_instruction) AS leader_instructions
               FROM all_submissions GROUP BY ALL),
      sup AS (SELECT office_id, year(due_on) AS year, count(*) AS supervision_due,
                     count(*) FILTER (WHERE completed_on <= due_on) AS supervision_on_time,
                     count(*) FILTER (WHERE kp_overdue_at_year_end(due_on, completed_on, year(due_on))) AS supervision_open
              FROM all_supervision GROUP BY ALL),
      att AS (SELECT office_id, year(recorded_on) AS year, count(*) AS attendance_records FROM all_attendance GROUP BY ALL),
      staffy AS (SELECT g.office_id, g.year, count(s.person_id) AS active_staff,
                        count(s.person_id) FILTER (WHERE s.role = 'secretary') AS secretaries
                 FROM grid g JOIN all_staff s ON s.office_id = g.office_id AND kp_active(s.joined_on, s.left_on, g.year)
                 GROUP BY ALL),
      trained AS (SELECT s.office_id, year(t.trained_on) AS year, count(DISTINCT t.person_id) AS staff_trained
                  FROM all_trainings t JOIN all_staff s USING (person_id) GROUP BY ALL)
      SELECT g.year, g.office_id, g.office_name, g.category,
             coalesce(d.document_rows, c.documents, 0) AS documents,
             coalesce(d.broadcasts, 0) AS broadcasts, coalesce(d.relays, 0) AS relays, coalesce(d.classified, 0) AS classified,
             coalesce(m.meetings, 0) AS meetings, m.meeting_minutes_avg,
             coalesce(su.submissions, 0) AS submissions, coalesce(su.information, 0) AS information, coalesce(su.research, 0) AS research,
             coalesce(su.adopted_county, 0) AS adopted_county, coalesce(su.adopted_city, 0) AS adopted_city,
             coalesce(su.adopted_province, 0) AS adopted_province, coalesce(su.adopted_national, 0) AS adopted_national,
             coalesce(su.leader_instructions, 0) AS leader_instructions,
             coalesce(sp.supervision_due, 0) AS supervision_due, coalesce(sp.supervision_on_time, 0) AS supervision_on_time,
             coalesce(sp.supervision_open, 0) AS supervision_open,
             sp.supervision_on_time / nullif(sp.supervision_due, 0) AS on_time_rate,
             coalesce(a.attendance_records, 0) AS attendance_records,
             coalesce(st.active_staff, 0) AS active_staff, coalesce(st.secretaries, 0) AS secretaries,
             coalesce(tr.staff_trained, 0) AS staff_trained
      FROM grid g
      LEFT JOIN docs d USING (office_id, year)
      LEFT JOIN all_document_counts c USING (office_id, year)
      LEFT JOIN meet m USING (office_id, year)
      LEFT JOIN subs su USING (office_id, year)
      LEFT JOIN sup sp USING (office_id, year)
      LEFT JOIN att a USING (office_id, year)
      LEFT JOIN staffy st USING (office_id, year)
      LEFT JOIN trained tr USING (office_id, year);
  `);
}
