/**
 * The package of results.xlsx: exceljs's streaming WorkbookWriter lays out
 * every part (sheet views, columns, header rows, merges, page setup, styles,
 * workbook, properties) as it always has, but
 * - its parts go into ooxml/zip.ts's ZipFile instead of archiver: native
 *   CRC-32, no copying through exceljs's StreamBuf, one timestamp for every
 *   entry and for core.xml (packageTime(): SOURCE_DATE_EPOCH when set);
 * - data rows are written as text by RowWriter, not as exceljs Row and Cell
 *   objects (about 3 µs a cell; a province's evidence sheet has three million),
 *   or, for text and whole numbers, as XML that DuckDB makes (SqlRows: the same
 *   bytes, handed over a few hundred rows per value instead of a value per cell).
 * Both rely on exceljs 4.4's WorkbookWriter internals (`_openStream`, `zip`,
 * `_finalize`, `styles`, a worksheet's `stream`); tests/workbook.test.ts
 * checks that the rows (RowWriter's and SqlRows') are the ones exceljs's Row objects write.
 */
import type ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { packageTime, ZipFile } from './zip.ts';

// the streaming writer alone: the whole of exceljs (its reader, CSV, the in-memory workbook) takes three times as long to load
const WorkbookWriter = createRequire(import.meta.url)(
  'exceljs/lib/stream/xlsx/workbook-writer.js',
) as typeof ExcelJS.stream.xlsx.WorkbookWriter;

/** A chunk as exceljs writes it: text, bytes, or its StringBuf (whose bytes toBuffer() copies). */
type Chunk = string | Buffer | { toBuffer(): Buffer };
const bytesOf = (c: Chunk): Buffer => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.isBuffer(c) ? c : c.toBuffer());

/** archiver's names have no leading slash; exceljs writes some with one */
const entryName = (name: string) => name.replace(/^\/+/, '');

/** One part of the package: complete, or a stream exceljs (and RowWriter) are still writing. */
class Part {
  readonly chunks: Buffer[] = [];
  ended = false;
  private listeners = new Map<string, (() => void)[]>();
  constructor(
    readonly name: string,
    private readonly sink: PackageSink,
  ) {}
  // the stream interface exceljs's WorksheetWriter uses
  write(c: Chunk): boolean {
    const b = bytesOf(c);
    this.chunks.push(b);
    this.sink.queued(b.length);
    return true;
  }
  end(): void {
    this.ended = true;
    this.sink.wake();
  }
  pause(): void {}
  on(event: string, f: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), f]);
    return this;
  }
  emit(event: string): void {
    for (const f of this.listeners.get(event) ?? []) f();
  }
}

/** Parts in the order they were opened, written one after another into the zip file. */
class PackageSink {
  private readonly parts: Part[] = [];
  private pending = 0;
  private waiting: (() => void) | undefined;
  private drained: { below: number; resolve: () => void }[] = [];
  private closed = false;
  private failure: Error | undefined;
  private readonly done: Promise<void>;

  constructor(private readonly zip: ZipFile) {
    this.done = this.pump().catch((e: Error) => {
      this.failure = e;
      for (const d of this.drained) d.resolve();
    });
  }

  open(name: string): Part {
    const p = new Part(entryName(name), this);
    this.parts.push(p);
    this.wake();
    return p;
  }

  add(name: string, data: Chunk): void {
    const p = this.open(name);
    p.write(data);
    p.end();
  }

  queued(n: number): void {
    this.pending += n;
    this.wake();
  }

  wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  /** Resolves when less than `below` bytes wait to be deflated (the caller builds the next rows meanwhile). */
  async drain(below = 8 << 20): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending < below) return;
    await new Promise<void>((resolve) => this.drained.push({ below, resolve }));
    if (this.failure) throw this.failure;
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private async pump(): Promise<void> {
    for (let i = 0; ; i++) {
      while (i >= this.parts.length) {
        if (this.closed || this.failure) return;
        await this.sleep();
      }
      const part = this.parts[i];
      const entry = await this.zip.entry(part.name);
      for (;;) {
        if (this.failure) return;
        const b = part.chunks.shift();
        if (b) {
          await entry.write(b);
          this.pending -= b.length;
          this.drained = this.drained.filter((d) => (this.pending < d.below ? (d.resolve(), false) : true));
        } else if (part.ended) break;
        else await this.sleep();
      }
      await entry.end();
      part.emit('finish');
      part.emit('zipped');
    }
  }

  /** After an error: the file is closed unfinished (the caller removes or replaces it). */
  async abandon(): Promise<void> {
    this.failure ??= new Error('abandoned');
    this.closed = true;
    this.wake();
    for (const d of this.drained) d.resolve();
    await this.done.catch(() => undefined);
    await this.zip.abandon();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.done;
    if (this.failure) {
      await this.zip.abandon();
      throw this.failure;
    }
    await this.zip.close();
  }
}

/** A writable that drops what it is given: the archiver exceljs builds in its constructor is never used. */
const nowhere = () => new Writable({ write: (_c, _e, cb) => cb() });

/**
 * exceljs's WorkbookWriter with its parts going into a ZipFile. Create with
 * `BookWriter.open(file)`, use as a WorkbookWriter, write data rows with
 * `rows(ws)`, then `commit()`.
 */
export class BookWriter extends WorkbookWriter {
  private sink!: PackageSink;

  /**
   * `level`: zlib's, 1 by default as archiver deflated: a province's 180 MB of sheet XML took 0.5-0.6 s at 1 and
   * 2.0-2.1 s at 6 (here), for 19.1 against 15.1 MB.
   */
  static async open(file: string, o: { level?: number } = {}): Promise<BookWriter> {
    const time = packageTime();
    const zip = await ZipFile.create(file, { time, level: o.level ?? 1 });
    const wb = new BookWriter({ stream: nowhere(), useStyles: true, useSharedStrings: false, created: time, modified: time } as never);
    wb.sink = new PackageSink(zip);
    const internals = wb as unknown as { zip: unknown; promise: Promise<unknown> };
    internals.zip = { append: (data: Chunk, o2: { name: string }) => wb.sink.add(o2.name, data) };
    internals.promise = Promise.all([wb.addThemes(), wb.addOfficeRels()]);
    return wb;
  }

  // the constructor adds the theme and the package relationships to its archiver: here they wait for the sink (open() adds them)
  override addThemes(): Promise<void> {
    return this.sink ? super.addThemes() : Promise.resolve();
  }
  override addOfficeRels(): Promise<void> {
    return this.sink ? super.addOfficeRels() : Promise.resolve();
  }

  /** exceljs opens a stream per worksheet (and per sheet's relationships, comments) */
  _openStream(path: string): Part {
    return this.sink.open(path);
  }

  /** the end of commit(): the central directory instead of archiver's finalize */
  async _finalize(): Promise<this> {
    await this.sink.close();
    return this;
  }

  /** Closes the file unfinished, after an error. */
  async abandon(): Promise<void> {
    await this.sink.abandon();
  }

  /** The data rows of `ws` (its header rows committed), written as text into its part. */
  rows(ws: ExcelJS.Worksheet, columns: number): RowWriter {
    return new RowWriter(ws, this.registry, columns, this.sink);
  }

  /** The data rows of `ws` as XML that DuckDB writes (rowXmlSql): bytes into its part. */
  sqlRows(ws: ExcelJS.Worksheet, columns: readonly SqlColumn[]): SqlRows {
    return new SqlRows(ws, this.registry, columns, this.sink);
  }

  private get registry(): StyleRegistry {
    return (this as unknown as { styles: StyleRegistry }).styles;
  }
}

/** exceljs's style registry (StylesXform): the id (s="n") of a style object, fixed at its first use and kept per object. */
interface StyleRegistry {
  addStyleModel(style: Partial<ExcelJS.Style>, cellType?: number): number;
}
const NULL_TYPE = 0,
  NUMBER_TYPE = 2,
  STRING_TYPE = 3; // exceljs's Enums.ValueType

/** What exceljs's XML writer escapes in text: the five entities; C0 controls but tab, LF and CR, and DEL left out. */
// eslint-disable-next-line no-control-regex -- control characters are what this makes safe
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
export const xmlText = (s: string): string => s.replace(XML_SPECIAL, (c) => XML_ESCAPES[c] ?? '');

/** Column letters for 1-based n. */
export function colName(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export type CellValue = string | number | null | undefined;

/**
 * The data rows of a worksheet as SpreadsheetML text: what exceljs's row and
 * cell xforms write for a row whose every cell was given a value (or null)
 * and a style: the row spans every column, a null cell keeps its style, a
 * string is a t="str" cell, a number its JavaScript text, and a row of nulls
 * only is left out. Style ids come from exceljs's registry at first use, so
 * styles.xml and every s="n" are what Row objects would have made.
 */
export class RowWriter {
  private readonly refs: string[];
  private readonly spans: string;
  private readonly ids = new Map<Partial<ExcelJS.Style>, number>();
  // rows so far, handed over as bytes every 64 K characters: short-lived strings are cheap to collect, long ropes are not
  private buf = '';

  constructor(
    private readonly ws: ExcelJS.Worksheet,
    private readonly registry: StyleRegistry,
    columns: number,
    private readonly sink: PackageSink,
  ) {
    this.refs = Array.from({ length: columns }, (_, i) => colName(i + 1));
    this.spans = `1:${columns}`;
  }

  private id(style: Partial<ExcelJS.Style>, type: number): number {
    let id = this.ids.get(style);
    if (id === undefined) this.ids.set(style, (id = this.registry.addStyleModel(style, type)));
    return id;
  }

  /** Row `n`: value i styled by styles[i] (one shared object per kind of cell). */
  row(n: number, values: readonly CellValue[], styles: readonly Partial<ExcelJS.Style>[]): void {
    let cells = '';
    let any = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const ref = this.refs[i] + n;
      if (v === null || v === undefined) {
        const s = this.id(styles[i], NULL_TYPE);
        if (s) cells += `<c r="${ref}" s="${s}"/>`;
      } else if (typeof v === 'number') {
        any = true;
        const s = this.id(styles[i], NUMBER_TYPE);
        cells += `<c r="${ref}"${s ? ` s="${s}"` : ''}><v>${v}</v></c>`;
      } else {
        any = true;
        const s = this.id(styles[i], STRING_TYPE);
        cells += `<c r="${ref}"${s ? ` s="${s}"` : ''} t="str"><v>${xmlText(v)}</v></c>`;
      }
    }
    if (!any) return;
    this.buf += `<row r="${n}" spans="${this.spans}" x14ac:dyDescent="0.25">${cells}</row>`;
    if (this.buf.length > 1 << 16) this.handOver();
  }

  private handOver(): void {
    if (this.buf) (this.ws as unknown as { stream: Part }).stream.write(this.buf);
    this.buf = '';
  }

  /** Hands the rows so far to the sheet's part; waits while much is still to be deflated. */
  async flush(): Promise<void> {
    this.handOver();
    await this.sink.drain();
  }
}

/**
 * A column of rows DuckDB writes: a SQL expression of a cell's text as XML already (VARCHAR, through xmlTextSql or
 * xmlText) or of a whole number (BIGINT), and the cells' style.
 */
export interface SqlColumn {
  expr: string;
  kind: 'xml' | 'int';
  style: Partial<ExcelJS.Style>;
}

/** A SQL string literal. */
const sqlLit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** SQL: whether a VARCHAR has a character xmlText changes. */
export const xmlSpecialSql = (expr: string) => `regexp_matches(${expr}, ${sqlLit(XML_SPECIAL.source)})`;

/**
 * xmlText in SQL: the same text for every string (the five entities, the
 * same control characters left out). Most values have none of them: one
 * regexp test, and the replacements only for the values that need them.
 */
export function xmlTextSql(expr: string): string {
  const replaced = [
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
  ].reduce((e, [c, entity]) => `replace(${e}, ${sqlLit(c)}, ${sqlLit(entity)})`, expr);
  const controls = sqlLit(XML_SPECIAL.source.replace(/<>&'"/, ''));
  return `CASE WHEN ${xmlSpecialSql(expr)} THEN regexp_replace(${replaced}, ${controls}, '', 'g') ELSE ${expr} END`;
}

/**
 * Rows of a worksheet whose XML DuckDB writes: `rowXml(n)` is the SQL
 * expression of row `n`'s XML (a VARCHAR expression; the columns' exprs in
 * scope), the same bytes RowWriter writes for the same values: a text cell a
 * t="str" cell (its text escaped by xmlTextSql where the column was made),
 * a whole number its digits, a null cell its style alone, a row of nulls
 * only nothing. Style ids come from exceljs's registry as
 * RowWriter's do. `write` hands the bytes DuckDB made to the sheet's part
 * (its header rows committed, as for RowWriter).
 */
export class SqlRows {
  private readonly ids: number[];
  constructor(
    private readonly ws: ExcelJS.Worksheet,
    registry: StyleRegistry,
    private readonly columns: readonly SqlColumn[],
    private readonly sink: PackageSink,
  ) {
    this.ids = columns.map((c) => registry.addStyleModel(c.style, c.kind === 'xml' ? STRING_TYPE : NUMBER_TYPE));
  }

  /** The XML of the row whose number is the VARCHAR expression `n`. */
  rowXml(n: string): string {
    const cells = this.columns.map((c, i) => {
      const s = this.ids[i];
      const ref = `'<c r="${colName(i + 1)}', ${n}`;
      const empty = s ? `concat(${ref}, '" s="${s}"/>')` : `''`;
      const style = s ? ` s="${s}"` : '';
      const value =
        c.kind === 'xml'
          ? `concat(${ref}, '"${style} t="str"><v>', ${c.expr}, '</v></c>')`
          : `concat(${ref}, '"${style}><v>', (${c.expr})::BIGINT, '</v></c>')`;
      return `CASE WHEN (${c.expr}) IS NULL THEN ${empty} ELSE ${value} END`;
    });
    const allNull = this.columns.map((c) => `(${c.expr}) IS NULL`).join(' AND ');
    const row = `concat('<row r="', ${n}, '" spans="1:${this.columns.length}" x14ac:dyDescent="0.25">', ${cells.join(', ')}, '</row>')`;
    return `CASE WHEN ${allNull} THEN '' ELSE ${row} END`;
  }

  /** Rows' XML, as DuckDB wrote it; waits while more than `pending` bytes are still to be deflated. */
  async write(chunks: readonly Uint8Array[], pending = 48 << 20): Promise<void> {
    const part = (this.ws as unknown as { stream: Part }).stream;
    for (const c of chunks) part.write(Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    await this.sink.drain(pending);
  }
}
