/**
 * Rank: totals and dimension subtotals, veto, rank within category, tiers
 * with the excellence quota and its tie-breakers, commended offices,
 * advanced individuals, director recommendations and diagnostics, in SQL.
 *
 * Rounding follows the rules: items stay unrounded; the total is the sum of
 * unrounded items rounded to 2 decimals, and ranks and tiers use it. Sums
 * are taken in DECIMAL(38, 12): exact, so a total on a half cent rounds the
 * same way whatever order DuckDB's parallel aggregation adds the items in.
 * Tie-breakers compare unrounded subtotals (to 1e-6, so float noise from a
 * different summation order cannot split a real tie).
 *
 * Result tables (keyed by year):
 *   scores(year, office_id, office_name, category, total, <dimension>..., vetoed, tier, rank, commended,
 *          total_raw, <dimension>_raw..., excellence_order)
 *   quota(year, category, offices, quota, eligible, excellent, overflow)
 *   individuals(year, rank, person_id, name, office_id, points)
 *   recommendations(year, person_id, name, office_id, age, director_years, recommendation)
 *   diagnostics(year, office_id, ...the scheme's diagnostics columns)
 */
import { Db, ident, sqlString } from './db.ts';
import { yearParams, type Scheme } from './scheme.ts';

export async function rank(db: Db, scheme: Scheme, year: number): Promise<void> {
  const dims = scheme.dimensions.map((d) => d.id);
  const t = scheme.tiers;
  // exact sums (DECIMAL, 12 places) so the result never depends on the order a parallel aggregate adds in
  const exact = 'points::DECIMAL(38, 12)';
  const sub = dims.map((d) => `sum(${exact}) FILTER (WHERE dimension = ${sqlString(d)})::DOUBLE AS ${ident(`${d}_raw`)},
      round(sum(${exact}) FILTER (WHERE dimension = ${sqlString(d)}), 2)::DOUBLE AS ${ident(`${d}_rounded`)}`).join(',\n      ');
  const rounded = dims.map((d) => `${ident(`${d}_rounded`)} AS ${ident(d)}`).join(', ');
  const breakers = scheme.tie_breakers.map((d) => `round(${ident(`${d}_raw`)}, 6) DESC`).join(', ');
  const scoresSql = `
    WITH items AS (
      SELECT office_id, sum(${exact})::DOUBLE AS total_raw, round(sum(${exact}), 2)::DOUBLE AS total_rounded,
      ${sub}
      FROM indicators WHERE year = ${year} GROUP BY office_id),
    base AS (
      SELECT o.office_id, o.name AS office_name, o.category, i.total_rounded AS total, ${rounded},
             o.office_id IN (SELECT office_id FROM vetoes WHERE year = ${year}) AS vetoed,
             i.* EXCLUDE (office_id, total_rounded${dims.map((d) => `, ${ident(`${d}_rounded`)}`).join('')})
      FROM offices o JOIN items i USING (office_id)),
    ranked AS (
      SELECT *, rank() OVER (PARTITION BY category ORDER BY vetoed, total DESC) AS rank,
             count(*) OVER (PARTITION BY category) AS category_offices
      FROM base),
    eligible AS (
      SELECT office_id,
             rank() OVER (PARTITION BY category ORDER BY total DESC${breakers ? ', ' + breakers : ''}) AS excellence_order
      FROM ranked WHERE NOT vetoed AND total >= ${t.excellent}),
    marked AS (
      SELECT r.*, e.excellence_order,
             greatest(${scheme.quota.min}, floor(CAST(${scheme.quota.share} AS DECIMAL(18, 6)) * r.category_offices))::INTEGER AS quota
      FROM ranked r LEFT JOIN eligible e USING (office_id))
    SELECT ${year} AS year, office_id, office_name, category, total, ${dims.map(ident).join(', ')}, vetoed,
           CASE WHEN vetoed THEN 'fail'
                WHEN excellence_order <= quota THEN 'excellent'
                WHEN total >= ${t.good} THEN 'good'
                WHEN total >= ${t.pass} THEN 'pass'
                ELSE 'fail' END AS tier,
           rank, coalesce(excellence_order <= quota, false) AS commended,
           total_raw, ${dims.map((d) => ident(`${d}_raw`)).join(', ')}, excellence_order, quota
    FROM marked`;
  await replaceYear(db, 'scores', scoresSql, year);
  await replaceYear(db, 'quota', `
    SELECT ${year} AS year, category, count(*) AS offices, any_value(quota) AS quota,
           count(*) FILTER (WHERE excellence_order IS NOT NULL) AS eligible,
           count(*) FILTER (WHERE tier = 'excellent') AS excellent,
           greatest(0, count(*) FILTER (WHERE tier = 'excellent') - any_value(quota)) AS overflow
    FROM scores WHERE year = ${year} GROUP BY category`, year);

  const ind = scheme.individuals;
  await replaceYear(db, 'individuals', `
    WITH p AS (${ind.sql}),
    candidates AS (
      SELECT p.person_id, s.name, s.office_id, p.points::DOUBLE AS points
      FROM p JOIN staff s USING (person_id)
      WHERE p.points > 0
        AND s.office_id NOT IN (SELECT office_id FROM vetoes WHERE year = ${year})),
    ranked AS (SELECT *, rank() OVER (ORDER BY points DESC) AS rank FROM candidates)
    SELECT ${year} AS year, rank, person_id, name, office_id, points FROM ranked
    WHERE rank <= ${Math.floor(ind.top)}`, year, yearParams(ind.sql, year));

  const dir = scheme.directors;
  await replaceYear(db, 'recommendations', `
    SELECT ${year} AS year, d.person_id, s.name, s.office_id, d.age::INTEGER AS age, d.director_years::INTEGER AS director_years,
           ${sqlString(dir.name)} AS recommendation
    FROM (${dir.sql}) d JOIN staff s USING (person_id)`, year, yearParams(dir.sql, year));

  if (scheme.diagnostics) {
    await replaceYear(db, 'diagnostics', `SELECT ${year} AS year, * FROM (${scheme.diagnostics.sql})`, year,
      yearParams(scheme.diagnostics.sql, year));
  }
}

/**
 * Replaces one year's rows of a result table with `sql`'s rows. The first
 * time, the table is created from the query, so its columns follow the scheme.
 */
async function replaceYear(db: Db, table: string, sql: string, year: number, params?: Record<string, number>): Promise<void> {
  const exists = await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [table]);
  if (Number(exists) === 0) {
    await db.run(`CREATE TABLE ${ident(table)} AS ${sql}`, params && Object.keys(params).length ? params : undefined);
    return;
  }
  // a scheme with other dimensions adds their columns; earlier years keep NULL there
  const p = params && Object.keys(params).length ? params : undefined;
  await db.run(`CREATE OR REPLACE TEMP TABLE replace_rows AS ${sql}`, p);
  const have = new Set((await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(table)})`)).map((r) => r.column_name));
  for (const c of await db.all<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE replace_rows)`)) {
    if (!have.has(c.column_name)) await db.run(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(c.column_name)} ${c.column_type}`);
  }
  await db.run(`DELETE FROM ${ident(table)} WHERE year = $1`, [year]);
  await db.run(`INSERT INTO ${ident(table)} BY NAME SELECT * FROM replace_rows`);
  await db.run(`DROP TABLE replace_rows`);
}
