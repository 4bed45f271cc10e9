/**
 * Everything the report shows, read from the database in a fixed, small
 * number of bulk queries (one per table, never one per office), then grouped
 * in JS (model/read.ts). Long lists are bounded in SQL: evidence rows per
 * office and item, and detailed rejects, are capped (their full counts are
 * kept and shown). The model has three parts (model/types.ts): the year
 * (model/year.ts), the per-office detail (model/office.ts) and the data
 * quality (model/quality.ts); the year's adjustments (model/adjustments.ts);
 * and the weight sensitivity when stored and current (model/sensitivity.ts).
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
import type { Db } from '../pipeline/db.ts';
import type { Lang } from '../words/index.ts';
import type { Scheme } from '../pipeline/scheme.ts';
import { loadAdjustments } from './model/adjustments.ts';
import { loadDetail, noDetail } from './model/office.ts';
import { loadQuality } from './model/quality.ts';
import { groupBy, scopeOf, timed } from './model/read.ts';
import { loadSensitivity } from './model/sensitivity.ts';
import type { Model, ModelOptions } from './model/types.ts';
import { loadHistory, loadOffices, loadPeople, loadQuota, singleCategory, yearCategories } from './model/year.ts';

export * from './model/types.ts';
export { median } from './model/read.ts';

export async function loadModel(db: Db, scheme: Scheme, year: number, lang: Lang, opts: ModelOptions = {}): Promise<Model> {
  const reader = timed(db);
  const scope = scopeOf(year, opts.office);
  const single = opts.office !== undefined;
  const detail = single || opts.detail !== false;
  const offices = await loadOffices(db, reader, scheme, scope);
  const byId = new Map(offices.map((o) => [o.office_id, o]));
  const officeDetail = detail ? await loadDetail(db, reader, scope, lang) : noDetail();
  const history = detail ? await loadHistory(reader, scope) : new Map();
  const quota = await loadQuota(reader, year);
  const categories = single
    ? [await singleCategory(reader, year, offices[0], quota.get(offices[0].category))]
    : yearCategories(offices, officeDetail.indicators, quota);
  const { individuals, recommendations } = await loadPeople(reader, scope);
  const quality = await loadQuality(reader, single);
  const adjustments = await loadAdjustments(reader, scope);
  const files = new Map(quality.inputFiles.map((f) => [f.table, f.file]));
  const sensitivity = opts.sensitivity === false ? undefined : await loadSensitivity(reader, scheme, scope, byId, quality.inputFiles);
  return {
    year,
    lang,
    scheme,
    detail,
    single,
    offices,
    byId,
    categories,
    ...officeDetail,
    history,
    individuals,
    recommendations,
    individualsOf: groupBy(individuals, (p) => p.office_id),
    recommendationsOf: groupBy(recommendations, (p) => p.office_id),
    ...quality,
    ...adjustments,
    fileOf: (source) => files.get(source) ?? `${source}.csv`,
    ...(sensitivity ? { sensitivity } : {}),
  };
}
