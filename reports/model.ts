/**
 * Everything the report shows, read from the database in a fixed, small
 * number of bulk queries (one per table, never one per office), then grouped
 * in JS. Every query has a total ORDER BY, so pages are deterministic.
 * Long lists are bounded in SQL: evidence rows per office and item, and
 * detailed rejects, are capped (their full counts are kept and shown).
 *
 * Three shapes (ModelOptions):
 * - detail (default): everything, for a site with office pages;
 * - detail: false: no per-office detail (indicators, evidence, vetoes,
 *   diagnostics, staff, history), for a site without office pages (a year
 *   above OFFICE_PAGES_LIMIT): memory is then one small record per office;
 * - office: ID: one office with its detail and its category's statistics
 *   (computed in SQL), for `kaoping report --office`; every query filters on
 *   the office or aggregates in DuckDB, so its cost does not grow with the
 *   offices held in JS.
 */
import type { FileSummary } from '../pipeline/validate.ts';
import { ident, type Db, type Params, type Row } from '../pipeline/db.ts';
import type { Lang } from '../pipeline/i18n.ts';
import type { Scheme } from '../pipeline/scheme.ts';

export const EVIDENCE_CAP = 200;
export const REJECTS_CAP = 1000;

export interface Office {
  office_id: string;
  office_name: string;
  category: string;
  region: string | null;
  total: number;
  total_raw: number;
  /** rounded dimension subtotals by dimension id */
  dims: Record<string, number>;
  vetoed: boolean;
  tier: string;
  rank: number;
  commended: boolean;
  excellence_order: number | null;
  /** 0-based position in its category's ranking (category, rank, office_id): which category page lists it */
  pos: number;
}

export interface Indicator {
  office_id: string;
  dimension: string;
  indicator: string;
  seq: number;
  value: number | null;
  target: number | null;
  points: number;
  max_points: number;
  note: string | null;
}

export interface Evidence {
  office_id: string;
  indicator: string;
  source: string;
  row_id: string;
  line: number;
  /** in the report's language */
  detail: string;
}

export interface VetoRow {
  office_id: string;
  veto: string;
  source: string;
  row_id: string;
  line: number;
  detail: string;
  detail_zh: string;
}

export interface QuotaRow {
  category: string;
  offices: number;
  quota: number;
  eligible: number;
  excellent: number;
  overflow: number;
}

export interface Category {
  name: string;
  /** position among the year's categories (by name), as in Model.categories of the whole year */
  index: number;
  /** offices of the category in the year (offices.length, except in a model of one office) */
  size: number;
  /** in rank order; in a model of one office (ModelOptions.office), only that office */
  offices: Office[];
  quota: QuotaRow | undefined;
  median: number;
  best: number;
  /** median of each item's points (unrounded) over the category (empty without detail) */
  itemMedian: Map<string, number>;
  tiers: Record<string, number>;
}

export interface HistoryPoint {
  year: number;
  total: number;
  rank: number;
  tier: string;
  category: string;
  vetoed: boolean;
  category_median: number | null;
  category_offices: number | null;
}

export interface Person {
  rank?: number;
  person_id: string;
  name: string;
  office_id: string;
  points?: number;
  age?: number;
  director_years?: number;
  recommendation?: string;
}

/** One input file's load summary (the `input_files` table). */
export type InputFile = Omit<FileSummary, 'titles'>;

/** A title row above a file's header, skipped (the `skipped_rows` table). */
export interface SkippedRow {
  table: string;
  file: string;
  line: number;
  text: string;
}

export interface Reject {
  table: string;
  file: string;
  line: number;
  column: string;
  value: string | null;
  check: string;
  reason: string;
  reason_zh: string;
}

export interface Model {
  year: number;
  lang: Lang;
  scheme: Scheme;
  /** the per-office detail (indicators, evidence, vetoes, diagnostics, staff, history) is loaded */
  detail: boolean;
  /** a model of one office (ModelOptions.office): offices, categories and the lists hold only what its page needs */
  single: boolean;
  offices: Office[];
  byId: Map<string, Office>;
  categories: Category[];
  indicators: Map<string, Indicator[]>;
  evidence: Map<string, Map<string, Evidence[]>>;
  /** full evidence counts per office and item (the lists above are capped) */
  evidenceCount: Map<string, Map<string, number>>;
  vetoes: Map<string, VetoRow[]>;
  diagnosticsColumns: string[];
  diagnostics: Map<string, Row>;
  /** active staff at year end per office: age band -> persons, role -> persons */
  ageBands: Map<string, Record<string, number>>;
  roles: Map<string, Record<string, number>>;
  history: Map<string, HistoryPoint[]>;
  individuals: Person[];
  recommendations: Person[];
  /** the same, by office */
  individualsOf: Map<string, Person[]>;
  recommendationsOf: Map<string, Person[]>;
  inputFiles: InputFile[];
  rejects: Reject[];
  rejectCount: number;
  rejectSummary: { file: string; column: string; check: string; reason: string; reason_zh: string; rows: number }[];
  warnings: { table: string; message: string; message_zh: string }[];
  /** title rows above the headers, skipped */
  skippedRows: SkippedRow[];
  /** source table -> input file name (documents -> 发文.csv ...) */
  fileOf: (source: string) => string;
  /** weight sensitivity of this year (kaoping sensitivity), when stored and current; absent otherwise */
  sensitivity?: Sensitivity;
}

export type Verdict = 'stable' | 'fragile' | 'contested';

export interface SensitivityRow {
  office_id: string;
  rank_median: number;
  rank_p05: number;
  rank_p95: number;
  p_excellent: number;
  p_commended: number;
  /** share of draws that agree with the base commendation decision */
  agreement: number;
  verdict: Verdict;
}

/** One dimension removed (its items' maxima 0, the rest rescaled): the office's rank then. */
export interface DimensionChange {
  dimension: string;
  rank_without: number;
  /** rank_without - rank: positive means the office falls back without the dimension */
  rank_change: number;
}

export interface Sensitivity {
  run_id: number;
  draws: number;
  spread: number;
  seed: number;
  byId: Map<string, SensitivityRow>;
  /** the dimensions removed one at a time, in scheme order (none when the scheme has a single dimension) */
  dimensions: string[];
  /** per office, in the order of `dimensions` */
  changes: Map<string, DimensionChange[]>;
}

export const AGE_BANDS = ['<35', '35-44', '45-54', '55+'] as const;

/** A stored table, or a view (the run's input tables are views: temporary during the run, then of all_<table>). */
async function tableExists(db: Pick<Db, 'scalar'>, name: string): Promise<boolean> {
  const n = await db.scalar<number>(
    `SELECT count(*) FROM (SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary
                           UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal) WHERE name = $1`, [name]);
  return Number(n) > 0;
}

/** The columns of a table or view as a query sees it (a temporary view first). */
async function columnsOf(db: Pick<Db, 'all'>, table: string): Promise<string[]> {
  try {
    return (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(table)})`)).map((r) => r.column_name);
  } catch {
    return [];
  }
}

/** With KAOPING_REPORT_TIMING set, each query's time and row count go to stderr. */
function timed(db: Db): Pick<Db, 'all' | 'scalar'> {
  if (!process.env.KAOPING_REPORT_TIMING) return db;
  return {
    all: async <T extends Row = Row>(sql: string, params?: Parameters<Db['all']>[1]) => {
      const t = performance.now();
      const rows = await db.all<T>(sql, params);
      process.stderr.write(`kaoping report: ${(performance.now() - t).toFixed(0).padStart(6)} ms ${String(rows.length).padStart(8)} rows  ${sql.trim().split('\n')[0].slice(0, 80)}\n`);
      return rows;
    },
    scalar: db.scalar.bind(db),
  } as Pick<Db, 'all' | 'scalar'>;
}

/**
 * A large result read column by column (DuckDB's getColumnsJS), about five
 * times faster than row objects for the hundreds of thousands of indicator
 * and evidence rows of a province-size year.
 */
async function readColumns(db: Db, sql: string, params: unknown[]): Promise<{ n: number; col: (name: string) => unknown[] }> {
  const t = performance.now();
  const reader = await db.conn.runAndReadAll(sql, params as never);
  const names = reader.columnNames();
  const cols = reader.getColumnsJS() as unknown[][];
  const n = cols[0]?.length ?? 0;
  if (process.env.KAOPING_REPORT_TIMING) {
    process.stderr.write(`kaoping report: ${(performance.now() - t).toFixed(0).padStart(6)} ms ${String(n).padStart(8)} rows  ${sql.trim().split('\n')[0].slice(0, 80)}\n`);
  }
  return {
    n,
    col: (name) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`report query has no column ${name}`);
      return cols[i];
    },
  };
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}

export interface ModelOptions {
  /** read the year's weight sensitivity results when stored and current (default true) */
  sensitivity?: boolean;
  /** read the per-office detail that only office pages show (default true) */
  detail?: boolean;
  /** only this office (with detail) and its category's statistics: the model of one on-demand office page */
  office?: string;
}

/**
 * The exact median of `expr` per group, as median() above computes it: DuckDB
 * picks the one or two middle values (a window over the group), JS averages
 * them, so a statistic computed in SQL equals the one computed in JS.
 */
async function sqlMedians(db: Pick<Db, 'all'>, group: string, expr: string, from: string, params: Params): Promise<Map<string, number>> {
  const rows = await db.all<{ g: string; k: number; n: number; v: number }>(`
    SELECT g, k, n, v FROM (
      SELECT ${group} AS g, ${expr} AS v, row_number() OVER (PARTITION BY ${group} ORDER BY ${expr}) AS k, count(*) OVER (PARTITION BY ${group}) AS n
      FROM ${from})
    WHERE k = n // 2 + 1 OR (n % 2 = 0 AND k = n // 2) ORDER BY g, k`, params);
  const out = new Map<string, number>();
  for (const [g, list] of groupBy(rows, (r) => String(r.g))) {
    out.set(g, list.length === 1 ? num(list[0].v) : (num(list[0].v) + num(list[1].v)) / 2);
  }
  return out;
}

export async function loadModel(db0: Db, scheme: Scheme, year: number, lang: Lang, opts: ModelOptions = {}): Promise<Model> {
  const db = timed(db0);
  const one = opts.office;
  const single = one !== undefined;
  const detail = single || opts.detail !== false;
  // the filter of the per-office queries: the office of a single-office model, else the whole year
  const only = (col = 'office_id') => (single ? ` AND ${col} = $2` : '');
  const params: Params = single ? [year, one] : [year];
  const dims = scheme.dimensions.map((d) => d.id);
  const scoreCols = new Set(await columnsOf(db, 'scores'));
  const officeCols = new Set(await columnsOf(db, 'offices'));
  const region = officeCols.has('region') ? 'o.region' : 'NULL';
  const dimSel = dims.map((d) => (scoreCols.has(d) ? `s."${d.replaceAll('"', '""')}"` : 'NULL')).map((e, i) => `${e} AS "d${i}"`).join(', ');
  // read column by column: at a national year (400,000 offices) row objects would double the memory of this read
  const sc = await readColumns(db0, `
    SELECT s.office_id, s.office_name, s.category, ${region} AS region, s.total, s.total_raw, ${dimSel},
           s.vetoed, s.tier, s.rank, s.commended, s.excellence_order
    FROM scores s LEFT JOIN offices o USING (office_id)
    WHERE s.year = $1${only('s.office_id')} ORDER BY s.category, s.rank, s.office_id`, params);
  const offices: Office[] = new Array(sc.n);
  {
    const [oid, name, category, reg, total, totalRaw, vetoed, tier, rank, commended, excellence] =
      ['office_id', 'office_name', 'category', 'region', 'total', 'total_raw', 'vetoed', 'tier', 'rank', 'commended', 'excellence_order'].map(sc.col);
    const dimCols = dims.map((_, i) => sc.col(`d${i}`));
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
        region: reg[i] === null || reg[i] === undefined ? null : String(reg[i]),
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
  }
  if (single && offices.length === 0) throw new Error(`no office ${one} in the ${year} results`);
  const byId = new Map(offices.map((o) => [o.office_id, o]));

  const indicators = new Map<string, Indicator[]>();
  if (detail) {
    const ind = await readColumns(db0, `
      SELECT office_id, dimension, indicator, seq, value, target, points, max_points, note
      FROM indicators WHERE year = $1${only()} ORDER BY office_id, seq`, params);
    const [oid, dim, indicator, seq, value, target, points, maxp, note] =
      ['office_id', 'dimension', 'indicator', 'seq', 'value', 'target', 'points', 'max_points', 'note'].map(ind.col);
    for (let i = 0; i < ind.n; i++) {
      const id = String(oid[i]);
      let list = indicators.get(id);
      if (!list) indicators.set(id, (list = []));
      list.push({
        office_id: id, dimension: String(dim[i]), indicator: String(indicator[i]), seq: num(seq[i]),
        value: numOrNull(value[i]), target: numOrNull(target[i]), points: num(points[i]), max_points: num(maxp[i]),
        note: note[i] === null || note[i] === undefined ? null : String(note[i]),
      });
    }
  }

  // evidence: one query, at most EVIDENCE_CAP rows per office and item, plus the full counts;
  // only the detail in the page's language
  const evidence = new Map<string, Map<string, Evidence[]>>();
  const evidenceCount = new Map<string, Map<string, number>>();
  if (detail) {
    const ev = await readColumns(db0, `
      SELECT office_id, indicator, source, row_id, line, ${lang === 'zh' ? 'detail_zh' : 'detail'} AS detail,
             count(*) OVER (PARTITION BY office_id, indicator) AS n
      FROM evidence WHERE year = $1${only()}
      QUALIFY row_number() OVER (PARTITION BY office_id, indicator ORDER BY line, row_id, source) <= ${EVIDENCE_CAP}
      ORDER BY office_id, indicator, line, row_id, source`, params);
    const [oid, indicator, source, rowId, line, detailCol, n] = ['office_id', 'indicator', 'source', 'row_id', 'line', 'detail', 'n'].map(ev.col);
    let m: Map<string, Evidence[]> | undefined;
    let lastOffice: string | undefined;
    let list: Evidence[] | undefined;
    let lastItem: string | undefined;
    for (let i = 0; i < ev.n; i++) {
      const o = String(oid[i]);
      const it = String(indicator[i]);
      if (o !== lastOffice) {
        evidence.set(o, (m = new Map()));
        evidenceCount.set(o, new Map());
        lastOffice = o;
        lastItem = undefined;
      }
      if (it !== lastItem) {
        m!.set(it, (list = []));
        evidenceCount.get(o)!.set(it, num(n[i]));
        lastItem = it;
      }
      list!.push({ office_id: o, indicator: it, source: String(source[i]), row_id: String(rowId[i] ?? ''), line: num(line[i]), detail: String(detailCol[i] ?? '') });
    }
  }

  const vetoRows = detail ? await db.all<VetoRow>(`
    SELECT office_id, veto, source, row_id, line, detail, detail_zh FROM vetoes
    WHERE year = $1${only()} ORDER BY office_id, veto, line, row_id`, params) : [];
  const vetoes = groupBy(vetoRows, (r) => r.office_id);

  let diagnosticsColumns: string[] = [];
  const diagnostics = new Map<string, Row>();
  if (detail && await tableExists(db, 'diagnostics')) {
    diagnosticsColumns = (await columnsOf(db, 'diagnostics')).filter((c) => c !== 'year' && c !== 'office_id');
    for (const r of await db.all(`SELECT * FROM diagnostics WHERE year = $1${only()} ORDER BY office_id`, params)) {
      diagnostics.set(String(r.office_id), r);
    }
  }

  // age structure and roles of active staff at year end (persons active in the year)
  const ageBands = new Map<string, Record<string, number>>();
  const roles = new Map<string, Record<string, number>>();
  if (detail && await tableExists(db, 'staff')) {
    const staffRows = await db.all<{ office_id: string; band: string; role: string; n: number }>(`
      SELECT office_id,
             CASE WHEN age < 35 THEN '<35' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' ELSE '55+' END AS band,
             coalesce(role, '') AS role, count(*) AS n
      FROM (SELECT office_id, role, date_sub('year', birth_date, make_date($1::INTEGER, 12, 31)) AS age FROM staff
            WHERE joined_on <= make_date($1::INTEGER, 12, 31) AND (left_on IS NULL OR left_on >= make_date($1::INTEGER, 1, 1))${only()})
      GROUP BY ALL ORDER BY office_id, band, role`, params);
    for (const r of staffRows) {
      const a = ageBands.get(r.office_id) ?? {};
      a[r.band] = (a[r.band] ?? 0) + num(r.n);
      ageBands.set(r.office_id, a);
      const ro = roles.get(r.office_id) ?? {};
      ro[r.role] = (ro[r.role] ?? 0) + num(r.n);
      roles.set(r.office_id, ro);
    }
  }

  // earlier years: the office's own results and its category's median that year
  const histRows = detail ? await db.all(`
    WITH cat AS (SELECT year, category, median(total) AS category_median, count(*) AS category_offices
                 FROM scores WHERE year <= $1 GROUP BY year, category)
    SELECT s.office_id, s.year, s.total, s.rank, s.tier, s.category, s.vetoed, c.category_median, c.category_offices
    FROM scores s JOIN cat c USING (year, category)
    WHERE s.year <= $1 AND s.office_id IN (SELECT office_id FROM scores WHERE year = $1${only()})
    ORDER BY s.office_id, s.year`, params) : [];
  const history = groupBy(histRows.map((r) => ({
    office_id: String(r.office_id), year: num(r.year), total: num(r.total), rank: num(r.rank), tier: String(r.tier),
    category: String(r.category), vetoed: Boolean(r.vetoed), category_median: numOrNull(r.category_median),
    category_offices: numOrNull(r.category_offices),
  })), (r) => r.office_id) as Map<string, (HistoryPoint & { office_id: string })[]>;

  const quotaRows = await db.all<QuotaRow>(`
    SELECT category, offices, quota, eligible, excellent, overflow FROM quota WHERE year = $1 ORDER BY category`, [year]);
  const quotaBy = new Map(quotaRows.map((q) => [q.category, q]));

  const categories: Category[] = single
    ? [await singleCategory(db, year, offices[0], quotaBy.get(offices[0].category))]
    // category statistics (medians over this year's offices), in JS from rows already read
    : [...groupBy(offices, (o) => o.category)].map(([name, list], index) => {
      const itemPoints = new Map<string, number[]>();
      for (const o of list) {
        for (const it of indicators.get(o.office_id) ?? []) {
          let xs = itemPoints.get(it.indicator);
          if (!xs) itemPoints.set(it.indicator, (xs = []));
          xs.push(it.points);
        }
      }
      const tiers: Record<string, number> = { excellent: 0, good: 0, pass: 0, fail: 0 };
      let best = -Infinity;
      for (const o of list) {
        tiers[o.tier] = (tiers[o.tier] ?? 0) + 1;
        if (o.total > best) best = o.total;
      }
      return {
        name,
        index,
        size: list.length,
        offices: list,
        quota: quotaBy.get(name),
        median: median(list.map((o) => o.total)),
        best,
        itemMedian: new Map([...itemPoints].map(([k, xs]) => [k, median(xs)])),
        tiers,
      };
    });

  const individuals = (await tableExists(db, 'individuals'))
    ? await db.all<Person>(`SELECT rank, person_id, name, office_id, points FROM individuals
                            WHERE year = $1${only()} ORDER BY points DESC, person_id`, params)
    : [];
  const recommendations = (await tableExists(db, 'recommendations'))
    ? await db.all<Person>(`SELECT person_id, name, office_id, age, director_years, recommendation FROM recommendations
                            WHERE year = $1${only()} ORDER BY office_id, person_id`, params)
    : [];

  const inputFiles = (await tableExists(db, 'input_files'))
    ? await db.all<InputFile>(`SELECT "table", file, encoding, sha256, bytes, rows, loaded, rejected FROM input_files ORDER BY file, "table"`)
    : [];
  let rejects: Reject[] = [];
  let rejectCount = 0;
  let rejectSummary: Model['rejectSummary'] = [];
  if (!single && await tableExists(db, 'rejects')) {
    rejectCount = Number(await db.scalar(`SELECT count(*) FROM rejects`));
    rejects = await db.all<Reject>(`
      SELECT "table", file, line, coalesce("column", '') AS "column", value, "check", reason, reason_zh FROM rejects
      ORDER BY file, line, "column", reason LIMIT ${REJECTS_CAP}`);
    rejectSummary = await db.all(`
      SELECT file, coalesce("column", '') AS "column", "check", arg_min(reason, line) AS reason,
             arg_min(reason_zh, line) AS reason_zh, count(DISTINCT line) AS rows
      FROM rejects GROUP BY file, "column", "check" ORDER BY file, "column", "check"`);
  }
  const warnings = (!single && await tableExists(db, 'warnings'))
    ? await db.all<{ table: string; message: string; message_zh: string }>(`SELECT "table", message, message_zh FROM warnings ORDER BY "table", message`)
    : [];
  const skippedRows = (!single && await tableExists(db, 'skipped_rows'))
    ? await db.all<SkippedRow>(`SELECT "table", file, line, text FROM skipped_rows ORDER BY file, line`)
    : [];
  const files = new Map(inputFiles.map((f) => [f.table, f.file]));
  const sensitivity = opts.sensitivity === false ? undefined : await loadSensitivity(db, scheme, year, byId, inputFiles, one);
  return {
    year, lang, scheme, detail, single, offices, byId, categories, indicators, evidence, evidenceCount, vetoes,
    diagnosticsColumns, diagnostics, ageBands, roles, history, individuals, recommendations,
    individualsOf: groupBy(individuals, (p) => p.office_id), recommendationsOf: groupBy(recommendations, (p) => p.office_id),
    inputFiles, rejects, rejectCount, rejectSummary, warnings, skippedRows,
    fileOf: (source) => files.get(source) ?? `${source}.csv`,
    ...(sensitivity ? { sensitivity } : {}),
  };
}

/** The category of one office, its statistics computed in DuckDB (the same values as the whole-year model computes in JS). */
async function singleCategory(db: Pick<Db, 'all'>, year: number, o: Office, quota: QuotaRow | undefined): Promise<Category> {
  const name = o.category;
  const [st] = await db.all<{ n: number; best: number; categories_before: number; pos: number; excellent: number; good: number; pass: number; fail: number }>(`
    SELECT count(*) AS n, max(total) AS best,
           (SELECT count(DISTINCT category) FROM scores WHERE year = $1 AND category < $2) AS categories_before,
           count(*) FILTER (WHERE rank < $3 OR (rank = $3 AND office_id < $4)) AS pos,
           count(*) FILTER (WHERE tier = 'excellent') AS excellent, count(*) FILTER (WHERE tier = 'good') AS good,
           count(*) FILTER (WHERE tier = 'pass') AS pass, count(*) FILTER (WHERE tier = 'fail') AS fail
    FROM scores WHERE year = $1 AND category = $2`, [year, name, o.rank, o.office_id]);
  o.pos = num(st.pos);
  const med = await sqlMedians(db, 'category', 'total', `scores WHERE year = $1 AND category = $2`, [year, name]);
  const itemMedian = await sqlMedians(db, 'i.indicator', 'i.points',
    `indicators i JOIN scores s USING (year, office_id) WHERE i.year = $1 AND s.category = $2`, [year, name]);
  return {
    name,
    index: num(st.categories_before),
    size: num(st.n),
    offices: [o],
    quota,
    median: med.get(name) ?? NaN,
    best: num(st.best),
    itemMedian,
    tiers: { excellent: num(st.excellent), good: num(st.good), pass: num(st.pass), fail: num(st.fail) },
  };
}

/**
 * The year's weight sensitivity (tables of kaoping sensitivity), only when it
 * belongs to the results the report shows:
 * - its run_id is the year's latest run in `runs` (v_sensitivity's `outdated`);
 * - that run used the scheme the report is built with;
 * - the inputs loaded now are the ones the latest run recorded, and every
 *   office's stored rank, tier and commendation is the one the analysis
 *   started from, with the same offices.
 * The last two matter inside `kaoping run`: it writes the report before it
 * records its run in `runs`, so an earlier analysis of the same year still
 * looks current by run_id alone; it is kept there only when the run re-scored
 * the same inputs with the same scheme to the same results.
 * Otherwise (no table, no rows, or outdated) the report shows no sensitivity at all.
 */
async function loadSensitivity(db: Pick<Db, 'all' | 'scalar'>, scheme: Scheme, year: number, byId: Map<string, Office>,
  inputFiles: InputFile[], office?: string): Promise<Sensitivity | undefined> {
  if (!(await tableExists(db, 'sensitivity')) || !(await tableExists(db, 'runs'))) return undefined;
  // a model of one office reads that office's row; the checks on the whole year then run in SQL
  const only = office === undefined ? '' : ' AND office_id = $2';
  const params = office === undefined ? [year] : [year, office];
  const rows = await db.all(`
    SELECT office_id, run_id, rank, tier, commended, rank_median, rank_p05, rank_p95, p_excellent, p_commended,
           agreement, verdict, draws, spread, seed
    FROM sensitivity WHERE year = $1${only} ORDER BY office_id`, params);
  if (rows.length === 0) return undefined;
  const runs = await db.all<{ run_id: number; scheme_sha256: string | null }>(
    `SELECT run_id, scheme_sha256 FROM runs WHERE year = $1 ORDER BY run_id DESC LIMIT 1`, [year]);
  const run = runs[0];
  if (!run || rows.some((r) => r.run_id === null || Number(r.run_id) !== Number(run.run_id))) return undefined;
  if (run.scheme_sha256 !== scheme.sha256) return undefined;
  // inside a run that has not been recorded yet, the loaded inputs are the new ones
  const last = await db.all<{ inputs: unknown }>(`SELECT inputs::VARCHAR AS inputs FROM runs ORDER BY run_id DESC LIMIT 1`);
  const recorded = inputsKey(last[0]?.inputs);
  if (recorded !== undefined && inputFiles.length > 0 && recorded !== inputsKey(inputFiles)) return undefined;
  // the analysis started from exactly the stored results
  if (office !== undefined) {
    const [c] = await db.all<{ rows: number; other_runs: number; offices: number; same: number }>(`
      SELECT (SELECT count(*) FROM sensitivity WHERE year = $1) AS rows,
             (SELECT count(*) FROM sensitivity WHERE year = $1 AND (run_id IS NULL OR run_id <> $2)) AS other_runs,
             (SELECT count(*) FROM scores WHERE year = $1) AS offices,
             (SELECT count(*) FROM sensitivity x JOIN scores s USING (year, office_id)
              WHERE x.year = $1 AND x.rank = s.rank AND x.tier = s.tier AND x.commended = s.commended) AS same`, [year, Number(run.run_id)]);
    if (Number(c.other_runs) > 0 || Number(c.rows) !== Number(c.offices) || Number(c.same) !== Number(c.offices)) return undefined;
  } else if (rows.length !== byId.size) return undefined;
  for (const r of rows) {
    const o = byId.get(String(r.office_id));
    if (!o || Number(r.rank) !== o.rank || String(r.tier) !== o.tier || Boolean(r.commended) !== o.commended) return undefined;
  }
  const verdicts = new Set<string>(['stable', 'fragile', 'contested']);
  const byOffice = new Map<string, SensitivityRow>(rows.map((r) => [String(r.office_id), {
    office_id: String(r.office_id),
    rank_median: num(r.rank_median),
    rank_p05: num(r.rank_p05),
    rank_p95: num(r.rank_p95),
    p_excellent: num(r.p_excellent),
    p_commended: num(r.p_commended),
    agreement: num(r.agreement),
    verdict: (verdicts.has(String(r.verdict)) ? String(r.verdict) : 'contested') as Verdict,
  }]));
  const order = new Map(scheme.dimensions.map((d, i) => [d.id, i]));
  const changes = new Map<string, DimensionChange[]>();
  const present = new Set<string>();
  if (await tableExists(db, 'sensitivity_dimensions')) {
    const dimRows = await db.all(`
      SELECT office_id, dimension, rank_without, rank_change FROM sensitivity_dimensions
      WHERE year = $1${only} ORDER BY office_id, dimension`, params);
    for (const r of dimRows) {
      const id = String(r.office_id);
      if (!byOffice.has(id)) continue;
      let list = changes.get(id);
      if (!list) changes.set(id, (list = []));
      list.push({ dimension: String(r.dimension), rank_without: num(r.rank_without), rank_change: num(r.rank_change) });
      present.add(String(r.dimension));
    }
    const at = (d: string) => order.get(d) ?? Number.MAX_SAFE_INTEGER;
    for (const list of changes.values()) list.sort((a, b) => at(a.dimension) - at(b.dimension) || (a.dimension < b.dimension ? -1 : 1));
  }
  const first = rows[0];
  return {
    run_id: Number(run.run_id),
    draws: num(first.draws),
    spread: num(first.spread),
    seed: num(first.seed),
    byId: byOffice,
    dimensions: [...present].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : 1)),
    changes,
  };
}

/** The input files as a comparable key (table, file, SHA-256), from input_files rows or a run's recorded `inputs` JSON. */
function inputsKey(v: unknown): string | undefined {
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(list)) return undefined;
  return list.map((f: { table?: unknown; file?: unknown; sha256?: unknown }) => `${String(f.table)}\u0000${String(f.file)}\u0000${String(f.sha256)}`)
    .sort().join('\n');
}
