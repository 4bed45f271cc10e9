/**
 * Writing the report site (OUT/report/): static pages the appraisal team
 * opens from disk (file://, no server, no network).
 *
 *   index.html               overview: categories, commendations, tiers, rankings, data quality
 *   search-index.js          the offices the overview's tables leave out, for its search (large categories only)
 *   category/<name>-<h>.html full ranking of one category (above CATEGORY_PAGE_SIZE offices: its first
 *                            page, then category/<name>-<h>-2.html ... in rank order)
 *   office/<id>-<h>.html     one page per office (above OFFICE_PAGES_LIMIT offices in the year: none;
 *                            kaoping report --office writes one on demand, writeOfficePage)
 *   individuals.html, recommendations.html, data-quality.html, methodology.html
 *   sensitivity.html         robustness to the weights, only with current results of kaoping sensitivity
 *   adjustments.html         复核调整: the adjustments applied in the year, only when it has any
 *   assets/                  report.css, report.js, and the vega, vega-lite, vega-embed builds
 *
 * This is the only module that imports the page modules (overview.ts,
 * office.ts, pages.ts, robustness.ts, adjustments.ts); they share the helpers
 * of site.ts, layout.ts, marks.ts and adjust.ts, never each other. Page
 * names derive from ids through paths.ts (never a path from data). Pages hold
 * no timestamps, so the same database gives the same files.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../pipeline/db.ts';
import { diagnostic } from '../pipeline/diagnostics.ts';
import type { Lang } from '../words/index.ts';
import type { Scheme } from '../pipeline/scheme.ts';
import { adjustmentsPage } from './adjustments.ts';
import { loadModel, type Model } from './model.ts';
import { hasAdjustments } from './model/adjustments.ts';
import { officePage } from './office.ts';
import { categoryPages, overviewPage, searchIndex } from './overview.ts';
import { individualsPage, methodologyPage, qualityPage, recommendationsPage } from './pages.ts';
import { sensitivityPage } from './robustness.ts';
import { makeSite, officePagesLimit, type Built, type Site, type SiteOptions } from './site.ts';
import { PageWriter } from './writer.ts';

export interface ReportStats {
  pages: number;
  officePages: number;
  /** false: the year has more offices than the limit, and office pages are written on demand */
  officePagesWritten: boolean;
  charts: number;
  svgCharts: number;
  bytes: number;
  officeSvg: boolean;
  ms: { model: number; pages: number; officePages: number; total: number };
  /** every file written (path relative to the report folder, '/'-separated) with the sha256 of its bytes */
  files: Record<string, string>;
}

/**
 * Every page of the site, in a fixed order: overview, lists (with the
 * sensitivity page when there are results, the adjustments page when the
 * year has adjustments), categories, offices.
 */
export async function* buildSite(s: Site): AsyncGenerator<Built> {
  yield await overviewPage(s);
  const index = searchIndex(s);
  if (index) yield index;
  yield individualsPage(s);
  yield recommendationsPage(s);
  if (s.m.sensitivity) yield await sensitivityPage(s);
  yield qualityPage(s);
  if (hasAdjustments(s.m)) yield adjustmentsPage(s);
  yield methodologyPage(s);
  for (const [i, c] of s.m.categories.entries()) yield* categoryPages(s, c, i);
  if (!s.officePages || s.m.single) return;
  for (const c of s.m.categories) {
    for (const o of c.offices) yield await officePage(s, o, c);
  }
}

/**
 * Writes the report of `year` into `dir`. With the year's weight sensitivity
 * stored and current (kaoping sensitivity), the site gets sensitivity.html and
 * marks on fragile and contested decisions; `opts.sensitivity: false` leaves
 * them out (for a caller that writes the report of a run it has not recorded
 * in `runs` yet, whose results make any stored analysis of the year outdated).
 */
export async function writeReport(
  db: Db,
  scheme: Scheme,
  year: number,
  dir: string,
  lang: Lang,
  opts: SiteOptions = {},
): Promise<{ index: string; files: Record<string, string> }> {
  const { index, stats } = await writeReportWithStats(db, scheme, year, dir, lang, opts);
  return { index, files: stats.files };
}

export async function writeReportWithStats(
  db: Db,
  scheme: Scheme,
  year: number,
  dir: string,
  lang: Lang,
  opts: SiteOptions = {},
): Promise<{ index: string; stats: ReportStats }> {
  const t0 = performance.now();
  const root = resolve(dir);
  const model = opts.model ?? (await reportModel(db, scheme, year, lang, opts));
  if (model.detail) await mkdir(join(root, 'office'), { recursive: true });
  await mkdir(join(root, 'category'), { recursive: true });
  const assets = await copyAssets(join(root, 'assets'));
  const written = await writePages(model, opts, root, t0);
  for (const [f, h] of Object.entries(assets)) written.stats.files[`assets/${f}`] = h;
  return written;
}

/**
 * The model a report of the year is written from: with the per-office detail up to officePagesLimit offices (above
 * it, the site has no office pages and the model leaves their detail out too).
 */
export async function reportModel(db: Db, scheme: Scheme, year: number, lang: Lang, opts: SiteOptions = {}): Promise<Model> {
  const offices = Number(await db.scalar(`SELECT count(*) FROM scores WHERE year = $year`, { year }));
  return loadModel(db, scheme, year, lang, { sensitivity: opts.sensitivity, detail: offices <= officePagesLimit(opts) });
}

/**
 * The page of one office, on demand (`kaoping report --office`), into the
 * report folder `dir`: the same page a report with office pages has, built
 * from a model of that office alone (a handful of queries filtered on it).
 * The assets are copied when missing. Returns the page's path.
 */
export async function writeOfficePage(
  db: Db,
  scheme: Scheme,
  year: number,
  officeId: string,
  dir: string,
  lang: Lang,
  opts: SiteOptions = {},
): Promise<string> {
  const root = resolve(dir);
  const model = await loadModel(db, scheme, year, lang, { sensitivity: opts.sensitivity, office: officeId });
  const site = makeSite(model, opts);
  try {
    const c = model.categories[0];
    const p = await officePage(site, c.offices[0], c);
    const file = inside(root, p.path);
    await mkdir(dirname(file), { recursive: true });
    const assets = join(root, 'assets');
    if (!ASSETS.every((f) => existsSync(join(assets, f)))) await copyAssets(assets);
    await writeFile(file, p.html);
    return file;
  } finally {
    await site.renderer?.finalize();
  }
}

/** The file of a page: page names come from paths.ts; this is a last guard that nothing escapes the folder. */
function inside(root: string, path: string): string {
  const file = resolve(root, path);
  if (!file.startsWith(root + sep)) throw new Error(`report page ${path} would be outside ${root}`);
  return file;
}

async function writePages(model: Model, opts: SiteOptions, root: string, t0: number): Promise<{ index: string; stats: ReportStats }> {
  const t1 = performance.now();
  const site = makeSite(model, opts);
  const stats: ReportStats = {
    pages: 0,
    officePages: 0,
    officePagesWritten: site.officePages,
    charts: 0,
    svgCharts: 0,
    bytes: 0,
    officeSvg: site.officeSvg,
    ms: { model: t1 - t0, pages: 0, officePages: 0, total: 0 },
    files: {},
  };
  let officeStart = 0;
  // a worker thread writes the pages while this thread builds the next ones (writer.ts); it hashes
  // the bytes as written for the manifest (the folder is not read back)
  const writer = new PageWriter();
  try {
    for await (const p of buildSite(site)) {
      // office pages come after all other pages: they are timed from the last other page on
      if (!p.path.startsWith('office/')) officeStart = performance.now();
      await writer.write(inside(root, p.path), p.html, p.path);
      stats.pages++;
      opts.onPage?.(stats.pages);
      stats.charts += p.charts.length;
      if (p.path.startsWith('office/')) stats.officePages++;
    }
    await writer.flush();
    stats.files = writer.files;
    stats.bytes = writer.bytes;
    stats.svgCharts = site.renderer?.rendered ?? 0;
  } finally {
    await writer.close();
    await site.renderer?.finalize();
  }
  const t2 = performance.now();
  stats.ms.pages = t2 - t1;
  stats.ms.officePages = stats.officePages ? t2 - officeStart : 0;
  stats.ms.total = t2 - t0;
  if (process.env.KAOPING_REPORT_TIMING) diagnostic(timingLine(stats, site.officePages));
  return { index: join(root, 'index.html'), stats };
}

/** KAOPING_REPORT_TIMING: where the report's time went (a developer's switch, like KAOPING_TRACE). */
function timingLine(stats: ReportStats, officePages: boolean): string {
  const perOffice = (stats.ms.officePages / Math.max(1, stats.officePages)).toFixed(2);
  return (
    `kaoping report: ${stats.pages} pages (${stats.officePages} office pages${officePages ? '' : ', office pages on demand'}, ` +
    `${stats.svgCharts} SVG charts, ${(stats.bytes / 1e6).toFixed(1)} MB) in ${stats.ms.total.toFixed(0)} ms; ` +
    `model ${stats.ms.model.toFixed(0)} ms; ${perOffice} ms per office page\n`
  );
}

const HERE = dirname(fileURLToPath(import.meta.url));
const ASSETS = ['report.css', 'report.js', 'vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** report.css, report.js, and the vega builds (without their source-map comments: nothing to fetch); each file's sha256. */
async function copyAssets(dest: string): Promise<Record<string, string>> {
  await mkdir(dest, { recursive: true });
  const hashes: Record<string, string> = {};
  for (const f of ['report.css', 'report.js']) {
    const bytes = await readFile(join(HERE, 'assets', f));
    await writeFile(join(dest, f), bytes);
    hashes[f] = sha256(bytes);
  }
  const require = createRequire(import.meta.url);
  const builds: [string, string][] = [
    ['vega', 'vega.min.js'],
    ['vega-lite', 'vega-lite.min.js'],
    ['vega-embed', 'vega-embed.min.js'],
  ];
  for (const [pkg, file] of builds) {
    const src = join(dirname(require.resolve(pkg)), file);
    const text = Buffer.from((await readFile(src, 'utf8')).replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    await writeFile(join(dest, file), text);
    hashes[file] = sha256(text);
  }
  return hashes;
}
