/**
 * What every page shares: the site (the model, page names, limits, the SVG
 * renderer, navigation, title block and footer) and the helpers that link
 * one page to another. The pages (built by build.ts, which yields each page
 * with the charts it uses, so the writer can stream pages to disk and the
 * tests can enumerate every spec the site uses) import this module; it
 * imports no page.
 *
 * Scale: everything is read in a fixed number of bulk queries, and office
 * pages cost the same each, so the report is linear in the number of
 * offices. The cost driver is the static SVG of an office's three charts:
 * ~3.5 ms per office with the template cache (charts.ts), against ~0.8 ms
 * of CPU for the rest of its page, about 29 KB, built from fragments
 * rendered once per site (office.ts, the frame of layout.ts, the spec
 * skeletons of charts.ts) and encoded, hashed and written by the writer's
 * thread (writer.ts) while the next page is built (measured at province on
 * a busy 2-core machine: 15,000 office pages, 436 MB, ~13 s of CPU in all,
 * against ~25 s before; the model another ~3 s). Up to
 * OFFICE_SVG_LIMIT offices (a city's appraisal: ~4 s of report) every office
 * page gets static SVG charts. Above it (a province: 15,000 offices would
 * take ~55 s of SVG alone), office pages carry their charts as specs for the
 * interactive view, drawn by the browser when the page is opened (and then
 * printable), plus the same numbers as tables with CSS bars, which work
 * without JavaScript and print. The overview and the category pages always
 * have static SVG; a category of more than RANKING_INLINE_LIMIT offices lists
 * its head on the overview and its full ranking on its category page.
 * KAOPING_OFFICE_SVG_LIMIT overrides the limit.
 *
 * National scale (hundreds of thousands of offices): a page per office
 * would be ~29 KB and ~0.8 ms each (400,000 offices: ~12 GB and minutes of
 * writing, for pages nobody reads all of). Above OFFICE_PAGES_LIMIT offices
 * in the year (KAOPING_OFFICE_PAGES_LIMIT overrides) the site has no office
 * pages: office names are plain text, the overview says how to get one page
 * (`kaoping report --office ID`, which builds it with the same officePage
 * from a model of that office alone), and the model skips the per-office
 * detail. A category of more than CATEGORY_PAGE_SIZE offices
 * (KAOPING_CATEGORY_PAGE_SIZE overrides) gets its ranking on numbered pages
 * of that many rows, in rank order, with previous/next links and a page
 * index: sorting and searching stay within a page, and the full list is
 * scores.csv and `kaoping query`. Smaller years are unchanged.
 */
import type { Lang } from '../words/index.ts';
import { reportDate, type Settings } from '../pipeline/settings.ts';
import { SvgRenderer, type Chart, type ChartRenderer } from './charts.ts';
import { bdi, html, type Html } from './html.ts';
import { navKeys, page, pageFrame, type Brand, type Frame, type NavKey, type PageFrame } from './layout.ts';
import type { Model } from './model.ts';
import { hasAdjustments } from './model/adjustments.ts';
import { pageNames } from './paths.ts';
import { t } from '../words/report.ts';

export const OFFICE_SVG_LIMIT = 1000;
/** Above this many offices in the year, the report writes no office pages (they are written on demand). */
export const OFFICE_PAGES_LIMIT = 20_000;
/** A category with more offices than this gets its ranking on numbered pages of this many rows. */
export const CATEGORY_PAGE_SIZE = 1000;
/** Categories with more offices than this show their first RANKING_HEAD on the overview, and the rest on their own page. */
export const RANKING_INLINE_LIMIT = 300;
export const RANKING_HEAD = 50;

export interface Site {
  m: Model;
  /** office id -> page; empty when the site has no office pages */
  officePage: Map<string, string>;
  /** the site has a page per office (else they are written on demand by kaoping report --office) */
  officePages: boolean;
  /** the limit the decision was taken with (shown on the overview) */
  officePagesLimit: number;
  /** category name -> its (first) ranking page */
  categoryPage: Map<string, string>;
  /** rows per category ranking page */
  categoryPageSize: number;
  /** renders static SVG; absent when building only to list pages and specs */
  renderer?: ChartRenderer;
  /** office pages get static SVG charts */
  officeSvg: boolean;
  footer: string;
  /** the pages in the navigation: the sensitivity page only with sensitivity results, 复核调整 only with adjustments */
  nav: NavKey[];
  /** the title block of every page: the appraisal's title and organ (appraisal.yaml), year, date */
  brand: Brand;
  /** the frames of the site's pages, built once each (by prefix, active entry and scripts) */
  frames: Map<string, Frame>;
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
  /** a page per office when the year has at most this many offices (default OFFICE_PAGES_LIMIT, or env KAOPING_OFFICE_PAGES_LIMIT) */
  officePagesLimit?: number;
  /** rows per category ranking page (default CATEGORY_PAGE_SIZE, or env KAOPING_CATEGORY_PAGE_SIZE) */
  categoryPageSize?: number;
  /** told the number of pages built so far, after each page (for progress) */
  onPage?: (pages: number) => void;
  /** the settings (appraisal.yaml): the title and organ on every page */
  settings?: Settings;
  /** the report date, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH) */
  date?: string;
  /** the year's model, when the caller has read it (build.ts reportModel, with these options): a run reads it once
   * for the Word documents and the report (reports/index.ts runWriters) */
  model?: Model;
}

function envNumber(name: string, fallback: number, min: number): number {
  const v = process.env[name];
  const n = Number(v);
  return v !== undefined && v.trim() !== '' && Number.isInteger(n) && n >= min ? n : fallback;
}

export function officePagesLimit(opts: SiteOptions): number {
  return opts.officePagesLimit ?? envNumber('KAOPING_OFFICE_PAGES_LIMIT', OFFICE_PAGES_LIMIT, 0);
}

export function categoryPageSize(opts: SiteOptions): number {
  return Math.max(1, opts.categoryPageSize ?? envNumber('KAOPING_CATEGORY_PAGE_SIZE', CATEGORY_PAGE_SIZE, 1));
}

/** The ranking page of category `name` that holds position `pos` (0-based): `<stem>.html`, then `<stem>-2.html` ... */
export function categoryHref(s: Site, name: string, pos = 0): string {
  const first = s.categoryPage.get(name)!;
  const k = Math.floor(pos / s.categoryPageSize);
  return k === 0 ? first : first.replace(/\.html$/, `-${k + 1}.html`);
}

/** The office's name (isolated: html.ts `bdi`), a link to its page when the site has one. */
export function officeName(s: Site, id: string, name: string, prefix: '' | '../'): Html {
  const href = s.officePage.get(id);
  return href ? html`<a href="${prefix}${href}">${bdi(name)}</a>` : bdi(name);
}

export function officeSvgLimit(opts: SiteOptions): number {
  if (opts.officeSvgLimit !== undefined) return opts.officeSvgLimit;
  const env = Number(process.env.KAOPING_OFFICE_SVG_LIMIT);
  return process.env.KAOPING_OFFICE_SVG_LIMIT !== undefined && Number.isFinite(env) ? env : OFFICE_SVG_LIMIT;
}

/**
 * The site of a model. Office pages exist when the model has the per-office
 * detail (the writer loads it only for years up to officePagesLimit); a
 * model of one office names only that office's page.
 */
export function makeSite(m: Model, opts: SiteOptions = {}): Site {
  const lang: Lang = m.lang;
  const svg = opts.svg ?? true;
  return {
    m,
    officePage: m.detail
      ? pageNames(
          m.offices.map((o) => o.office_id),
          'office',
        )
      : new Map(),
    officePages: m.detail,
    officePagesLimit: officePagesLimit(opts),
    categoryPage: pageNames(
      m.categories.map((c) => c.name),
      'category',
    ),
    categoryPageSize: categoryPageSize(opts),
    renderer: svg ? new SvgRenderer() : undefined,
    officeSvg: svg && m.offices.length <= officeSvgLimit(opts),
    nav: navKeys(m.sensitivity !== undefined, hasAdjustments(m)),
    brand: { title: opts.settings?.title, organ: opts.settings?.organ, year: m.year, date: opts.date ?? reportDate() },
    footer:
      `${t(lang, 'generatedBy')} · ${t(lang, 'year')} ${m.year} · ${t(lang, 'schemeId')} ${m.scheme.id}` +
      ` · SHA-256 ${m.scheme.sha256.slice(0, 12)}`,
    frames: new Map(),
  };
}

/** A page of the site in the frame every page shares (layout.ts page): the site's language, navigation, title block and footer. */
export function sitePage(s: Site, f: Pick<PageFrame, 'title' | 'prefix' | 'active' | 'body' | 'vega'>): string {
  const p: PageFrame = { lang: s.m.lang, ...f, footer: s.footer, nav: s.nav, brand: s.brand };
  const key = `${f.prefix} ${f.active} ${f.vega}`;
  let frame = s.frames.get(key);
  if (!frame) s.frames.set(key, (frame = pageFrame(p)));
  return page(p, frame);
}
