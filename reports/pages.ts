/** The list pages: advanced individuals, director recommendations, data quality, methodology (with the year's adjustments noted). */
import { basename } from 'node:path';
import { common, fmt } from '../words/common.ts';
import { tiersWords } from '../pipeline/rules.ts';
import { ruleWords } from '../pipeline/score.ts';
import { bdi, html, type Html } from './html.ts';
import { headRow, intCell, numCell, PAGE, searchBox } from './layout.ts';
import { REJECTS_CAP } from './model.ts';
import { hasAdjustments } from './model/adjustments.ts';
import { officeName, sitePage, type Built, type Site } from './site.ts';
import { isWordKey, t } from '../words/report.ts';
import type { Lang } from '../words/index.ts';
import { TABLES } from '../pipeline/contract.ts';

function officeCell(s: Site, officeId: string) {
  const o = s.m.byId.get(officeId);
  if (!o) return html`<td>${bdi(officeId)} <span class="id">${officeId}</span></td>`;
  return html`<td>${officeName(s, officeId, o.office_name, '')} <span class="id">${officeId}</span></td>`;
}

/** A sortable table with its search box, or a muted line when it has no rows. */
function listTable(s: Site, id: string, head: Html, rows: Html[], none: Html): Html {
  if (rows.length === 0) return none;
  return html`${searchBox(s.m.lang, id)}<table class="sortable" id="${id}">
<thead>${head}</thead>
<tbody>${rows}</tbody></table>`;
}

export function individualsPage(s: Site): Built {
  const { lang, year, scheme } = s.m;
  const title = t(lang, 'individualsTitle', { year });
  const rows = s.m.individuals.map((p) => {
    const person = html`<td>${bdi(p.name)}</td><td>${bdi(p.person_id)}</td>`;
    const cells = [intCell(p.rank), person, officeCell(s, p.office_id), numCell(p.points)];
    return html`<tr>${cells}</tr>\n`;
  });
  const head = headRow(lang, ['rank', 'person', 'personId', 'office', 'points']);
  const none = html`<p class="muted">${t(lang, 'noIndividuals')}</p>`;
  const { top } = scheme.individuals;
  const criteria = lang === 'zh' ? scheme.individuals.description : scheme.individuals.description_en;
  const intro = criteria ? t(lang, 'individualsIntro', { criteria, top }) : t(lang, 'individualsIntroBare', { top });
  const body = html`<header class="page-head"><h1>${title}</h1><p>${intro}</p></header>
${listTable(s, 'individuals', head, rows, none)}`;
  return { path: PAGE.individuals, charts: [], html: sitePage(s, { title, prefix: '', active: 'individuals', body, vega: false }) };
}

export function recommendationsPage(s: Site): Built {
  const { lang, year, scheme } = s.m;
  const title = t(lang, 'recommendationsTitle', { year });
  const rec = lang === 'zh' ? scheme.directors.name : scheme.directors.name_en;
  const rows = s.m.recommendations.map((p) => {
    const cells = [
      html`<td>${bdi(p.name)}</td><td>${bdi(p.person_id)}</td>`,
      officeCell(s, p.office_id),
      intCell(p.age),
      intCell(p.director_years),
      html`<td>${lang === 'zh' ? (p.recommendation ?? rec) : rec}</td>`,
    ];
    return html`<tr>${cells}</tr>\n`;
  });
  const head = headRow(lang, ['person', 'personId', 'office', 'age', 'directorYears', 'recommendation']);
  const none = html`<p class="muted">${t(lang, 'noRecommendations')}</p>`;
  // who qualifies, in the scheme's words; without them, what is recommended
  const intro = (lang === 'zh' ? scheme.directors.description : scheme.directors.description_en) ?? t(lang, 'directorsRule', { name: rec });
  const body = html`<header class="page-head"><h1>${title}</h1><p>${intro}</p></header>
${listTable(s, 'recommendations', head, rows, none)}`;
  return { path: PAGE.recommendations, charts: [], html: sitePage(s, { title, prefix: '', active: 'recommendations', body, vega: false }) };
}

/** The input files: each file's table, encoding, size, rows read, loaded and rejected, and its SHA-256; totals below. */
function inputFiles(s: Site): Html {
  const { lang } = s.m;
  const f = s.m.inputFiles;
  if (f.length === 0) return html`<p class="muted">${t(lang, 'noInputFiles')}</p>`;
  const sum = (k: 'rows' | 'loaded' | 'rejected') => f.reduce((n, x) => n + Number(x[k]), 0);
  const rows = f.map((x) => {
    const cells = [
      html`<td>${bdi(x.file)}</td><td>${tableName(lang, x.table)}</td><td>${x.encoding}</td>`,
      intCell(x.bytes),
      intCell(x.rows),
      intCell(x.loaded),
      intCell(x.rejected),
      html`<td><code class="sha">${x.sha256.slice(0, 16)}…</code></td>`,
    ];
    return html`<tr${Number(x.rejected) > 0 ? html` class="lost"` : ''}>${cells}</tr>`;
  });
  const head = headRow(lang, ['file', 'table', 'encoding', 'bytes', 'rows', 'loaded', 'rejected', html`SHA-256`]);
  const totals = [intCell(sum('rows')), intCell(sum('loaded')), intCell(sum('rejected'))];
  return html`<table>
<thead>${head}</thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row" colspan="4">${t(lang, 'totalsRow', { files: f.length })}</th>${totals}<td></td></tr></tfoot></table>`;
}

/** The title rows above the headers, skipped (nothing when there were none). */
function skippedRows(s: Site): Html {
  const { lang } = s.m;
  const skipped = s.m.skippedRows;
  if (skipped.length === 0) return html``;
  const rows = skipped.map((r) => html`<tr><td>${bdi(r.file)}</td>${intCell(r.line)}<td class="value">${bdi(r.text)}</td></tr>\n`);
  return html`<section id="skipped"><h2>${t(lang, 'skippedRows')}</h2>
<p class="note">${t(lang, 'skippedRowsNote')}</p><table class="compact">
<thead>${headRow(lang, ['file', 'line', 'text'])}</thead>
<tbody>${rows}</tbody></table></section>`;
}

/** A check's name in words (the rejects' `check`: type, unique, reference ...); an unknown one as it is. */
function checkName(lang: Lang, check: string): string {
  const key = `check_${check}`;
  return isWordKey(key) ? t(lang, key) : check;
}

/** An input table's name: the data contract's alias in Chinese (发文), its name in English (documents). */
function tableName(lang: Lang, name: string): string {
  const alias = TABLES.find((x) => x.name === name)?.alias;
  return lang === 'zh' && alias ? alias : name;
}

/** The offices whose rows were rejected (their scores lack those rows): each with its rows and files, linking to its page. */
function rejectedOffices(s: Site): Html {
  const { m } = s;
  const { lang } = m;
  const list = m.rejectedOffices;
  const rows = list.map((x) => {
    const known = m.byId.has(x.office_id);
    const office = known
      ? officeCell(s, x.office_id)
      : html`<td>${bdi(x.office_id)} <span class="muted">${t(lang, 'notAnOffice')}</span></td>`;
    return html`<tr>${office}${intCell(x.rows)}<td>${bdi(x.files)}</td></tr>\n`;
  });
  const without =
    m.rejectedWithoutOffice > 0 ? html`<p class="note">${t(lang, 'rejectedNoOffice', { n: m.rejectedWithoutOffice })}</p>` : '';
  const table =
    list.length === 0
      ? ''
      : html`<table class="compact" id="rejected-offices">
<thead>${headRow(lang, ['office', 'rejectedRowsOf', 'file'])}</thead>
<tbody>${rows}</tbody></table>`;
  return html`<h3>${t(lang, 'rejectedOfficesTitle')}</h3>
<p>${t(lang, 'rejectedOfficesIntro', { n: m.rejectedRows, offices: list.filter((x) => m.byId.has(x.office_id)).length })}</p>
${table}${without}`;
}

/** The rejected rows: the offices they affect, a summary by file, column and check, then the rows (capped at REJECTS_CAP). */
function rejects(s: Site): Html {
  const { m } = s;
  const { lang } = m;
  const zh = lang === 'zh';
  if (m.rejectCount === 0) return html`<p>${t(lang, 'noRejects')}</p>`;
  const byCheck = m.rejectSummary.map((r) => {
    const where = html`<td>${bdi(r.file)}</td><td>${bdi(r.column)}</td><td>${checkName(lang, r.check)}</td>`;
    const cells = [where, intCell(r.rows), html`<td>${zh ? r.reason_zh : r.reason}</td>`];
    return html`<tr>${cells}</tr>`;
  });
  const summary =
    m.rejectSummary.length === 0
      ? html``
      : html`<h3>${t(lang, 'rejectsByCheck')}</h3><table class="compact">
<thead>${headRow(lang, ['file', 'column', 'check', 'rows', 'reason'])}</thead>
<tbody>${byCheck}</tbody></table>`;
  const rows = m.rejects.map((r) => {
    const cells = [
      html`<td>${bdi(r.file)}</td>`,
      intCell(r.line),
      html`<td>${bdi(r.column)}</td><td class="value">${bdi(r.value)}</td>`,
      html`<td>${zh ? r.reason_zh : r.reason}</td>`,
    ];
    return html`<tr>${cells}</tr>\n`;
  });
  const note = m.rejectCount > REJECTS_CAP ? t(lang, 'rejectsCapped', { all: m.rejectCount, n: m.rejects.length }) : t(lang, 'rejectsAll');
  return html`${rejectedOffices(s)}${summary}
<h3>${t(lang, 'rejectsList')}</h3>
<p class="note">${note}</p>
${searchBox(lang, 'rejects', { placeholder: 'searchRejects', none: 'noMatchRejects' })}<table class="sortable compact" id="rejects">
<thead>${headRow(lang, ['file', 'line', 'column', 'value', 'reason'])}</thead>
<tbody>${rows}</tbody></table>`;
}

export function qualityPage(s: Site): Built {
  const { m } = s;
  const { lang } = m;
  const zh = lang === 'zh';
  const f = m.inputFiles;
  const sum = (k: 'rows' | 'loaded' | 'rejected') => f.reduce((n, x) => n + Number(x[k]), 0);
  const title = t(lang, 'quality');
  const warnings =
    m.warnings.length === 0
      ? html`<p class="muted">${t(lang, 'noWarnings')}</p>`
      : html`<ul class="warnings">${m.warnings.map((w) => html`<li>${zh ? w.message_zh : w.message}</li>`)}</ul>`;
  const counts = { files: f.length, rows: sum('rows'), loaded: sum('loaded'), rejected: sum('rejected'), warnings: m.warnings.length };
  const body = html`<header class="page-head"><h1>${title}</h1>
<p>${t(lang, 'qualitySummary', counts)}</p></header>
<section id="files"><h2>${t(lang, 'inputFiles')}</h2>${inputFiles(s)}</section>
${skippedRows(s)}<section id="warnings"><h2>${t(lang, 'warnings')}</h2>${warnings}</section>
<section id="rejects-section"><h2>${t(lang, 'rejectsTitle')}</h2>${rejects(s)}</section>`;
  return { path: PAGE.quality, charts: [], html: sitePage(s, { title, prefix: '', active: 'quality', body, vega: false }) };
}

/** The scheme's dimensions and items, each with its maximum and rule in words. */
function schemeTable(s: Site): Html {
  const { lang, scheme } = s.m;
  const zh = lang === 'zh';
  const groups = scheme.dimensions.map((d) => {
    const items = d.items.map((it) => {
      const names = html`<td>${zh ? it.name : it.name_en}</td><td><code>${it.id}</code></td><td>${zh ? it.name_en : it.name}</td>`;
      return html`<tr>${names}${numCell(it.max)}<td class="rule">${ruleWords(it, lang)}</td></tr>\n`;
    });
    const name = html`${zh ? d.name : d.name_en} <span class="id">${d.id}</span>`;
    return html`<tbody>
<tr class="group"><th scope="rowgroup" colspan="3">${name}</th>${numCell(d.points)}<td></td></tr>
${items}</tbody>`;
  });
  const head = headRow(lang, ['item', 'itemId', html`${t(lang, 'otherLanguage')}`, 'max', 'rule']);
  return html`<table class="method">
<thead>${head}</thead>
${groups}
</table>`;
}

/** Tiers, the quota and its tie-breakers, rounding, and the rules for individuals and directors. */
function tiersSection(s: Site): Html {
  const { lang, scheme } = s.m;
  const zh = lang === 'zh';
  const text = tiersWords(scheme, lang);
  const directors = t(lang, 'directorsRule', { name: zh ? scheme.directors.name : scheme.directors.name_en });
  return html`<section id="tiers"><h2>${t(lang, 'tiersTitle')}</h2>
<p>${text}</p>
<p>${t(lang, 'roundingText')}</p>
<p>${t(lang, 'individualsRule', { top: scheme.individuals.top, directors })}</p>
</section>`;
}

/** That the year's appraisal applied adjustments (how many, of which kind) and their rule; nothing in a year without. */
function adjustmentsSection(s: Site): Html {
  const { m } = s;
  if (!hasAdjustments(m)) return html``;
  const { lang } = m;
  const { exclude, points } = m.adjustmentCounts;
  const link = html`<a href="${PAGE.adjustments}">${t(lang, 'adjustmentsPage')}</a>`;
  return html`
<section id="adjustments"><h2>${t(lang, 'methodAdjTitle')}</h2>
<p>${t(lang, 'methodAdjText', { n: exclude + points, exclude, points })}${link}${common(lang, 'fullStop')}</p>
<p>${t(lang, 'adjustmentsRule')}</p>
</section>`;
}

export function methodologyPage(s: Site): Built {
  const { lang, scheme } = s.m;
  const zh = lang === 'zh';
  const title = t(lang, 'methodTitle');
  const vetoes =
    scheme.vetoes.length === 0
      ? html`<p class="muted">${t(lang, 'noVetoes')}</p>`
      : html`<ul>${scheme.vetoes.map((v) => html`<li>${zh ? v.name : v.name_en} <code>${v.id}</code></li>`)}</ul>`;
  const body = html`<header class="page-head"><h1>${title}</h1>
<dl class="kv">
<dt>${t(lang, 'scheme')}</dt><dd>${zh ? scheme.title : scheme.title_en}</dd>
<dt>${t(lang, 'schemeId')}</dt><dd><code>${scheme.id}</code> (${basename(scheme.path)})</dd>
<dt>${t(lang, 'schemeSha')}</dt><dd><code class="sha">${scheme.sha256}</code></dd>
<dt>${t(lang, 'schemeTotal')}</dt><dd>${fmt(scheme.total)}</dd>
</dl></header>
<section id="scheme"><h2>${t(lang, 'dimensionsAndItems')}</h2>
${schemeTable(s)}</section>
<section id="vetoes"><h2>${t(lang, 'vetoesTitle')}</h2>
${vetoes}</section>
${tiersSection(s)}${adjustmentsSection(s)}`;
  return { path: PAGE.method, charts: [], html: sitePage(s, { title, prefix: '', active: 'method', body, vega: false }) };
}
