/**
 * The page of one office: total against the category, items as points
 * against maximum (what was lost and where), strengths and weaknesses, the
 * trend over earlier years, the evidence rows, the veto, robustness to the
 * weights, and the staff diagnostics; with adjustments (复核调整), each at the
 * item it changed and in a list of the office's, and the excluded rows with
 * the evidence. Everything here comes from the model
 * (no query per office): the whole year's model, or for `kaoping report
 * --office` a model of the office alone (model.ts), which gives the same page.
 */
import { common, fmt, note as noteWord, role as roleWord, tier as tierWord } from '../words/common.ts';
import { vetoWords } from '../pipeline/rules.ts';
import { ruleWords } from '../pipeline/score.ts';
import { quantity } from '../words/units.ts';
import { compareChart, itemsChart, pct, rankText, signed, trendChart, type Chart } from './charts.ts';
import { bdi, html, isolate, type Html } from './html.ts';
import { bar, figure, headRow, intCell, numCell, PAGE } from './layout.ts';
import { actionWord, adjustmentsTable, NOWRAP, signedPoints } from './adjust.ts';
import { decisive, dimName, sensBadge, spreadText } from './marks.ts';
import { AGE_BANDS, type Adjustment, type Category, type Indicator, type Office, type Person } from './model.ts';
import type { Item } from '../pipeline/scheme.ts';
import { categoryHref, sitePage, type Built, type Site } from './site.ts';
import { t } from '../words/report.ts';

const EPS = 1e-9;
const TOP = 3;

/**
 * What every office page of a site repeats, rendered once per site (its
 * model's language and scheme): each item's name, its name cell and its rule
 * in words, and the tables' header rows. Office pages then only fill in
 * the office's values.
 */
interface Fragments {
  items: Map<string, { item: Item; name: string; nameCell: Html; ruleCell: Html; rule: string }>;
  heads: Record<'items' | 'excluded' | 'trend' | 'evidence' | 'changes' | 'ages' | 'roles', Html>;
}

const FRAGMENTS = new WeakMap<Site, Fragments>();

function fragments(s: Site): Fragments {
  let f = FRAGMENTS.get(s);
  if (f) return f;
  const { lang, scheme } = s.m;
  const items = new Map(
    scheme.items.map((item) => {
      const name = lang === 'zh' ? item.name : item.name_en;
      const rule = ruleWords(item, lang);
      const cell = {
        item,
        name,
        nameCell: html`${name} <span class="id">${item.id}</span>`,
        ruleCell: html`<td class="rule">${rule}</td>`,
        rule,
      };
      return [item.id, cell] as const;
    }),
  );
  const heads = {
    items: headRow(lang, ['item', 'measured', 'target', 'points', 'max', 'lost', html``, 'rule', 'evidenceRows']),
    excluded: headRow(lang, ['file', 'line', 'rowId', html``, 'adjustmentId', 'adjReason']),
    trend: headRow(lang, ['year', 'total', 'rank', 'tier', 'category', 'catMedian']),
    evidence: headRow(lang, ['file', 'line', 'rowId', 'detail']),
    changes: headRow(lang, ['dimension', 'rankWithout', 'rankChange']),
    ages: headRow(lang, ['ageBand', 'persons', html``]),
    roles: headRow(lang, ['roles', 'persons']),
  };
  FRAGMENTS.set(s, (f = { items, heads }));
  return f;
}

/** What the sections of one office's page share. */
interface OfficeView {
  s: Site;
  o: Office;
  c: Category;
  items: Indicator[];
  /** the full evidence count of an item (the rows listed are capped) */
  evidence: (item: string) => number;
  itemName: (id: string) => string;
  f: Fragments;
  /** the office's adjustments of the year (复核调整), by id */
  adjustments: Adjustment[];
}

/** A chart's values as HTML bars (cheap: no SVG is rendered), its static stand-in on a page without SVG charts. */
function staticBars(ch: Chart): Html | undefined {
  if (!ch.bars || ch.bars.length === 0) return undefined;
  const rows = ch.bars.map(
    (b) => html`<tr><th scope="row">${b.label}</th><td>${bar(b.value, b.max)}</td><td class="num">${b.text}</td></tr>`,
  );
  return html`<table class="bars"><caption>${ch.title}</caption><tbody>${rows}</tbody></table>`;
}

export async function officePage(s: Site, o: Office, c: Category): Promise<Built> {
  const { m } = s;
  const { lang, year } = m;
  const charts: Chart[] = [];
  const renderer = s.officeSvg ? s.renderer : undefined;
  const fig = async (ch: Chart) => {
    charts.push(ch);
    // without SVG charts (a large year), plain HTML bars: the page still shows its figures without scripts
    return figure(ch, { renderer, live: true, fallback: renderer ? undefined : staticBars(ch) });
  };
  const evCount = m.evidenceCount.get(o.office_id);
  const f = fragments(s);
  const v: OfficeView = {
    s,
    o,
    c,
    items: m.indicators.get(o.office_id) ?? [],
    evidence: (item) => evCount?.get(item) ?? 0,
    itemName: (id) => f.items.get(id)?.name ?? id,
    f,
    adjustments: m.adjustmentsOf.get(o.office_id) ?? [],
  };
  const title = `${isolate(o.office_name)} · ${year}`;
  // the trend chart first: the page lists its charts in this order (trend, compare, items)
  const history = await trend(v, fig);
  const body = html`${header(v)}
${vetoBanner(v)}${adjustmentsBox(v)}
<section class="stats">${dimCards(v)}</section>
<div class="two">
${await fig(compareChart(m, o, c))}
${strengthsAndWeaknesses(v)}
</div>
${robustness(v)}<section id="items">
<h2>${t(lang, 'itemsTitle')}</h2>
${await fig(itemsChart(m, o, v.items))}
${itemsTable(v)}
</section>
<section id="trend"><h2>${t(lang, 'trendTitle')}</h2>${history}</section>
<section id="evidence"><h2>${t(lang, 'evidenceTitle')}</h2>${evidence(v)}${excludedRows(v)}</section>
<section id="diagnostics"><h2>${t(lang, 'diagnosticsTitle')}</h2>${diagnostics(v)}</section>
${people(v)}`;
  return {
    path: s.officePage.get(o.office_id)!,
    charts,
    html: sitePage(s, { title, prefix: '../', active: 'none', body, vega: true }),
  };
}

/** The links back, the office's name, id, category and region, and its total, tier, commendation and rank. */
function header({ s, o, c }: OfficeView): Html {
  const { lang, scheme, year } = s.m;
  const ranking = t(lang, 'rankingOf', { category: isolate(o.category) });
  const region = o.region ? html` · ${t(lang, 'region')} ${bdi(o.region)}` : '';
  const meta = html`${t(lang, 'officeId')} <code>${o.office_id}</code> · ${t(lang, 'category')} ${bdi(o.category)}${region}`;
  const back = html`<a href="../${PAGE.overview}">${t(lang, 'backToOverview')}</a>`;
  return html`<p class="crumbs no-print">${back} · <a href="../${categoryHref(s, c.name, o.pos)}">${ranking}</a></p>
<header class="page-head office-head">
<h1>${bdi(o.office_name)}</h1>
<p class="meta">${meta} · ${t(lang, 'year')} ${year}</p>
<p class="headline"><span class="big">${fmt(o.total)}</span> <span class="of">/ ${fmt(scheme.total)}</span>
<span class="tier ${o.tier}">${tierWord(o.tier, lang)}</span>
${o.commended ? html`<span class="badge ok">${t(lang, 'commended')}</span>` : ''}${sensBadge(s.m, o.office_id)}
<span class="rank">${t(lang, 'rankOf', { rank: o.rank, n: c.size })}</span></p>
</header>`;
}

function vetoBanner({ s, o }: OfficeView): Html {
  const { m } = s;
  const { lang, scheme } = m;
  const zh = lang === 'zh';
  const vetoes = m.vetoes.get(o.office_id) ?? [];
  if (vetoes.length === 0) return html``;
  const rows = vetoes.map((v) => {
    const def = scheme.vetoes.find((x) => x.id === v.veto);
    const where = html`${bdi(m.fileOf(v.source))} ${common(lang, 'lineOf', { line: v.line })}`;
    const row = html`${t(lang, 'rowId')} ${bdi(v.row_id)} (${bdi(zh ? v.detail_zh : v.detail)})`;
    return html`<li><strong>${def ? (zh ? def.name : def.name_en) : v.veto}</strong>: ${where}, ${row}</li>`;
  });
  return html`<section class="veto" role="alert">
<h2>${t(lang, 'vetoBanner')}</h2>
<ul>${rows}</ul>
<p>${vetoWords(lang)}</p>
</section>`;
}

function dimCards({ s, o }: OfficeView): Html[] {
  const zh = s.m.lang === 'zh';
  return s.m.scheme.dimensions.map((d) => {
    const value = html`<span class="value">${fmt(o.dims[d.id])}</span><span class="of">/ ${fmt(d.points)}</span>`;
    return html`<div class="stat"><span class="label">${zh ? d.name : d.name_en}</span>${value}${bar(o.dims[d.id] ?? 0, d.points)}</div>`;
  });
}

/** Strengths and weaknesses, against the category's item medians. */
function strengthsAndWeaknesses({ s, c, items, evidence, itemName }: OfficeView): Html {
  const { lang } = s.m;
  const withMedian = items.map((r) => ({ r, med: c.itemMedian.get(r.indicator) ?? NaN, lost: r.max_points - r.points }));
  const strengths = withMedian
    .filter((x) => x.r.points - x.med > EPS)
    .sort((a, b) => (b.r.points - b.med) / b.r.max_points - (a.r.points - a.med) / a.r.max_points || a.r.seq - b.r.seq)
    .slice(0, TOP);
  const weaknesses = withMedian
    .filter((x) => x.lost > EPS)
    .sort((a, b) => b.lost - a.lost || a.r.seq - b.r.seq)
    .slice(0, TOP);
  const strength = (x: (typeof withMedian)[number]) =>
    html`<li>${t(lang, 'strengthLine', {
      item: itemName(x.r.indicator),
      points: fmt(x.r.points),
      max: fmt(x.r.max_points),
      median: fmt(x.med),
    })}</li>`;
  const weakness = (x: (typeof withMedian)[number]) => {
    const n = evidence(x.r.indicator);
    const link = n > 0 ? html` · <a href="#ev-${x.r.indicator}">${t(lang, 'evidenceCount', { n })}</a>` : '';
    const line = t(lang, 'weaknessLine', {
      item: itemName(x.r.indicator),
      lost: fmt(x.lost),
      points: fmt(x.r.points),
      max: fmt(x.r.max_points),
      median: fmt(x.med),
    });
    return html`<li>${line}${link}</li>`;
  };
  return html`<section class="sw">
<h2>${t(lang, 'strengths')}</h2>
${strengths.length ? html`<ul>${strengths.map(strength)}</ul>` : html`<p class="muted">${t(lang, 'noStrengths')}</p>`}
<h2>${t(lang, 'weaknesses')}</h2>
${weaknesses.length ? html`<ul>${weaknesses.map(weakness)}</ul>` : html`<p class="muted">${t(lang, 'noWeaknesses')}</p>`}
</section>`;
}

/** The items table, grouped by dimension. */
function itemsTable(v: OfficeView): Html {
  const { s, o, items } = v;
  const { lang } = s.m;
  const zh = lang === 'zh';
  const groups = s.m.scheme.dimensions.map((d) => {
    const rows = items.filter((r) => r.dimension === d.id);
    const got = o.dims[d.id];
    const subtotal = html`${numCell(got)}${numCell(d.points)}${numCell(d.points - (got ?? 0))}`;
    return html`<tbody>
<tr class="group"><th scope="rowgroup" colspan="3">${zh ? d.name : d.name_en}</th>${subtotal}<td colspan="3"></td></tr>
${rows.map((r) => itemRow(v, r))}
</tbody>`;
  });
  return html`<table class="items">
<thead>${v.f.heads.items}</thead>
${groups}
</table>`;
}

function itemRow(v: OfficeView, r: Indicator): Html {
  const { s, adjustments } = v;
  const { lang } = s.m;
  const frag = v.f.items.get(r.indicator);
  const it = frag?.item;
  const evidence = v.evidence(r.indicator);
  const lost = r.max_points - r.points;
  const note = r.note ? html`<div class="muted small">${t(lang, 'note')}: ${noteWord(r.note, lang)}</div>` : '';
  const adjusted =
    adjustments.length === 0
      ? ''
      : itemAdjustments(
          s,
          adjustments.filter((a) => a.action === 'points' && a.indicator === r.indicator),
        );
  const cells = [
    html`<td>${frag ? frag.nameCell : html`${r.indicator} <span class="id">${r.indicator}</span>`}${note}${adjusted}</td>`,
    html`<td class="num">${it ? quantity(r.value, it, lang) : fmt(r.value)}</td>`,
    html`<td class="num">${it ? quantity(r.target, it, lang) : fmt(r.target)}</td>`,
    numCell(r.points),
    numCell(r.max_points),
    numCell(lost > EPS ? lost : 0),
    html`<td>${bar(r.points, r.max_points)}</td>`,
    frag ? frag.ruleCell : html`<td class="rule">${r.indicator}</td>`,
    html`<td class="num">${evidence > 0 ? html`<a href="#ev-${r.indicator}">${evidence}</a>` : ''}</td>`,
  ];
  return html`<tr${lost > EPS ? html` class="lost"` : ''}>${cells}</tr>`;
}

/**
 * The adjustments (复核调整) of the office, when it has any: each with its id,
 * action, item or row, points, effect, reason, who decided and when.
 */
function adjustmentsBox({ s, adjustments }: OfficeView): Html {
  if (adjustments.length === 0) return html``;
  const { lang } = s.m;
  return html`
<section id="adjustments" class="warn">
<h2>${t(lang, 'officeAdjTitle')}</h2>
<p>${t(lang, 'officeAdjIntro', { n: adjustments.length })}</p>
${adjustmentsTable(s, adjustments, { office: false, prefix: '../' })}
</section>`;
}

/** At an item, the points adjustments that changed it: id, points, before and after, reason, who and when. */
function itemAdjustments(s: Site, list: Adjustment[]): Html {
  if (list.length === 0) return html``;
  const { m } = s;
  const { lang } = m;
  const lines = list.map((a) => {
    const change = t(lang, 'itemAdjusted', {
      action: actionWord(m, a),
      points: signedPoints(a.points),
      before: fmt(a.before),
      after: fmt(a.after),
    });
    const who = t(lang, 'itemAdjustedBy', { reason: a.reason, by: a.decided_by, on: a.decided_on });
    const badge = html`<span class="badge">${t(lang, 'adjustedBadge')}</span>`;
    return html`<div class="small">${badge} <a href="#adjustments">${a.adjustment_id}</a> ${change}</div>
<div class="muted small">${who}</div>`;
  });
  return html`${lines}`;
}

/** The office's rows excluded by an adjustment, where its evidence is: file, line, row id, the adjustment and its reason. */
function excludedRows({ s, adjustments }: OfficeView): Html {
  const { m } = s;
  const { lang } = m;
  const excluded = adjustments.filter((a) => a.action === 'exclude');
  if (excluded.length === 0) return html``;
  const rows = excluded.map((a) => {
    const cells = [
      html`<td>${bdi(a.file ?? m.fileOf(a.source ?? ''))}</td>`,
      intCell(a.line),
      html`<td>${bdi(a.row_id)}</td>`,
      html`<td><span class="badge fail">${t(lang, 'excludedBadge')}</span></td><td${NOWRAP}>${bdi(a.adjustment_id)}</td>`,
      html`<td>${bdi(a.reason)}</td>`,
    ];
    return html`<tr>${cells}</tr>`;
  });
  const head = fragments(s).heads.excluded;
  return html`
<section class="evidence" id="excluded">
<h3>${t(lang, 'excludedTitle')} <span class="muted">${t(lang, 'excludedCount', { n: excluded.length })}</span></h3>
<p class="note">${t(lang, 'excludedNote')}</p>
<table class="compact"><thead>${head}</thead>
<tbody>${rows}</tbody></table>
</section>`;
}

/** The totals of earlier years: a chart and a table (with at least two years). */
async function trend({ s, o, f }: OfficeView, fig: (ch: Chart) => Promise<Html>): Promise<Html> {
  const { m } = s;
  const { lang } = m;
  const hist = m.history.get(o.office_id) ?? [];
  if (hist.length < 2) return html`<p class="muted">${t(lang, 'noTrend')}</p>`;
  const chart = await fig(trendChart(m, o, hist));
  const rows = hist.map((h) => {
    const vetoed = h.vetoed ? html` <span class="badge fail">${t(lang, 'vetoed')}</span>` : '';
    const cells = [
      intCell(h.year),
      numCell(h.total),
      html`<td class="num">${h.rank}${h.category_offices ? ` / ${h.category_offices}` : ''}</td>`,
      html`<td><span class="tier ${h.tier}">${tierWord(h.tier, lang)}</span>${vetoed}</td>`,
      html`<td>${bdi(h.category)}</td>`,
      numCell(h.category_median),
    ];
    return html`<tr>${cells}</tr>`;
  });
  const head = f.heads.trend;
  return html`${chart}<table class="compact"><thead>${head}</thead>
<tbody>${rows}</tbody></table>`;
}

/**
 * The rows that cost points, item by item (capped; the full count is shown);
 * an item that lost points by its count alone (no rows to show: too few
 * submissions, adoption points, reports) says its value against its target.
 */
function evidence({ s, o, items, evidence: count, itemName, f }: OfficeView): Html | Html[] {
  const { m } = s;
  const { lang } = m;
  const rowsOf = m.evidence.get(o.office_id);
  const sections = items
    .filter((r) => count(r.indicator) > 0 || r.max_points - r.points > EPS)
    .map((r) => {
      if (count(r.indicator) === 0) return countOnly(s, r, f);
      const rows = rowsOf?.get(r.indicator) ?? [];
      const all = count(r.indicator);
      const body = rows.map((e) => {
        const cells = [
          html`<td>${bdi(m.fileOf(e.source))}</td>`,
          intCell(e.line),
          html`<td>${bdi(e.row_id)}</td><td>${bdi(e.detail)}</td>`,
        ];
        return html`<tr>${cells}</tr>`;
      });
      return html`<section class="evidence" id="ev-${r.indicator}">
<h3>${itemName(r.indicator)} <span class="muted">${t(lang, 'evidenceCount', { n: all })}</span></h3>
<table class="compact"><thead>${f.heads.evidence}</thead>
<tbody>${body}</tbody></table>
${all > rows.length ? html`<p class="note">${t(lang, 'evidenceCapped', { all, n: rows.length })}</p>` : ''}
</section>`;
    });
  return sections.length ? sections : html`<p class="muted">${t(lang, 'noEvidence')}</p>`;
}

/** An item that lost points without evidence rows: its value against its target, with the item's unit, and what it lost. */
function countOnly(s: Site, r: Indicator, f: Fragments): Html {
  const { lang } = s.m;
  const frag = f.items.get(r.indicator);
  const name = frag?.name ?? r.indicator;
  const it = frag?.item;
  const u = it ?? {};
  const target = r.target === null ? '' : t(lang, 'countOnlyTarget', { target: quantity(r.target, u, lang) });
  const line = t(lang, 'countOnlyLine', {
    value: quantity(r.value ?? 0, u, lang),
    target,
    points: fmt(r.points),
    max: fmt(r.max_points),
    lost: fmt(r.max_points - r.points),
  });
  const rule = frag ? html`<p class="note">${t(lang, 'rule')}: ${frag.rule}</p>` : '';
  return html`<section class="evidence" id="ev-${r.indicator}">
<h3>${name} <span class="muted">${t(lang, 'countOnlyBadge')}</span></h3>
<p>${line}</p>${rule}
</section>`;
}

/** The office's advanced individuals and director recommendations, when it has any. */
function people({ s, o }: OfficeView): Html {
  const { m } = s;
  const { lang } = m;
  const person = (p: Person) => html`${bdi(p.name)} <span class="id">${p.person_id}</span>`;
  const individual = (p: Person) => `${t(lang, 'points')} ${fmt(p.points)} · ${t(lang, 'rank')} ${p.rank}`;
  const director = (p: Person) => `${t(lang, 'age')} ${p.age} · ${t(lang, 'directorYears')} ${p.director_years}`;
  const list = [
    ...(m.individualsOf.get(o.office_id) ?? []).map((p) => html`<li>${t(lang, 'navIndividuals')}: ${person(p)} · ${individual(p)}</li>`),
    ...(m.recommendationsOf.get(o.office_id) ?? []).map(
      (p) => html`<li>${t(lang, 'navRecommendations')}: ${person(p)} · ${director(p)}</li>`,
    ),
  ];
  return list.length ? html`<section id="people"><h2>${t(lang, 'peopleOfOffice')}</h2><ul>${list}</ul></section>` : html``;
}

/** Robustness to the weights: the office's rank interval, probabilities, verdict, and the dimension that moves it most. */
function robustness({ s, o, c, f }: OfficeView): Html {
  const { m } = s;
  const sens = m.sensitivity;
  const r = sens?.byId.get(o.office_id);
  if (!sens || !r) return html``;
  const { lang } = m;
  const top = decisive(sens, o.office_id);
  const move = (n: number) => (n > 0 ? t(lang, 'fallsBack', { n }) : t(lang, 'movesUp', { n: -n }));
  const changes = sens.changes.get(o.office_id) ?? [];
  const span =
    r.rank_p05 === r.rank_p95
      ? t(lang, 'rankOne', { a: rankText(r.rank_p05) })
      : t(lang, 'rankSpan', { a: rankText(r.rank_p05), b: rankText(r.rank_p95) });
  const line = t(lang, 'officeSensLine', {
    rank: o.rank,
    spread: spreadText(sens.spread),
    draws: sens.draws,
    median: rankText(r.rank_median),
    span,
    pe: pct(r.p_excellent),
    pc: pct(r.p_commended),
  });
  const verdict = r.verdict === 'stable' ? html`<span class="verdict stable">${t(lang, 'stable')}</span>` : sensBadge(m, o.office_id);
  const most = top
    ? t(lang, 'officeDecisive', { dimension: dimName(m, top.dimension), without: top.rank_without, move: move(top.rank_change) })
    : t(lang, 'officeNoDecisive');
  const rows = changes.map((ch) => {
    const cls = top && ch.dimension === top.dimension ? html` class="decisive"` : '';
    const change = html`<td class="num">${signed(ch.rank_change)}</td>`;
    const cells = [html`<td>${dimName(m, ch.dimension)}</td>`, intCell(ch.rank_without), change];
    return html`<tr${cls}>${cells}</tr>`;
  });
  const table = changes.length
    ? html`<table class="compact"><thead>${f.heads.changes}</thead>
<tbody>${rows}</tbody></table>`
    : '';
  return html`<section id="robustness"><h2>${t(lang, 'officeSensTitle')}</h2>
<p>${line} ${t(lang, 'verdict')}: ${verdict}</p>
<p>${most}</p>
${table}
<p class="no-print"><a href="../${PAGE.sensitivity}#sens-${c.index}">${t(lang, 'sensPageLink')}</a></p>
</section>`;
}

function diagnostics({ s, o, f }: OfficeView): Html {
  const { m } = s;
  const { lang } = m;
  const d = m.diagnostics.get(o.office_id);
  // the scheme's labels of its diagnostics columns (diagnostics.columns); a column without one shows its name
  const labels = m.scheme.diagnostics?.columns ?? {};
  const label = (c: string) => (Object.hasOwn(labels, c) ? (lang === 'zh' ? labels[c].name : labels[c].name_en) : c);
  const value = (c: string, v: unknown) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? t(lang, 'yes') : t(lang, 'no');
    if (typeof v === 'number') return c.startsWith('share') ? `${fmt(v * 100)}%` : Number.isInteger(v) ? String(v) : fmt(v);
    return bdi(v);
  };
  const row = (c: string, v: unknown) =>
    html`<tr${v === true ? html` class="flag"` : ''}><th scope="row">${label(c)}</th><td>${value(c, v)}</td></tr>`;
  const diag = d
    ? html`<table class="compact kv"><tbody>${m.diagnosticsColumns.map((c) => row(c, d[c]))}</tbody></table>`
    : html`<p class="muted">${t(lang, 'noDiagnostics')}</p>`;
  const ages = m.ageBands.get(o.office_id) ?? {};
  const roles = m.roles.get(o.office_id) ?? {};
  const total = Object.values(ages).reduce((a, b) => a + b, 0);
  const ageRows = AGE_BANDS.map((b) => html`<tr><td>${b}</td>${intCell(ages[b] ?? 0)}<td>${bar(ages[b] ?? 0, total)}</td></tr>`);
  const ageHead = f.heads.ages;
  const ageTable = html`<table class="compact"><caption>${t(lang, 'ageStructure')}</caption><thead>${ageHead}</thead>
<tbody>${ageRows}</tbody></table>`;
  const roleRows = Object.keys(roles)
    .sort()
    .map((r) => html`<tr><td>${roleWord(r, lang)}</td>${intCell(roles[r])}</tr>`);
  const roleTable = html`<table class="compact"><thead>${f.heads.roles}</thead>
<tbody>${roleRows}</tbody></table>`;
  return html`<div class="three">${diag}${ageTable}${roleTable}</div>`;
}
