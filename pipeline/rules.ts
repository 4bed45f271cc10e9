/**
 * The rules that turn totals into outcomes, in one place: the rank within a
 * category (vetoed offices last), the excellence quota and the tie-breakers
 * at its boundary, the tiers, and the commendation. The SQL that applies
 * them and the sentences that state them come from the same numbers, so the
 * run, the sensitivity analysis and the pages cannot tell different stories.
 *
 * `rankingSql` ranks scenarios: a scenario is one set of totals for every
 * office. The run ranks one, scenario 0, its own totals (rank.ts); the
 * sensitivity analysis ranks its draws of the weights with the same SQL
 * (sensitivity.ts), so its base is the run's stored result by construction.
 */
import { CLASSIFIED_SECRECY, TABLES } from './contract.ts';
import { sqlString } from './db.ts';
import { common } from '../words/common.ts';
import type { Lang } from '../words/index.ts';
import { ruleWord } from '../words/rules.ts';
import { sharePercent } from '../words/units.ts';

/** The scheme's numbers these rules read. */
export interface RankingRules {
  tiers: { excellent: number; good: number; pass: number };
  quota: { share: number; min: number };
  tie_breakers: string[];
}

/** Tiers, best first; `rankingSql` gives a tier as its index here (a small integer sorts and stores cheaply). */
export const TIERS = ['excellent', 'good', 'pass', 'fail'] as const;
export type Tier = (typeof TIERS)[number];

/** SQL: the tier's name from its index in TIERS. */
export function tierName(code: string): string {
  return `[${TIERS.map(sqlString).join(', ')}][${code} + 1]`;
}

const double = (x: number) => `CAST(${String(x)} AS DOUBLE)`;
const code = (t: Tier) => String(TIERS.indexOf(t));

/**
 * SQL: the excellence quota of a category of `offices` (an SQL expression):
 * max(min, floor(share × offices)), the share taken as a decimal so that
 * 0.2 × 15 is 3, not 2.9999999999999996.
 */
export function quotaSql(quota: RankingRules['quota'], offices: string): string {
  return `greatest(${quota.min}, floor(CAST(${quota.share} AS DECIMAL(18, 6)) * ${offices}))::INTEGER`;
}

/**
 * SQL ranking every scenario of `totals`, a query returning one row per
 * scenario and office:
 *   (scenario, office, category, vetoed, total, tb1..tbN, quota)
 * where total is the total rounded to 2 decimals, tbK the unrounded subtotal
 * of the K-th tie-breaker and quota the category's excellence quota. It
 * returns
 *   (scenario, office, rank, excellence_order, tier, commended)
 * - rank: competition rank ("1224") within the scenario's category by total,
 *   descending, non-vetoed offices first;
 * - excellence_order: for an office eligible for excellent (not vetoed,
 *   total >= tiers.excellent), its competition rank among the eligible by
 *   total and then the tie-breaker subtotals rounded to 6 decimals (so float
 *   noise cannot split a real tie), all descending; NULL for the others;
 * - tier: the index in TIERS: fail when vetoed; excellent when
 *   excellence_order <= quota (offices still tied at the boundary are all
 *   taken); good and pass by the thresholds; fail below;
 * - commended: excellent.
 *
 * Both windows sort on one integer key, (vetoed, total in cents): far faster
 * than a boolean and a double (this runs for every office of every draw of a
 * sensitivity analysis). The total in cents is exact: a total rounded to 2
 * decimals is the double nearest k/100, and × 100 cast to BIGINT (which
 * rounds) gives k back, so the key orders offices exactly as the total does.
 * The excellence order needs no window of its own over the eligible offices:
 * sorted by (vetoed, total desc, tie-breakers desc), every office ahead of an
 * eligible one is itself eligible (not vetoed, a total at least as high), so
 * its rank in that order is its rank among the eligible.
 *
 * `order: 'tiers'` (the sensitivity's draws) gives the same rank, tier and
 * commended with an excellence_order exact only where it decides the tier: a
 * tie across the quota boundary (elsewhere the office's rank, on the same side
 * of the quota as its exact order), without the second sort of every office.
 */
export function rankingSql(rules: RankingRules, totals: string, opts: { order?: 'exact' | 'tiers' } = {}): string {
  const t = rules.tiers;
  const tbs = rules.tie_breakers.map((_, j) => `tb${j + 1}`);
  const byKey = 'PARTITION BY scenario, category ORDER BY sort_key';
  const breakers = tbs.map((tb) => `, round(${tb}, 6) DESC`).join('');
  const keyed = `
    WITH totals AS (
${totals}
    ),
    keyed AS (
      SELECT scenario, office, category, vetoed, total, quota${tbs.map((tb) => `, ${tb}`).join('')},
             (vetoed::BIGINT << 40) - (total * 100)::BIGINT AS sort_key,
             NOT vetoed AND total >= ${double(t.excellent)} AS eligible
      FROM totals),`;
  const tiers = `
    SELECT scenario, office, rank, excellence_order,
           (CASE WHEN vetoed THEN ${code('fail')}
                 WHEN excellence_order <= quota THEN ${code('excellent')}
                 WHEN total >= ${double(t.good)} THEN ${code('good')}
                 WHEN total >= ${double(t.pass)} THEN ${code('pass')}
                 ELSE ${code('fail')} END)::UTINYINT AS tier,
           coalesce(excellence_order <= quota, false) AS commended`;
  if (opts.order !== 'tiers') {
    return `${keyed}
    ordered AS (
      SELECT scenario, office, vetoed, total, quota,
             rank() OVER (${byKey}) AS rank,
             CASE WHEN eligible THEN rank() OVER (${byKey}${breakers}) END AS excellence_order
      FROM keyed)${tiers}
    FROM ordered`;
  }
  // An eligible office's excellence order lies in rank .. rank + peers - 1 (peers: the offices of its total, itself
  // included, all eligible with it): above the quota when rank is, within it when rank + peers - 1 is. Only a tie
  // across the quota boundary needs the tie-breakers: its offices' order among their peers, from the peers alone.
  return `${keyed}
    ordered AS (
      SELECT scenario, office, category, sort_key, eligible, vetoed, total, quota${tbs.map((tb) => `, ${tb}`).join('')},
             rank() OVER w AS rank,
             count(*) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS peers
      FROM keyed WINDOW w AS (${byKey})),
    across AS (
      SELECT scenario, office, rank - 1 + rank() OVER (PARTITION BY scenario, category, sort_key ORDER BY sort_key${breakers}) AS order_among
      FROM ordered WHERE eligible AND rank <= quota AND rank + peers - 1 > quota),
    placed AS (
      SELECT o.scenario, o.office, o.vetoed, o.total, o.quota, o.rank,
             CASE WHEN o.eligible THEN coalesce(a.order_among, o.rank) END AS excellence_order
      FROM ordered o LEFT JOIN across a ON a.scenario = o.scenario AND a.office = o.office)${tiers}
    FROM placed`;
}

// ---------------------------------------------------------------------------
// The facts the rules are stated in, each defined once as a DuckDB macro: the
// scheme's measures (through its own readable names: active_staff,
// classified ...), the analysis views (history.ts) and the report read these.

/**
 * - kp_in_year(d, y): the date d falls in year y (y-01-01..y-12-31);
 * - kp_active(joined_on, left_on, y): a person is active in y: joined by
 *   y-12-31 and not left before y-01-01; kp_active_staff(y): the staff rows
 *   of the persons active in y;
 * - kp_classified(secrecy): a classified (涉密) document (contract.ts
 *   CLASSIFIED_SECRECY);
 * - kp_overdue_at_year_end(due_on, completed_on, y): a supervision item due
 *   in y and not completed by y-12-31;
 * - kp_label(table, column, code): the contract's Chinese label of an enum
 *   code (kp_label('documents', 'secrecy', 'secret') = '秘密'); NULL for a
 *   NULL or unknown code.
 */
export function factMacrosSql(withStaff = true): string {
  const activeStaff = 'CREATE OR REPLACE MACRO kp_active_staff(y) AS TABLE SELECT * FROM staff WHERE kp_active(joined_on, left_on, y);';
  return `
    CREATE OR REPLACE MACRO kp_in_year(d, y) AS d BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31);
    CREATE OR REPLACE MACRO kp_active(joined_on, left_on, y) AS
      joined_on <= make_date(y, 12, 31) AND (left_on IS NULL OR left_on >= make_date(y, 1, 1));
    ${withStaff ? activeStaff : ''}
    CREATE OR REPLACE MACRO kp_classified(secrecy) AS secrecy IN (${CLASSIFIED_SECRECY.map(sqlString).join(', ')});
    CREATE OR REPLACE MACRO kp_overdue_at_year_end(due_on, completed_on, y) AS
      kp_in_year(due_on, y) AND (completed_on IS NULL OR completed_on > make_date(y, 12, 31));
    CREATE OR REPLACE MACRO kp_label(tbl, col, code) AS ${labelCase()};`;
}

/** The macros of factMacrosSql, by name. */
export const FACT_MACROS = ['kp_in_year', 'kp_active', 'kp_active_staff', 'kp_classified', 'kp_overdue_at_year_end', 'kp_label'];

/**
 * Creates (or replaces) the fact macros in `db`: every database kaoping
 * writes has them. kp_active_staff only where there is a staff table or view
 * (DuckDB binds a table macro's query when it is made).
 */
export async function createFactMacros(db: { run(sql: string): Promise<unknown>; all(sql: string): Promise<unknown[]> }): Promise<void> {
  const staff = await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'staff'
                              UNION ALL SELECT 1 FROM duckdb_views() WHERE view_name = 'staff'`);
  await db.run(factMacrosSql(staff.length > 0));
}

/**
 * kp_label's body: CASE on the table, then the column, then the code. Called
 * with a constant table and column, DuckDB folds the outer two away, so a
 * label costs what a CASE written out for the one column would.
 */
function labelCase(): string {
  const tables = TABLES.map((t) => ({ name: t.name, enums: t.columns.filter((c) => c.values) })).filter((t) => t.enums.length > 0);
  const codes = (values: Record<string, string>) =>
    `CASE code ${Object.entries(values)
      .map(([k, v]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`)
      .join(' ')} END`;
  return `CASE tbl ${tables
    .map(
      (t) =>
        `WHEN ${sqlString(t.name)} THEN CASE col ${t.enums.map((c) => `WHEN ${sqlString(c.name)} THEN ${codes(c.values!)}`).join(' ')} END`,
    )
    .join(' ')} END`;
}

// ---------------------------------------------------------------------------
// The same rules in words, for the pages, explain and the documents.

/** What the words need of a scheme (scheme.ts's Scheme has it; this module does not import scheme.ts, which imports it). */
type Named = { dimensions: { id: string; name: string; name_en: string }[] };

/** The tie-breakers by name, in order: 督查督办、信息调研 / Supervision, Information and research. */
export function tieBreakerNames(scheme: RankingRules & Named, lang: Lang): string {
  return scheme.tie_breakers
    .map((b) => {
      const d = scheme.dimensions.find((x) => x.id === b);
      return d ? (lang === 'zh' ? d.name : d.name_en) : b;
    })
    .join(common(lang, 'listSep'));
}

/** The quota in words: 本类别单位数的20%(向下取整),至少1个 (the formula max(min, ⌊share × offices⌋)). */
export function quotaWords(quota: RankingRules['quota'], lang: Lang): string {
  return ruleWord(lang, 'quota', { min: quota.min, percent: sharePercent(quota.share) });
}

/**
 * The tiers, the quota, the tie-breakers, the veto's effect and the ranking
 * in one paragraph (the methodology page's 等次与评优).
 */
export function tiersWords(scheme: RankingRules & Named, lang: Lang): string {
  const { excellent, good, pass } = scheme.tiers;
  const breakers = tieBreakerNames(scheme, lang) || '—';
  const quota = quotaWords(scheme.quota, lang);
  return ruleWord(lang, 'tiers', { excellent, good, pass, quota, breakers });
}

/** What a veto does to an office (the veto banner of an office page, explain). */
export function vetoWords(lang: Lang): string {
  return ruleWord(lang, 'veto');
}
