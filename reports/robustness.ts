/**
 * Weight sensitivity in the report (the results of `kaoping sensitivity`,
 * when the model has them; see model.ts loadSensitivity): the robustness page
 * (sensitivity.html), the badges that mark fragile and contested
 * commendation decisions on the overview, category and office pages, and the
 * office page's section. Without results none of this appears.
 */
import { FRAGILE_AGREEMENT, STABLE_AGREEMENT } from '../pipeline/sensitivity.ts';
import { intervalChart, pct, rankChangeChart, rankText, signed, type Chart } from './charts.ts';
import { bdi, html, isolate, type Html } from './html.ts';
import { figure, intCell, page, PAGE, searchBox } from './layout.ts';
import type { Category, DimensionChange, Model, Office, Sensitivity, SensitivityRow } from './model.ts';
import { RANKING_HEAD, RANKING_INLINE_LIMIT } from './overview.ts';
import { officeName, type Built, type Site } from './site.ts';
import { t } from './words.ts';

/** The charts show at most this many offices of a category: those around the commendation boundary. */
export const SENS_CHART_LIMIT = 50;

const dimName = (m: Model, id: string) => {
  const d = m.scheme.dimensions.find((x) => x.id === id);
  return d ? (m.lang === 'zh' ? d.name : d.name_en) : id;
};

const spreadText = (spread: number) => `${Number((spread * 100).toFixed(1))}%`;

/** The sensitivity row of an office whose commendation decision is fragile or contested. */
export function flagged(m: Model, officeId: string): SensitivityRow | undefined {
  const r = m.sensitivity?.byId.get(officeId);
  return r && r.verdict !== 'stable' ? r : undefined;
}

/** A visible mark on a fragile or contested decision: the verdict and P(commended); nothing when stable or without results. */
export function sensBadge(m: Model, officeId: string): Html {
  const r = flagged(m, officeId);
  if (!r) return html``;
  const { lang } = m;
  const title = t(lang, 'badgeTitle', { draws: m.sensitivity!.draws, p: pct(r.p_commended), agree: pct(r.agreement) });
  return html`<span class="badge sens ${r.verdict}" title="${title}">${t(lang, 'badgeText', { verdict: t(lang, r.verdict), p: pct(r.p_commended) })}</span>`;
}

/** The dimension whose removal moves the office most (the first in scheme order on a tie); none when no removal moves it. */
export function decisive(sens: Sensitivity, officeId: string): DimensionChange | undefined {
  let best: DimensionChange | undefined;
  for (const ch of sens.changes.get(officeId) ?? []) {
    if (ch.rank_change !== 0 && (!best || Math.abs(ch.rank_change) > Math.abs(best.rank_change))) best = ch;
  }
  return best;
}

/**
 * The offices of a category a chart shows: all of a small category, else
 * `limit` consecutive offices around the commendation boundary (the last
 * commended office, or the last with any chance of commendation), where the
 * fragile and contested decisions are.
 */
export function boundaryWindow(c: Category, sens: Sensitivity, limit = SENS_CHART_LIMIT): Office[] {
  const n = c.offices.length;
  if (n <= limit) return c.offices;
  let edge = -1;
  c.offices.forEach((o, i) => {
    if (o.commended || (sens.byId.get(o.office_id)?.p_commended ?? 0) > 0) edge = i;
  });
  const start = Math.max(0, Math.min(edge + 1 - Math.floor(limit / 2), n - limit));
  return c.offices.slice(start, start + limit);
}

/** The offices of a category the tables list: all up to RANKING_INLINE_LIMIT, else the boundary window, the head and every flagged decision. */
function listed(c: Category, sens: Sensitivity): Office[] {
  if (c.offices.length <= RANKING_INLINE_LIMIT) return c.offices;
  const keep = new Set<Office>([...c.offices.slice(0, RANKING_HEAD), ...boundaryWindow(c, sens)]);
  return c.offices.filter((o) => keep.has(o) || sens.byId.get(o.office_id)?.verdict !== 'stable');
}

function officeCell(s: Site, o: Office, prefix: '' | '../'): Html {
  return html`<td>${officeName(s, o.office_id, o.office_name, prefix)} <span class="id">${o.office_id}</span></td>`;
}

function verdictCell(m: Model, r: SensitivityRow | undefined): Html {
  if (!r) return html`<td></td>`;
  const order = ['contested', 'fragile', 'stable'].indexOf(r.verdict);
  if (r.verdict === 'stable') return html`<td data-v="${order}"><span class="verdict stable">${t(m.lang, 'stable')}</span></td>`;
  return html`<td data-v="${order}"><span class="badge sens ${r.verdict}">\u26a0 ${t(m.lang, r.verdict)}</span></td>`;
}

const pCell = (p: number | undefined) => (p === undefined ? html`<td></td>` : html`<td class="num" data-v="${p}">${pct(p)}</td>`);
const rankCell = (r: number | undefined) => (r === undefined || !Number.isFinite(r) ? html`<td></td>` : html`<td class="num" data-v="${r}">${rankText(r)}</td>`);

function intervalTable(s: Site, c: Category, rows: Office[], id: string): Html {
  const { m } = s;
  const { lang } = m;
  const sens = m.sensitivity!;
  const body = rows.map((o) => {
    const r = sens.byId.get(o.office_id);
    const interval = r ? (r.rank_p05 === r.rank_p95 ? rankText(r.rank_p05) : `${rankText(r.rank_p05)}\u2013${rankText(r.rank_p95)}`) : '';
    return html`<tr${o.commended ? html` class="commended-row"` : ''}>${officeCell(s, o, '')}${intCell(o.rank)}${rankCell(r?.rank_median)}<td class="num" data-v="${r ? r.rank_p95 - r.rank_p05 : ''}">${interval}</td>${pCell(r?.p_excellent)}${pCell(r?.p_commended)}<td data-v="${o.commended ? 0 : 1}">${o.commended ? t(lang, 'yes') : ''}</td>${verdictCell(m, r)}</tr>\n`;
  });
  return html`${searchBox(lang, id)}<table class="sortable sens" id="${id}" aria-label="${t(lang, 'intervalChart', { category: isolate(c.name) })}">
<thead><tr><th scope="col">${t(lang, 'office')}</th><th scope="col">${t(lang, 'baseRank')}</th><th scope="col">${t(lang, 'medianRank')}</th><th scope="col">${t(lang, 'rankInterval')}</th><th scope="col">${t(lang, 'pExcellent')}</th><th scope="col">${t(lang, 'pCommended')}</th><th scope="col">${t(lang, 'commended')}</th><th scope="col">${t(lang, 'verdict')}</th></tr></thead>
<tbody>
${body}</tbody>
</table>`;
}

function changeTable(s: Site, c: Category, rows: Office[], id: string): Html {
  const { m } = s;
  const { lang } = m;
  const sens = m.sensitivity!;
  const body = rows.map((o) => {
    const changes = new Map((sens.changes.get(o.office_id) ?? []).map((ch) => [ch.dimension, ch]));
    const top = decisive(sens, o.office_id);
    const cells = sens.dimensions.map((d) => {
      const ch = changes.get(d);
      if (!ch) return html`<td></td>`;
      const cls = ch.rank_change > 0 ? ' down' : ch.rank_change < 0 ? ' up' : '';
      return html`<td class="num delta${cls}" data-v="${ch.rank_change}" title="${t(lang, 'withoutRank', { rank: ch.rank_without })}">${signed(ch.rank_change)}</td>`;
    });
    return html`<tr>${officeCell(s, o, '')}${intCell(o.rank)}${cells}<td>${top ? html`${dimName(m, top.dimension)} (${signed(top.rank_change)})` : '\u2014'}</td></tr>\n`;
  });
  return html`${searchBox(lang, id)}<table class="sortable sens" id="${id}" aria-label="${t(lang, 'changeChart', { category: isolate(c.name) })}">
<thead><tr><th scope="col">${t(lang, 'office')}</th><th scope="col">${t(lang, 'baseRank')}</th>${sens.dimensions.map((d) => html`<th scope="col">${dimName(m, d)}</th>`)}<th scope="col">${t(lang, 'decisive')}</th></tr></thead>
<tbody>
${body}</tbody>
</table>`;
}

/** sensitivity.html: rank intervals per category (chart and table), then one dimension removed at a time (heat map and table). */
export async function sensitivityPage(s: Site): Promise<Built> {
  const { m } = s;
  const { lang, year, scheme } = m;
  const sens = m.sensitivity!;
  const charts: Chart[] = [];
  const fig = async (c: Chart) => {
    charts.push(c);
    return figure(c, { renderer: s.renderer, live: true });
  };
  const all = [...sens.byId.values()];
  const commended = m.offices.filter((o) => o.commended).length;
  const count = (v: string) => all.filter((r) => r.verdict === v).length;
  const note = (c: Category, rows: Office[]) => (rows.length < c.offices.length
    ? html`<p class="note">${t(lang, 'sensShown', { all: c.offices.length, n: rows.length, head: RANKING_HEAD })}</p>` : '');

  // one section per category: its chart, then its table of the listed offices
  const sections = async (id: string, chart: typeof intervalChart, table: typeof intervalTable): Promise<Html[]> => {
    const out: Html[] = [];
    for (const [i, c] of m.categories.entries()) {
      const rows = listed(c, sens);
      out.push(html`<section class="category" id="${id}-${i}">
<h3>${bdi(c.name)} <span class="muted">(${c.offices.length})</span></h3>
${await fig(chart(m, c, i, boundaryWindow(c, sens)))}
${note(c, rows)}${table(s, c, rows, `${id}-table-${i}`)}
</section>`);
    }
    return out;
  };
  const intervals = await sections('sens', intervalChart, intervalTable);
  const oat = sens.dimensions.length > 0 ? await sections('oat', rankChangeChart, changeTable) : [];
  const title = t(lang, 'sensTitle', { year });
  const body = html`<header class="page-head"><h1>${title}</h1>
<p>${t(lang, 'sensIntro', { spread: spreadText(sens.spread), total: scheme.total, draws: sens.draws, seed: sens.seed })}</p>
<p>${t(lang, 'sensVerdicts', { stable: Math.round(STABLE_AGREEMENT * 100), fragile: Math.round(FRAGILE_AGREEMENT * 100) })}</p>
<dl class="kv">
<dt>${t(lang, 'sensDraws')}</dt><dd>${sens.draws}</dd>
<dt>${t(lang, 'sensSpread')}</dt><dd>\u00b1${spreadText(sens.spread)}</dd>
<dt>${t(lang, 'sensSeed')}</dt><dd>${sens.seed}</dd>
<dt>${t(lang, 'sensRun')}</dt><dd>${sens.run_id}</dd>
</dl>
<p class="summary-line">${t(lang, 'sensCounts', { commended, not: m.offices.length - commended, stable: count('stable'), fragile: count('fragile'), contested: count('contested') })}</p>
</header>
<section id="intervals"><h2>${t(lang, 'rankInterval')}</h2>
${intervals}</section>
<section id="one-at-a-time"><h2>${t(lang, 'oatTitle')}</h2>
<p>${sens.dimensions.length > 0 ? t(lang, 'oatIntro') : t(lang, 'oatNone')}</p>
${oat}</section>`;
  return {
    path: PAGE.sensitivity,
    charts,
    html: page({ lang, title, prefix: '', active: 'sensitivity', body, vega: true, footer: s.footer, nav: s.nav, brand: s.brand }),
  };
}

/** The office page's section: its rank interval, probabilities, verdict, and the dimension that moves it most. */
export function officeRobustness(s: Site, o: Office, c: Category): Html {
  const { m } = s;
  const sens = m.sensitivity;
  const r = sens?.byId.get(o.office_id);
  if (!sens || !r) return html``;
  const { lang } = m;
  const top = decisive(sens, o.office_id);
  const move = (n: number) => (n > 0 ? t(lang, 'fallsBack', { n }) : t(lang, 'movesUp', { n: -n }));
  const changes = sens.changes.get(o.office_id) ?? [];
  const i = c.index;
  return html`<section id="robustness"><h2>${t(lang, 'officeSensTitle')}</h2>
<p>${t(lang, 'officeSensLine', {
    rank: o.rank, spread: spreadText(sens.spread), draws: sens.draws, median: rankText(r.rank_median),
    span: r.rank_p05 === r.rank_p95 ? t(lang, 'rankOne', { a: rankText(r.rank_p05) }) : t(lang, 'rankSpan', { a: rankText(r.rank_p05), b: rankText(r.rank_p95) }),
    pe: pct(r.p_excellent), pc: pct(r.p_commended),
  })} ${t(lang, 'verdict')}: ${r.verdict === 'stable' ? html`<span class="verdict stable">${t(lang, 'stable')}</span>` : sensBadge(m, o.office_id)}</p>
<p>${top ? t(lang, 'officeDecisive', { dimension: dimName(m, top.dimension), without: top.rank_without, move: move(top.rank_change) }) : t(lang, 'officeNoDecisive')}</p>
${changes.length ? html`<table class="compact"><thead><tr><th scope="col">${t(lang, 'dimension')}</th><th scope="col">${t(lang, 'rankWithout')}</th><th scope="col">${t(lang, 'rankChange')}</th></tr></thead>
<tbody>${changes.map((ch) => html`<tr${top && ch.dimension === top.dimension ? html` class="decisive"` : ''}><td>${dimName(m, ch.dimension)}</td>${intCell(ch.rank_without)}<td class="num">${signed(ch.rank_change)}</td></tr>`)}</tbody></table>` : ''}
<p class="no-print"><a href="../${PAGE.sensitivity}#sens-${i}">${t(lang, 'sensPageLink')}</a></p>
</section>`;
}
