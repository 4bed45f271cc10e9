/** The overview (index.html) and the per-category pages. */
import { common, fmt, tier as tierWord } from '../words/common.ts';
import { tieBreakerNames } from '../pipeline/rules.ts';
import { dimensionsChart, tierChart, type Chart } from './charts.ts';
import { bdi, html, isolate, jsonForScript, type Html } from './html.ts';
import type { Lang } from '../words/index.ts';
import { figure, headRow, intCell, numCell, PAGE, searchBox } from './layout.ts';
import { flagged, sensBadge } from './marks.ts';
import type { Category, Office } from './model.ts';
import { categoryHref, officeName, RANKING_HEAD, RANKING_INLINE_LIMIT, sitePage, type Built, type Site } from './site.ts';
import { t } from '../words/report.ts';

/** The stacked dimension chart shows at most this many offices (in rank order). */
export const DIM_CHART_LIMIT = 50;
/** Tiers in their order, for sorting a ranking by tier. */
const TIERS = ['excellent', 'good', 'pass', 'fail'];
/** A commendation card lists at most this many offices that are not commended but whose decision is not stable. */
const OTHERS_SHOWN = 20;

/** The id of an office's row in a ranking table (the search links to it). */
export const rowId = (officeId: string) => `o-${officeId}`;

/** A select of the regions of `rows` filtering table `id` (report.js shows it); none when no office has a region. */
function regionFilter(lang: Lang, regions: string[], id: string): Html {
  if (regions.length === 0) return html``;
  const label = t(lang, 'regionFilter');
  const options = regions.map((r) => html`<option value="${r}">${r}</option>`);
  return html`<p class="tools"><select class="region-filter" data-table="${id}" aria-label="${label}" title="${label}" hidden>
<option value="">${t(lang, 'allRegions')}</option>${options}</select></p>`;
}

export function rankingTable(s: Site, c: Category, rows: Office[], id: string, prefix: '' | '../'): Html {
  const { lang, scheme } = s.m;
  const dims = scheme.dimensions;
  const dimHeads = dims.map((d) => html`${lang === 'zh' ? d.name : d.name_en}`);
  // the 片区 column only when an office of the category has a region
  const regions = [...new Set(c.offices.map((o) => o.region).filter((r): r is string => r !== null && r !== ''))].sort();
  const withRegion = regions.length > 0;
  const head = headRow(lang, ['rank', 'office', ...(withRegion ? ['region' as const] : []), 'total', ...dimHeads, 'tier', 'commended']);
  // the score columns (total and dimensions) sort descending on the first click
  const first = withRegion ? 3 : 2;
  const desc = Array.from({ length: dims.length + 1 }, (_, k) => first + k).join(' ');
  const body = rows.map((o) => {
    const vetoed = o.vetoed ? html` <span class="badge fail">${t(lang, 'vetoed')}</span>` : '';
    const badge = flagged(s.m, o.office_id) ? html` ${sensBadge(s.m, o.office_id)}` : '';
    const cells = [
      intCell(o.rank),
      html`<td>${officeName(s, o.office_id, o.office_name, prefix)} <span class="id">${o.office_id}</span>${vetoed}</td>`,
      withRegion ? html`<td>${o.region ?? ''}</td>` : '',
      numCell(o.total),
      dims.map((d) => numCell(o.dims[d.id])),
      html`<td data-v="${TIERS.indexOf(o.tier)}"><span class="tier ${o.tier}">${tierWord(o.tier, lang)}</span></td>`,
      html`<td data-v="${o.commended ? 0 : 1}">${o.commended ? t(lang, 'yes') : ''}${badge}</td>`,
    ];
    const cls = o.vetoed ? html` class="vetoed"` : '';
    const region = withRegion ? html` data-region="${o.region ?? ''}"` : '';
    return html`<tr id="${rowId(o.office_id)}"${cls}${region}>${cells}</tr>`;
  });
  const label = t(lang, 'rankingOf', { category: isolate(c.name) });
  // a table listing part of its category: report.js adds the other matches from search-index.js
  const more =
    rows.length < c.offices.length && prefix === ''
      ? html`<div class="search-more" data-table="${id}" data-title="${t(lang, 'searchMore')}" data-rank="${t(lang, 'searchRank', {
          rank: '{rank}',
        })}" hidden></div>
`
      : '';
  return html`${searchBox(lang, id)}${regionFilter(lang, regions, id)}<table class="sortable ranking" id="${id}" aria-label="${label}" data-desc="${desc}">
<thead>${head}</thead>
<tbody>
${body.map((r) => html`${r}\n`)}</tbody>
</table>
${more}`;
}

/**
 * search-index.js of the overview: for each overview table that lists only the head of its category, every
 * other office of the category as [id, name, rank, link to its row on its category page], so the search finds
 * every office without a server (window.kaopingSearch, read by report.js). Undefined when every table is whole.
 */
export function searchIndex(s: Site): Built | undefined {
  const tables: Record<string, [string, string, number, string][]> = {};
  for (const [i, c] of s.m.categories.entries()) {
    if (c.offices.length <= RANKING_INLINE_LIMIT) continue;
    tables[`rank-${i}`] = c.offices
      .slice(RANKING_HEAD)
      .map((o) => [o.office_id, o.office_name, o.rank, `${categoryHref(s, c.name, o.pos)}#${encodeURIComponent(rowId(o.office_id))}`]);
  }
  if (Object.keys(tables).length === 0) return undefined;
  return { path: SEARCH_INDEX, charts: [], html: `window.kaopingSearch = ${jsonForScript(tables)};\n` };
}

export const SEARCH_INDEX = 'search-index.js';

function categorySummary(s: Site): Html {
  const { lang } = s.m;
  const rows = s.m.categories.map((c) => {
    const q = c.quota;
    const cells = [
      html`<td><a href="${s.categoryPage.get(c.name)!}">${bdi(c.name)}</a></td>`,
      intCell(c.offices.length),
      intCell(q?.quota),
      intCell(q?.eligible),
      intCell(q?.excellent),
      intCell(q?.overflow),
      intCell(c.offices.filter((o) => o.vetoed).length),
      numCell(c.median),
      numCell(c.best),
    ];
    return html`<tr>${cells}</tr>`;
  });
  const total = s.m.offices.length;
  const head = headRow(lang, ['category', 'offices', 'quota', 'eligible', 'excellent', 'overflow', 'vetoed', 'catMedian', 'catBest']);
  return html`<table class="summary">
<thead>${head}</thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">${t(lang, 'officesTotal')}</th>${intCell(total)}<td colspan="7"></td></tr></tfoot>
</table>
<p class="note">${t(lang, 'statsNonVetoed')}</p>`;
}

function commendations(s: Site): Html {
  const { lang, scheme } = s.m;
  const breakers = tieBreakerNames(scheme, lang);
  return html`${s.m.categories.map((c) => commendationCard(s, c, breakers))}`;
}

/** One category's card: its commended offices, the others whose decision is not stable, and a tie over the quota. */
function commendationCard(s: Site, c: Category, breakers: string): Html {
  const { m } = s;
  const { lang } = m;
  const list = c.offices.filter((o) => o.commended);
  const q = c.quota;
  const badge = (o: Office) => (flagged(m, o.office_id) ? html` ${sensBadge(m, o.office_id)}` : '');
  const commended =
    list.length === 0
      ? html`<p class="muted">${t(lang, 'noCommended')}</p>`
      : html`<ol class="commended ranked">${list.map(
          (o) => html`<li><span class="rank-no">${t(lang, 'rankNo', { rank: o.rank })}</span> ${cardOffice(s, o)}${badge(o)}</li>`,
        )}</ol>`;
  const overflow =
    q && q.overflow > 0
      ? html`<p class="warn">${t(lang, 'overflowNote', {
          category: isolate(c.name),
          quota: q.quota,
          breakers,
          excellent: q.excellent,
          overflow: q.overflow,
        })}</p>`
      : '';
  return html`<section class="card commend${list.length > 12 ? ' wide' : ''}">
<h3>${bdi(c.name)} <span class="muted">${t(lang, 'quota')} ${q?.quota ?? ''}</span></h3>
${commended}${notStable(s, c)}
${overflow}
</section>`;
}

/** An office on a commendation card: its name (a link to its page), id and total. */
function cardOffice(s: Site, o: Office): Html {
  const name = officeName(s, o.office_id, o.office_name, '');
  return html`${name} <span class="id">${o.office_id}</span> <span class="num">${fmt(o.total)}</span>`;
}

/** The offices of a card not commended whose decision is fragile or contested (only with sensitivity results). */
function notStable(s: Site, c: Category): Html {
  const { m } = s;
  const { lang } = m;
  const others = c.offices.filter((o) => !o.commended && flagged(m, o.office_id));
  if (others.length === 0) return html``;
  const items = others.slice(0, OTHERS_SHOWN).map((o) => html`<li>${cardOffice(s, o)} ${sensBadge(m, o.office_id)}</li>`);
  const link = html`<a href="${PAGE.sensitivity}">${t(lang, 'navSensitivity')}</a>${common(lang, 'fullStop')}`;
  const rest = others.length - OTHERS_SHOWN;
  const more = rest > 0 ? html`<p class="note">${t(lang, 'sensMore', { n: rest })} ${link}</p>` : '';
  return html`
<p class="sens-others">${t(lang, 'sensFlaggedOther')}</p><ul class="commended">${items}</ul>${more}`;
}

function qualitySummary(s: Site): Html {
  const { lang } = s.m;
  const f = s.m.inputFiles;
  const sum = (k: 'rows' | 'loaded' | 'rejected') => f.reduce((n, x) => n + Number(x[k]), 0);
  const counts = { files: f.length, rows: sum('rows'), loaded: sum('loaded'), rejected: sum('rejected'), warnings: s.m.warnings.length };
  return html`<p>${t(lang, 'qualitySummary', counts)}
<a href="${PAGE.quality}">${t(lang, 'qualityLink')}</a></p>`;
}

/** A category's section of the overview: its ranking (the head of a large one, with a link to the rest) and its chart. */
async function categorySection(s: Site, c: Category, i: number, fig: (c: Chart) => Promise<Html>): Promise<Html> {
  const { lang } = s.m;
  const inline = c.offices.length <= RANKING_INLINE_LIMIT;
  const rows = inline ? c.offices : c.offices.slice(0, RANKING_HEAD);
  const pages = pageCount(s, c);
  const more = pages > 1 ? t(lang, 'categoryPagesCount', { pages, size: s.categoryPageSize }) : '';
  const link = html`<a href="${s.categoryPage.get(c.name)!}">${t(lang, 'categoryPage')}</a>`;
  const head = !inline ? html`<p class="note">${t(lang, 'shownTop', { n: rows.length, all: c.offices.length })} ${link}${more}.</p>` : '';
  return html`<section class="category" id="cat-${i}">
<h2>${t(lang, 'rankingOf', { category: isolate(c.name) })} <span class="muted">(${c.offices.length})</span></h2>
${head}
${rankingTable(s, c, rows, `rank-${i}`, '')}
${await fig(dimensionsChart(s.m, c, i, DIM_CHART_LIMIT))}
</section>`;
}

export async function overviewPage(s: Site): Promise<Built> {
  const { m } = s;
  const { lang, scheme, year } = m;
  const charts: Chart[] = [];
  const fig = async (c: Chart) => {
    charts.push(c);
    return figure(c, { renderer: s.renderer, live: true });
  };
  const sections: Html[] = [];
  for (const [i, c] of m.categories.entries()) sections.push(await categorySection(s, c, i, fig));
  const title = t(lang, 'yearTitle', { year });
  const method = html`<a href="${PAGE.method}">${t(lang, 'navMethod')}</a>`;
  const schemeTitle = lang === 'zh' ? scheme.title : scheme.title_en;
  const schemeLine = html`${t(lang, 'scheme')}: ${schemeTitle} · ${t(lang, 'schemeId')} <code>${scheme.id}</code>`;
  const sensLink = html`<a href="${PAGE.sensitivity}">${t(lang, 'navSensitivity')}</a>${common(lang, 'fullStop')}`;
  const body = html`<header class="page-head">
<h1>${title}</h1>
<p class="meta">${schemeLine} · ${method}</p>
</header>
<section id="categories"><h2>${t(lang, 'categories')}</h2>${categorySummary(s)}</section>
${s.officePages ? '' : onDemandNote(s)}
<section id="commendations"><h2>${t(lang, 'commendations')}</h2><div class="cards">${commendations(s)}</div>${
    m.sensitivity
      ? html`
<p class="note">${t(lang, 'sensLink')} ${sensLink}</p>`
      : ''
  }</section>
<section id="tiers">${await fig(tierChart(m))}</section>
${sections}
<section id="quality"><h2>${t(lang, 'quality')}</h2>${qualitySummary(s)}</section>
${m.categories.some((c) => c.offices.length > RANKING_INLINE_LIMIT) ? html`<script src="${SEARCH_INDEX}"></script>` : ''}`;
  return { path: PAGE.overview, charts, html: sitePage(s, { title, prefix: '', active: 'overview', body, vega: true }) };
}

/** How many ranking pages category `c` has. */
export function pageCount(s: Site, c: Category): number {
  return Math.max(1, Math.ceil(c.offices.length / s.categoryPageSize));
}

/** Why the site has no office pages, and the command that writes one. */
function onDemandNote(s: Site): Html {
  const { lang } = s.m;
  const command =
    `kaoping report --office ${t(lang, 'officeIdArg')} [--year ${s.m.year}]` + ` [--db ${t(lang, 'dbArg')}] [--out ${t(lang, 'outArg')}]`;
  return html`<section id="office-pages" class="note"><h2>${t(lang, 'officePagesTitle')}</h2>
<p>${t(lang, 'officePagesOnDemand', { n: s.m.offices.length, limit: s.officePagesLimit })}</p>
<pre><code>${command}</code></pre>
<p>${t(lang, 'officePagesOnDemandMore')}</p></section>`;
}

/**
 * The ranking pages of a category: one page (its full ranking) up to
 * categoryPageSize offices, else numbered pages of that many rows in rank
 * order, each with previous/next links and the page index.
 */
export async function* categoryPages(s: Site, c: Category, i: number): AsyncGenerator<Built> {
  const pages = pageCount(s, c);
  if (pages === 1) {
    yield await categoryPage(s, c, i);
    return;
  }
  for (let k = 0; k < pages; k++) yield await rankingPage(s, c, i, k, pages);
}

/** Links to the previous and next page and to every page (by the ranks it holds); the current page is marked. */
function pager(s: Site, c: Category, k: number, pages: number, index: boolean): Html {
  const { lang } = s.m;
  const size = s.categoryPageSize;
  const href = (j: number) => `../${categoryHref(s, c.name, j * size)}`;
  const ranks = (j: number) => `${c.offices[j * size].rank}–${c.offices[Math.min(c.offices.length, (j + 1) * size) - 1].rank}`;
  const links = !index
    ? []
    : Array.from({ length: pages }, (_, j) =>
        j === k
          ? html`<li><a href="${href(j)}" aria-current="page" title="${t(lang, 'ranksTitle', { ranks: ranks(j) })}">${j + 1}</a></li>`
          : html`<li><a href="${href(j)}" title="${t(lang, 'ranksTitle', { ranks: ranks(j) })}">${j + 1}</a></li>`,
      );
  const step = (to: number, rel: 'prev' | 'next', word: 'prevPage' | 'nextPage') =>
    to >= 0 && to < pages
      ? html`<a rel="${rel}" href="${href(to)}">${t(lang, word)}</a>`
      : html`<span class="muted">${t(lang, word)}</span>`;
  return html`<nav class="pager no-print" aria-label="${t(lang, 'pagesOf', { category: isolate(c.name) })}">
${step(k - 1, 'prev', 'prevPage')}
<span>${t(lang, 'pageOf', { k: k + 1, pages })}</span>
${step(k + 1, 'next', 'nextPage')}
${index ? html`<ol class="pages">${links}</ol>` : ''}
</nav>`;
}

/** The line under a category page's heading: the year, its size and quota, its median and best. */
function categoryMeta(s: Site, c: Category): Html {
  const { lang, year } = s.m;
  const size = html`${t(lang, 'offices')} ${c.offices.length} · ${t(lang, 'quota')} ${c.quota?.quota ?? ''}`;
  const stats = html`${t(lang, 'catMedian')} ${fmt(c.median)} · ${t(lang, 'catBest')} ${fmt(c.best)}`;
  return html`<p class="meta">${t(lang, 'year')} ${year} · ${size} · ${stats}</p>
<p class="note">${t(lang, 'statsNonVetoed')}</p>`;
}

/** Page k (0-based) of the ranking of a paginated category; the dimension chart only on the first. */
async function rankingPage(s: Site, c: Category, i: number, k: number, pages: number): Promise<Built> {
  const { m } = s;
  const { lang, year } = m;
  const size = s.categoryPageSize;
  const rows = c.offices.slice(k * size, (k + 1) * size);
  const chart = k === 0 ? dimensionsChart(m, c, i, DIM_CHART_LIMIT) : undefined;
  const heading = t(lang, 'rankingOf', { category: isolate(c.name) });
  const title = `${heading} · ${year}${k > 0 ? ` · ${t(lang, 'pageOf', { k: k + 1, pages })}` : ''}`;
  const note = t(lang, 'pagedNote', { n: rows.length, from: rows[0].rank, to: rows[rows.length - 1].rank, all: c.offices.length, size });
  const body = html`<header class="page-head"><h1>${heading}</h1>
${categoryMeta(s, c)}
<p class="note">${note}</p></header>
${pager(s, c, k, pages, true)}
${rankingTable(s, c, rows, 'rank-all', '../')}
${pager(s, c, k, pages, false)}
${chart ? await figure(chart, { renderer: s.renderer, live: true }) : ''}`;
  return {
    path: categoryHref(s, c.name, k * size),
    charts: chart ? [chart] : [],
    html: sitePage(s, { title, prefix: '../', active: 'none', body, vega: chart !== undefined }),
  };
}

/** One page per category: its full ranking (the overview lists only the head of a large category). */
export async function categoryPage(s: Site, c: Category, i: number): Promise<Built> {
  const { m } = s;
  const { lang, year } = m;
  const chart = dimensionsChart(m, c, i, DIM_CHART_LIMIT);
  const title = `${t(lang, 'rankingOf', { category: isolate(c.name) })} · ${year}`;
  const body = html`<header class="page-head"><h1>${t(lang, 'rankingOf', { category: isolate(c.name) })}</h1>
${categoryMeta(s, c)}</header>
${rankingTable(s, c, c.offices, 'rank-all', '../')}
${await figure(chart, { renderer: s.renderer, live: true })}`;
  return {
    path: s.categoryPage.get(c.name)!,
    charts: [chart],
    html: sitePage(s, { title, prefix: '../', active: 'none', body, vega: true }),
  };
}
