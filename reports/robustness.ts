/**
 * The robustness page (sensitivity.html): the results of `kaoping
 * sensitivity` when the model has them (see model/sensitivity.ts), rank
 * intervals per category, then one dimension removed at a time. The badges
 * other pages show are marks.ts; the office page's section is office.ts.
 */
import { FRAGILE_AGREEMENT, STABLE_AGREEMENT } from '../pipeline/sensitivity.ts';
import { agreementPct } from '../words/common.ts';
import { intervalChart, pct, rankChangeChart, rankText, signed, type Chart } from './charts.ts';
import { bdi, html, isolate, type Html } from './html.ts';
import { figure, headRow, intCell, PAGE, searchBox } from './layout.ts';
import { decisive, dimName, spreadText } from './marks.ts';
import type { Category, Model, Office, Sensitivity, SensitivityRow } from './model.ts';
import { officeName, RANKING_HEAD, RANKING_INLINE_LIMIT, sitePage, type Built, type Site } from './site.ts';
import { t } from '../words/report.ts';

/** The charts show at most this many offices of a category: those around the commendation boundary. */
export const SENS_CHART_LIMIT = 50;

/**
 * The offices of a category a chart shows: all of a small category, else
 * `limit` consecutive offices centred on the commendation boundary (after the
 * last commended office; without one, after the last with any chance of
 * commendation), where the fragile and contested decisions are.
 */
export function boundaryWindow(c: Category, sens: Sensitivity, limit = SENS_CHART_LIMIT): Office[] {
  const n = c.offices.length;
  if (n <= limit) return c.offices;
  const edge = boundaryIndex(c, sens);
  const start = Math.max(0, Math.min(edge + 1 - Math.floor(limit / 2), n - limit));
  return c.offices.slice(start, start + limit);
}

/** The index of the last office above the commendation boundary: the last commended, else the last with any chance, else -1. */
export function boundaryIndex(c: Category, sens: Sensitivity): number {
  let commended = -1;
  let chance = -1;
  c.offices.forEach((o, i) => {
    if (o.commended) commended = i;
    if ((sens.byId.get(o.office_id)?.p_commended ?? 0) > 0) chance = i;
  });
  return commended >= 0 ? commended : chance;
}

/** The offices of a category the tables list: all up to RANKING_INLINE_LIMIT, else the boundary window, the head and every flagged one. */
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
const rankCell = (r: number | undefined) =>
  r === undefined || !Number.isFinite(r) ? html`<td></td>` : html`<td class="num" data-v="${r}">${rankText(r)}</td>`;

/** A sortable table of one category's offices on this page, with its search box. */
function sensTable(s: Site, id: string, label: string, head: Html, body: Html[]): Html {
  return html`${searchBox(s.m.lang, id)}<table class="sortable sens" id="${id}" aria-label="${label}">
<thead>${head}</thead>
<tbody>
${body}</tbody>
</table>`;
}

function intervalTable(s: Site, c: Category, rows: Office[], id: string): Html {
  const { m } = s;
  const { lang } = m;
  const sens = m.sensitivity!;
  const body = rows.map((o) => {
    const r = sens.byId.get(o.office_id);
    const interval = !r ? '' : r.rank_p05 === r.rank_p95 ? rankText(r.rank_p05) : `${rankText(r.rank_p05)}\u2013${rankText(r.rank_p95)}`;
    const row = o.commended ? html` class="commended-row"` : '';
    const width = html`<td class="num" data-v="${r ? r.rank_p95 - r.rank_p05 : ''}">${interval}</td>`;
    const commended = html`<td data-v="${o.commended ? 0 : 1}">${o.commended ? t(lang, 'yes') : ''}</td>`;
    const cells = [
      officeCell(s, o, ''),
      intCell(o.rank),
      rankCell(r?.rank_median),
      width,
      pCell(r?.p_excellent),
      pCell(r?.p_commended),
      commended,
      r ? html`<td class="num" data-v="${r.agreement}">${agreementPct(r.agreement)}</td>` : html`<td></td>`,
      verdictCell(m, r),
    ];
    return html`<tr${row}>${cells}</tr>\n`;
  });
  const head = headRow(lang, [
    'office',
    'baseRank',
    'medianRank',
    'rankInterval',
    'pExcellent',
    'pCommended',
    'commended',
    'agreement',
    'verdict',
  ]);
  return sensTable(s, id, t(lang, 'intervalChart', { category: isolate(c.name) }), head, body);
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
      const title = t(lang, 'withoutRank', { rank: ch.rank_without });
      return html`<td class="num delta${cls}" data-v="${ch.rank_change}" title="${title}">${signed(ch.rank_change)}</td>`;
    });
    const most = top ? html`${dimName(m, top.dimension)} (${signed(top.rank_change)})` : '\u2014';
    return html`<tr>${officeCell(s, o, '')}${intCell(o.rank)}${cells}<td>${most}</td></tr>\n`;
  });
  const head = headRow(lang, ['office', 'baseRank', ...sens.dimensions.map((d) => html`${dimName(m, d)}`), 'decisive']);
  return sensTable(s, id, t(lang, 'changeChart', { category: isolate(c.name) }), head, body);
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
  const note = (c: Category, rows: Office[]) =>
    rows.length < c.offices.length
      ? html`<p class="note">${t(lang, 'sensShown', { all: c.offices.length, n: rows.length, head: RANKING_HEAD })}</p>`
      : '';

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
  const verdicts = { stable: count('stable'), fragile: count('fragile'), contested: count('contested') };
  const counts = t(lang, 'sensCounts', { commended, not: m.offices.length - commended, ...verdicts });
  const body = html`<header class="page-head"><h1>${title}</h1>
<p>${t(lang, 'sensIntro', { spread: spreadText(sens.spread), total: scheme.total, draws: sens.draws, seed: sens.seed })}</p>
<p>${t(lang, 'sensVerdicts', { stable: Math.round(STABLE_AGREEMENT * 100), fragile: Math.round(FRAGILE_AGREEMENT * 100) })}</p>
<dl class="kv">
<dt>${t(lang, 'sensDraws')}</dt><dd>${sens.draws}</dd>
<dt>${t(lang, 'sensSpread')}</dt><dd>\u00b1${spreadText(sens.spread)}</dd>
<dt>${t(lang, 'sensSeed')}</dt><dd>${sens.seed}</dd>
<dt>${t(lang, 'sensRun')}</dt><dd>${sens.run_id}</dd>
</dl>
<p class="summary-line">${counts}</p>
</header>
<section id="intervals"><h2>${t(lang, 'rankInterval')}</h2>
${intervals}</section>
<section id="one-at-a-time"><h2>${t(lang, 'oatTitle')}</h2>
<p>${sens.dimensions.length > 0 ? t(lang, 'oatIntro') : t(lang, 'oatNone')}</p>
${oat}</section>`;
  return { path: PAGE.sensitivity, charts, html: sitePage(s, { title, prefix: '', active: 'sensitivity', body, vega: true }) };
}
