/**
 * What the adjustments page (复核调整) and the office pages share: an
 * adjustment in words (its action, what it names, its points, its effect)
 * and the table of a list of them. Nothing here appears in a year without
 * adjustments.
 */
import { TABLES } from '../pipeline/contract.ts';
import { common, fmt } from '../words/common.ts';
import { bdi, html, raw, type Html } from './html.ts';
import { headRow, numCell } from './layout.ts';
import type { Adjustment, Model } from './model.ts';
import { officeName, type Site } from './site.ts';
import { t } from '../words/report.ts';

/** A cell kept on one line (an adjustment id, a date): report.css is the same with or without adjustments, so inline. */
export const NOWRAP = raw(' style="white-space:nowrap"');

/** 剔除记录 / 加减分 */
export const actionWord = (m: Model, a: Adjustment): string => t(m.lang, a.action === 'points' ? 'actionPoints' : 'actionExclude');

/** Points with their sign: +1.50, −0.50 (U+2212, as the rank changes are written). */
export function signedPoints(x: number | null): string {
  if (x === null) return '';
  const s = fmt(Math.abs(x));
  return x < 0 ? `\u2212${s}` : `+${s}`;
}

/** An item's name in the page's language (its id when the scheme has no such item). */
export function itemName(m: Model, id: string): string {
  const it = m.scheme.items.find((x) => x.id === id);
  return it ? (m.lang === 'zh' ? it.name : it.name_en) : id;
}

/** The file of an exclusion's row: as recorded at the run, else the file its table was read from. */
const fileOfRow = (m: Model, a: Adjustment): string => a.file ?? m.fileOf(a.source ?? '');

/** What the adjustment names: the item of a points adjustment, the source table and row id of an exclusion. */
export function target(m: Model, a: Adjustment): Html {
  if (a.action === 'points') return html`${itemName(m, a.indicator ?? '')} <span class="id">${a.indicator}</span>`;
  const table = TABLES.find((x) => x.name === a.source);
  const source = t(m.lang, 'sourceTable', { alias: table?.alias ?? a.source ?? '', source: a.source ?? '' });
  return html`${source} ${bdi(a.row_id)}`;
}

/** The effect: the item's points before → after, or the row taken out (file and line). */
export function effect(m: Model, a: Adjustment): Html {
  if (a.action === 'points') return html`${t(m.lang, 'effectPoints', { before: fmt(a.before), after: fmt(a.after) })}`;
  return html`<span class="badge fail">${t(m.lang, 'excludedBadge')}</span> ${rowAt(m, fileOfRow(m, a), a.line)}`;
}

/** A row's place in its file: documents.csv 第 281 行 / documents.csv line 281. */
export function rowAt(m: Model, file: string, line: number | null): Html {
  return html`${bdi(file)} ${common(m.lang, 'lineOf', { line: line ?? '' })}`;
}

/**
 * The table of `list`: id, (office,) action, what it names, points, effect,
 * reason, who and when. `prefix` is the page's way to the office pages.
 */
export function adjustmentsTable(s: Site, list: Adjustment[], opts: { office: boolean; prefix: '' | '../'; id?: string }): Html {
  const { m } = s;
  const rows = list.map((a) => {
    const o = m.byId.get(a.office_id);
    const name = o ? officeName(s, a.office_id, o.office_name, opts.prefix) : bdi(a.office_id);
    const office = opts.office ? html`<td>${name} <span class="id">${a.office_id}</span></td>` : '';
    const cells = [
      html`<td${NOWRAP}>${bdi(a.adjustment_id)}</td>`,
      office,
      html`<td>${actionWord(m, a)}</td>`,
      html`<td>${target(m, a)}</td>`,
      a.action === 'points' ? html`<td class="num" data-v="${a.points ?? ''}">${signedPoints(a.points)}</td>` : numCell(null),
      html`<td>${effect(m, a)}</td>`,
      html`<td>${bdi(a.reason)}</td><td>${bdi(a.decided_by)}</td><td${NOWRAP}>${a.decided_on}</td>`,
    ];
    return html`<tr>${cells}</tr>\n`;
  });
  const head = headRow(m.lang, [
    'adjustmentId',
    ...(opts.office ? ['office' as const] : []),
    'action',
    'adjTarget',
    'adjPoints',
    'effect',
    'adjReason',
    'decidedBy',
    'decidedOn',
  ]);
  const attrs = opts.id ? html` class="sortable" id="${opts.id}"` : html` class="compact"`;
  return html`<table${attrs}>
<thead>${head}</thead>
<tbody>${rows}</tbody></table>`;
}
