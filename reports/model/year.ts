/**
 * The year model: the offices in ranking order, the categories with their
 * quota and statistics, each office's earlier years, and the advanced
 * individuals and director recommendations.
 */
import { ident, relationColumns, type Db } from '../../pipeline/db.ts';
import type { Scheme } from '../../pipeline/scheme.ts';
import { groupBy, median, num, numOrNull, readColumns, sqlMedians, textOrNull, type Reader, type Scope } from './read.ts';
import type { Category, HistoryPoint, Indicator, Office, Person, QuotaRow, YearModel } from './types.ts';

/**
 * The year's offices (or the one office of the scope), in category and rank
 * order, read column by column: at a national year (400,000 offices) row
 * objects would double the memory of this read.
 */
export async function loadOffices(db: Db, reader: Reader, scheme: Scheme, scope: Scope): Promise<Office[]> {
  const dims = scheme.dimensions.map((d) => d.id);
  const scoreCols = new Set(await relationColumns(reader, 'scores'));
  const region = (await relationColumns(reader, 'offices')).includes('region') ? 'o.region' : 'NULL';
  const dimSel = dims.map((d, i) => `${scoreCols.has(d) ? `s.${ident(d)}` : 'NULL'} AS "d${i}"`).join(', ');
  const sc = await readColumns(
    db,
    `
    SELECT s.office_id, s.office_name, s.category, ${region} AS region, s.total, s.total_raw, ${dimSel},
           s.vetoed, s.tier, s.rank, s.commended, s.excellence_order
    FROM scores s LEFT JOIN offices o USING (office_id)
    WHERE s.year = $year${scope.only('s.office_id')} ORDER BY s.category, s.rank, s.office_id`,
    scope.params,
  );
  const names = [
    'office_id',
    'office_name',
    'category',
    'region',
    'total',
    'total_raw',
    'vetoed',
    'tier',
    'rank',
    'commended',
    'excellence_order',
  ];
  const [oid, name, category, reg, total, totalRaw, vetoed, tier, rank, commended, excellence] = names.map(sc.col);
  const dimCols = dims.map((_, i) => sc.col(`d${i}`));
  const offices: Office[] = new Array(sc.n);
  let pos = 0;
  for (let i = 0; i < sc.n; i++) {
    const cat = String(category[i] ?? '');
    pos = i > 0 && cat === offices[i - 1].category ? pos + 1 : 0;
    const d: Record<string, number> = {};
    for (let j = 0; j < dims.length; j++) d[dims[j]] = num(dimCols[j][i]);
    offices[i] = {
      office_id: String(oid[i]),
      office_name: String(name[i] ?? ''),
      category: cat,
      region: textOrNull(reg[i]),
      total: num(total[i]),
      total_raw: num(totalRaw[i]),
      dims: d,
      vetoed: Boolean(vetoed[i]),
      tier: String(tier[i]),
      rank: num(rank[i]),
      commended: Boolean(commended[i]),
      excellence_order: numOrNull(excellence[i]),
      pos,
    };
  }
  if (scope.office !== undefined && offices.length === 0) throw new Error(`no office ${scope.office} in the ${scope.year} results`);
  return offices;
}

/** The quota of each category in the year. */
export async function loadQuota(reader: Reader, year: number): Promise<Map<string, QuotaRow>> {
  const rows = await reader.all<QuotaRow>(
    `
    SELECT category, offices, quota, eligible, excellent, overflow FROM quota WHERE year = $year ORDER BY category`,
    { year },
  );
  return new Map(rows.map((q) => [q.category, q]));
}

/**
 * The categories of the whole year, their statistics in JS from rows already
 * read: the median and best total are over the offices not vetoed (a vetoed
 * office keeps its computed total, which is no category's best; the pages say
 * so), the item medians over every office.
 */
export function yearCategories(offices: Office[], indicators: Map<string, Indicator[]>, quota: Map<string, QuotaRow>): Category[] {
  return [...groupBy(offices, (o) => o.category)].map(([name, list], index) => {
    const itemPoints = new Map<string, number[]>();
    for (const o of list) {
      for (const it of indicators.get(o.office_id) ?? []) {
        let xs = itemPoints.get(it.indicator);
        if (!xs) itemPoints.set(it.indicator, (xs = []));
        xs.push(it.points);
      }
    }
    const tiers: Record<string, number> = { excellent: 0, good: 0, pass: 0, fail: 0 };
    let best = NaN;
    const counted: number[] = [];
    for (const o of list) {
      tiers[o.tier] = (tiers[o.tier] ?? 0) + 1;
      if (o.vetoed) continue;
      counted.push(o.total);
      if (!(o.total <= best)) best = o.total;
    }
    return {
      name,
      index,
      size: list.length,
      offices: list,
      quota: quota.get(name),
      median: median(counted),
      best,
      itemMedian: new Map([...itemPoints].map(([k, xs]) => [k, median(xs)])),
      tiers,
    };
  });
}

/** The category of one office, its statistics computed in DuckDB (the same values as the whole-year model computes in JS). */
export async function singleCategory(reader: Reader, year: number, o: Office, quota: QuotaRow | undefined): Promise<Category> {
  const category = o.category;
  type Stats = { n: number; best: number; categories_before: number; pos: number } & Record<'excellent' | 'good' | 'pass' | 'fail', number>;
  const [st] = await reader.all<Stats>(
    `
    SELECT count(*) AS n, max(total) FILTER (WHERE NOT vetoed) AS best,
           (SELECT count(DISTINCT category) FROM scores WHERE year = $year AND category < $category) AS categories_before,
           count(*) FILTER (WHERE rank < $rank OR (rank = $rank AND office_id < $office)) AS pos,
           count(*) FILTER (WHERE tier = 'excellent') AS excellent, count(*) FILTER (WHERE tier = 'good') AS good,
           count(*) FILTER (WHERE tier = 'pass') AS pass, count(*) FILTER (WHERE tier = 'fail') AS fail
    FROM scores WHERE year = $year AND category = $category`,
    { year, category, rank: o.rank, office: o.office_id },
  );
  o.pos = num(st.pos);
  const med = await sqlMedians(reader, 'category', 'total', `scores WHERE year = $year AND category = $category AND NOT vetoed`, {
    year,
    category,
  });
  const itemMedian = await sqlMedians(
    reader,
    'i.indicator',
    'i.points',
    `indicators i JOIN scores s USING (year, office_id) WHERE i.year = $year AND s.category = $category`,
    { year, category },
  );
  return {
    name: category,
    index: num(st.categories_before),
    size: num(st.n),
    offices: [o],
    quota,
    median: med.get(category) ?? NaN,
    best: numOrNull(st.best) ?? NaN,
    itemMedian,
    tiers: { excellent: num(st.excellent), good: num(st.good), pass: num(st.pass), fail: num(st.fail) },
  };
}

/** Earlier years: each office's own results and its category's median that year. */
export async function loadHistory(reader: Reader, scope: Scope): Promise<Map<string, HistoryPoint[]>> {
  const rows = await reader.all(
    `
    WITH cat AS (SELECT year, category, median(total) FILTER (WHERE NOT vetoed) AS category_median, count(*) AS category_offices
                 FROM scores WHERE year <= $year GROUP BY year, category)
    SELECT s.office_id, s.year, s.total, s.rank, s.tier, s.category, s.vetoed, c.category_median, c.category_offices
    FROM scores s JOIN cat c USING (year, category)
    WHERE s.year <= $year AND s.office_id IN (SELECT office_id FROM scores WHERE year = $year${scope.only()})
    ORDER BY s.office_id, s.year`,
    scope.params,
  );
  return groupBy(
    rows.map((r) => ({
      office_id: String(r.office_id),
      year: num(r.year),
      total: num(r.total),
      rank: num(r.rank),
      tier: String(r.tier),
      category: String(r.category),
      vetoed: Boolean(r.vetoed),
      category_median: numOrNull(r.category_median),
      category_offices: numOrNull(r.category_offices),
    })),
    (r) => r.office_id,
  );
}

/** The year's advanced individuals and director recommendations (of the scope's office in a model of one office). */
export async function loadPeople(reader: Reader, scope: Scope): Promise<Pick<YearModel, 'individuals' | 'recommendations'>> {
  const exists = async (t: string) => (await relationColumns(reader, t)).length > 0;
  const individuals = (await exists('individuals'))
    ? await reader.all<Person>(
        `SELECT rank, person_id, name, office_id, points FROM individuals
                                WHERE year = $year${scope.only()} ORDER BY points DESC, person_id`,
        scope.params,
      )
    : [];
  const recommendations = (await exists('recommendations'))
    ? await reader.all<Person>(
        `SELECT person_id, name, office_id, age, director_years, recommendation FROM recommendations
                                WHERE year = $year${scope.only()} ORDER BY office_id, person_id`,
        scope.params,
      )
    : [];
  return { individuals, recommendations };
}
