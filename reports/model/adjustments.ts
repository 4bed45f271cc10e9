/**
 * The adjustments model: the valid adjustments (复核调整) applied in the
 * year's appraisal (pipeline/adjustments.ts writes them to
 * `adjustments_applied`), each with what it did: an exclusion with the row it
 * took out (`excluded_rows`: file and line), a points adjustment with its
 * item's points before and after the year's points adjustments of that item
 * (`indicators`: points, and adjustment = after - before). Two queries, both
 * small (a year has a handful of decisions, not one per office); a model of
 * one office reads that office's adjustments, and the year's counts in SQL
 * (the navigation and the methodology page say whether the year has any).
 *
 * A database from before adjustments (no adjustments_applied table) has none.
 */
import { relationColumns } from '../../pipeline/db.ts';
import { groupBy, num, numOrNull, textOrNull, type Reader, type Scope } from './read.ts';
import type { Adjustment, AdjustmentModel } from './types.ts';

export async function loadAdjustments(reader: Reader, scope: Scope): Promise<AdjustmentModel> {
  const columns = new Set(await relationColumns(reader, 'adjustments_applied'));
  if (columns.size === 0) return noAdjustments();
  const counts = { exclude: 0, points: 0 };
  const byAction = await reader.all<{ action: string; n: number }>(
    `
    SELECT action, count(*) AS n FROM adjustments_applied WHERE year = $year GROUP BY action ORDER BY action`,
    { year: scope.year },
  );
  for (const r of byAction) if (r.action === 'exclude' || r.action === 'points') counts[r.action] = num(r.n);
  if (counts.exclude + counts.points === 0) return noAdjustments();
  const excluded = (await relationColumns(reader, 'excluded_rows')).length > 0;
  // before: the item's points without the year's points adjustments (indicators.adjustment is what they changed)
  const adjusted = (await relationColumns(reader, 'indicators')).includes('adjustment') ? 'coalesce(i.adjustment, 0)' : '0';
  const rows = await reader.all(
    `
    SELECT a.adjustment_id, a.office_id, a.action, a.source, a.row_id, a.indicator, a.points, a.reason, a.decided_by,
           strftime(a.decided_on, '%Y-%m-%d') AS decided_on,
           ${excluded ? 'x.file, x.line' : 'NULL AS file, NULL AS line'},
           CASE WHEN a.action = 'points' THEN i.points - ${adjusted} END AS before,
           CASE WHEN a.action = 'points' THEN i.points END AS after
    FROM adjustments_applied a
    ${excluded ? 'LEFT JOIN excluded_rows x ON x.year = a.year AND x.adjustment_id = a.adjustment_id' : ''}
    LEFT JOIN indicators i ON i.year = a.year AND i.office_id = a.office_id AND i.indicator = a.indicator
    WHERE a.year = $year${scope.only('a.office_id')}
    ORDER BY a.adjustment_id, a.office_id`,
    scope.params,
  );
  const adjustments: Adjustment[] = rows.map((r) => ({
    adjustment_id: String(r.adjustment_id),
    office_id: String(r.office_id),
    action: r.action === 'points' ? 'points' : 'exclude',
    source: textOrNull(r.source),
    row_id: textOrNull(r.row_id),
    indicator: textOrNull(r.indicator),
    points: numOrNull(r.points),
    reason: String(r.reason ?? ''),
    decided_by: String(r.decided_by ?? ''),
    decided_on: String(r.decided_on ?? ''),
    file: textOrNull(r.file),
    line: numOrNull(r.line),
    before: numOrNull(r.before),
    after: numOrNull(r.after),
  }));
  return { adjustments, adjustmentsOf: groupBy(adjustments, (a) => a.office_id), adjustmentCounts: counts };
}

/** The adjustments of a year without any. */
export function noAdjustments(): AdjustmentModel {
  return { adjustments: [], adjustmentsOf: new Map(), adjustmentCounts: { exclude: 0, points: 0 } };
}

/** Whether the year's appraisal applied any adjustment (the page, the navigation entry and the methodology note exist only then). */
export function hasAdjustments(m: AdjustmentModel): boolean {
  return m.adjustmentCounts.exclude + m.adjustmentCounts.points > 0;
}
