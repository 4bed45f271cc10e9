/**
 * 考核反馈单: one office's result as the appraisal team hands it over: the
 * office, year, total, rank in its category, tier and commendation; the veto
 * if any; every dimension and item with points and maximum; every item that
 * lost points with its rule and the rows (file, line, record id) that cost
 * them; its adjustments (复核调整), each with what it did, why, who decided
 * and when, and the adjusted items marked. Built from the report's model
 * (the same data as the office page and `kaoping explain`); evidence is
 * capped per item as on the office page (EVIDENCE_CAP, with the full count
 * shown).
 */
import { common, dateWords, fmt, note as noteWord, tier as tierWord } from '../../words/common.ts';
import { vetoWords } from '../../pipeline/rules.ts';
import type { Lang } from '../../words/index.ts';
import { ruleWords } from '../../pipeline/score.ts';
import type { Model, Office } from '../model.ts';
import {
  AlignmentType,
  appraisalTitle,
  blank,
  DEFAULT_PUBLICITY_DAYS,
  FONT,
  organOf,
  para,
  RED,
  table,
  TITLE_PT,
  type DocSettings,
  type Xml,
} from './common.ts';
import { document, save, type Doc } from './package.ts';
import { w } from '../../words/documents.ts';
import { quantity, type ItemUnit } from '../../words/units.ts';

const EPS = 1e-9;
const TEXT_PT = 14; // 4号: the sheet's text
const TABLE_PT = 10.5; // 5号: its tables
/** the kind of package a letter is (reports/docx/package.ts): 4号 body, no character grid (rows keep their own height) */
export const LETTER = { size: TEXT_PT, grid: false };

export function feedbackDocument(m: Model, o: Office, s: DocSettings): Doc {
  const { lang, year, scheme } = m;
  const zh = lang === 'zh';
  const txt = (text: string, extra: Parameters<typeof para>[1] = {}) => para(text, { size: TEXT_PT, ...extra });
  const heading = (text: string) => para(text, { size: TEXT_PT, font: FONT.heading, before: 160, after: 80, keepNext: true });
  const cat = m.categories.find((c) => c.name === o.category);
  const items = m.indicators.get(o.office_id) ?? [];
  const evidence = m.evidence.get(o.office_id);
  const evCount = m.evidenceCount.get(o.office_id);
  const unitOf = (id: string): ItemUnit => scheme.items.find((x) => x.id === id) ?? {};
  const itemName = (id: string) => {
    const it = scheme.items.find((x) => x.id === id);
    return it ? (zh ? it.name : it.name_en) : id;
  };
  const adjustments = m.adjustmentsOf.get(o.office_id) ?? [];
  const adjustedItems = new Set(adjustments.filter((a) => a.action === 'points').map((a) => a.indicator));
  const children: Xml[] = [
    para(w(lang, 'fbTitle', { year }), { font: FONT.title, size: TITLE_PT, align: AlignmentType.CENTER }),
    para(appraisalTitle(s, year, lang), { size: TEXT_PT, align: AlignmentType.CENTER, after: 200 }),
  ];

  // the office and its result
  const info: [string, string][] = [
    [w(lang, 'fbOffice'), o.office_name],
    [w(lang, 'fbOfficeId'), o.office_id],
    [w(lang, 'fbCategory'), o.category],
    [w(lang, 'fbYear'), String(year)],
    [w(lang, 'fbTotal'), fmt(o.total)],
    [w(lang, 'fbRank'), w(lang, 'fbRankValue', { rank: o.rank, n: cat?.size ?? '' })],
    [w(lang, 'fbTier'), tierWord(o.tier, lang)],
    [w(lang, 'fbCommended'), o.commended ? w(lang, 'yes') : w(lang, 'no')],
  ];
  const pairs: string[][] = [];
  for (let i = 0; i < info.length; i += 2) pairs.push([info[i][0], info[i][1], info[i + 1]?.[0] ?? '', info[i + 1]?.[1] ?? '']);
  children.push(
    table(
      [
        { header: '', width: 1.9 },
        { header: '', width: 3.1 },
        { header: '', width: 1.9 },
        { header: '', width: 3.1 },
      ],
      pairs,
      { size: 12, noHeader: true, labels: [0, 2] },
    ),
  );

  // the veto
  const vetoes = m.vetoes.get(o.office_id) ?? [];
  if (vetoes.length > 0) {
    children.push(para(w(lang, 'fbVetoHeading'), { size: TEXT_PT, font: FONT.heading, color: RED, before: 200, after: 80 }));
    for (const v of vetoes) {
      const def = scheme.vetoes.find((x) => x.id === v.veto);
      children.push(
        txt(
          w(lang, 'fbVetoLine', {
            veto: def ? (zh ? def.name : def.name_en) : v.veto,
            file: m.fileOf(v.source),
            line: v.line,
            id: v.row_id,
            detail: zh ? v.detail_zh : v.detail,
          }),
          { indent: 2 },
        ),
      );
    }
    children.push(txt(vetoWords(lang), { indent: 2 }));
  }

  // every dimension and item
  children.push(heading(w(lang, 'fbItemsHeading')));
  const rows: string[][] = [];
  const groups = new Set<number>();
  for (const d of scheme.dimensions) {
    const sub = o.dims[d.id] ?? 0;
    groups.add(rows.length);
    rows.push([zh ? d.name : d.name_en, '', '', fmt(sub), fmt(d.points), fmt(d.points - sub), '']);
    for (const r of items.filter((x) => x.dimension === d.id)) {
      // an item a points adjustment changed says so in its note (the adjustments are listed after the lost points)
      const marks = [noteWord(r.note, lang), adjustedItems.has(r.indicator) ? w(lang, 'fbAdjusted') : ''];
      const note = marks.filter(Boolean).join(common(lang, 'noteSep'));
      rows.push([
        `  ${itemName(r.indicator)}`,
        // as the office page writes them: with the item's unit, shares as percentages (words/units.ts)
        r.value === null ? '—' : quantity(r.value, unitOf(r.indicator), lang),
        quantity(r.target, unitOf(r.indicator), lang),
        fmt(r.points),
        fmt(r.max_points),
        r.max_points - r.points > EPS ? fmt(r.max_points - r.points) : '',
        note,
      ]);
    }
  }
  groups.add(rows.length);
  rows.push([w(lang, 'fbSum'), '', '', fmt(o.total), fmt(scheme.total), fmt(scheme.total - o.total), '']);
  children.push(
    table(
      [
        { header: w(lang, 'fbItem'), width: 4.2 },
        { header: w(lang, 'fbValue'), width: 1.2, align: 'right' },
        { header: w(lang, 'fbTarget'), width: 1.2, align: 'right' },
        { header: w(lang, 'fbPoints'), width: 1.1, align: 'right' },
        { header: w(lang, 'fbMax'), width: 1.1, align: 'right' },
        { header: w(lang, 'fbLost'), width: 1.1, align: 'right' },
        { header: w(lang, 'fbNote'), width: 1.5 },
      ],
      rows,
      { size: TABLE_PT, group: (i) => groups.has(i) },
    ),
  );

  // every lost point, its rule and its rows
  children.push(heading(w(lang, 'fbLostHeading')));
  const lost = items.filter((r) => r.max_points - r.points > EPS);
  if (lost.length === 0) children.push(txt(w(lang, 'fbNoLost'), { indent: 2 }));
  lost.forEach((r, k) => {
    const it = scheme.items.find((x) => x.id === r.indicator);
    children.push(
      txt(
        w(lang, 'fbLostItem', {
          k: k + 1,
          item: itemName(r.indicator),
          lost: fmt(r.max_points - r.points),
          points: fmt(r.points),
          max: fmt(r.max_points),
        }),
        { font: FONT.subheading, before: 120, keepNext: true },
      ),
    );
    if (it) children.push(txt(w(lang, 'fbRule', { rule: ruleWords(it, lang) }), { indent: 2, keepNext: true }));
    const ev = evidence?.get(r.indicator) ?? [];
    const all = evCount?.get(r.indicator) ?? 0;
    if (ev.length === 0) {
      children.push(txt(w(lang, 'fbNoEvidence'), { indent: 2 }));
      return;
    }
    children.push(txt(w(lang, 'fbEvidence', { n: all }), { indent: 2, keepNext: true }));
    children.push(
      table(
        [
          { header: w(lang, 'file'), width: 2.2 },
          { header: w(lang, 'line'), width: 1, align: 'right' },
          { header: w(lang, 'rowId'), width: 2 },
          { header: w(lang, 'detail'), width: 5 },
        ],
        ev.map((e) => [m.fileOf(e.source), String(e.line), e.row_id, e.detail]),
        { size: TABLE_PT },
      ),
    );
    if (all > ev.length) children.push(txt(w(lang, 'fbEvidenceCapped', { all, n: ev.length }), { size: TABLE_PT }));
  });

  // the office's adjustments (复核调整), when it has any: what each did, why, who decided and when
  if (adjustments.length > 0) {
    children.push(heading(w(lang, 'fbAdjHeading')));
    children.push(txt(w(lang, 'fbAdjIntro'), { indent: 2 }));
    adjustments.forEach((a, i) => {
      const k = i + 1;
      const what =
        a.action === 'points'
          ? w(lang, 'fbAdjPoints', {
              k,
              id: a.adjustment_id,
              item: itemName(a.indicator ?? ''),
              points: signed(a.points),
              before: fmt(a.before),
              after: fmt(a.after),
            })
          : w(lang, 'fbAdjExclude', {
              k,
              id: a.adjustment_id,
              file: a.file ?? m.fileOf(a.source ?? ''),
              line: a.line ?? '',
              row: a.row_id ?? '',
            });
      children.push(txt(what, { font: FONT.subheading, before: 120, keepNext: true }));
      children.push(txt(w(lang, 'fbAdjWhy', { reason: a.reason, by: a.decided_by, on: a.decided_on }), { indent: 2 }));
    });
  }

  // how to appeal, the organ and the date
  children.push(blank(TEXT_PT));
  children.push(txt(w(lang, 'fbAppeal', { days: s.publicity_days ?? DEFAULT_PUBLICITY_DAYS }), { indent: 2 }));
  if (s.contact) children.push(txt(w(lang, 'pubContact', { contact: s.contact }), { indent: 2 }));
  children.push(blank(TEXT_PT));
  for (const org of organOf(s, lang)) children.push(txt(org, { align: AlignmentType.RIGHT, rightIndent: 2 }));
  children.push(txt(dateWords(s.date ?? new Date(), lang), { align: AlignmentType.RIGHT, rightIndent: 2 }));
  return document(w(lang, 'fbTitle', { year }), children, LETTER);
}

/** Points with their sign: +1.50, -0.50. */
const signed = (x: number | null) => (x === null ? '' : x < 0 ? `-${fmt(-x)}` : `+${fmt(x)}`);

export async function feedbackDoc(m: Model, o: Office, s: DocSettings, file: string): Promise<void> {
  await save(feedbackDocument(m, o, s), file);
}

export type { Lang };
