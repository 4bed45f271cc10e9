/**
 * A Word document as a file: the body (xml.ts markup) in the package docx
 * compiles around it — styles, settings, numbering, font table, theme, the
 * page-number footers, properties and relationships, and word/document.xml
 * up to <w:body> and from the section properties on.
 *
 * That package does not depend on the body, only on the kind of document
 * (its title, body size and grid), so it is compiled once per kind and kept:
 * the 52 feedback letters of a county share one. It was the fixed part of
 * each letter's cost (about 30 ms), docx formatting the body the rest.
 *
 * The container is reproducible (ooxml/zip.ts): every entry and
 * docProps/core.xml's created and modified carry packageTime(),
 * SOURCE_DATE_EPOCH when set.
 */
import {
  AlignmentType, Document, DocumentGridType, Footer, Packer, PageNumber, Paragraph, TextRun, type ISectionOptions,
} from 'docx';
import { writeFile } from 'node:fs/promises';
import { deflated, packageTime, unzip, zip, type Deflated } from '../ooxml/zip.ts';
import { BODY_PT, FONT, font, FOOTER_PT, grid, mm, PAGE } from './common.ts';
import type { Xml } from './xml.ts';

/** A document: its kind (the package around the body) and its body. */
export interface Doc {
  title: string;
  /** the Normal style's size in points (the body's) */
  size: number;
  /** the 28 × 22 character grid of GB/T 9704 (the notice), or none (documents with tables: rows keep their own height) */
  grid: boolean;
  body: Xml[];
}

/** A document whose Normal style is the body font (仿宋_GB2312 3号 unless `size` says otherwise). */
export function document(title: string, body: Xml[], o: { grid: boolean; size?: number }): Doc {
  return { title, size: o.size ?? BODY_PT, grid: o.grid, body };
}

/** "— 1 —" in 宋体 4号: odd pages on the right, even pages on the left, one character in from the edge (GB/T 9704 7.5). */
function pageNumberFooters(): { default: Footer; even: Footer } {
  const mk = (align: 'right' | 'left') => new Footer({
    children: [new Paragraph({
      alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: align === 'right' ? { right: FOOTER_PT * 20 } : { left: FOOTER_PT * 20 },
      children: [
        new TextRun({ text: '— ', font: font(FONT.pageNumber, FONT.pageNumber), size: FOOTER_PT * 2, snapToGrid: false }),
        new TextRun({ children: [PageNumber.CURRENT], font: font(FONT.pageNumber, FONT.pageNumber), size: FOOTER_PT * 2, snapToGrid: false }),
        new TextRun({ text: ' —', font: font(FONT.pageNumber, FONT.pageNumber), size: FOOTER_PT * 2, snapToGrid: false }),
      ],
    })],
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

function docxDocument(kind: Omit<Doc, 'body'>): Document {
  return new Document({
    creator: 'kaoping',
    title: kind.title,
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

const DOCUMENT_XML = 'word/document.xml';
const CORE_XML = 'docProps/core.xml';

/**
 * The package of a kind of document: its parts in docx's order, deflated
 * once (all but two are the same for every letter), word/document.xml as
 * the text before and after the body, and core.xml (its times change).
 */
interface Shell { parts: [string, Deflated | null][]; head: string; tail: string; core: string }

const shells = new Map<string, Promise<Shell>>();

async function compileShell(kind: Omit<Doc, 'body'>): Promise<Shell> {
  const parts = unzip(await Packer.toBuffer(docxDocument(kind)));
  const xml = parts.find(([name]) => name === DOCUMENT_XML)?.[1].toString('utf8') ?? '';
  const at = xml.indexOf('<w:body>') + '<w:body>'.length;
  if (at < '<w:body>'.length || !xml.startsWith('<w:sectPr', at)) throw new Error('docx wrote word/document.xml in a shape kaoping does not know');
  const core = parts.find(([name]) => name === CORE_XML)?.[1].toString('utf8') ?? '';
  const own = (name: string) => name === DOCUMENT_XML || name === CORE_XML;
  return { parts: parts.map(([name, data]) => [name, own(name) ? null : deflated(data)]), head: xml.slice(0, at), tail: xml.slice(at), core };
}

function shellOf(kind: Omit<Doc, 'body'>): Promise<Shell> {
  const key = JSON.stringify([kind.title, kind.size, kind.grid]);
  let s = shells.get(key);
  if (!s) {
    s = compileShell(kind);
    shells.set(key, s);
    s.catch(() => shells.delete(key));
  }
  return s;
}

/** core.xml with its created and modified times set to `time` (docx writes the moment it compiled). */
const coreAt = (core: string, time: Date) =>
  core.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_m, open: string, _k, close: string) => open + time.toISOString() + close);

/** The .docx file's bytes. */
export async function pack(doc: Doc): Promise<Buffer> {
  const shell = await shellOf(doc);
  const time = packageTime();
  const parts = shell.parts.map(([name, data]): [string, string | Deflated] => {
    if (name === DOCUMENT_XML) return [name, shell.head + doc.body.join('') + shell.tail];
    if (name === CORE_XML || !data) return [name, coreAt(shell.core, time)];
    return [name, data];
  });
  return zip(parts, { time });
}

export async function save(doc: Doc, file: string): Promise<void> {
  await writeFile(file, await pack(doc));
}
