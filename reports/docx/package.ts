/**
 * A Word document as a file: the body (xml.ts markup) in the package docx
 * compiles around it — styles, settings, numbering, font table, theme, the
 * page-number footers, properties and relationships, and word/document.xml
 * up to <w:body> and from the section properties on.
 *
 * That package does not depend on the body, only on the kind of document
 * (its body size and grid; the title, in core.xml, is filled in). The three
 * kinds the documents use (letters, the list, the notice) are kept in
 * parts.json as docx compiled them (compile.ts), so writing documents does
 * not even load docx; another kind is compiled on first use. Compiling was
 * the fixed part of each letter's cost (about 30 ms, 200 ms for the first),
 * docx formatting the body the rest.
 *
 * The container is reproducible (ooxml/zip.ts): every entry and
 * docProps/core.xml's created and modified carry packageTime(),
 * SOURCE_DATE_EPOCH when set.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { deflated, packageTime, zip, type Deflated } from '../ooxml/zip.ts';
import { BODY_PT, PACKAGE_TITLE as TITLE, type DocKind as Kind } from './common.ts';
import { esc, type Xml } from './xml.ts';

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

const DOCUMENT_XML = 'word/document.xml';
const CORE_XML = 'docProps/core.xml';

/**
 * The package of a kind of document: its parts in docx's order, deflated
 * once (all but two are the same for every letter), word/document.xml as
 * the text before and after the body, and core.xml (its times change).
 */
interface Shell {
  parts: [string, Deflated | null][];
  head: string;
  tail: string;
  core: string;
}

const shells = new Map<string, Promise<Shell>>();

/** reports/docx/parts.json: the parts of each stored kind (`size|grid`), those all kinds share once. */
export interface StoredParts {
  docx: string;
  names: string[];
  common: Record<string, string>;
  kinds: Record<string, Record<string, string>>;
}
export const PARTS_FILE = new URL('./parts.json', import.meta.url);
const kindKey = (kind: Kind) => `${kind.size}|${kind.grid}`;

let stored: Promise<StoredParts> | undefined;
async function storedParts(kind: Kind): Promise<[string, string][] | undefined> {
  stored ??= readFile(PARTS_FILE, 'utf8').then((t) => JSON.parse(t) as StoredParts);
  const s = await stored;
  const own = s.kinds[kindKey(kind)];
  return own && s.names.map((name) => [name, own[name] ?? s.common[name]]);
}

/** parts.json's content for these kinds' parts (tests write it under UPDATE_GOLDEN=1); core.xml's times are the epoch. */
export function storedPartsOf(docx: string, kinds: [Kind, [string, string][]][]): StoredParts {
  const names = kinds[0][1].map(([n]) => n);
  const text = (parts: [string, string][], name: string) => {
    const t = parts.find(([n]) => n === name)?.[1] ?? '';
    return name === CORE_XML ? coreOf(t, TITLE, new Date(0)) : t;
  };
  const common: Record<string, string> = {};
  for (const name of names) {
    const first = text(kinds[0][1], name);
    if (kinds.every(([, parts]) => text(parts, name) === first)) common[name] = first;
  }
  const own = Object.fromEntries(
    kinds.map(([kind, parts]) => [kindKey(kind), Object.fromEntries(names.filter((n) => !(n in common)).map((n) => [n, text(parts, n)]))]),
  );
  return { docx, names, common, kinds: own };
}

async function compileShell(kind: Kind): Promise<Shell> {
  const parts = (await storedParts(kind)) ?? (await (await import('./compile.ts')).compileParts(kind));
  const xml = parts.find(([name]) => name === DOCUMENT_XML)?.[1] ?? '';
  const at = xml.indexOf('<w:body>') + '<w:body>'.length;
  const unknown = (part: string) => new Error(`docx wrote ${part} in a shape kaoping does not know`);
  if (at < '<w:body>'.length || !xml.startsWith('<w:sectPr', at)) throw unknown(DOCUMENT_XML);
  const core = parts.find(([name]) => name === CORE_XML)?.[1] ?? '';
  if (!core.includes(`<dc:title>${TITLE}</dc:title>`)) throw unknown(CORE_XML);
  const own = (name: string) => name === DOCUMENT_XML || name === CORE_XML;
  const shared = parts.map(([name, data]): [string, Deflated | null] => [name, own(name) ? null : deflated(data)]);
  return { parts: shared, head: xml.slice(0, at), tail: xml.slice(at), core };
}

function shellOf(kind: Kind): Promise<Shell> {
  const key = kindKey(kind);
  let s = shells.get(key);
  if (!s) {
    s = compileShell(kind);
    shells.set(key, s);
    s.catch(() => shells.delete(key));
  }
  return s;
}

/** core.xml with the document's title, escaped as docx escapes it, created and modified at `time` (docx writes when it compiled). */
const coreOf = (core: string, title: string, time: Date) =>
  core
    .replace(`<dc:title>${TITLE}</dc:title>`, () => `<dc:title>${esc(title)}</dc:title>`)
    .replace(
      /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
      (_m, open: string, _k, close: string) => open + time.toISOString() + close,
    );

/** The .docx file's bytes. */
export async function pack(doc: Doc): Promise<Buffer> {
  const shell = await shellOf(doc);
  const time = packageTime();
  const parts = shell.parts.map(([name, data]): [string, string | Deflated] => {
    if (name === DOCUMENT_XML) return [name, shell.head + doc.body.join('') + shell.tail];
    if (name === CORE_XML || !data) return [name, coreOf(shell.core, doc.title, time)];
    return [name, data];
  });
  return zip(parts, { time });
}

export async function save(doc: Doc, file: string): Promise<void> {
  await writeFile(file, await pack(doc));
}
