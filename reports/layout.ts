/**
 * The frame every page shares (head, navigation, scripts), figures for
 * charts, and small table helpers. Pages link only to files inside the
 * report folder (`prefix` is '' for top-level pages and '../' for pages in
 * office/ and category/).
 */
import { dateWords, fmt } from '../words/common.ts';
import type { Lang } from '../words/index.ts';
import type { Chart, ChartRenderer } from './charts.ts';
import { esc, Html, html, jsonForScript, raw, scriptJson } from './html.ts';
import { t, type WordKey } from '../words/report.ts';

export type NavKey = 'overview' | 'individuals' | 'recommendations' | 'sensitivity' | 'quality' | 'adjustments' | 'method' | 'none';

export const PAGE = {
  overview: 'index.html',
  individuals: 'individuals.html',
  recommendations: 'recommendations.html',
  sensitivity: 'sensitivity.html',
  quality: 'data-quality.html',
  adjustments: 'adjustments.html',
  method: 'methodology.html',
} as const;

/** Vega builds, loaded in this order (vega-embed needs vega and vega-lite as globals). */
export const VEGA_SCRIPTS = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'];

export interface PageFrame {
  lang: Lang;
  title: string;
  prefix: '' | '../';
  active: NavKey;
  body: Html;
  /** load the vega builds (the page has interactive charts) */
  vega: boolean;
  footer: string;
  /** the pages in the navigation (default: all but the sensitivity and adjustments pages, which exist only with results of theirs) */
  nav?: readonly NavKey[];
  /** the title block (title, organ, year, date), on screen and at the top of every printed page */
  brand?: Brand;
}

/** The appraisal's title and organ (appraisal.yaml; generic wording without it), the year and the report date. */
export interface Brand {
  title?: string;
  organ?: string;
  year: number;
  date: string;
}

/** The title of the appraisal: the settings' title, or the generic one with the year. */
export function brandTitle(b: Brand, lang: Lang): string {
  return b.title ?? t(lang, 'brandTitle', { year: b.year });
}

/** A date (YYYY-MM-DD) as a person writes it: 2026年12月1日 / 1 December 2026. */
export function longDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number);
  return dateWords(new Date(y, m - 1, d), lang);
}

/** A CSS string literal (for the print header's content). */
function cssString(s: string): string {
  return `"${s.replace(/[\\"\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `).replace(/</g, '\\3c ')}"`;
}

/** The title block and the print header/footer of a page. */
function masthead(b: Brand | undefined, lang: Lang): { head: Html; top: Html } {
  if (!b) return { head: raw(''), top: raw('') };
  const title = brandTitle(b, lang);
  const line = [title, b.organ].filter(Boolean).join(' · ');
  const pageWord = [cssString(t(lang, 'printPageBefore')), cssString(t(lang, 'printPageAfter'))];
  const css =
    `@page { @top-center { content: ${cssString(line)}; font-size: 9pt; color: #555; } ` +
    `@bottom-center { content: ${pageWord[0]} counter(page) ${pageWord[1]}; font-size: 9pt; } }`;
  const organ = b.organ ? html`<p class="masthead-organ">${b.organ}</p>` : '';
  const date = html`<p class="masthead-date">${t(lang, 'reportDate')} ${longDate(b.date, lang)}</p>`;
  return {
    head: html`<style media="print">${raw(css)}</style>`,
    top: html`<header class="masthead"><p class="masthead-title">${title}</p>${organ}${date}</header>`,
  };
}

const NAV: [NavKey, keyof typeof PAGE, WordKey][] = [
  ['overview', 'overview', 'navOverview'],
  ['individuals', 'individuals', 'navIndividuals'],
  ['recommendations', 'recommendations', 'navRecommendations'],
  ['sensitivity', 'sensitivity', 'navSensitivity'],
  ['quality', 'quality', 'navQuality'],
  ['adjustments', 'adjustments', 'navAdjustments'],
  ['method', 'method', 'navMethod'],
];

/**
 * The navigation of a site: the sensitivity page only with sensitivity
 * results, the adjustments page (复核调整) only when the year has adjustments.
 */
export function navKeys(sensitivity: boolean, adjustments = false): NavKey[] {
  return NAV.map(([key]) => key).filter((k) => (sensitivity || k !== 'sensitivity') && (adjustments || k !== 'adjustments'));
}

/** A page's frame around its title and body: the text before the title, between title and body, and after the body. */
export interface Frame {
  open: string;
  mid: string;
  close: string;
}

/** The frame of a page (everything but its title and body), the same for every page with the same prefix, active entry and scripts. */
export function pageFrame(f: Omit<PageFrame, 'title' | 'body'>): Frame {
  const a = (p: string) => `${f.prefix}${p}`;
  const shown = new Set(f.nav ?? navKeys(false));
  const current = (key: NavKey) => raw(key === f.active ? ' aria-current="page"' : '');
  const nav = NAV.filter(([key]) => shown.has(key)).map(
    ([key, file, word]) => html`<a href="${a(PAGE[file])}"${current(key)}>${t(f.lang, word)}</a>`,
  );
  const scripts = [...(f.vega ? VEGA_SCRIPTS : []), 'report.js'].map((s) => html`<script src="${a(`assets/${s}`)}"></script>`);
  const mast = masthead(f.brand, f.lang);
  const open = html`<!doctype html>
<html lang="${f.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`;
  const mid = html`</title>
<link rel="stylesheet" href="${a('assets/report.css')}">
${mast.head}
</head>
<body>
<a class="skip" href="#main">${t(f.lang, 'skip')}</a>
<nav class="site"><span class="brand">${f.brand?.title ?? t(f.lang, 'siteTitle')}</span>${nav}</nav>
<main id="main">
${mast.top}
`;
  const close = html`
</main>
<footer>${f.footer}</footer>
${scripts}
</body>
</html>
`;
  return { open: open.s, mid: mid.s, close: close.s };
}

/** A page: its frame (pageFrame) around its title (escaped) and body. */
export function page(f: PageFrame, frame: Frame = pageFrame(f)): string {
  return frame.open + esc(f.title) + frame.mid + f.body.s + frame.close;
}

/**
 * A chart figure: the static SVG (works without scripts, prints) and, when
 * the chart is interactive (or has no static SVG) and the page loads vega,
 * a container that report.js fills with the vega-embed view from the
 * embedded spec.
 */
export async function figure(chart: Chart, opts: { renderer?: ChartRenderer; live: boolean; fallback?: Html }): Promise<Html> {
  const svg = opts.renderer ? await opts.renderer.svg(chart) : undefined;
  // without an SVG, the caller's static fallback (plain HTML bars) stands in for it
  const still = svg ? raw(svg) : opts.fallback;
  const live = opts.live && (chart.interactive || !svg);
  if (!still && !live) return html``;
  // a fallback is no print image: on paper the live view stands (has-static would hide it)
  const cls = `chart${svg ? ' has-static' : still ? ' has-bars' : ''}${live ? ' has-live' : ''}`;
  return html`<figure class="${cls}" id="fig-${chart.id}" data-chart="${chart.id}">
${still ? html`<div class="static">${still}</div>` : ''}${
    live
      ? html`<div class="live" hidden></div>
<script type="application/json" class="vl-spec">${chart.json ? scriptJson(chart.json()) : jsonForScript(chart.spec)}</script>`
      : ''
  }
${!still ? html`<noscript><p class="muted">${chart.title}</p></noscript>` : ''}</figure>`;
}

// a number's text (digits, sign, point, exponent) needs no escaping: the cells and bars below put numbers into their
// markup as strings (pages have thousands of them); anything else a query may hand over goes through the html tag

/** A number cell: shown with 2 decimals, sorted by its value. */
export function numCell(x: number | null | undefined): Html {
  if (typeof x === 'number') return raw(`<td class="num" data-v="${Number.isNaN(x) ? '' : String(x)}">${fmt(x)}</td>`);
  const v = x === null || x === undefined || Number.isNaN(x) ? '' : String(x);
  return html`<td class="num" data-v="${v}">${fmt(x)}</td>`;
}

/** An integer cell (ranks, counts). */
export function intCell(x: number | null | undefined): Html {
  if (typeof x === 'number') {
    const n = Number.isNaN(x) ? '' : String(x);
    return raw(`<td class="num" data-v="${n}">${n}</td>`);
  }
  const v = x === null || x === undefined || Number.isNaN(x) ? '' : String(x);
  return html`<td class="num" data-v="${v}">${v}</td>`;
}

/** A bar of points against a maximum, in CSS (cheap at any scale, prints). */
export function bar(points: number, max: number): Html {
  const pct = max > 0 ? Math.max(0, Math.min(100, (points / max) * 100)) : 0;
  return raw(`<span class="bar" aria-hidden="true"><span style="width:${pct.toFixed(1)}%"></span></span>`);
}

/** A search box for a sortable table (hidden until report.js shows it). */
export function searchBox(
  lang: Lang,
  tableId: string,
  words: { placeholder: WordKey; none: WordKey } = { placeholder: 'search', none: 'noMatch' },
): Html {
  const s = t(lang, words.placeholder);
  const none = t(lang, words.none);
  const input = html`<input type="search" class="table-filter" data-table="${tableId}" placeholder="${s}" aria-label="${s}" data-none="${none}" hidden>`;
  return html`<p class="tools">${input} <span class="muted hint" hidden>${t(lang, 'sortHint')}</span></p>`;
}

/** A table's header row: one column heading (scope="col") per entry, a word of `lang` or markup as it is (html`` for an empty one). */
export function headRow(lang: Lang, cols: (WordKey | Html)[]): Html {
  return html`<tr>${cols.map((c) => html`<th scope="col">${c instanceof Html ? c : t(lang, c)}</th>`)}</tr>`;
}
