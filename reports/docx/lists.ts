/**
 * The publicity list (公示名单) and the commendation notice (表彰通报): both
 * list the commended offices by category (in rank order) and the advanced
 * individuals, from the report's model (reports/model.ts), so they name
 * exactly the offices and persons the report and the CSVs name.
 */
import { common, dateWords, fmt, headingNumber } from '../../words/common.ts';
import type { Lang } from '../../words/index.ts';
import type { Model, Office, Person } from '../model.ts';
import {
  AlignmentType,
  appraisalTitle,
  blank,
  BODY_PT,
  DEFAULT_PUBLICITY_DAYS,
  FONT,
  NO_BORDERS,
  NONE,
  organOf,
  para,
  RED,
  run,
  table,
  TITLE_PT,
  TYPE_AREA,
  type DocSettings,
  type Xml,
} from './common.ts';
import { document, save } from './package.ts';
import { cell, cellProps, paragraph, paraProps, row, runProps, table as tableXml, textRun } from './xml.ts';
import { w } from '../../words/documents.ts';

/** the kinds of package (reports/docx/package.ts): 3号 body; the notice on the 28 × 22 grid, the list without (its tables) */
export const LIST = { size: BODY_PT, grid: false };
export const NOTICE = { size: BODY_PT, grid: true };

export interface Lists {
  /** commended offices by category (categories by name, offices in rank order) */
  categories: { name: string; offices: Office[] }[];
  offices: number;
  persons: (Person & { office_name: string })[];
}

export function lists(m: Model): Lists {
  const categories = m.categories
    .map((c) => ({ name: c.name, offices: c.offices.filter((o) => o.commended) }))
    .filter((c) => c.offices.length > 0);
  const persons = [...m.individuals]
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || (a.person_id < b.person_id ? -1 : a.person_id > b.person_id ? 1 : 0))
    .map((p) => ({ ...p, office_name: m.byId.get(p.office_id)?.office_name ?? p.office_id }));
  return { categories, offices: categories.reduce((a, c) => a + c.offices.length, 0), persons };
}

const heading = (text: string) => para(text, { font: FONT.heading, indent: 2, keepNext: true });
const subheading = (text: string) => para(text, { font: FONT.subheading, indent: 2, keepNext: true });
const body = (text: string) => para(text, { indent: 2 });
const title = (text: string) => para(text, { font: FONT.title, size: TITLE_PT, align: AlignmentType.CENTER, free: true });

/** width in characters: CJK 1, ASCII ½ */
const widthOf = (t: string) => [...t].reduce((a, ch) => a + (ch.charCodeAt(0) < 0x2000 ? 0.5 : 1), 0);

/**
 * The organ(s) and the date below them (GB/T 9704 7.3.5.3, without a seal):
 * the date two characters in from the right, each organ centred over it
 * (or, when longer, two characters in from the right and the date under its middle).
 */
function signature(s: DocSettings, lang: Lang): Xml[] {
  const date = dateWords(s.date ?? new Date(), lang);
  const organs = organOf(s, lang);
  const longest = Math.max(widthOf(date), ...organs.map(widthOf));
  const at = (t: string) => 2 + (longest - widthOf(t)) / 2;
  return [
    blank(),
    ...organs.map((o) => para(o, { align: AlignmentType.RIGHT, rightIndent: at(o) })),
    para(date, { align: AlignmentType.RIGHT, rightIndent: at(date) }),
  ];
}

export async function publicityDoc(m: Model, s: DocSettings, file: string): Promise<void> {
  const { lang, year } = m;
  const l = lists(m);
  const t = appraisalTitle(s, year, lang);
  const days = s.publicity_days ?? DEFAULT_PUBLICITY_DAYS;
  const cols = [
    { header: w(lang, 'seq'), width: 1, align: 'center' as const },
    { header: w(lang, 'officeName'), width: 6 },
    { header: w(lang, 'total'), width: 1.6, align: 'right' as const },
    { header: w(lang, 'rankInCategory'), width: 1.8, align: 'center' as const },
  ];
  const children: Xml[] = [
    title(w(lang, 'pubTitle', { title: t })),
    blank(),
    body(w(lang, 'pubIntro', { title: t, offices: l.offices, persons: l.persons.length })),
    heading(w(lang, 'pubOfficesHeading', { n: l.offices })),
  ];
  if (l.offices === 0) children.push(body(w(lang, 'noOffices')));
  l.categories.forEach((c, k) => {
    children.push(subheading(w(lang, 'categoryHeading', { k: headingNumber(k + 1, lang), category: c.name, n: c.offices.length })));
    children.push(
      table(
        cols,
        c.offices.map((o, i) => [String(i + 1), o.office_name, fmt(o.total), String(o.rank)]),
      ),
    );
    children.push(blank(8));
  });
  children.push(heading(w(lang, 'pubPersonsHeading', { n: l.persons.length })));
  if (l.persons.length === 0) children.push(body(w(lang, 'noOffices')));
  else {
    children.push(
      table(
        [
          { header: w(lang, 'seq'), width: 1, align: 'center' },
          { header: w(lang, 'personName'), width: 2.2 },
          { header: w(lang, 'personOffice'), width: 5.4 },
          { header: w(lang, 'points'), width: 1.6, align: 'right' },
        ],
        l.persons.map((p, i) => [String(i + 1), p.name, p.office_name, fmt(p.points)]),
      ),
    );
    children.push(blank(8));
  }
  children.push(body(w(lang, 'pubPeriod', { days })));
  children.push(body(w(lang, 'pubContact', { contact: s.contact ?? w(lang, 'contactPlaceholder') })));
  children.push(...signature(s, lang));
  await save(document(w(lang, 'pubTitle', { title: t }), children, LIST), file);
}

/**
 * 发文机关标志: the organ's name and 文件 in red 小标宋, centred; for a joint
 * notice the organs one above the other with 文件 to their right, centred
 * on them (GB/T 9704 7.2.1).
 */
function organMark(s: DocSettings, lang: Lang): Xml[] {
  const organs = organOf(s, lang);
  const suffix = w(lang, 'orgSuffix');
  const longest = Math.max(...organs.map((o) => o.length)) + (organs.length === 1 ? suffix.length : 0);
  // as large as fits the type area, at most 2号 × 2 (44 pt), at least 2号
  const size = Math.max(TITLE_PT, Math.min(44, Math.floor(TYPE_AREA.width / 20 / Math.max(1, longest) / (lang === 'zh' ? 1 : 0.55))));
  const rPr = runProps({ eastAsia: FONT.title, latin: FONT.title, halfPoints: size * 2, free: true, color: RED });
  const r = (text: string) => textRun(text, rPr);
  if (organs.length === 1 || !suffix) {
    return organs.map((o, i) => paragraph([r(i === organs.length - 1 ? o + suffix : o)], paraProps({ align: AlignmentType.CENTER })));
  }
  const nameWidth = Math.min(TYPE_AREA.width - size * 20 * 3, Math.max(...organs.map((o) => o.length)) * size * 20 + 200);
  const sufWidth = size * 20 * 2 + 200;
  const side = Math.floor((TYPE_AREA.width - nameWidth - sufWidth) / 2);
  const cellOf = (paragraphs: Xml[], width: number) =>
    cell(cellProps({ width, borders: { top: NONE, left: NONE, bottom: NONE, right: NONE }, vAlign: 'center' }), paragraphs);
  const empty = paragraph([]);
  return [
    tableXml({ width: TYPE_AREA.width, columns: [side, nameWidth, sufWidth, side], borders: NO_BORDERS }, [
      row([
        cellOf([empty], side),
        cellOf(
          organs.map((o) => paragraph([r(o)], paraProps({ align: AlignmentType.DISTRIBUTE }))),
          nameWidth,
        ),
        cellOf([paragraph([r(suffix)], paraProps({ align: AlignmentType.LEFT }))], sufWidth),
        cellOf([empty], side),
      ]),
    ]),
  ];
}

export async function noticeDoc(m: Model, s: DocSettings, file: string): Promise<void> {
  const { lang, year } = m;
  const l = lists(m);
  const t = appraisalTitle(s, year, lang);
  const date = s.date ?? new Date();
  const sep = common(lang, 'listSep');
  const children: Xml[] = [
    // 版头: the organ mark, the document number two lines below it, the red separator line
    blank(),
    blank(),
    ...organMark(s, lang),
    blank(),
    blank(),
    paragraph(
      [run(w(lang, 'docNumber', { year: date.getFullYear() }))],
      paraProps({ bottomBorder: { style: 'single', size: 12, color: RED, space: 8 }, align: AlignmentType.CENTER }),
    ),
    blank(),
    blank(),
    // 主体
    title(w(lang, 'noticeTitle', { year })),
    blank(),
    para(w(lang, 'noticeTo')),
    body(w(lang, 'noticeBody1', { year, title: t, offices: l.offices, persons: l.persons.length })),
    body(w(lang, 'noticeBody2')),
    heading(w(lang, 'noticeOfficesHeading', { n: l.offices })),
  ];
  if (l.offices === 0) children.push(body(w(lang, 'noOffices')));
  l.categories.forEach((c, k) => {
    children.push(subheading(w(lang, 'categoryHeading', { k: headingNumber(k + 1, lang), category: c.name, n: c.offices.length })));
    children.push(body(c.offices.map((o) => o.office_name).join(sep)));
  });
  children.push(heading(w(lang, 'noticePersonsHeading', { n: l.persons.length })));
  children.push(
    body(
      l.persons.length === 0
        ? w(lang, 'noOffices')
        : l.persons.map((p) => w(lang, 'personWithOffice', { name: p.name, office: p.office_name })).join(sep),
    ),
  );
  children.push(...signature(s, lang));
  await save(document(w(lang, 'noticeTitle', { year }), children, NOTICE), file);
}
