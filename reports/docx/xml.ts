/**
 * The WordprocessingML of a document's body (word/document.xml between
 * <w:body> and the section properties), written as strings: runs,
 * paragraphs and tables with the few properties the documents use.
 *
 * Why not the docx package's objects: building a Paragraph and formatting it
 * through docx's generic XmlComponent machinery cost about 2 ms a paragraph
 * (a feedback letter took 60-140 ms, nearly all of it there and in the
 * garbage collector). The markup here is what docx 9 writes for the same
 * options, element for element and attribute for attribute (its order, its
 * escaping, its empty elements), so the documents are the same bytes;
 * tests/documents.test.ts renders the same options through docx and compares.
 * The parts around the body (styles, settings, footers) still come from
 * docx (reports/docx/package.ts).
 */

declare const markup: unique symbol;
/** Markup built here (text inside it escaped): a run, a paragraph, a table. */
export type Xml = string & { readonly [markup]: true };

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
/**
 * Text or an attribute value as docx escapes it: & " ' < > as entities, and
 * the C0 control characters that XML 1.0 does not allow (all but tab, line
 * feed and carriage return) left out.
 */
export function esc(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this makes safe
  return s.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => ESCAPES[c] ?? '');
}

/** docx writes measures as integers, rounded down */
const int = (n: number): number => Math.floor(n);

export type Align = 'left' | 'center' | 'right' | 'both' | 'distribute';

export interface RunProps {
  /** w:rFonts: the East Asian font and the font of every other slot */
  eastAsia: string;
  latin: string;
  /** size in half-points (w:sz and w:szCs) */
  halfPoints: number;
  bold?: boolean;
  /** off the document grid (w:snapToGrid false) */
  free?: boolean;
  color?: string;
  /** character spacing in twips (w:spacing), 0 for none */
  spacing?: number;
}

/** The w:rPr of a run; the same for every run of a kind, so callers may keep it. */
export function runProps(p: RunProps): string {
  const latin = esc(p.latin);
  const hp = int(p.halfPoints);
  return (
    `<w:rPr><w:rFonts w:ascii="${latin}" w:cs="${latin}" w:eastAsia="${esc(p.eastAsia)}" w:hAnsi="${latin}"/>` +
    (p.bold ? '<w:b/><w:bCs/>' : '') +
    (p.free ? '<w:snapToGrid w:val="false"/>' : '') +
    (p.color ? `<w:color w:val="${esc(p.color)}"/>` : '') +
    (p.spacing ? `<w:spacing w:val="${int(p.spacing)}"/>` : '') +
    `<w:sz w:val="${hp}"/><w:szCs w:val="${hp}"/></w:rPr>`
  );
}

/** A run of text with the properties of runProps(). */
export function textRun(text: string, rPr: string): Xml {
  return `<w:r>${rPr}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>` as Xml;
}

export interface Border {
  style: 'single' | 'none';
  size: number;
  color: string;
  space?: number;
}
const border = (name: string, b: Border) =>
  `<w:${name} w:val="${b.style}" w:color="${esc(b.color)}" w:sz="${int(b.size)}"` +
  `${b.space === undefined ? '' : ` w:space="${int(b.space)}"`}/>`;

export interface ParaProps {
  keepNext?: boolean;
  /** a rule below the paragraph (w:pBdr) */
  bottomBorder?: Border;
  /** w:spacing, written when given (even empty) */
  spacing?: { before?: number; after?: number; line?: number; lineRule?: 'exact' | 'atLeast' | 'auto' };
  /** w:ind in twips, written when given (even empty: <w:ind/>) */
  indent?: { left?: number; right?: number; firstLine?: number };
  align?: Align;
}

const attr = (name: string, v: number | string | undefined) => (v === undefined ? '' : ` ${name}="${v}"`);

/** The w:pPr of a paragraph ('' when it has no properties, as docx leaves it out). */
export function paraProps(p: ParaProps): string {
  let s = '';
  if (p.keepNext) s += '<w:keepNext/>';
  if (p.bottomBorder) s += `<w:pBdr>${border('bottom', p.bottomBorder)}</w:pBdr>`;
  if (p.spacing) {
    const { after, before, line, lineRule } = p.spacing;
    s += `<w:spacing${attr('w:after', after)}${attr('w:before', before)}${attr('w:line', line)}${attr('w:lineRule', lineRule)}/>`;
  }
  if (p.indent) {
    const { left, right, firstLine } = p.indent;
    const v = (x?: number) => (x === undefined ? undefined : int(x));
    s += `<w:ind${attr('w:left', v(left))}${attr('w:right', v(right))}${attr('w:firstLine', v(firstLine))}/>`;
  }
  if (p.align) s += `<w:jc w:val="${p.align}"/>`;
  return s ? `<w:pPr>${s}</w:pPr>` : '';
}

/** A paragraph of runs; `<w:p/>` when it has neither properties nor runs. */
export function paragraph(runs: readonly Xml[], pPr = ''): Xml {
  const inner = pPr + runs.join('');
  return (inner ? `<w:p>${inner}</w:p>` : '<w:p/>') as Xml;
}

export interface CellProps {
  /** width in twips (w:tcW, type dxa) */
  width: number;
  borders?: { top?: Border; left?: Border; bottom?: Border; right?: Border };
  fill?: string;
  margins?: { top: number; left: number; bottom: number; right: number };
  vAlign?: 'top' | 'center' | 'bottom';
}

/** The w:tcPr of a cell; the same for every cell of a kind, so callers may keep it. */
export function cellProps(c: CellProps): string {
  let s = `<w:tcW w:type="dxa" w:w="${int(c.width)}"/>`;
  if (c.borders) {
    const b = c.borders;
    const sides = (['top', 'left', 'bottom', 'right'] as const)
      .filter((k) => b[k])
      .map((k) => border(k, b[k]!))
      .join('');
    if (sides) s += `<w:tcBorders>${sides}</w:tcBorders>`;
  }
  if (c.fill) s += `<w:shd w:fill="${esc(c.fill)}" w:val="clear"/>`;
  if (c.margins) {
    const m = c.margins;
    s +=
      `<w:tcMar><w:top w:type="dxa" w:w="${int(m.top)}"/><w:left w:type="dxa" w:w="${int(m.left)}"/>` +
      `<w:bottom w:type="dxa" w:w="${int(m.bottom)}"/><w:right w:type="dxa" w:w="${int(m.right)}"/></w:tcMar>`;
  }
  if (c.vAlign) s += `<w:vAlign w:val="${c.vAlign}"/>`;
  return `<w:tcPr>${s}</w:tcPr>`;
}

/** A cell holding paragraphs. */
export function cell(tcPr: string, paragraphs: readonly Xml[]): string {
  return `<w:tc>${tcPr}${paragraphs.join('')}</w:tc>`;
}

/** A row of cells: it cannot split across pages, and a header row repeats on every page. */
export function row(cells: readonly string[], o: { cantSplit?: boolean; header?: boolean } = {}): string {
  const trPr = (o.cantSplit ? '<w:cantSplit/>' : '') + (o.header ? '<w:tblHeader/>' : '');
  return `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}${cells.join('')}</w:tr>`;
}

export interface TableBorders {
  top: Border;
  left: Border;
  bottom: Border;
  right: Border;
  insideH: Border;
  insideV: Border;
}

/** A table of fixed layout `width` twips wide, columns of these widths, rows of row(). */
export function table(o: { width: number; columns: readonly number[]; borders: TableBorders }, rows: readonly string[]): Xml {
  const b = o.borders;
  const borders =
    border('top', b.top) +
    border('left', b.left) +
    border('bottom', b.bottom) +
    border('right', b.right) +
    border('insideH', b.insideH) +
    border('insideV', b.insideV);
  return (`<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${int(o.width)}"/><w:tblBorders>${borders}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${o.columns.map((w) => `<w:gridCol w:w="${int(w)}"/>`).join('')}</w:tblGrid>` +
    `${rows.join('')}</w:tbl>`) as Xml;
}
