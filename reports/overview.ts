/** The overview (index.html) and the per-category pages. */
import { fmt, tier as tierWord } from '../pipeline/i18n.ts';
import { dimensionsChart, tierChart, type Chart } from './charts.ts';
import { bdi, html, isolate, type Html } from './html.ts';
import { figure, intCell, numCell, page, PAGE, searchBox } from './layout.ts';
import type { Category, Office } from './model.ts';
import { flagged, sensBadge } from './robustness.ts';
import { categoryHref, officeName, type Built, type Site } from './site.ts';
import { t } from './words.ts';

/** Categories with more offices than this show their first RANKING_HEAD on the overview, and the rest on their own page. */
export const RANKING_INLINE_LIMIT = 300;
export const RANKING_HEAD = 50;
/** The stacked dimension chart shows at most this many offices (in rank order). */
export const DIM_CHART_LIMIT = 50;
/** A commendation card lists at most this many offices that are not commended but whose decision is not stable. */
const OTHERS_SHOWN = 20;

export function rankingTable(s: Site, c: Category, rows: Office[], id: string, prefix: '' | '../'): Html {
  const { lang, scheme } = s.m;
  const dims = scheme.dimensions;
  const head = html`<tr><th scope="col">${t(lang, 'rank')}</th><th scope="col">${t(lang, 'office')}</th><th scope="col">${t(lang, 'total')}</th>${dims.map((d) => html`<th scope="col">${lang === 'zh' ? d.name : d.name_en}</th>`)}<th scope="col">${t(lang, 'tier')}</th><th scope="col">${t(lang, 'commended')}</th></tr>`;
  const body = rows.map((o) => html`<tr${o.vetoed ? html` class="vetoed"` : ''}>${intCell(o.rank)}<td>${officeName(s, o.office_id, o.office_name, prefix)} <span class="id">${o.office_id}</span>${o.vetoed ? html` <span class="badge fail">${t(lang, 'vetoed')}</span>` : ''}</td>${numCell(o.total)}${dims.map((d) => numCell(o.dims[d.id]))}<td data-v="${['excellent', 'good', 'pass', 'fail'].indexOf(o.tier)}"><span class="tier ${o.tier}">${tierWord(o.tier, lang)}</span></td><td data-v="${o.commended ? 0 : 1}">${o.commended ? t(lang, 'yes') : ''}${flagged(s.m, o.office_id) ? html` ${sensBadge(s.m, o.office_id)}` : ''}</td></tr>`);
  return html`${searchBox(lang, id)}<table class="sortable ranking" id="${id}" aria-label="${t(lang, 'rankingOf', { category: isolate(c.name) })}">
<thead>${head}</thead>
<tbody>
${body.map((r) => html`${r}\n`)}</tbody>
</table>`;
}

function categorySummary(s: Site): Html {
  const { lang } = s.m;
  const rows = s.m.categories.map((c) => html`<tr><td><a href="${s.categoryPage.get(c.name)!}">${bdi(c.name)}</a></td>${intCell(c.offices.length)}${intCell(c.quota?.quota)}${intCell(c.quota?.eligible)}${intCell(c.quota?.excellent)}${intCell(c.quota?.overflow)}${intCell(c.offices.filter((o) => o.vetoed).length)}${numCell(c.median)}${numCell(c.best)}</tr>`);
  const total = s.m.offices.length;
  return html`<table class="summary">
<thead><tr><th scope="col">${t(lang, 'category')}</th><th scope="col">${t(lang, 'offices')}</th><th scope="col">${t(lang, 'quota')}</th><th scope="col">${t(lang, 'eligible')}</th><th scope="col">${t(lang, 'excellent')}</th><th scope="col">${t(lang, 'overflow')}</th><th scope="col">${t(lang, 'vetoed')}</th><th scope="col">${t(lang, 'catMedian')}</th><th scope="col">${t(lang, 'catBest')}</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">${t(lang, 'officesTotal')}</th>${intCell(total)}<td colspan="7"></td></tr></tfoot>
</table>`;
}

function commendations(s: Site): Html {
  const { lang, scheme } = s.m;
  const breakers = scheme.tie_breakers.map((b) => {
    const d = scheme.dimensions.find((x) => x.id === b);
    return d ? (lang === 'zh' ? d.name : d.name_en) : b;
  }).join(lang === 'zh' ? '、' : ', ');
  return html`${s.m.categories.map((c) => {
    const list = c.offices.filter((o) => o.commended);
    // offices not commended whose decision is fragile or contested (only with sensitivity results)
    const others = c.offices.filter((o) => !o.commended && flagged(s.m, o.office_id));
    const q = c.quota;
    return html`<section class="card commend${list.length > 12 ? ' wide' : ''}">
<h3>${bdi(c.name)} <span class="muted">${t(lang, 'quota')} ${q?.quota ?? ''}</span></h3>
${list.length === 0 ? html`<p class="muted">${t(lang, 'noCommended')}</p>` : html`<ol class="commended">${list.map((o) => html`<li>${officeName(s, o.office_id, o.office_name, '')} <span class="id">${o.office_id}</span> <span class="num">${fmt(o.total)}</span>${flagged(s.m, o.office_id) ? html` ${sensBadge(s.m, o.office_id)}` : ''}</li>`)}</ol>`}${others.length ? html`
<p class="sens-others">${t(lang, 'sensFlaggedOther')}</p><ul class="commended">${others.slice(0, OTHERS_SHOWN).map((o) => html`<li>${officeName(s, o.office_id, o.office_name, '')} <span class="id">${o.office_id}</span> <span class="num">${fmt(o.total)}</span> ${sensBadge(s.m, o.office_id)}</li>`)}</ul>${others.length > OTHERS_SHOWN ? html`<p class="note">${t(lang, 'sensMore', { n: others.length - OTHERS_SHOWN })} <a href="${PAGE.sensitivity}">${t(lang, 'navSensitivity')}</a>${lang === 'zh' ? '。' : '.'}</p>` : ''}` : ''}
${q && q.overflow > 0 ? html`<p class="warn">${t(lang, 'overflowNote', { category: isolate(c.name), quota: q.quota, breakers, excellent: q.excellent, overflow: q.overflow })}</p>` : ''}
</section>`;
  })}`;
}

function qualitySummary(s: Site): Html {
  const { lang } = s.m;
  const f = s.m.inputFiles;
  const sum = (k: 'rows' | 'loaded' | 'rejected') => f.reduce((n, x) => n + Number(x[k]), 0);
  return html`<p>${t(lang, 'qualitySummary', { files: f.length, rows: sum('rows'), loaded: sum('loaded'), rejected: sum('rejected'), warnings: s.m.warnings.length })}
<a href="${PAGE.quality}">${t(lang, 'qualityLink')}</a></p>`;
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
  for (const [i, c] of m.categories.entries()) {
    const inline = c.offices.length <= RANKING_INLINE_LIMIT;
    const rows = inline ? c.offices : c.offices.slice(0, RANKING_HEAD);
    sections.push(html`<section class="category" id="cat-${i}">
<h2>${t(lang, 'rankingOf', { category: isolate(c.name) })} <span class="muted">(${c.offices.length})</span></h2>
${!inline ? html`<p class="note">${t(lang, 'shownTop', { n: rows.length, all: c.offices.length })} <a href="${s.categoryPage.get(c.name)!}">${t(lang, 'categoryPage')}</a>${pageCount(s, c) > 1 ? t(lang, 'categoryPagesCount', { pages: pageCount(s, c), size: s.categoryPageSize }) : ''}.</p>` : ''}
${rankingTable(s, c, rows, `rank-${i}`, '')}
${await fig(dimensionsChart(m, c, i, DIM_CHART_LIMIT))}
</section>`);
  }
  const title = t(lang, 'yearTitle', { year });
  const body = html`<header class="page-head">
<h1>${title}</h1>
<p class="meta">${t(lang, 'scheme')}: ${lang === 'zh' ? scheme.title : scheme.title_en} · ${t(lang, 'schemeId')} <code>${scheme.id}</code> · <a href="${PAGE.method}">${t(lang, 'navMethod')}</a></p>
</header>
<section id="categories"><h2>${t(lang, 'categories')}</h2>${categorySummary(s)}</section>
${s.officePages ? '' : onDemandNote(s)}
<section id="commendations"><h2>${t(lang, 'commendations')}</h2><div class="cards">${commendations(s)}</div>${m.sensitivity ? html`
<p class="note">${t(lang, 'sensLink')} <a href="${PAGE.sensitivity}">${t(lang, 'navSensitivity')}</a>${lang === 'zh' ? '。' : '.'}</p>` : ''}</section>
<section id="tiers">${await fig(tierChart(m))}</section>
${sections}
<section id="quality"><h2>${t(lang, 'quality')}</h2>${qualitySummary(s)}</section>`;
  return {
    path: PAGE.overview,
    charts,
    html: page({ lang, title, prefix: '', active: 'overview', body, vega: true, footer: s.footer, nav: s.nav, brand: s.brand }),
  };
}

/** How many ranking pages category `c` has. */
export function pageCount(s: Site, c: Category): number {
  return Math.max(1, Math.ceil(c.offices.length / s.categoryPageSize));
}

/** Why the site has no office pages, and the command that writes one. */
function onDemandNote(s: Site): Html {
  const { lang } = s.m;
  return html`<section id="office-pages" class="note"><h2>${t(lang, 'officePagesTitle')}</h2>
<p>${t(lang, 'officePagesOnDemand', { n: s.m.offices.length, limit: s.officePagesLimit })}</p>
<pre><code>kaoping report --office ${t(lang, 'officeIdArg')} [--year ${s.m.year}] [--db ${t(lang, 'dbArg')}] [--out ${t(lang, 'outArg')}]</code></pre>
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
  const links = !index ? [] : Array.from({ length: pages }, (_, j) => (j === k
    ? html`<li><a href="${href(j)}" aria-current="page" title="${t(lang, 'ranksTitle', { ranks: ranks(j) })}">${j + 1}</a></li>`
    : html`<li><a href="${href(j)}" title="${t(lang, 'ranksTitle', { ranks: ranks(j) })}">${j + 1}</a></li>`));
  return html`<nav class="pager no-print" aria-label="${t(lang, 'pagesOf', { category: isolate(c.name) })}">
${k > 0 ? html`<a rel="prev" href="${href(k - 1)}">${t(lang, 'prevPage')}</a>` : html`<span class="muted">${t(lang, 'prevPage')}</span>`}
<span>${t(lang, 'pageOf', { k: k + 1, pages })}</span>
${k < pages - 1 ? html`<a rel="next" href="${href(k + 1)}">${t(lang, 'nextPage')}</a>` : html`<span class="muted">${t(lang, 'nextPage')}</span>`}
${index ? html`<ol class="pages">${links}</ol>` : ''}
</nav>`;
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

  const body = html`<header class="page-head"><h1>${heading}</h1>
<p class="meta">${t(lang, 'year')} ${year} · ${t(lang, 'offices')} ${c.offices.length} · ${t(lang, 'quota')} ${c.quota?.quota ?? ''} · ${t(lang, 'catMedian')} ${fmt(c.median)} · ${t(lang, 'catBest')} ${fmt(c.best)}</p>
<p class="note">${t(lang, 'pagedNote', { n: rows.length, from: rows[0].rank, to: rows[rows.length - 1].rank, all: c.offices.length, size })}</p></header>
${pager(s, c, k, pages, true)}
${rankingTable(s, c, rows, 'rank-all', '../')}
${pager(s, c, k, pages, false)}
${chart ? await figure(chart, { renderer: s.renderer, live: true }) : ''}`;
  return {
    path: categoryHref(s, c.name, k * size),
    charts: chart ? [chart] : [],
    html: page({ lang, title, prefix: '../', active: 'none', body, vega: chart !== undefined, footer: s.footer, nav: s.nav, brand: s.brand }),
  };
}

/** One page per category: its full ranking (the overview lists only the head of a large category). */
export async function categoryPage(s: Site, c: Category, i: number): Promise<Built> {
  const { m } = s;
  const { lang, year } = m;
  const chart = dimensionsChart(m, c, i, DIM_CHART_LIMIT);
  const title = `${t(lang, 'rankingOf', { category: isolate(c.name) })} · ${year}`;
  const body = html`<header class="page-head"><h1>${t(lang, 'rankingOf', { category: isolate(c.name) })}</h1>
<p class="meta">${t(lang, 'year')} ${year} · ${t(lang, 'offices')} ${c.offices.length} · ${t(lang, 'quota')} ${c.quota?.quota ?? ''} · ${t(lang, 'catMedian')} ${fmt(c.median)} · ${t(lang, 'catBest')} ${fmt(c.best)}</p></header>
${rankingTable(s, c, c.offices, 'rank-all', '../')}
${await figure(chart, { renderer: s.renderer, live: true })}`;
  return {
    path: s.categoryPage.get(c.name)!,
    charts: [chart],
    html: page({ lang, title, prefix: '../', active: 'none', body, vega: true, footer: s.footer, nav: s.nav, brand: s.brand }),
  };
}
