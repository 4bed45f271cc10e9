/**
 * Score: every scheme item for every office, in SQL. The item's measure gives
 * value (and target, baseline, note); its rule turns that into points,
 * unrounded. The rows that cost an office points are stored as evidence, and
 * vetoes are recorded with the rows behind them.
 *
 * Result tables (schema.ts; all keyed by year, so years accumulate in one
 * database): indicators, evidence, vetoes.
 */
import { basename } from 'node:path';
import { Db, ident, sqlString, subquery } from './db.ts';
import { InputError } from './errors.ts';
import { columnsOf, queryWords, type Item, type MeasureColumns, type Rule, type Scheme } from './scheme.ts';
import { createTables } from './schema.ts';
import type { Lang } from '../words/index.ts';
import { ruleWord } from '../words/rules.ts';
import { PERCENT, quantity, sharePercent } from '../words/units.ts';

/** Number literal for SQL from a scheme parameter (already checked to be finite). */
const lit = (n: number) => `CAST(${String(n)} AS DOUBLE)`;
const dec = (n: number) => `CAST(${String(n)} AS DECIMAL(18, 6))`;

/**
 * The SQL for one rule: expressions over the measure row `m` for target,
 * points and note. Unrounded; a row with a note gets full points or none.
 */
export function ruleSql(rule: Rule, max: number): { target: string; points: string; note: string } {
  const v = 'coalesce(m.value, 0)::DOUBLE';
  const M = lit(max);
  const noted = rule.if_noted === 'zero' ? '0' : M;
  const withNote = (points: string, note = 'm.note') => `CASE WHEN ${note} IS NOT NULL THEN ${noted} ELSE ${points} END`;
  switch (rule.kind) {
    case 'deduct':
      return { target: 'NULL', points: withNote(`greatest(0, ${M} - ${lit(rule.per_unit!)} * ${v})`), note: 'm.note' };
    case 'accumulate':
      return { target: lit(max / rule.per_unit!), points: withNote(`least(${M}, ${lit(rule.per_unit!)} * ${v})`), note: 'm.note' };
    case 'linear': {
      const g = (x: number | 'target' | undefined) => (x === 'target' ? 'm.target::DOUBLE' : lit(x!));
      const zero = g(rule.zero),
        full = g(rule.full);
      const share = `CASE WHEN ${full} = ${zero} THEN CASE WHEN ${v} >= ${full} THEN 1 ELSE 0 END
                          ELSE (${v} - ${zero}) / (${full} - ${zero}) END`;
      return { target: full, points: withNote(`${M} * least(1, greatest(0, ${share}))`), note: 'm.note' };
    }
    case 'deduct_over_baseline': {
      // a NaN or ±Infinity baseline becomes the target, which score refuses; a baseline below 0 is none, like 0
      const cap = `CASE WHEN NOT isfinite(m.baseline::DOUBLE) THEN m.baseline::DOUBLE
                        WHEN coalesce(m.baseline, 0) > 0 THEN floor(${dec(rule.ratio!)} * m.baseline)::DOUBLE END`;
      const note = `coalesce(m.note, CASE WHEN coalesce(m.baseline, 0) <= 0 THEN 'no baseline' END)`;
      return {
        target: cap,
        points: withNote(`greatest(0, ${M} - ${lit(rule.per_unit!)} * greatest(0, ${v} - ${cap}))`, note),
        note,
      };
    }
  }
}

/**
 * An item's rule in words, stated from its parameters with the item's unit
 * (每件扣1分; 50%得0分,95%得满分), so the text and the arithmetic cannot
 * disagree; the scheme's `counts` (what the measure weighs or how it sets a
 * target) before it. Explain, the methodology and office pages and the
 * feedback letter all show it.
 */
export function ruleWords(it: Item, lang: Lang): string {
  const rule = ruleText(it, lang);
  const counts = lang === 'zh' ? it.counts : it.counts_en;
  return counts ? ruleWord(lang, 'countsThenRule', { counts, rule }) : rule;
}

/** The rule alone, from the rule's parameters: per_unit, max, zero/full (with the unit; a share as a percentage), ratio as a percentage. */
export function ruleText(it: Item, lang: Lang): string {
  const r = it.rule;
  const per = String(r.per_unit);
  // one unit of the value: 件 / document; a share or no unit: 项 / unit
  const one = it.unit && it.unit !== PERCENT ? quantity(1, it, lang).replace(/^1 /, '') : ruleWord(lang, 'anyUnit');
  const unit = lang === 'zh' ? one.replace(/^1/, '') : one;
  switch (r.kind) {
    case 'deduct':
      return ruleWord(lang, 'deduct', { per, unit });
    case 'accumulate':
      return ruleWord(lang, 'accumulate', { per, max: it.max, unit });
    case 'linear': {
      const at = (x: number | 'target' | undefined) =>
        x === 'target' ? ruleWord(lang, 'target') : quantity(x, it, lang).replace(/ /g, lang === 'zh' ? '' : ' ');
      const noted = r.if_noted === 'zero' ? ruleWord(lang, 'zeroWhenNoted') : '';
      return ruleWord(lang, 'linear', { zero: at(r.zero), full: at(r.full) }) + noted;
    }
    case 'deduct_over_baseline':
      return ruleWord(lang, 'overBaseline', {
        percent: sharePercent(r.ratio!),
        per,
        unit,
        count: it.unit && it.unit !== PERCENT ? ruleWord(lang, 'countOf', { unit }) : ruleWord(lang, 'anyCount'),
      });
  }
}

/**
 * Scores every item of `scheme` for year Y into indicators, evidence and
 * vetoes. `columns`: what checkSchemeSql found each measure returns (else
 * each measure is asked again).
 */
export async function score(
  db: Db,
  scheme: Scheme,
  year: number,
  onItem?: (id: string, nth: number, of: number) => void,
  columns?: MeasureColumns,
): Promise<void> {
  await createTables(db, 'indicators', 'evidence', 'vetoes');
  await db.run(`ALTER TABLE indicators ADD COLUMN IF NOT EXISTS adjustment DOUBLE`); // a database from before adjustments
  for (const t of ['indicators', 'evidence', 'vetoes']) await db.run(`DELETE FROM ${t} WHERE year = $1`, [year]);
  // the items' rows are checked (checkRows) in one query after the last item, or before a failure is reported: the
  // error is the one of the first item, in the scheme's order, whose rows are bad or whose SQL fails, as if each
  // item's rows were checked right after its statement
  let seq = 0;
  for (const it of scheme.items) {
    seq++;
    onItem?.(it.id, seq, scheme.items.length);
    try {
      await scoreItem(db, it, year, seq, basename(scheme.path), columns?.get(it.id));
    } catch (e) {
      await checkRows(db, scheme, year, seq - 1);
      throw e;
    }
    if (it.evidence) {
      try {
        await storeEvidence(db, it, year);
      } catch (e) {
        await checkRows(db, scheme, year, seq);
        const why = firstLine(e);
        throw new InputError(
          `Scheme item ${it.id}: its evidence SQL fails: ${why}`,
          `考核细则指标 ${it.id}:证据 SQL(evidence)运行失败:${why}`,
        );
      }
    }
  }
  await checkRows(db, scheme, year, seq);
  for (const v of scheme.vetoes) {
    await db
      .run(
        `INSERT INTO vetoes SELECT $year, e.office_id, ${sqlString(v.id)}, e.source, e.row_id::VARCHAR, e.line, e.detail, e.detail_zh
         FROM ${subquery(v.sql)} e`,
        { year },
      )
      .catch((e) => {
        const why = firstLine(e);
        throw new InputError(`Scheme veto ${v.id}: its SQL fails: ${why}`, `考核细则一票否决项 ${v.id}:SQL 运行失败:${why}`);
      });
  }
}

/**
 * One statement per item: the measure, joined to every office and turned
 * into points by its rule, goes straight into indicators (no copy of the
 * measure is kept); columns the measure does not return are NULL.
 */
async function scoreItem(db: Db, it: Item, year: number, seq: number, file: string, known?: string[]): Promise<void> {
  const cols = known ?? (await columnsOf(db, it.measure, year, queryWords.measure(it.id), file));
  const optional = (c: string, type: string) => (cols.includes(c) ? ident(c) : `NULL::${type} AS ${c}`);
  const r = ruleSql(it.rule, it.max);
  try {
    await db.run(
      `INSERT INTO indicators (year, office_id, dimension, indicator, seq, rule, value, target, points, max_points, note, adjustment)
       SELECT $year, o.office_id, ${sqlString(it.dimension)}, ${sqlString(it.id)}, ${seq}, ${sqlString(it.rule.kind)},
              m.value::DOUBLE, ${r.target}, ${r.points}, ${lit(it.max)}, ${r.note}, 0
       FROM offices o LEFT JOIN (
         SELECT office_id, value, ${optional('target', 'DOUBLE')}, ${optional('baseline', 'DOUBLE')}, ${optional('note', 'VARCHAR')}
         FROM ${subquery(it.measure)}) m USING (office_id)`,
      { year },
    );
  } catch (e) {
    const why = firstLine(e);
    throw new InputError(`Scheme item ${it.id}: its measure SQL fails: ${why}`, `考核细则指标 ${it.id}:计分 SQL 运行失败:${why}`);
  }
}

/**
 * The rows of the first `items` items of the scheme, in its order: a measure with two rows for an office gave that
 * office two rows; NaN or ±Infinity (from the value, or from a target or baseline) would reach the totals, ranks and
 * outputs. Throws for the first item with such a row (its first office: two rows before a non-finite number, then by id).
 */
async function checkRows(db: Db, scheme: Scheme, year: number, items: number): Promise<void> {
  if (items === 0) return;
  const bad = await db.one<{
    seq: number;
    office_id: string;
    rows: number;
    value: number | null;
    target: number | null;
    points: number | null;
  }>(
    `SELECT seq, office_id, count(*) AS rows, any_value(value) AS value, any_value(target) AS target, any_value(points) AS points
     FROM indicators WHERE year = $1 AND seq <= $2 GROUP BY seq, office_id
     HAVING count(*) > 1 OR bool_or(NOT isfinite(value) OR NOT isfinite(target) OR NOT isfinite(points))
     ORDER BY seq, count(*) > 1 DESC, office_id LIMIT 1`,
    [year, items],
  );
  if (!bad) return;
  const it = scheme.items[bad.seq - 1];
  if (bad.rows > 1) {
    throw new InputError(
      `Scheme item ${it.id}: its measure returns more than one row for office ${bad.office_id}.`,
      `考核细则指标 ${it.id}:计分 SQL 为单位 ${bad.office_id} 返回了不止一行。`,
    );
  }
  // deduct_over_baseline's target is non-finite only for such a baseline
  const col = notFinite(bad.value)
    ? 'value'
    : !notFinite(bad.target)
      ? 'points'
      : it.rule.kind === 'deduct_over_baseline'
        ? 'baseline'
        : 'target';
  const x = col === 'value' ? bad.value : col === 'points' ? bad.points : bad.target;
  const where = {
    value: ['its measure returns the value', '计分 SQL 返回的 value 为'],
    baseline: ['its measure returns the baseline', '计分 SQL 返回的 baseline 为'],
    target: ['its measure gives the target', '计分 SQL 得出的目标值(target)为'],
    points: ['its measure gives the points', '计分 SQL 得出的分数为'],
  }[col];
  const [orNull, orNullZh] = col === 'value' ? [' (NULL counts as 0)', '(NULL 按 0 计)'] : ['', ''];
  throw new InputError(
    `Scheme item ${it.id}: ${where[0]} ${x} for office ${bad.office_id}, but it must be a finite number${orNull}.`,
    `考核细则指标 ${it.id}:${where[1]} ${x}(单位 ${bad.office_id}),应为有限数值${orNullZh}。`,
  );
}

/** The first line of a DuckDB error: the sentence, without the SQL it points into. */
const firstLine = (e: unknown) => String((e as Error).message).split('\n')[0];

const notFinite = (x: number | null) => x !== null && !Number.isFinite(x);

/**
 * Stores the rows behind the points an office lost on this item. The
 * evidence SQL may read `this_item`: the item's results for the offices that
 * lost points on it (only theirs is kept), so a query that joins it does no
 * work for the others.
 */
async function storeEvidence(db: Db, it: Item, year: number): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE this_item AS
     SELECT office_id, value, target, points, max_points FROM indicators
     WHERE year = $1 AND indicator = $2 AND points < max_points - 1e-9`,
    [year, it.id],
  );
  await db.run(
    `INSERT INTO evidence
     SELECT $year, e.office_id, ${sqlString(it.id)}, e.source, e.row_id::VARCHAR, e.line, e.detail, e.detail_zh
     FROM ${subquery(it.evidence!)} e
     JOIN this_item t ON t.office_id = e.office_id AND t.points < t.max_points - 1e-9`,
    { year },
  );
}
