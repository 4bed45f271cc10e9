/**
 * The page of one office: total against the category, items as points
 * against maximum (what was lost and where), strengths and weaknesses, the
 * trend over earlier years, the evidence rows, the veto, and the staff
 * diagnostics. Everything here comes from the model (no query per office):
 * the whole year's model, or for `kaoping report --office` a model of the
 * office alone (model.ts), which gives the same page.
 */
import { fmt, note as noteWord, tier as tierWord } from '../pipeline/i18n.ts';
import { ruleWords } from '../pipeline/score.ts';
import { compareChart, itemsChart, trendChart, type Chart } from './charts.ts';
import { bdi, html, isolate, type Html } from './html.ts';
import { bar, figure, intCell, numCell, page, PAGE } from './layout.ts';
import { AGE_BANDS, type Category, type Indicator, type Office } from './model.ts';
import { officeRobustness, sensBadge } from './robustness.ts';
import { categoryHref, type Built, type Site } from './site.ts';
import { DIAGNOSTIC_LABEL, ROLE_LABEL, t } from './words.ts';

const EPS = 1e-9;
const TOP = 3;

export async function officePage(s: Site, o: Office, c: Category): Promise<Built> {
  const { m } = s;
  const { lang, scheme, year } = m;
  const zh = lang === 'zh';
  const items = m.indicators.get(o.office_id) ?? [];
  const hist = m.history.get(o.office_id) ?? [];
  const charts: Chart[] = [];
  const renderer = s.officeSvg ? s.renderer : undefined;
  const fig = async (ch: Chart) => {
    charts.push(ch);
    return figure(ch, { renderer, live: true });
  };
  const itemName = (id: string) => {
    const it = scheme.items.find((x) => x.id === id);
    return it ? (zh ? it.name : it.name_en) : id;
  };
  const evidence = m.evidence.get(o.office_id);
  const evCount = m.evidenceCount.get(o.office_id);

  // header and veto
  const vetoes = m.vetoes.get(o.office_id) ?? [];
  const vetoBanner = vetoes.length === 0 ? html`` : html`<section class="veto" role="alert">
<h2>${t(lang, 'vetoBanner')}</h2>
<ul>${vetoes.map((v) => {
    const def = scheme.vetoes.find((x) => x.id === v.veto);
    return html`<li><strong>${def ? (zh ? def.name : def.name_en) : v.veto}</strong>: ${bdi(m.fileOf(v.source))} ${zh ? `第 ${v.line} 行` : `line ${v.line}`}, ${t(lang, 'rowId')} ${bdi(v.row_id)} (${bdi(zh ? v.detail_zh : v.detail)})</li>`;
  })}</ul>
<p>${t(lang, 'vetoText')}</p>
</section>`;

  const dimCards = scheme.dimensions.map((d) => html`<div class="stat"><span class="label">${zh ? d.name : d.name_en}</span><span class="value">${fmt(o.dims[d.id])}</span><span class="of">/ ${fmt(d.points)}</span>${bar(o.dims[d.id] ?? 0, d.points)}</div>`);

  // items table, grouped by dimension
  const itemRows = scheme.dimensions.map((d) => {
    const rows = items.filter((r) => r.dimension === d.id);
    return html`<tbody>
<tr class="group"><th scope="rowgroup" colspan="3">${zh ? d.name : d.name_en}</th>${numCell(o.dims[d.id])}${numCell(d.points)}${numCell(d.points - (o.dims[d.id] ?? 0))}<td colspan="3"></td></tr>
${rows.map((r) => itemRow(s, r, itemName(r.indicator), evCount?.get(r.indicator) ?? 0))}
</tbody>`;
  });

  // strengths and weaknesses, against the category's item medians
  const withMedian = items.map((r) => ({ r, med: c.itemMedian.get(r.indicator) ?? NaN, lost: r.max_points - r.points }));
  const strengths = withMedian.filter((x) => x.r.points - x.med > EPS)
    .sort((a, b) => (b.r.points - b.med) / b.r.max_points - (a.r.points - a.med) / a.r.max_points || a.r.seq - b.r.seq).slice(0, TOP);
  const weaknesses = withMedian.filter((x) => x.lost > EPS).sort((a, b) => b.lost - a.lost || a.r.seq - b.r.seq).slice(0, TOP);

  // trend
  const trend = hist.length >= 2 ? await fig(trendChart(m, o, hist)) : html``;
  const trendTable = hist.length >= 2 ? html`<table class="compact"><thead><tr><th scope="col">${t(lang, 'year')}</th><th scope="col">${t(lang, 'total')}</th><th scope="col">${t(lang, 'rank')}</th><th scope="col">${t(lang, 'tier')}</th><th scope="col">${t(lang, 'category')}</th><th scope="col">${t(lang, 'catMedian')}</th></tr></thead>
<tbody>${hist.map((h) => html`<tr>${intCell(h.year)}${numCell(h.total)}<td class="num">${h.rank}${h.category_offices ? ` / ${h.category_offices}` : ''}</td><td><span class="tier ${h.tier}">${tierWord(h.tier, lang)}</span>${h.vetoed ? html` <span class="badge fail">${t(lang, 'vetoed')}</span>` : ''}</td><td>${bdi(h.category)}</td>${numCell(h.category_median)}</tr>`)}</tbody></table>` : html`<p class="muted">${t(lang, 'noTrend')}</p>`;

  // evidence
  const evSections = items.filter((r) => (evCount?.get(r.indicator) ?? 0) > 0).map((r) => {
    const rows = evidence?.get(r.indicator) ?? [];
    const all = evCount!.get(r.indicator)!;
    return html`<section class="evidence" id="ev-${r.indicator}">
<h3>${itemName(r.indicator)} <span class="muted">${t(lang, 'evidenceCount', { n: all })}</span></h3>
<table class="compact"><thead><tr><th scope="col">${t(lang, 'file')}</th><th scope="col">${t(lang, 'line')}</th><th scope="col">${t(lang, 'rowId')}</th><th scope="col">${t(lang, 'detail')}</th></tr></thead>
<tbody>${rows.map((e) => html`<tr><td>${bdi(m.fileOf(e.source))}</td>${intCell(e.line)}<td>${bdi(e.row_id)}</td><td>${bdi(e.detail)}</td></tr>`)}</tbody></table>
${all > rows.length ? html`<p class="note">${t(lang, 'evidenceCapped', { all, n: rows.length })}</p>` : ''}
</section>`;
  });

  const people = [
    ...(m.individualsOf.get(o.office_id) ?? []).map((p) => html`<li>${t(lang, 'navIndividuals')}: ${bdi(p.name)} <span class="id">${p.person_id}</span> · ${t(lang, 'points')} ${fmt(p.points)} · ${t(lang, 'rank')} ${p.rank}</li>`),
    ...(m.recommendationsOf.get(o.office_id) ?? []).map((p) => html`<li>${t(lang, 'navRecommendations')}: ${bdi(p.name)} <span class="id">${p.person_id}</span> · ${t(lang, 'age')} ${p.age} · ${t(lang, 'directorYears')} ${p.director_years}</li>`),
  ];

  const title = `${isolate(o.office_name)} · ${year}`;
  const body = html`<p class="crumbs no-print"><a href="../${PAGE.overview}">${t(lang, 'backToOverview')}</a> · <a href="../${categoryHref(s, c.name, o.pos)}">${t(lang, 'rankingOf', { category: isolate(o.category) })}</a></p>
<header class="page-head office-head">
<h1>${bdi(o.office_name)}</h1>
<p class="meta">${t(lang, 'officeId')} <code>${o.office_id}</code> · ${t(lang, 'category')} ${bdi(o.category)}${o.region ? html` · ${t(lang, 'region')} ${bdi(o.region)}` : ''} · ${t(lang, 'year')} ${year}</p>
<p class="headline"><span class="big">${fmt(o.total)}</span> <span class="of">/ ${fmt(scheme.total)}</span>
<span class="tier ${o.tier}">${tierWord(o.tier, lang)}</span>
${o.commended ? html`<span class="badge ok">${t(lang, 'commended')}</span>` : ''}${sensBadge(m, o.office_id)}
<span class="rank">${t(lang, 'rankOf', { rank: o.rank, n: c.size })}</span></p>
</header>
${vetoBanner}
<section class="stats">${dimCards}</section>
<div class="two">
${await fig(compareChart(m, o, c))}
<section class="sw">
<h2>${t(lang, 'strengths')}</h2>
${strengths.length ? html`<ul>${strengths.map((x) => html`<li>${t(lang, 'strengthLine', { item: itemName(x.r.indicator), points: fmt(x.r.points), max: fmt(x.r.max_points), median: fmt(x.med) })}</li>`)}</ul>` : html`<p class="muted">${t(lang, 'noStrengths')}</p>`}
<h2>${t(lang, 'weaknesses')}</h2>
${weaknesses.length ? html`<ul>${weaknesses.map((x) => html`<li>${t(lang, 'weaknessLine', { item: itemName(x.r.indicator), lost: fmt(x.lost), points: fmt(x.r.points), max: fmt(x.r.max_points), median: fmt(x.med) })}${(evCount?.get(x.r.indicator) ?? 0) > 0 ? html` · <a href="#ev-${x.r.indicator}">${t(lang, 'evidenceCount', { n: evCount!.get(x.r.indicator)! })}</a>` : ''}</li>`)}</ul>` : html`<p class="muted">${t(lang, 'noWeaknesses')}</p>`}
</section>
</div>
${officeRobustness(s, o, c)}<section id="items">
<h2>${t(lang, 'itemsTitle')}</h2>
${await fig(itemsChart(m, o, items))}
<table class="items">
<thead><tr><th scope="col">${t(lang, 'item')}</th><th scope="col">${t(lang, 'measured')}</th><th scope="col">${t(lang, 'target')}</th><th scope="col">${t(lang, 'points')}</th><th scope="col">${t(lang, 'max')}</th><th scope="col">${t(lang, 'lost')}</th><th scope="col"></th><th scope="col">${t(lang, 'rule')}</th><th scope="col">${t(lang, 'evidenceRows')}</th></tr></thead>
${itemRows}
</table>
</section>
<section id="trend"><h2>${t(lang, 'trendTitle')}</h2>${trend}${trendTable}</section>
<section id="evidence"><h2>${t(lang, 'evidenceTitle')}</h2>${evSections.length ? evSections : html`<p class="muted">${t(lang, 'noEvidence')}</p>`}</section>
<section id="diagnostics"><h2>${t(lang, 'diagnosticsTitle')}</h2>${diagnostics(s, o)}</section>
${people.length ? html`<section id="people"><h2>${t(lang, 'peopleOfOffice')}</h2><ul>${people}</ul></section>` : ''}`;
  return {
    path: s.officePage.get(o.office_id)!,
    charts,
    html: page({ lang, title, prefix: '../', active: 'none', body, vega: true, footer: s.footer, nav: s.nav, brand: s.brand }),
  };
}

function itemRow(s: Site, r: Indicator, name: string, evidence: number): Html {
  const { lang, scheme } = s.m;
  const it = scheme.items.find((x) => x.id === r.indicator);
  const lost = r.max_points - r.points;
  return html`<tr${lost > EPS ? html` class="lost"` : ''}><td>${name} <span class="id">${r.indicator}</span>${r.note ? html`<div class="muted small">${t(lang, 'note')}: ${noteWord(r.note, lang)}</div>` : ''}</td>${numCell(r.value)}${numCell(r.target)}${numCell(r.points)}${numCell(r.max_points)}${numCell(lost > EPS ? lost : 0)}<td>${bar(r.points, r.max_points)}</td><td class="rule">${it ? ruleWords(it, lang) : r.indicator}</td><td class="num">${evidence > 0 ? html`<a href="#ev-${r.indicator}">${evidence}</a>` : ''}</td></tr>`;
}

function diagnostics(s: Site, o: Office): Html {
  const { m } = s;
  const { lang } = m;
  const d = m.diagnostics.get(o.office_id);
  const label = (c: string) => DIAGNOSTIC_LABEL[c]?.[lang] ?? c;
  const value = (c: string, v: unknown) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? t(lang, 'yes') : t(lang, 'no');
    if (typeof v === 'number') return c.startsWith('share') ? `${fmt(v * 100)}%` : Number.isInteger(v) ? String(v) : fmt(v);
    return bdi(v);
  };
  const diag = d
    ? html`<table class="compact kv"><tbody>${m.diagnosticsColumns.map((c) => html`<tr${d[c] === true ? html` class="flag"` : ''}><th scope="row">${label(c)}</th><td>${value(c, d[c])}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">${t(lang, 'noDiagnostics')}</p>`;
  const ages = m.ageBands.get(o.office_id) ?? {};
  const roles = m.roles.get(o.office_id) ?? {};
  const total = Object.values(ages).reduce((a, b) => a + b, 0);
  const ageTable = html`<table class="compact"><caption>${t(lang, 'ageStructure')}</caption><thead><tr><th scope="col">${t(lang, 'ageBand')}</th><th scope="col">${t(lang, 'persons')}</th><th scope="col"></th></tr></thead>
<tbody>${AGE_BANDS.map((b) => html`<tr><td>${b}</td>${intCell(ages[b] ?? 0)}<td>${bar(ages[b] ?? 0, total)}</td></tr>`)}</tbody></table>`;
  const roleTable = html`<table class="compact"><thead><tr><th scope="col">${t(lang, 'roles')}</th><th scope="col">${t(lang, 'persons')}</th></tr></thead>
<tbody>${Object.keys(roles).sort().map((r) => html`<tr><td>${ROLE_LABEL[r]?.[lang] ?? r}</td>${intCell(roles[r])}</tr>`)}</tbody></table>`;
  return html`<div class="three">${diag}${ageTable}${roleTable}</div>`;
}

