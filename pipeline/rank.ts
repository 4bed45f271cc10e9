/**
 * Rank: totals and dimension subtotals and the veto from the item points;
 * rank within category, tiers with the excellence quota and its
 * tie-breakers, and commended offices by rules.ts (`rankingSql`, the run's
 * totals as its scenario 0); advanced individuals, director recommendations
 * and diagnostics. All in SQL.
 *
 * Rounding follows the rules: items stay unrounded; the total is the sum of
 * unrounded items rounded to 2 decimals, and ranks and tiers use it. Sums
 * are taken in DECIMAL(38, 12): exact, so a total on a half cent rounds the
 * same way whatever order DuckDB's parallel aggregation adds the items in.
 * Tie-breakers compare unrounded subtotals (rules.ts rounds them to 1e-6, so
 * float noise from a different summation order cannot split a real tie).
 *
 * Result tables (schema.ts; keyed by year): scores, quota, individuals,
 * recommendations, diagnostics.
 */
import { Db, ident, sqlString, subquery } from './db.ts';
import { quotaSql, rankingSql, tierName } from './rules.ts';
import { replaceYear, scoresColumns } from './schema.ts';
import type { Scheme } from './scheme.ts';

export async function rank(db: Db, scheme: Scheme, year: number): Promise<void> {
  await replaceYear(db, 'scores', scoresSql(scheme), year, scoresColumns(scheme.dimensions.map((d) => d.id)));
  await replaceYear(
    db,
    'quota',
    `
    SELECT $year::INTEGER AS year, category, count(*) AS offices, any_value(quota) AS quota,
           count(*) FILTER (WHERE excellence_order IS NOT NULL) AS eligible,
           count(*) FILTER (WHERE tier = 'excellent') AS excellent,
           greatest(0, count(*) FILTER (WHERE tier = 'excellent') - any_value(quota)) AS overflow
    FROM scores WHERE year = $year GROUP BY category`,
    year,
  );

  const ind = scheme.individuals;
  await replaceYear(
    db,
    'individuals',
    `
    WITH p AS ${subquery(ind.sql)},
    candidates AS (
      SELECT p.person_id, s.name, s.office_id, p.points::DOUBLE AS points
      FROM p JOIN staff s USING (person_id)
      WHERE p.points > 0
        AND s.office_id NOT IN (SELECT office_id FROM vetoes WHERE year = $year)),
    ranked AS (SELECT *, rank() OVER (ORDER BY points DESC) AS rank FROM candidates)
    SELECT $year::INTEGER AS year, rank, person_id, name, office_id, points FROM ranked
    WHERE rank <= ${Math.floor(ind.top)}`,
    year,
  );

  const dir = scheme.directors;
  await replaceYear(
    db,
    'recommendations',
    `
    SELECT $year::INTEGER AS year, d.person_id, s.name, s.office_id, d.age::INTEGER AS age, d.director_years::INTEGER AS director_years,
           ${sqlString(dir.name)} AS recommendation
    FROM ${subquery(dir.sql)} d JOIN staff s USING (person_id)`,
    year,
  );

  if (scheme.diagnostics) {
    await replaceYear(db, 'diagnostics', `SELECT $year::INTEGER AS year, * FROM ${subquery(scheme.diagnostics.sql)}`, year);
  }
}

/**
 * The year's scores: totals and dimension subtotals from the item points,
 * the veto, and rules.ts's ranking of them as scenario 0.
 */
function scoresSql(scheme: Scheme): string {
  const dims = scheme.dimensions.map((d) => d.id);
  // exact sums (DECIMAL, 12 places) so the result never depends on the order a parallel aggregate adds in
  const exact = 'points::DECIMAL(38, 12)';
  const sub = dims
    .map(
      (d) => `sum(${exact}) FILTER (WHERE dimension = ${sqlString(d)})::DOUBLE AS ${ident(`${d}_raw`)},
      round(sum(${exact}) FILTER (WHERE dimension = ${sqlString(d)}), 2)::DOUBLE AS ${ident(`${d}_rounded`)}`,
    )
    .join(',\n      ');
  const rounded = dims.map((d) => `${ident(`${d}_rounded`)} AS ${ident(d)}`).join(', ');
  const breakers = scheme.tie_breakers.map((b, j) => `, ${ident(`${b}_raw`)} AS tb${j + 1}`).join('');
  return `
    WITH items AS (
      SELECT office_id, sum(${exact})::DOUBLE AS total_raw, round(sum(${exact}), 2)::DOUBLE AS total_rounded,
      ${sub}
      FROM indicators WHERE year = $year GROUP BY office_id),
    base AS (
      SELECT o.office_id, o.name AS office_name, o.category, i.total_rounded AS total, ${rounded},
             o.office_id IN (SELECT office_id FROM vetoes WHERE year = $year) AS vetoed,
             ${quotaSql(scheme.quota, 'count(*) OVER (PARTITION BY o.category)')} AS quota,
             i.* EXCLUDE (office_id, total_rounded${dims.map((d) => `, ${ident(`${d}_rounded`)}`).join('')})
      FROM offices o JOIN items i USING (office_id)),
    ranked AS (${rankingSql(
      scheme,
      `
      SELECT 0 AS scenario, office_id AS office, category, vetoed, total, quota${breakers} FROM base`,
    )})
    SELECT $year::INTEGER AS year, b.office_id, b.office_name, b.category, b.total,
           ${dims.map((d) => `b.${ident(d)}`).join(', ')}, b.vetoed,
           ${tierName('r.tier')} AS tier, r.rank, r.commended,
           b.total_raw, ${dims.map((d) => `b.${ident(`${d}_raw`)}`).join(', ')}, r.excellence_order, b.quota
    FROM base b JOIN ranked r ON r.office = b.office_id`;
}
