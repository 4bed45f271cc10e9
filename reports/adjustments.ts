/**
 * The adjustments page (复核调整, adjustments.html): every adjustment applied
 * in the year's appraisal, with its office (a link to its page), action,
 * item or row, points and effect (an item's points before → after, or the
 * row taken out), reason, who decided and when; the rule; and how many
 * adjustment rows were rejected (not applied). The site has this page only
 * when the year has adjustments (build.ts).
 */
import { adjustmentsTable } from './adjust.ts';
import { html } from './html.ts';
import { PAGE, searchBox } from './layout.ts';
import { sitePage, type Built, type Site } from './site.ts';
import { common } from '../words/common.ts';
import { t } from '../words/report.ts';

export function adjustmentsPage(s: Site): Built {
  const { m } = s;
  const { lang, year } = m;
  const title = t(lang, 'adjustmentsTitle', { year });
  const { exclude, points } = m.adjustmentCounts;
  const intro = t(lang, 'adjustmentsIntro', { n: exclude + points, exclude, points });
  // rows of the adjustments file that failed its checks are not applied: the data-quality page has them with their reasons
  const rejected = m.inputFiles.filter((f) => f.table === 'adjustments').reduce((n, f) => n + Number(f.rejected), 0);
  const quality = html`<a href="${PAGE.quality}">${t(lang, 'qualityPage')}</a>${common(lang, 'fullStop')}`;
  const rejectedNote = rejected > 0 ? html`<p class="note">${t(lang, 'adjustmentsRejected', { n: rejected })}${quality}</p>` : '';
  const body = html`<header class="page-head"><h1>${title}</h1>
<p>${intro}</p>
<p class="note">${t(lang, 'adjustmentsRule')}</p>
${rejectedNote}</header>
${searchBox(lang, 'adjustments')}${adjustmentsTable(s, m.adjustments, { office: true, prefix: '', id: 'adjustments' })}
<p class="note">${t(lang, 'adjustmentsCsv')}</p>`;
  return { path: PAGE.adjustments, charts: [], html: sitePage(s, { title, prefix: '', active: 'adjustments', body, vega: false }) };
}
