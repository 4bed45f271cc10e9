/**
 * Sensitivity: how much the ranks, tiers and commendations of a scored year
 * depend on the weights (the items' maximum points) someone chose by hand.
 * Uncertainty analysis in the sense of the JRC/OECD composite-indicator
 * handbook and COINr, done entirely in DuckDB from the stored item results,
 * with no reload.
 *
 * Monte Carlo: draw d scales every item's maximum by an independent factor
 * u(d, i) in [1 - spread, 1 + spread), then rescales so the maxima add up to
 * the scheme's total again: max'(i) = max(i) u(d, i) T / Σ_j max(j) u(d, j)
 * with T = Σ_j max(j) (the scheme's total). An office keeps its achieved
 * fraction of each item, so its points become points × max'/max =
 * points × scale(d, i), scale(d, i) = u(d, i) T / Σ_j max(j) u(d, j).
 * Each draw is ranked by rules.ts `rankingSql`, the SQL the run ranks its
 * own totals with (as scenario 0): the total is the item sum rounded to 2
 * decimals; competition rank within the category, vetoed offices last;
 * excellent = the first quota of the non-vetoed offices with total >=
 * tiers.excellent, ordered by total and then the tie-breaker subtotals, all
 * tied taken; good/pass/fail by the thresholds; commended = excellent. The
 * base the draws are compared with is the run's stored result itself (its
 * scenario 0), read back from `scores`, never re-scored here.
 *
 * The unrounded total of a draw is computed as the stored one plus what the
 * new weights change: total_raw + Σ points × (scale - 1) (the same sum,
 * rearranged; likewise the tie-breaker subtotals), in DOUBLE for speed. (So
 * a draw with unchanged weights need not be the run to the last cent: the
 * run rounds its exact DECIMAL sum, and a double within 1e-12 of a half cent
 * can round the other way; 2 of 15,000 totals at province size. That is why
 * the base is the stored run and not such a draw.)
 *
 * Randomness: u(d, i) comes from DuckDB's hash() of the text
 * "seed:draw:item" mapped to [0, 1) (top 53 bits / 2^53). No random() or
 * setseed(), so results depend only on the seed, never on thread count or
 * batch size. (hash(seed, draw, item) with several arguments is not usable:
 * DuckDB combines the argument hashes by XOR, so the factors of two items
 * would move together across draws.)
 *
 * Shape (vectorised, no loop over offices):
 *   sens_items      one row per scheme item (scheme order)
 *   sens_offices    one row per office: category, vetoed, base results and
 *                   the item points as columns p1..pK
 *   sens_draws      one row per draw: scale - 1 per item as columns g1..gK
 *                   (built from a draws × items factor table)
 *   per batch of draws: offices CROSS JOIN draws, total =
 *   round(total_raw + Σ pk gk, 2)
 *   as one row expression, then rankingSql's windows PARTITION BY draw, category;
 *   each batch appends (office, rank, tier, commended) to sens_ranks, so the
 *   wide intermediate rows never exceed one batch. Per office, one GROUP BY
 *   over sens_ranks: median rank quantile_cont(0.5) (fractional when the two
 *   middle draws differ), p05/p95 quantile_disc (ranks actually reached),
 *   tier and commendation counts.
 *
 * One-at-a-time (COINr remove_elements): for each dimension, its items'
 * maxima set to 0 and the rest rescaled to the total; the rank each office
 * would get, through the same re-scoring.
 *
 * Result tables (schema.ts; keyed by year; a re-run of the analysis replaces
 * its year): sensitivity, sensitivity_dimensions; and the view
 *   v_sensitivity: sensitivity with office name, category and total, and `outdated`
 *     when the year has been re-run since the analysis.
 */
import { Db, ident, sqlString } from './db.ts';
import { InputError } from './errors.ts';
import { schemeOfYear } from './explain.ts';
import { quotaSql, rankingSql, TIERS } from './rules.ts';
import { createTables } from './schema.ts';
import type { Scheme } from './scheme.ts';
import { copyCsv, createFormatters } from './write.ts';

export interface SensitivityOptions {
  year: number;
  draws: number;
  spread: number;
  seed: number;
  /** rows (offices × draws) per batch; the default keeps memory modest at province size */
  batchRows?: number;
}

export type Verdict = 'stable' | 'fragile' | 'contested';

export interface SensitivityOffice {
  office_id: string;
  office_name: string;
  category: string;
  rank: number;
  commended: boolean;
  p_commended: number;
  /** the share of draws agreeing with the decision: what the verdict reads */
  agreement: number;
  verdict: Verdict;
}

export interface SensitivitySummary {
  year: number;
  offices: number;
  draws: number;
  spread: number;
  seed: number;
  commended: number;
  verdicts: Record<Verdict, number>;
  /** the fragile and contested decisions, by category and base rank */
  flagged: SensitivityOffice[];
  /**
   * offices whose stored item points (what the draws re-weight) do not add
   * up to their stored total or tie-breaker subtotals (what the stored ranks
   * come from): 0 unless the database was changed after the run
   */
  baseMismatches: number;
}

/** Verdict thresholds: share of draws that agree with the base decision. */
export const STABLE_AGREEMENT = 0.9;
export const FRAGILE_AGREEMENT = 0.5;

const DEFAULT_BATCH_ROWS = 2_000_000;
const n = (x: number) => `CAST(${String(x)} AS DOUBLE)`;

interface Ctx {
  scheme: Scheme;
  year: number;
}

/** Checks that `year` has a stored run and result; returns its scheme. */
export async function schemeForSensitivity(db: Db, year: number): Promise<Scheme> {
  const noRun = new InputError(
    `The database has no appraisal run for ${year}; run kaoping run first.`,
    `数据库中没有 ${year} 年度的考评结果,请先运行 kaoping run。`,
  );
  const tables = await db.all<{ table_name: string }>(
    `SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND table_name IN ('runs', 'scores', 'indicators')`,
  );
  if (tables.length < 3) throw noRun;
  const runs = await db.scalar<number>(`SELECT count(*) FROM runs WHERE year = $1`, [year]);
  const scored = await db.scalar<number>(`SELECT count(*) FROM scores WHERE year = $1`, [year]);
  if (Number(runs) === 0 || Number(scored) === 0) throw noRun;
  return schemeOfYear(db, year);
}

export async function sensitivity(db: Db, scheme: Scheme, opts: SensitivityOptions): Promise<SensitivitySummary> {
  const { year, draws, spread, seed } = opts;
  const ctx: Ctx = { scheme, year };
  await prepare(db, ctx);
  const offices = Number(await db.scalar(`SELECT count(*) FROM sens_offices`));

  // a tamper check, not a re-scoring: the draws re-weight the stored item points, the base is the stored ranks
  // (rank.ts's ranking of the stored totals), so the two must still belong together
  const sum = (idx: number[]) => (idx.length ? idx.map((i) => `p${i + 1}`).join(' + ') : n(0));
  const itemsOf = (d: string) => scheme.items.flatMap((it, i) => (it.dimension === d ? [i] : []));
  const apart = [
    `abs(${sum(scheme.items.map((_, i) => i))} - total_raw) > 1e-6`,
    ...scheme.tie_breakers.map((b, j) => `abs(${sum(itemsOf(b))} - base_tb${j + 1}) > 1e-6`),
  ].join(' OR ');
  const baseMismatches = Number(await db.scalar(`SELECT count(*) FROM sens_offices WHERE ${apart}`));

  // Monte Carlo
  await drawScales(db, ctx, draws, spread, seed);
  await db.run(`CREATE OR REPLACE TEMP TABLE sens_ranks (office_no INTEGER, rank INTEGER, tier UTINYINT, commended BOOLEAN)`);
  const perBatch = Math.max(1, Math.floor((opts.batchRows ?? DEFAULT_BATCH_ROWS) / Math.max(1, offices)));
  for (let lo = 1; lo <= draws; lo += perBatch) {
    const hi = Math.min(draws, lo + perBatch - 1);
    await db.run(`INSERT INTO sens_ranks SELECT office, rank, tier, commended
                  FROM (${drawRanksSql(ctx, 'sens_draws', `scenario BETWEEN ${lo} AND ${hi}`)})`);
  }

  // per office: rank percentiles, tier probabilities, verdict
  const runId = await db.scalar<number>(`SELECT max(run_id) FROM runs WHERE year = $1`, [year]);
  await db.run(
    `
    CREATE OR REPLACE TEMP TABLE sens_result AS
    WITH c AS (
      SELECT office_no, quantile_cont(rank, 0.5)::DOUBLE AS rank_median,
             quantile_disc(rank, 0.05)::DOUBLE AS rank_p05, quantile_disc(rank, 0.95)::DOUBLE AS rank_p95,
             count(*) AS n, ${TIERS.map((t, i) => `count(*) FILTER (WHERE tier = ${i}) AS n_${t}`).join(', ')},
             count(*) FILTER (WHERE commended) AS n_commended
      FROM sens_ranks GROUP BY office_no)
    SELECT $year::INTEGER AS year, o.office_id, ${runId ?? 'NULL'}::INTEGER AS run_id, o.rank, o.tier, o.commended,
           c.rank_median, c.rank_p05, c.rank_p95,
           c.n_excellent / c.n AS p_excellent, c.n_good / c.n AS p_good, c.n_pass / c.n AS p_pass, c.n_fail / c.n AS p_fail,
           c.n_commended / c.n AS p_commended,
           CASE WHEN o.commended THEN c.n_commended ELSE c.n - c.n_commended END AS agree, c.n,
           agree / c.n AS agreement,
           CASE WHEN agree * 10 >= c.n * ${Math.round(STABLE_AGREEMENT * 10)} THEN 'stable'
                WHEN agree * 10 >= c.n * ${Math.round(FRAGILE_AGREEMENT * 10)} THEN 'fragile'
                ELSE 'contested' END AS verdict,
           ${draws}::INTEGER AS draws, ${n(spread)} AS spread, ${seed}::BIGINT AS seed
    FROM sens_offices o JOIN c USING (office_no)`,
    { year },
  );

  // one at a time: each dimension removed
  const dims = scheme.dimensions.filter((d) => d.items.some((it) => it.max > 0));
  const removable = dims.length > 1 ? dims : [];
  if (removable.length > 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE sens_removed AS
      SELECT * FROM (VALUES ${removable.map((d, i) => `(${i + 1}, ${sqlString(d.id)})`).join(', ')}) v(scenario, dimension)`);
    const total = scheme.items.reduce((s, it) => s + it.max, 0);
    const scale = (dimension: string) => {
      const rest = scheme.items.filter((it) => it.dimension !== dimension).reduce((s, it) => s + it.max, 0);
      return scheme.items.map((it, i) => `${it.dimension === dimension ? n(-1) : `${n(total)} / ${n(rest)} - 1`} AS g${i + 1}`).join(', ');
    };
    await db.run(`CREATE OR REPLACE TEMP TABLE sens_oat AS
      ${removable.map((d, i) => `SELECT ${i + 1} AS scenario, ${scale(d.id)}`).join('\nUNION ALL ')}`);
  }

  await store(db, ctx, removable.length > 0);
  const summary = await summarise(db, ctx, { draws, spread, seed, offices, baseMismatches });
  for (const t of ['sens_items', 'sens_offices', 'sens_draws', 'sens_ranks', 'sens_result', 'sens_removed', 'sens_oat']) {
    await db.run(`DROP TABLE IF EXISTS temp.main.${t}`);
  }
  return summary;
}

/** sens_items and sens_offices: the stored results of the year, one row per office with its item points as columns. */
async function prepare(db: Db, ctx: Ctx): Promise<void> {
  const { scheme, year } = ctx;
  await db.run(`CREATE OR REPLACE TEMP TABLE sens_items AS
    SELECT * FROM (VALUES ${scheme.items.map((it, i) => `(${i + 1}, ${sqlString(it.id)}, ${sqlString(it.dimension)}, ${n(it.max)})`).join(', ')})
      v(item_no, item_id, dimension, max_points)`);
  const cols = scheme.items.map(
    (it, i) => `coalesce(max(i.points) FILTER (WHERE i.indicator = ${sqlString(it.id)}), 0)::DOUBLE AS p${i + 1}`,
  );
  await db.run(
    `
    CREATE OR REPLACE TEMP TABLE sens_offices AS
    WITH pts AS (
      SELECT i.office_id, ${cols.join(',\n             ')}
      FROM indicators i WHERE i.year = $year GROUP BY i.office_id)
    SELECT (row_number() OVER (ORDER BY s.office_id))::INTEGER AS office_no, s.office_id, s.office_name, s.category,
           (dense_rank() OVER (ORDER BY s.category))::INTEGER AS cat_no, s.vetoed,
           s.rank::INTEGER AS rank, s.tier, s.commended, s.total_raw,${scheme.tie_breakers.map((b, j) => ` s.${ident(`${b}_raw`)} AS base_tb${j + 1},`).join('')}
           ${quotaSql(scheme.quota, 'count(*) OVER (PARTITION BY s.category)')} AS quota,
           pts.* EXCLUDE (office_id)
    FROM scores s JOIN pts USING (office_id)
    WHERE s.year = $year`,
    { year },
  );
}

/**
 * sens_draws(scenario, g1..gK): scale - 1 for each item of each draw, from a
 * draws × items factor table. u = 1 - spread + 2 spread h, h in [0, 1) from
 * hash('seed:draw:item'); scale = u × Σ max / Σ max × u, both sums taken the
 * same way, so u = 1 everywhere gives scale 1 exactly.
 */
async function drawScales(db: Db, ctx: Ctx, draws: number, spread: number, seed: number): Promise<void> {
  const { scheme } = ctx;
  const h = `(hash(concat_ws(':', ${seed}::BIGINT, d.draw, it.item_id)) >> 11)::DOUBLE / 9007199254740992.0`;
  const cols = scheme.items.map((_, i) => `max(scale - 1) FILTER (WHERE item_no = ${i + 1}) AS g${i + 1}`).join(', ');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE sens_draws AS
    WITH f AS (
      SELECT d.draw, it.item_no, it.max_points, ${n(1)} - ${n(spread)} + ${n(2 * spread)} * ${h} AS u
      FROM range(1, ${draws + 1}) d(draw) CROSS JOIN sens_items it),
    s AS (
      SELECT draw, item_no,
             u * sum(max_points * ${n(1)}) OVER (PARTITION BY draw) / nullif(sum(max_points * u) OVER (PARTITION BY draw), 0) AS scale
      FROM f)
    SELECT draw::INTEGER AS scenario, ${cols} FROM s GROUP BY draw`);
}

/**
 * Every office ranked under every scenario (a row of scale - 1 per item) of
 * `table` by rules.ts's rankingSql: (scenario, office (office_no), rank,
 * excellence_order, tier (as a TIERS index), commended), the order among the
 * eligible exact only where it decides the tier (order: 'tiers').
 */
function drawRanksSql(ctx: Ctx, table: string, where = 'true'): string {
  const { scheme } = ctx;
  const delta = (idx: number[]) => idx.map((i) => ` + o.p${i + 1} * d.g${i + 1}`).join('');
  const all = scheme.items.map((_, i) => i);
  const breakers = scheme.tie_breakers
    .map((b, j) => {
      const idx = scheme.items.flatMap((it, i) => (it.dimension === b ? [i] : []));
      return `,\n             o.base_tb${j + 1}${delta(idx)} AS tb${j + 1}`;
    })
    .join('');
  return rankingSql(
    scheme,
    `
      SELECT d.scenario, o.office_no AS office, o.cat_no AS category, o.vetoed, o.quota,
             round(o.total_raw${delta(all)}, 2) AS total${breakers}
      FROM (SELECT * FROM ${ident(table)} WHERE ${where}) d CROSS JOIN sens_offices o`,
    { order: 'tiers' },
  );
}

/** Replaces the year's rows of sensitivity and sensitivity_dimensions in one transaction; (re)creates the view. */
async function store(db: Db, ctx: Ctx, withDimensions: boolean): Promise<void> {
  const { year } = ctx;
  await createTables(db, 'sensitivity', 'sensitivity_dimensions');
  await db.run(`
    CREATE OR REPLACE VIEW v_sensitivity AS
      SELECT t.year, t.office_id, s.office_name, s.category, s.total, t.rank, t.tier, t.commended,
             t.rank_median, t.rank_p05, t.rank_p95, t.p_excellent, t.p_good, t.p_pass, t.p_fail, t.p_commended,
             t.agreement, t.verdict, t.draws, t.spread, t.seed, t.run_id,
             t.run_id IS DISTINCT FROM (SELECT max(r.run_id) FROM runs r WHERE r.year = t.year) AS outdated
      FROM sensitivity t LEFT JOIN scores s USING (year, office_id);`);
  await db.run('BEGIN TRANSACTION');
  try {
    await db.run(`DELETE FROM sensitivity WHERE year = $year; DELETE FROM sensitivity_dimensions WHERE year = $year;`, { year });
    await db.run(`INSERT INTO sensitivity BY NAME SELECT * EXCLUDE (agree, n) FROM sens_result`);
    if (withDimensions) {
      await db.run(
        `
        INSERT INTO sensitivity_dimensions
        SELECT $year, o.office_id, m.dimension, r.rank, r.rank - o.rank
        FROM (${drawRanksSql(ctx, 'sens_oat')}) r JOIN sens_removed m USING (scenario)
        JOIN sens_offices o ON o.office_no = r.office`,
        { year },
      );
    }
    await db.run('COMMIT');
  } catch (e) {
    await db.run('ROLLBACK');
    throw e;
  }
}

async function summarise(
  db: Db,
  ctx: Ctx,
  r: { draws: number; spread: number; seed: number; offices: number; baseMismatches: number },
): Promise<SensitivitySummary> {
  const counts = await db.all<{ verdict: Verdict; n: number }>(`SELECT verdict, count(*) AS n FROM sens_result GROUP BY verdict`);
  const verdicts: Record<Verdict, number> = { stable: 0, fragile: 0, contested: 0 };
  for (const c of counts) verdicts[c.verdict] = Number(c.n);
  const commended = Number(await db.scalar(`SELECT count(*) FROM sens_result WHERE commended`));
  const flagged = await db.all<SensitivityOffice>(`
    SELECT t.office_id, o.office_name, o.category, t.rank, t.commended, t.p_commended, t.agreement, t.verdict
    FROM sens_result t JOIN sens_offices o USING (office_id)
    WHERE t.verdict <> 'stable' ORDER BY o.category, t.rank, t.office_id`);
  return {
    year: ctx.year,
    offices: r.offices,
    draws: r.draws,
    spread: r.spread,
    seed: r.seed,
    commended,
    verdicts,
    flagged,
    baseMismatches: r.baseMismatches,
  };
}

/** OUT/sensitivity.csv for one year: the contract's columns, numbers with 2 decimals, UTF-8 with BOM. */
export async function writeSensitivityCsv(db: Db, year: number, path: string): Promise<void> {
  await createFormatters(db);
  await copyCsv(
    db,
    `
    SELECT t.year, kp_cell(t.office_id) AS office_id, kp_num(t.rank_median) AS rank_median, kp_num(t.rank_p05) AS rank_p05,
           kp_num(t.rank_p95) AS rank_p95, kp_num(t.p_excellent) AS p_excellent, kp_num(t.p_commended) AS p_commended, t.verdict
    FROM sensitivity t LEFT JOIN scores s USING (year, office_id)
    WHERE t.year = $year
    ORDER BY s.category, t.rank, t.office_id`,
    path,
    { year },
  );
}
