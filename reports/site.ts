/**
 * The whole site as a sequence of pages. `buildSite` yields every page with
 * the charts (Vega-Lite specs) it uses, so the writer can stream pages to
 * disk and the tests can enumerate every spec the site uses.
 *
 * Scale: everything is read in a fixed number of bulk queries, and office
 * pages cost the same each, so the report is linear in the number of
 * offices. The cost driver is the static SVG of an office's three charts:
 * ~3.5 ms per office with the template cache (charts.ts), against ~0.5 ms
 * for the rest of its page (measured on a 2-core machine). Up to
 * OFFICE_SVG_LIMIT offices (a city's appraisal: ~4 s of report) every office
 * page gets static SVG charts. Above it (a province: 15,000 offices would
 * take ~55 s of SVG alone), office pages carry their charts as specs for the
 * interactive view, drawn by the browser when the page is opened (and then
 * printable), plus the same numbers as tables with CSS bars, which work
 * without JavaScript and print. The overview and the category pages always
 * have static SVG; a category of more than RANKING_INLINE_LIMIT offices lists
 * its head on the overview and its full ranking on its category page.
 * KAOPING_OFFICE_SVG_LIMIT overrides the limit.
 */
import type { Lang } from '../pipeline/i18n.ts';
import { SvgRenderer, type Chart, type ChartRenderer } from './charts.ts';
import type { Model } from './model.ts';
import { officePage } from './office.ts';
import { categoryPage, overviewPage } from './overview.ts';
import { individualsPage, methodologyPage, qualityPage, recommendationsPage } from './pages.ts';
import { navKeys, type NavKey } from './layout.ts';
import { pageNames } from './paths.ts';
import { sensitivityPage } from './robustness.ts';
import { t } from './words.ts';

export const OFFICE_SVG_LIMIT = 1000;

export interface Site {
  m: Model;
  officePage: Map<string, string>;
  categoryPage: Map<string, string>;
  /** renders static SVG; absent when building only to list pages and specs */
  renderer?: ChartRenderer;
  /** office pages get static SVG charts */
  officeSvg: boolean;
  footer: string;
  /** the pages in the navigation: the sensitivity page only with sensitivity results */
  nav: NavKey[];
}

export interface Built {
  /** path relative to the report folder, always inside it */
  path: string;
  html: string;
  charts: Chart[];
}

export interface SiteOptions {
  /** render static SVG (default true) */
  svg?: boolean;
  /** office pages get static SVG when offices <= this (default OFFICE_SVG_LIMIT, or env KAOPING_OFFICE_SVG_LIMIT) */
  officeSvgLimit?: number;
  /** read the year's weight sensitivity results when stored and current (default true); see model.ts */
  sensitivity?: boolean;
}

export function officeSvgLimit(opts: SiteOptions): number {
  if (opts.officeSvgLimit !== undefined) return opts.officeSvgLimit;
  const env = Number(process.env.KAOPING_OFFICE_SVG_LIMIT);
  return process.env.KAOPING_OFFICE_SVG_LIMIT !== undefined && Number.isFinite(env) ? env : OFFICE_SVG_LIMIT;
}

export function makeSite(m: Model, opts: SiteOptions = {}): Site {
  const lang: Lang = m.lang;
  const svg = opts.svg ?? true;
  return {
    m,
    officePage: pageNames(m.offices.map((o) => o.office_id), 'office'),
    categoryPage: pageNames(m.categories.map((c) => c.name), 'category'),
    renderer: svg ? new SvgRenderer() : undefined,
    officeSvg: svg && m.offices.length <= officeSvgLimit(opts),
    nav: navKeys(m.sensitivity !== undefined),
    footer: `${t(lang, 'generatedBy')} · ${t(lang, 'year')} ${m.year} · ${t(lang, 'schemeId')} ${m.scheme.id} · SHA-256 ${m.scheme.sha256.slice(0, 12)}`,
  };
}

/** Every page of the site, in a fixed order: overview, lists (with the sensitivity page when there are results), categories, offices. */
export async function* buildSite(s: Site): AsyncGenerator<Built> {
  yield await overviewPage(s);
  yield individualsPage(s);
  yield recommendationsPage(s);
  if (s.m.sensitivity) yield await sensitivityPage(s);
  yield qualityPage(s);
  yield methodologyPage(s);
  for (const [i, c] of s.m.categories.entries()) yield await categoryPage(s, c, i);
  for (const c of s.m.categories) {
    for (const o of c.offices) yield await officePage(s, o, c);
  }
}
