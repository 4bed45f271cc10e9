/** The list pages: advanced individuals, director recommendations, data quality, methodology. */
import { basename } from 'node:path';
import { fmt } from '../pipeline/i18n.ts';
import { ruleWords } from '../pipeline/score.ts';
import { bdi, html } from './html.ts';
import { intCell, numCell, page, PAGE, searchBox } from './layout.ts';
import { REJECTS_CAP } from './model.ts';
import { officeName, type Built, type Site } from './site.ts';
import { t } from './words.ts';

function officeCell(s: Site, officeId: string) {
  const o = s.m.byId.get(officeId);
  if (!o) return html`<td>${bdi(officeId)} <span class="id">${officeId}</span></td>`;
  return html`<td>${officeName(s, officeId, o.office_name, '')} <span class="id">${officeId}</span></td>`;
}

export function individualsPage(s: Site): Built {
  const { lang, year, scheme } = s.m;
  const rows = s.m.individuals;
  const title = t(lang, 'individualsTitle', { year });
  const body = html`<header class="page-head"><h1>${title}</h1><p>${t(lang, 'individualsIntro', { top: scheme.individuals.top })}</p></header>
${rows.length === 0 ? html`<p class="muted">${t(lang, 'noIndividuals')}</p>` : html`${searchBox(lang, 'individuals')}<table class="sortable" id="individuals">
<thead><tr><th scope="col">${t(lang, 'rank')}</th><th scope="col">${t(lang, 'person')}</th><th scope="col">${t(lang, 'personId')}</th><th scope="col">${t(lang, 'office')}</th><th scope="col">${t(lang, 'points')}</th></tr></thead>
<tbody>${rows.map((p) => html`<tr>${intCell(p.rank)}<td>${bdi(p.name)}</td><td>${bdi(p.person_id)}</td>${officeCell(s, p.office_id)}${numCell(p.points)}</tr>\n`)}</tbody></table>`}`;
  return { path: PAGE.individuals, charts: [], html: page({ lang, title, prefix: '', active: 'individuals', body, vega: false, footer: s.footer, nav: s.nav, brand: s.brand }) };
}

export function recommendationsPage(s: Site): Built {
  const { lang, year, scheme } = s.m;
  const rows = s.m.recommendations;
  const title = t(lang, 'recommendationsTitle', { year });
  const rec = lang === 'zh' ? scheme.directors.name : scheme.directors.name_en;
  const body = html`<header class="page-head"><h1>${title}</h1><p>${t(lang, 'recommendationsIntro')}</p></header>
${rows.length === 0 ? html`<p class="muted">${t(lang, 'noRecommendations')}</p>` : html`${searchBox(lang, 'recommendations')}<table class="sortable" id="recommendations">
<thead><tr><th scope="col">${t(lang, 'person')}</th><th scope="col">${t(lang, 'personId')}</th><th scope="col">${t(lang, 'office')}</th><th scope="col">${t(lang, 'age')}</th><th scope="col">${t(lang, 'directorYears')}</th><th scope="col">${t(lang, 'recommendation')}</th></tr></thead>
<tbody>${rows.map((p) => html`<tr><td>${bdi(p.name)}</td><td>${bdi(p.person_id)}</td>${officeCell(s, p.office_id)}${intCell(p.age)}${intCell(p.director_years)}<td>${lang === 'zh' ? (p.recommendation ?? rec) : rec}</td></tr>\n`)}</tbody></table>`}`;
  return { path: PAGE.recommendations, charts: [], html: page({ lang, title, prefix: '', active: 'recommendations', body, vega: false, footer: s.footer, nav: s.nav, brand: s.brand }) };
}

export function qualityPage(s: Site): Built {
  const { m } = s;
  const { lang } = m;
  const zh = lang === 'zh';
  const f = m.inputFiles;
  const sum = (k: 'rows' | 'loaded' | 'rejected') => f.reduce((n, x) => n + Number(x[k]), 0);
  const title = t(lang, 'quality');
  const files = f.length === 0 ? html`<p class="muted">${t(lang, 'noInputFiles')}</p>` : html`<table>
<thead><tr><th scope="col">${t(lang, 'file')}</th><th scope="col">${t(lang, 'table')}</th><th scope="col">${t(lang, 'encoding')}</th><th scope="col">${t(lang, 'bytes')}</th><th scope="col">${t(lang, 'rows')}</th><th scope="col">${t(lang, 'loaded')}</th><th scope="col">${t(lang, 'rejected')}</th><th scope="col">SHA-256</th></tr></thead>
<tbody>${f.map((x) => html`<tr${Number(x.rejected) > 0 ? html` class="lost"` : ''}><td>${bdi(x.file)}</td><td>${x.table}</td><td>${x.encoding}</td>${intCell(x.bytes)}${intCell(x.rows)}${intCell(x.loaded)}${intCell(x.rejected)}<td><code class="sha">${x.sha256.slice(0, 16)}…</code></td></tr>`)}</tbody>
<tfoot><tr><th scope="row" colspan="4"></th>${intCell(sum('rows'))}${intCell(sum('loaded'))}${intCell(sum('rejected'))}<td></td></tr></tfoot></table>`;
  const warnings = m.warnings.length === 0 ? html`<p class="muted">${t(lang, 'noWarnings')}</p>`
    : html`<ul class="warnings">${m.warnings.map((w) => html`<li>${zh ? w.message_zh : w.message}</li>`)}</ul>`;
  const skipped = m.skippedRows.length === 0 ? html`` : html`<section id="skipped"><h2>${t(lang, 'skippedRows')}</h2>
<p class="note">${t(lang, 'skippedRowsNote')}</p><table class="compact">
<thead><tr><th scope="col">${t(lang, 'file')}</th><th scope="col">${t(lang, 'line')}</th><th scope="col">${t(lang, 'text')}</th></tr></thead>
<tbody>${m.skippedRows.map((r) => html`<tr><td>${bdi(r.file)}</td>${intCell(r.line)}<td class="value">${bdi(r.text)}</td></tr>\n`)}</tbody></table></section>`;
  const summary = m.rejectSummary.length === 0 ? html`` : html`<h3>${t(lang, 'rejectsByCheck')}</h3><table class="compact">
<thead><tr><th scope="col">${t(lang, 'file')}</th><th scope="col">${t(lang, 'column')}</th><th scope="col">${t(lang, 'check')}</th><th scope="col">${t(lang, 'rows')}</th><th scope="col">${t(lang, 'reason')}</th></tr></thead>
<tbody>${m.rejectSummary.map((r) => html`<tr><td>${bdi(r.file)}</td><td>${bdi(r.column)}</td><td>${r.check}</td>${intCell(r.rows)}<td>${zh ? r.reason_zh : r.reason}</td></tr>`)}</tbody></table>`;
  const rejects = m.rejectCount === 0 ? html`<p>${t(lang, 'noRejects')}</p>` : html`${summary}
<h3>${t(lang, 'rejectsTitle')}</h3>
<p class="note">${m.rejectCount > REJECTS_CAP ? t(lang, 'rejectsCapped', { all: m.rejectCount, n: m.rejects.length }) : t(lang, 'rejectsAll')}</p>
${searchBox(lang, 'rejects')}<table class="sortable compact" id="rejects">
<thead><tr><th scope="col">${t(lang, 'file')}</th><th scope="col">${t(lang, 'line')}</th><th scope="col">${t(lang, 'column')}</th><th scope="col">${t(lang, 'value')}</th><th scope="col">${t(lang, 'reason')}</th></tr></thead>
<tbody>${m.rejects.map((r) => html`<tr><td>${bdi(r.file)}</td>${intCell(r.line)}<td>${bdi(r.column)}</td><td class="value">${bdi(r.value)}</td><td>${zh ? r.reason_zh : r.reason}</td></tr>\n`)}</tbody></table>`;
  const body = html`<header class="page-head"><h1>${title}</h1>
<p>${t(lang, 'qualitySummary', { files: f.length, rows: sum('rows'), loaded: sum('loaded'), rejected: sum('rejected'), warnings: m.warnings.length })}</p></header>
<section id="files"><h2>${t(lang, 'inputFiles')}</h2>${files}</section>
${skipped}<section id="warnings"><h2>${t(lang, 'warnings')}</h2>${warnings}</section>
<section id="rejects-section"><h2>${t(lang, 'rejectsTitle')}</h2>${rejects}</section>`;
  return { path: PAGE.quality, charts: [], html: page({ lang, title, prefix: '', active: 'quality', body, vega: false, footer: s.footer, nav: s.nav, brand: s.brand }) };
}

export function methodologyPage(s: Site): Built {
  const { lang, scheme } = s.m;
  const zh = lang === 'zh';
  const title = t(lang, 'methodTitle');
  const breakers = scheme.tie_breakers.map((b) => {
    const d = scheme.dimensions.find((x) => x.id === b);
    return d ? (zh ? d.name : d.name_en) : b;
  }).join(zh ? '、' : ', ');
  const rows = scheme.dimensions.map((d) => html`<tbody>
<tr class="group"><th scope="rowgroup" colspan="3">${zh ? d.name : d.name_en} <span class="id">${d.id}</span></th>${numCell(d.points)}<td></td></tr>
${d.items.map((it) => html`<tr><td>${zh ? it.name : it.name_en}</td><td><code>${it.id}</code></td><td>${zh ? it.name_en : it.name}</td>${numCell(it.max)}<td class="rule">${ruleWords(it, lang)}</td></tr>\n`)}</tbody>`);
  const body = html`<header class="page-head"><h1>${title}</h1>
<dl class="kv">
<dt>${t(lang, 'scheme')}</dt><dd>${zh ? scheme.title : scheme.title_en}</dd>
<dt>${t(lang, 'schemeId')}</dt><dd><code>${scheme.id}</code> (${basename(scheme.path)})</dd>
<dt>${t(lang, 'schemeSha')}</dt><dd><code class="sha">${scheme.sha256}</code></dd>
<dt>${t(lang, 'schemeTotal')}</dt><dd>${fmt(scheme.total)}</dd>
</dl></header>
<section id="scheme"><h2>${t(lang, 'dimensionsAndItems')}</h2>
<table class="method">
<thead><tr><th scope="col">${t(lang, 'item')}</th><th scope="col">${t(lang, 'itemId')}</th><th scope="col">${zh ? 'English' : '中文'}</th><th scope="col">${t(lang, 'max')}</th><th scope="col">${t(lang, 'rule')}</th></tr></thead>
${rows}
</table></section>
<section id="vetoes"><h2>${t(lang, 'vetoesTitle')}</h2>
${scheme.vetoes.length === 0 ? html`<p class="muted">${t(lang, 'noVetoes')}</p>` : html`<ul>${scheme.vetoes.map((v) => html`<li>${zh ? v.name : v.name_en} <code>${v.id}</code></li>`)}</ul>`}</section>
<section id="tiers"><h2>${t(lang, 'tiersTitle')}</h2>
<p>${t(lang, 'tiersText', { excellent: scheme.tiers.excellent, good: scheme.tiers.good, pass: scheme.tiers.pass, min: scheme.quota.min, share: scheme.quota.share, breakers: breakers || '—' })}</p>
<p>${t(lang, 'roundingText')}</p>
<p>${t(lang, 'individualsRule', { top: scheme.individuals.top })} ${t(lang, 'directorsRule', { name: zh ? scheme.directors.name : scheme.directors.name_en })}</p>
</section>`;
  return { path: PAGE.method, charts: [], html: page({ lang, title, prefix: '', active: 'method', body, vega: false, footer: s.footer, nav: s.nav, brand: s.brand }) };
}
