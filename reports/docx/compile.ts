/**
 * The package docx 9 compiles around a document's body, for each kind of
 * document (its Normal size and grid): styles, settings, numbering, font
 * table, theme, the page-number footers, properties, relationships and
 * word/document.xml with an empty body. reports/docx/parts.json keeps them
 * for the three kinds the documents use, so that writing documents does not
 * load docx; tests/documents.test.ts compiles them again and compares
 * (UPDATE_GOLDEN=1 rewrites the file), and package.ts compiles any other kind here.
 */
import { AlignmentType, Document, DocumentGridType, Footer, Packer, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { unzip } from '../ooxml/zip.ts';
import { FONT, font, FOOTER_PT, grid, mm, PACKAGE_TITLE, PAGE, type DocKind as Kind } from './common.ts';

/** "— 1 —" in 宋体 4号: odd pages on the right, even pages on the left, one character in from the edge (GB/T 9704 7.5). */
function pageNumberFooters(): { default: Footer; even: Footer } {
  const mk = (align: 'right' | 'left') =>
    new Footer({
      children: [
        new Paragraph({
          alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: align === 'right' ? { right: FOOTER_PT * 20 } : { left: FOOTER_PT * 20 },
          children: [
            new TextRun({ text: '— ', font: font(FONT.pageNumber, FONT.pageNumber), size: FOOTER_PT * 2, snapToGrid: false }),
            new TextRun({
              children: [PageNumber.CURRENT],
              font: font(FONT.pageNumber, FONT.pageNumber),
              size: FOOTER_PT * 2,
              snapToGrid: false,
            }),
            new TextRun({ text: ' —', font: font(FONT.pageNumber, FONT.pageNumber), size: FOOTER_PT * 2, snapToGrid: false }),
          ],
        }),
      ],
    });
  return { default: mk('right'), even: mk('left') };
}

/** The A4 section of GB/T 9704, with its 28 × 22 grid or without one; no children: the body is ours. */
function gbSection(withGrid: boolean): ISectionOptions {
  const g = grid();
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: mm(18), gutter: 0 },
      },
      grid: withGrid
        ? { type: DocumentGridType.LINES_AND_CHARS, linePitch: g.linePitch, charSpace: g.charSpace }
        : { type: DocumentGridType.DEFAULT, linePitch: g.linePitch },
    },
    footers: pageNumberFooters(),
    children: [],
  };
}

function docxDocument(kind: Kind): Document {
  return new Document({
    creator: 'kaoping',
    title: PACKAGE_TITLE,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONT.body), size: kind.size * 2 },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
      // the Normal style carries the size too: the grid's character pitch is relative to it (LibreOffice reads it from here, not from the defaults)
      paragraphStyles: [{ id: 'Normal', name: 'Normal', quickFormat: true, run: { font: font(FONT.body), size: kind.size * 2 } }],
    },
    sections: [gbSection(kind.grid)],
  });
}

/** The parts docx writes for a document of this kind with an empty body, in its order, as text. */
export async function compileParts(kind: Kind): Promise<[string, string][]> {
  return unzip(await Packer.toBuffer(docxDocument(kind))).map(([name, data]) => [name, data.toString('utf8')]);
}
