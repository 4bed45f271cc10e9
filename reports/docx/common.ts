/**
 * What the three Word documents share: the page (A4, GB/T 9704-2012 margins
 * and grid), the fonts (named, never embedded: Word and WPS on the office's
 * machines have them; elsewhere the reader substitutes), the Chinese date,
 * the settings' generic wording, and small paragraph and table builders.
 *
 * GB/T 9704-2012: A4 (210 × 297 mm); top margin 37 mm, bottom 35 mm, left
 * (binding side) 28 mm, right 26 mm, so the type area is 156 × 225 mm; body
 * 仿宋_GB2312 3号 (16 pt), 28 characters a line and 22 lines a page; title
 * 小标宋 2号 (22 pt); page numbers 宋体 4号 (14 pt) as "— 1 —".
 */
import type { Lang } from '../../words/index.ts';
import type { Settings } from '../../pipeline/settings.ts';
import { w } from '../../words/documents.ts';
import { t } from '../../words/report.ts';
import {
  cell,
  cellProps,
  paragraph,
  paraProps,
  row,
  runProps,
  table as tableXml,
  textRun,
  type Align,
  type Border,
  type Xml,
} from './xml.ts';

/** Settings, plus the date the documents carry (today by default; tests pass one). */
export type DocSettings = Settings & { date?: Date };

const TWIPS_PER_MM = 1440 / 25.4;
/** millimetres to twips, rounded (docx's own converter floors: 37 mm would be 2097, not 2098) */
export const mm = (x: number): number => Math.round(x * TWIPS_PER_MM);

export const PAGE = {
  width: mm(210), // 11906
  height: mm(297), // 16838
  top: mm(37), // 2098
  bottom: mm(35), // 1984
  left: mm(28), // 1587
  right: mm(26), // 1474
};
/** the type area (版心) in twips: 8845 × 12756, i.e. 156 × 225 mm */
export const TYPE_AREA = { width: PAGE.width - PAGE.left - PAGE.right, height: PAGE.height - PAGE.top - PAGE.bottom };

export const BODY_PT = 16; // 3号
export const TITLE_PT = 22; // 2号
export const FOOTER_PT = 14; // 4号
export const CHARS_PER_LINE = 28;
export const LINES_PER_PAGE = 22;

/**
 * The document grid of the type area: the line pitch (twips) that fits 22
 * lines, and the character pitch as Word stores it (`charSpace`: the
 * difference from the Normal font's 16 pt, in 1/4096 pt) that fits 28
 * characters; both rounded down so that 22 and 28 fit. 12756 / 22 → 579
 * twips (28.95 pt); 8845 / 28 / 20 = 15.795 pt → charSpace -842.
 */
export function grid(): { linePitch: number; charSpace: number } {
  const linePitch = Math.floor(TYPE_AREA.height / LINES_PER_PAGE);
  const charPt = TYPE_AREA.width / CHARS_PER_LINE / 20;
  const charSpace = Math.floor((charPt - BODY_PT) * 4096);
  return { linePitch, charSpace };
}

export const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  subheading: '楷体_GB2312',
  pageNumber: '宋体',
  /** Latin letters and digits of the body */
  latin: 'Times New Roman',
};

/** every slot named, the East Asian one included (w:rFonts w:eastAsia) */
export function font(eastAsia: string, latin = FONT.latin) {
  return { ascii: latin, hAnsi: latin, eastAsia, cs: latin };
}

export const RED = 'E00000';

/** The kind of a document: what the package around its body depends on (reports/docx/package.ts). */
export interface DocKind {
  size: number;
  grid: boolean;
}

/** the title docx is given when it compiles a package; the document's own replaces it in core.xml */
export const PACKAGE_TITLE = 'KAOPING-TITLE';

export interface RunOpts {
  size?: number;
  font?: string;
  bold?: boolean;
  color?: string;
  /** off the character grid (titles, the organ mark): set in its own size */
  free?: boolean;
}

/**
 * Body text condensed by 0.25 pt (-5 twips): Word and WPS set 28 characters
 * a line from the grid alone (charSpace); LibreOffice gives a character two
 * grid cells when it is wider than one (16 pt > 15.79 pt), which would make
 * 14 a line. Condensed, a character fits one cell there too, and Word still
 * sets 28 (justified).
 */
export const CONDENSE = -5;

/** The run properties of each kind of run, built once (a letter has hundreds of runs of a few kinds). */
const rPrs = new Map<string, string>();
function runPropsOf(o: RunOpts): string {
  const key = `${o.size ?? BODY_PT}|${o.font ?? FONT.body}|${o.bold ? 1 : 0}|${o.color ?? ''}|${o.free ? 1 : 0}`;
  let rPr = rPrs.get(key);
  if (rPr === undefined) {
    rPr = runProps({
      eastAsia: o.font ?? FONT.body,
      latin: FONT.latin,
      halfPoints: (o.size ?? BODY_PT) * 2,
      bold: o.bold,
      color: o.color,
      ...(o.free ? { free: true } : { spacing: CONDENSE }),
    });
    rPrs.set(key, rPr);
  }
  return rPr;
}

export function run(text: string, o: RunOpts = {}): Xml {
  return textRun(text, runPropsOf(o));
}

export const AlignmentType = { LEFT: 'left', CENTER: 'center', RIGHT: 'right', JUSTIFIED: 'both', DISTRIBUTE: 'distribute' } as const;

export interface ParaOpts extends RunOpts {
  align?: Align;
  /** first-line indent in characters of the run size (正文: 2) */
  indent?: number;
  /** right indent in characters */
  rightIndent?: number;
  before?: number;
  after?: number;
  /** exact line height in twips (otherwise the grid's) */
  exact?: number;
  keepNext?: boolean;
}

export function para(text: string | Xml[], o: ParaOpts = {}): Xml {
  const size = o.size ?? BODY_PT;
  const runs = typeof text === 'string' ? [run(text, o)] : text;
  return paragraph(
    runs,
    paraProps({
      keepNext: o.keepNext,
      spacing: { before: o.before ?? 0, after: o.after ?? 0, ...(o.exact ? { line: o.exact, lineRule: 'exact' as const } : {}) },
      indent: {
        ...(o.indent ? { firstLine: Math.round(o.indent * size * 20) } : {}),
        ...(o.rightIndent ? { right: Math.round(o.rightIndent * size * 20) } : {}),
      },
      align: o.align ?? AlignmentType.JUSTIFIED,
    }),
  );
}

export const blank = (size = BODY_PT): Xml => para('', { size });

/** the days of 公示 when the settings give none: five working days, the usual period of a commendation's publication */
export const DEFAULT_PUBLICITY_DAYS = 5;

export function organOf(s: DocSettings, lang: Lang): string[] {
  if (s.organ) return s.organ.split(/\s+/).filter(Boolean);
  return [w(lang, 'organPlaceholder')];
}

export function appraisalTitle(s: DocSettings, year: number, lang: Lang): string {
  return s.title ?? t(lang, 'brandTitle', { year }); // the report's own generic title
}

// tables

const THIN: Border = { style: 'single', size: 4, color: '000000' };
export const NONE: Border = { style: 'none', size: 0, color: 'FFFFFF' };
export const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideH: THIN, insideV: THIN };
export const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideH: NONE, insideV: NONE };

export interface Col {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableOpts {
  size?: number;
  widthTwips?: number;
  /** rows (0-based) set in 黑体: dimension and sum rows */
  group?: (i: number) => boolean;
  /** no header row: a form of label and value cells */
  noHeader?: boolean;
  /** columns of labels (shaded, 黑体) */
  labels?: number[];
}

const CELL_MARGINS = { top: 30, bottom: 30, left: 80, right: 80 };

/**
 * A table with a repeated header row. Widths are shares of `widthTwips`
 * (the type area by default). Cells hold plain text: a data value is a
 * run's text, which xml.ts escapes, never markup.
 */
export function table(cols: Col[], rows: string[][], o: TableOpts = {}): Xml {
  const size = o.size ?? 12;
  const total = o.widthTwips ?? TYPE_AREA.width;
  const sum = cols.reduce((a, c) => a + c.width, 0);
  const widths = cols.map((c) => Math.floor((c.width / sum) * total));
  const labels = new Set(o.labels ?? []);
  // the properties of each column's cells and runs, built once per table: a letter's evidence tables have thousands of cells
  const kind = (i: number, header: boolean, bold: boolean) => {
    const shaded = header || labels.has(i);
    return {
      tcPr: cellProps({ width: widths[i], ...(shaded ? { fill: 'EDEDED' } : {}), margins: CELL_MARGINS, vAlign: 'center' }),
      pPr: paraProps({ align: header ? 'center' : (cols[i].align ?? 'left') }),
      rPr: runProps({ eastAsia: header || bold || labels.has(i) ? FONT.heading : FONT.body, latin: FONT.latin, halfPoints: size * 2 }),
    };
  };
  const plain = cols.map((_, i) => kind(i, false, false));
  const bold = cols.map((_, i) => kind(i, false, true));
  const cellOf = (text: string, k: { tcPr: string; pPr: string; rPr: string }) => cell(k.tcPr, [paragraph([textRun(text, k.rPr)], k.pPr)]);
  const header = o.noHeader
    ? []
    : [
        row(
          cols.map((c, i) => cellOf(c.header, kind(i, true, false))),
          { cantSplit: true, header: true },
        ),
      ];
  const body = rows.map((r, k) => {
    const kinds = o.group?.(k) ? bold : plain;
    return row(
      r.map((text, i) => cellOf(text, kinds[i])),
      { cantSplit: true },
    );
  });
  return tableXml({ width: total, columns: widths, borders: BORDERS }, [...header, ...body]);
}

export type { Xml };
