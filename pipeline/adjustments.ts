/**
 * Adjustments (复核调整): the appraisal team's decisions after publication
 * (公示) and appeals (申诉), applied in the appraisal of their year only
 * (appraisal-rules.md, "Adjustments").
 *
 * - Checks specific to the table, dbt style (each a SELECT of the failing
 *   rows, like validate.ts's): the fields each action needs and forbids; an
 *   exclusion's row_id must be a loaded row of its source belonging to the
 *   adjustment's office (a row rejected there cannot be excluded, and the
 *   reason says so); a second exclusion of the same (year, source, row_id)
 *   is a duplicate; a points adjustment names an item of the scheme in use,
 *   by id or by its Chinese name.
 * - Exclusions, once, where the scheme reads the tables: while year Y is
 *   scored and ranked, each source table the scheme sees is its loaded rows
 *   minus Y's exclusions (validate.ts's typed views, redefined), and a yearly
 *   total of document_counts is hidden for an office and year that had
 *   document rows before the exclusions (the fallback applies only to a year
 *   without any). No measure knows about adjustments. The excluded rows stay
 *   in the database: `excluded_rows` names each with its adjustment.
 * - Points, after the items: clamp(points + Σ, 0, max) per office and item;
 *   indicators.adjustment holds what that changed.
 *
 * Tables (schema.ts): adjustments_applied (the valid adjustments of each
 * appraised year, the item resolved to its id), excluded_rows (year,
 * adjustment_id, office_id, source, row_id, file, line); the view
 * v_adjustments (history.ts) joins them with the offices and items.
 */
import { TABLES, type Table } from './contract.ts';
import { Db, ident, sqlString } from './db.ts';
import { rejectedKeys, type Check } from './check.ts';
import { replaceYear } from './schema.ts';

/** The tables an exclusion may name, with their row key. */
export const EXCLUDABLE: { table: string; key: string }[] = ['documents', 'meetings', 'submissions', 'supervision', 'attendance'].map(
  (name) => ({ table: name, key: TABLES.find((t) => t.name === name)!.key![0] }),
);

const q = sqlString;
const RAW = 'raw_adjustments';

/** An item of the scheme in use, as a points adjustment may name it. */
export interface NamedItem {
  id: string;
  name: string;
}

/**
 * The checks of the adjustments table beyond its columns' own (validate.ts
 * adds these for that table): `items` are the scheme's, `fileOf` names the
 * file a source table was read from.
 */
export function adjustmentChecks(items: NamedItem[], fileOf: (table: string) => string): Check[] {
  const checks: Check[] = [];
  const add = (column: string, kind: Check['kind'], sql: string) => checks.push({ table: 'adjustments', column, kind, sql });
  const empty = (c: string) =>
    c === 'source' || c === 'points' ? `(${ident(`${c}__v`)} IS NULL AND _text[${textIndex(c)}] IS NULL)` : `${ident(c)} IS NULL`;
  const shown = (c: string) =>
    c === 'source' || c === 'points' ? `coalesce(_text[${textIndex(c)}], ${ident(`${c}__v`)}::VARCHAR)` : ident(c);
  const words: Record<string, [string, string]> = {
    source: ['source', '数据表(source)'],
    row_id: ['row_id', '记录编号(row_id)'],
    indicator: ['indicator', '考核项目(indicator)'],
    points: ['points', '调整分值(points)'],
  };
  const need = (action: string, actionZh: string, cols: string[], forbid: string[]) => {
    for (const c of cols) {
      add(
        c,
        'required',
        `SELECT _line, NULL AS value, ${q(`${c} is required for an adjustment by ${action}`)} AS reason,
        ${q(`调整方式为${actionZh}时须填写${words[c][1]}`)} AS reason_zh
        FROM ${RAW} WHERE action__v = ${q(action)} AND ${empty(c)}`,
      );
    }
    for (const c of forbid) {
      add(
        c,
        'required',
        `SELECT _line, ${shown(c)} AS value,
        ${q(`${c} `)} || ${shown(c)} || ${q(` is given, but an adjustment by ${action} takes no ${c}`)} AS reason,
        ${q(`调整方式为${actionZh}时不应填写${words[c][1]}(填写了“`)} || ${shown(c)} || ${q('”)')} AS reason_zh
        FROM ${RAW} WHERE action__v = ${q(action)} AND NOT ${empty(c)}`,
      );
    }
  };
  need('exclude', '剔除记录', ['source', 'row_id'], ['indicator', 'points']);
  need('points', '加减分', ['indicator', 'points'], ['source', 'row_id']);
  // a parsed 0 keeps no text (parse.ts keeps it only where a column check quotes it): the value as parsed, 0.00
  add(
    'points',
    'range',
    `SELECT _line, ${shown('points')} AS value, 'points 0 changes nothing: give a non-zero number' AS reason,
    '调整分值为0,不调整任何分数:应填写非零数值' AS reason_zh FROM ${RAW} WHERE action__v = 'points' AND points__v = 0`,
  );
  for (const s of EXCLUDABLE) checks.push(rowCheck(s.table, s.key, fileOf(s.table)));
  const names = items.flatMap((it) => [it.id, it.name]);
  add(
    'indicator',
    'reference',
    `SELECT _line, indicator AS value,
      'indicator ' || indicator || ' is not an item of the scheme in use (an item id such as ' || ${q(items[0]?.id ?? '')} || ' or its Chinese name)' AS reason,
      '考核项目“' || indicator || '”不是所用考核细则中的项目(应为项目编码,如' || ${q(items[0]?.id ?? '')} || ',或项目名称)' AS reason_zh
    FROM ${RAW} WHERE action__v = 'points' AND indicator IS NOT NULL AND indicator NOT IN (${names.map(q).join(', ') || 'NULL'})`,
  );
  // a name several items of the scheme share (and no item's id) does not say which item: the id is needed
  const ambiguous = [...new Set(items.map((it) => it.name))]
    .filter((n) => !items.some((it) => it.id === n))
    .map((n) => ({ name: n, ids: items.filter((it) => it.name === n).map((it) => it.id) }))
    .filter((n) => n.ids.length > 1);
  if (ambiguous.length) {
    add(
      'indicator',
      'reference',
      `SELECT _line, indicator AS value,
        'indicator ' || indicator || ' is the name of several items of the scheme in use (' || v.ids || '): give the item id' AS reason,
        '考核项目“' || indicator || '”是所用考核细则中多个项目的名称(' || v.ids || '),应填写项目编码' AS reason_zh
      FROM ${RAW} JOIN (VALUES ${ambiguous.map((n) => `(${q(n.name)}, ${q(n.ids.join(', '))})`).join(', ')}) v(name, ids)
        ON v.name = indicator
      WHERE action__v = 'points'`,
    );
  }
  add(
    'row_id',
    'unique',
    `SELECT _line, value,
      'duplicate exclusion of ' || source__v || ' row ' || row_id || ' in ' || year__v || ': first at line ' || first_line AS reason,
      '重复剔除' || year__v || '年度' || source__v || '表记录“' || row_id || '”,首次出现在第' || first_line || '行' AS reason_zh
    FROM (SELECT _line, row_id AS value, row_id, source__v, year__v,
                 first_value(_line) OVER (PARTITION BY year__v, source__v, row_id ORDER BY _line) AS first_line
          FROM ${RAW} WHERE action__v = 'exclude' AND year__v IS NOT NULL AND source__v IS NOT NULL AND row_id IS NOT NULL)
    WHERE _line > first_line`,
  );
  return checks;
}

/** Position of a typed column's text in raw_adjustments._text (parse.ts textOf). */
function textIndex(column: string): number {
  const t = TABLES.find((x) => x.name === 'adjustments') as Table;
  return t.columns.filter((c) => c.type !== 'text').findIndex((c) => c.name === column) + 1;
}

/** An exclusion's row_id must be a loaded row of `table` of the same office. */
function rowCheck(table: string, key: string, file: string): Check {
  const t = TABLES.find((x) => x.name === table)!;
  return {
    table: 'adjustments',
    column: 'row_id',
    kind: 'reference',
    sql: `SELECT a._line, a.row_id AS value,
        CASE WHEN ok.office_id IS NOT NULL
               THEN ${q(`row_id `)} || a.row_id || ${q(` of ${file} belongs to office `)} || ok.office_id || ', not ' || a.office_id
             WHEN bad.line IS NOT NULL
               THEN ${q('row_id ')} || a.row_id || ${q(` refers to a row rejected at ${file} line `)} || bad.line
                    || '; a rejected row is not scored, so it cannot be excluded'
             ELSE ${q('row_id ')} || a.row_id || ${q(` is not a row of ${file}`)} END AS reason,
        CASE WHEN ok.office_id IS NOT NULL
               THEN ${q('记录编号“')} || a.row_id || ${q(`”(${file})属于单位`)} || ok.office_id || ',不是' || a.office_id
             WHEN bad.line IS NOT NULL
               THEN ${q('记录编号“')} || a.row_id || ${q(`”对应的记录已被拒收(${file}第`)} || bad.line || '行),未计分,无法剔除'
             ELSE ${q('记录编号“')} || a.row_id || ${q(`”不是${t.alias}表(${file})中的记录`)} END AS reason_zh
      FROM ${RAW} a
      -- the rows the exclusions name, not every row of the table (a province's million documents, grouped, took a second)
      LEFT JOIN (SELECT ${ident(key)} AS id, any_value(office_id) AS office_id FROM ${ident(table)}
                 WHERE ${ident(key)} IN (SELECT row_id FROM ${RAW} WHERE action__v = 'exclude' AND source__v = ${q(table)})
                 GROUP BY ALL) ok ON ok.id = a.row_id
      LEFT JOIN (${rejectedKeys(table)}) bad ON bad.id = a.row_id
      WHERE a.action__v = 'exclude' AND a.source__v = ${q(table)} AND a.row_id IS NOT NULL
        -- another office's row only when the adjustment names one (an empty office_id is rejected as required, with its reason)
        AND (ok.id IS NULL OR (a.office_id IS NOT NULL AND ok.office_id IS DISTINCT FROM a.office_id))`,
  };
}

/**
 * Records year Y's valid adjustments (adjustments_applied, the item named by
 * its id) and the rows they exclude (excluded_rows, with file and line).
 * `adjustments` is always there while a run checks its data: validate.ts
 * makes a typed view of every contract table, an empty one for a file the
 * data folder does not have.
 */
export async function recordAdjustments(db: Db, items: NamedItem[], year: number, fileOf: (table: string) => string): Promise<void> {
  const lookup = items.length
    ? `(VALUES ${items.map((it) => `(${q(it.id)}, ${q(it.name)})`).join(', ')}) v(id, name)`
    : '(SELECT NULL AS id, NULL AS name) v';
  await replaceYear(
    db,
    'adjustments_applied',
    `SELECT a.year, a.adjustment_id, a.office_id, a.action, a.source, a.row_id,
              -- the item's id, or the one item of that name (the checks rejected a name several items share)
              coalesce((SELECT any_value(id) FROM ${lookup} WHERE v.id = a.indicator),
                       (SELECT any_value(id) FROM ${lookup} WHERE v.name = a.indicator)) AS indicator,
              a.points::DOUBLE AS points, a.reason, a.decided_by, a.decided_on
       FROM adjustments a WHERE a.year = $year`,
    year,
  );
  const parts = EXCLUDABLE.map(
    (s) => `
    SELECT a.year, a.adjustment_id, a.office_id, a.source, a.row_id, ${q(fileOf(s.table))} AS file, r._line AS line
    FROM adjustments_applied a JOIN ${ident(s.table)} r ON r.${ident(s.key)} = a.row_id
    WHERE a.year = $year AND a.action = 'exclude' AND a.source = ${q(s.table)}`,
  );
  await replaceYear(db, 'excluded_rows', parts.join(' UNION ALL '), year);
}

/**
 * Redefines the tables the scheme reads as the loaded rows minus year Y's
 * exclusions; `typedView(table, filter)` is validate.ts's typed view with an
 * extra condition. Returns the tables changed, for restoreTables.
 */
export async function excludeRows(db: Db, year: number, typedView: (table: string, filter: string) => Promise<void>): Promise<string[]> {
  const sources = (
    await db.all<{ source: string }>(`SELECT DISTINCT source FROM excluded_rows WHERE year = $1 ORDER BY source`, [year])
  ).map((r) => r.source);
  for (const s of sources) {
    await typedView(s, `r._line NOT IN (SELECT line FROM excluded_rows WHERE year = ${year} AND source = ${q(s)})`);
  }
  if (sources.includes('documents')) {
    // the yearly total stands in only for a year without any loaded document row: excluding them all leaves 0
    await typedView(
      'document_counts',
      `(r.office_id, r.year__v) NOT IN (
        SELECT (x.office_id, year(d.issued_on__v)) FROM excluded_rows x JOIN raw_documents d ON d._line = x.line
        WHERE x.year = ${year} AND x.source = 'documents')`,
    );
    sources.push('document_counts');
  }
  return sources;
}

/** Points adjustments of year Y, after the items: clamp(points + Σ, 0, max); indicators.adjustment the change. */
export async function adjustPoints(db: Db, year: number): Promise<void> {
  await db.run(
    `
    UPDATE indicators i SET points = least(i.max_points, greatest(0, i.points + a.delta)),
                            adjustment = least(i.max_points, greatest(0, i.points + a.delta)) - i.points
    FROM (SELECT office_id, indicator, sum(points::DECIMAL(18, 2))::DOUBLE AS delta
          FROM adjustments_applied WHERE year = $1 AND action = 'points' GROUP BY ALL) a
    WHERE i.year = $1 AND i.office_id = a.office_id AND i.indicator = a.indicator`,
    [year],
  );
}

/** What manifest.json records of year Y's adjustments, when the data folder has an adjustments file. */
export async function adjustmentCounts(db: Db, year: number, file: { file: string; sha256: string } | undefined) {
  if (!file) return undefined;
  const c = await db.one<{ applied: number; exclude: number; points: number; excluded_rows: number }>(
    `
    SELECT count(*) AS applied, count(*) FILTER (WHERE action = 'exclude') AS exclude, count(*) FILTER (WHERE action = 'points') AS points,
           (SELECT count(*) FROM excluded_rows WHERE year = $1) AS excluded_rows
    FROM adjustments_applied WHERE year = $1`,
    [year],
  );
  return {
    file: file.file,
    sha256: file.sha256,
    applied: Number(c!.applied),
    exclude: Number(c!.exclude),
    points: Number(c!.points),
    excluded_rows: Number(c!.excluded_rows),
  };
}
