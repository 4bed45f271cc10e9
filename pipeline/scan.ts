/**
 * One streaming pass over an input file before DuckDB reads it:
 *
 * - detects the encoding (UTF-8 with or without BOM, else GB18030 through
 *   Node's TextDecoder, also behind a UTF-8 BOM; anything else is a
 *   file-level error),
 * - finds record boundaries with an RFC 4180 state machine, so every record
 *   gets its *physical* start line (the header is line 1, a quoted field
 *   spanning lines counts them, blank lines count),
 * - sets aside structurally broken records (wrong number of fields, text
 *   after a closing quote, an unterminated quote) as rejects with their line
 *   (a repeated header is found later, by the loader: load.ts headerRows),
 * - writes a normalised UTF-8 copy holding only well-formed records, each
 *   followed by its line number (`<record>,<line>`), LF-terminated.
 *
 * The line number goes last, not first, so no record can end in an empty
 * field in the copy: DuckDB's read_csv, even strict, drops an extra empty
 * last field (a trailing comma), and a row with one would then load in a
 * simple file but be rejected by the state machine below.
 *
 * DuckDB's read_csv then loads the copy with a fixed dialect and explicit
 * columns, so the line of every loaded row comes from the file itself and
 * DuckDB never meets a malformed record. Memory stays flat: bytes are only
 * held for the record being scanned.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { FileError } from './errors.ts';

export interface StructuralReject {
  line: number;
  reason: 'fields' | 'quote' | 'unterminated' | 'too_long' | 'header' | 'nul';
  fields?: number;
  value: string;
}

/** A row above the header (a title such as `2024年发文登记表`): skipped, and listed with its line and text. */
export interface TitleRow {
  line: number;
  text: string;
}

/**
 * Which record is the header: the first one `test` accepts (it holds every
 * required column of the table); the records above it are title rows. When
 * none of the first MAX_TITLE_ROWS + 1 records is accepted, `fail` throws the
 * error the first record, read as the header, would have given.
 */
export interface HeaderRule {
  test: (cells: string[]) => boolean;
  fail: (first: string[]) => never;
}

/** How many title rows may stand above the header. */
export const MAX_TITLE_ROWS = 10;

/** A title row's text as listed: its non-empty cells, trimmed, at most 80 characters. */
export function titleText(cells: string[]): string {
  const text = cells
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .join(' ');
  return text.length > 80 ? text.slice(0, 80) + '…' : text;
}

export interface ScanResult {
  encoding: string;
  header: string[];
  /** rows above the header (title rows), skipped */
  titles: TitleRow[];
  /** the first well-formed data record's cells (to guess each date column's spelling) */
  firstRow?: string[];
  /** data records (non-blank records after the header) */
  rows: number;
  rejects: StructuralReject[];
  sha256: string;
  bytes: number;
}

/** Longest record accepted; DuckDB's max_line_size is set to match. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

class NotUtf8 extends Error {}

// states of the record state machine: the two a text byte leaves as they are come first, so one compare tells
const UNQUOTED = 0,
  QUOTED = 1,
  FIELD_START = 2,
  QUOTE_IN_QUOTED = 3,
  LEAD_BLANK = 4,
  TRAIL_BLANK = 5;
const LF = 0x0a,
  CR = 0x0d,
  QUOTE = 0x22,
  COMMA = 0x2c,
  SPACE = 0x20,
  TAB = 0x09;

/** Scans `path` and writes the normalised copy to `outPath`. */
export async function scanFile(
  path: string,
  outPath: string,
  displayName: string,
  onRows?: (rows: number) => void,
  rule?: HeaderRule,
): Promise<ScanResult> {
  try {
    return await scanWith(path, outPath, displayName, 'utf-8', onRows, rule);
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    return await scanWith(path, outPath, displayName, 'gb18030', onRows, rule);
  }
}

async function scanWith(
  path: string,
  outPath: string,
  file: string,
  encoding: 'utf-8' | 'gb18030',
  onRows?: (rows: number) => void,
  rule?: HeaderRule,
): Promise<ScanResult> {
  const hash = createHash('sha256');
  const out = createWriteStream(outPath);
  const scanner = new RecordScanner(file, rule);
  const decoder = encoding === 'gb18030' ? new TextDecoder('gb18030', { fatal: true }) : null;
  let carry: Buffer | null = null; // incomplete UTF-8 sequence at a chunk end
  let first = true;
  let bytes = 0;
  try {
    for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
      let chunk = raw as Buffer;
      hash.update(chunk);
      bytes += chunk.length;
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
          throw new FileError(
            file,
            'is UTF-16 encoded; save it as UTF-8 or GB18030 (in Excel: CSV UTF-8) and run again',
            '是 UTF-16 编码;请另存为 UTF-8 或 GB18030(Excel 中选“CSV UTF-8”)后重试',
          );
        }
      }
      if (bytes === chunk.length && looksUtf16(chunk)) {
        throw new FileError(
          file,
          'looks like UTF-16 text (every other byte is NUL); save it as UTF-8 or GB18030 (in Excel: CSV UTF-8) and run again',
          '看起来是 UTF-16 编码;请另存为 UTF-8 或 GB18030(Excel 中选“CSV UTF-8”)后重试',
        );
      }
      // a UTF-8 BOM is no text, also in front of GB18030 bytes (where the decoder would read it as two
      // characters and the first header cell would not be found), and a file holding only a BOM is empty
      if (bytes === chunk.length && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      if (decoder) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new FileError(
            file,
            'is neither UTF-8 nor GB18030 text; check the export encoding',
            '既不是 UTF-8 也不是 GB18030 编码的文本;请检查导出时的编码',
          );
        }
        chunk = Buffer.from(text, 'utf8');
      } else {
        if (carry) chunk = Buffer.concat([carry, chunk]);
        const cut = completeUtf8Length(chunk);
        carry = cut < chunk.length ? chunk.subarray(cut) : null;
        chunk = cut < chunk.length ? chunk.subarray(0, cut) : chunk;
        if (!isUtf8(chunk)) throw new NotUtf8();
      }
      await scanner.feed(chunk, out);
      onRows?.(scanner.rows);
    }
    if (decoder) {
      try {
        const rest = decoder.decode();
        if (rest) await scanner.feed(Buffer.from(rest, 'utf8'), out);
      } catch {
        throw new FileError(
          file,
          'is neither UTF-8 nor GB18030 text; check the export encoding',
          '既不是 UTF-8 也不是 GB18030 编码的文本;请检查导出时的编码',
        );
      }
    } else if (carry) {
      throw new NotUtf8();
    }
    await scanner.finish(out);
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  if (!scanner.header) throw new FileError(file, 'is empty: it has no header row', '是空文件:没有表头行');
  return {
    encoding,
    header: scanner.header,
    titles: scanner.titles,
    firstRow: scanner.firstRow,
    rows: scanner.rows,
    rejects: scanner.rejects,
    sha256: hash.digest('hex'),
    bytes,
  };
}

/**
 * What the fast pass learns of a *simple* file: UTF-8, no quote character,
 * no NUL byte, no blank line, no bare CR, no line over MAX_RECORD_BYTES, so
 * every record is exactly one physical line and record k is on line k + 1.
 * (A header repeated inside a file is found after the read, by the loader,
 * for this pass and the full scan alike.) That is the usual machine export, and it needs
 * no state machine: native byte searches find the lines, and the normalised
 * copy is written at memory speed (3-4× faster than scanFile). The number of
 * fields is left to DuckDB, which reads the copy strictly: a record with the
 * wrong number fails the read, and the loader falls back to scanFile.
 */
export interface Probe {
  encoding: 'utf-8';
  header: string[];
  /** lines above the header (title rows), skipped */
  titles: TitleRow[];
  firstRow?: string[];
  /** data records (lines after the header) */
  rows: number;
  sha256: string;
  bytes: number;
  /** false when no cell can start or end with a blank (no space next to a comma or a line end, no tab, no full-width space): nothing to trim */
  blankEdges: boolean;
}

/** Byte patterns that put a blank at the edge of a cell (or a tab or full-width space anywhere). */
const BLANK_EDGES = [', ', ' ,', ' \n', '\n ', ' \r', '\t', '\u3000'].map((p) => Buffer.from(p, 'utf8'));

/**
 * The fast pass: the Probe and the normalised copy (as scanFile writes it)
 * when the file is simple, else null, having stopped at the first sign it is
 * not (then scanFile does the full job and rewrites the copy).
 */
export async function probeFile(path: string, outPath: string, onRows?: (rows: number) => void, rule?: HeaderRule): Promise<Probe | null> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: 8 << 20 });
  const sink = createWriteStream(outPath);
  let bytes = 0;
  let carry: Buffer | null = null; // incomplete UTF-8 sequence at a chunk end
  let header: Buffer | null = null;
  let headerLine = 1;
  const titles: TitleRow[] = [];
  let above = 0; // records above the header so far
  let firstRow: string[] | undefined;
  let line = 1; // the line in progress
  let parts: Buffer[] = []; // its bytes from earlier chunks
  let pending = 0; // their length
  let crlf: boolean | null = null; // decided by the header's line break
  let prevLast = -1; // the previous chunk's last byte
  let blankEdges = false;
  let out: Buffer = Buffer.alloc(0);
  let pos = 0;
  /**
   * A complete line, buf[start..end) without its break: appends `<bytes>,<line>\n`
   * (`,_line` for the header) to out; false when the line makes the file not simple.
   * Compares and copies in place: no Buffer is allocated for an ordinary line.
   */
  const complete = (buf: Buffer, start: number, end: number): boolean => {
    const length = end - start;
    if (length <= 0 || length > MAX_RECORD_BYTES) return false; // blank or overlong
    let isHeader = false;
    if (header === null) {
      if (rule && !rule.test(parseHeader(buf.toString('utf8', start, end)))) {
        // a title row above the header (scanFile says why when there are too many)
        if (++above > MAX_TITLE_ROWS) return false;
        const text = titleText(parseHeader(buf.toString('utf8', start, end)));
        if (text !== '') titles.push({ line, text }); // a row of empty cells is blank, not a title
        line++;
        return true;
      }
      header = Buffer.from(buf.subarray(start, end));
      headerLine = line;
      isHeader = true;
    } else if (firstRow === undefined && length < 65536) firstRow = parseHeader(buf.toString('utf8', start, end));
    out = room(out, pos, length + 24);
    pos += buf.copy(out, pos, start, end);
    pos = putLine(out, pos, isHeader ? -1 : line);
    out[pos++] = LF;
    line++;
    return true;
  };
  try {
    for await (const raw of stream) {
      let chunk = raw as Buffer;
      hash.update(chunk);
      if (bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      bytes += (raw as Buffer).length;
      if (chunk.indexOf(QUOTE) >= 0 || chunk.indexOf(0) >= 0) return null;
      const text: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeUtf8Length(text);
      carry = cut < text.length ? Buffer.from(text.subarray(cut)) : null;
      if (!isUtf8(cut < text.length ? text.subarray(0, cut) : text)) return null;
      if (!blankEdges) {
        // (the carried bytes and the previous chunk's last byte cover patterns across chunks)
        const first = chunk[0],
          last = prevLast;
        blankEdges =
          BLANK_EDGES.some((p) => text.indexOf(p) >= 0) ||
          (bytes === (raw as Buffer).length && first === SPACE) ||
          (last === COMMA && first === SPACE) ||
          (last === SPACE && (first === COMMA || first === LF || first === CR)) ||
          (last === LF && first === SPACE);
      }
      // a CR only right before a LF
      for (let cr = chunk.indexOf(CR); cr >= 0; cr = chunk.indexOf(CR, cr + 1)) {
        if (cr + 1 < chunk.length && chunk[cr + 1] !== LF) return null;
      }
      if (prevLast === CR && chunk[0] !== LF) return null;
      if (out.length < chunk.length + 4096) out = Buffer.allocUnsafe(chunk.length + (chunk.length >> 2) + 4096);
      pos = 0;
      let start = 0;
      // no closures created in this loop: under tsx each one costs a defineProperty
      for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, start)) {
        const before = lf > 0 ? chunk[lf - 1] : prevLast;
        crlf ??= before === CR;
        if ((before === CR) !== crlf) return null; // LF and CRLF mixed
        const end = crlf ? lf - 1 : lf;
        if (parts.length === 0) {
          if (!complete(chunk, start, end)) return null;
        } else {
          // the line began in an earlier chunk
          const record = Buffer.concat([...parts, chunk.subarray(start, Math.max(start, end))]).subarray(0, pending + end - start);
          if (!complete(record, 0, record.length)) return null;
        }
        parts = [];
        pending = 0;
        start = lf + 1;
      }
      if (start < chunk.length) {
        pending += chunk.length - start;
        if (pending > MAX_RECORD_BYTES + 1) return null;
        parts.push(Buffer.from(chunk.subarray(start)));
      }
      prevLast = chunk[chunk.length - 1];
      if (pos > 0 && !sink.write(Buffer.from(out.subarray(0, pos)))) await new Promise<void>((resolve) => sink.once('drain', resolve));
      onRows?.(Math.max(0, line - 1 - headerLine));
    }
    if (carry) return null;
    if (prevLast === SPACE) blankEdges = true;
    if (pending > 0) {
      // the last line has no line break
      if (prevLast === CR) return null;
      pos = 0;
      if (!complete(Buffer.concat(parts), 0, pending)) return null;
      sink.write(Buffer.from(out.subarray(0, pos)));
    }
  } finally {
    stream.destroy();
    await new Promise<void>((resolve) => sink.end(resolve));
  }
  if (header === null) return null; // empty: scanFile says so
  return {
    encoding: 'utf-8',
    header: parseHeader((header as Buffer).toString('utf8')),
    titles,
    firstRow,
    rows: line - 1 - headerLine,
    sha256: hash.digest('hex'),
    bytes,
    blankEdges,
  };
}

/** `out`, or a larger copy of its first `pos` bytes, with room for `need` more bytes. */
function room(out: Buffer, pos: number, need: number): Buffer {
  if (pos + need <= out.length) return out;
  const grown = Buffer.allocUnsafe(Math.max(out.length * 2, pos + need + 4096));
  out.copy(grown, 0, 0, pos);
  return grown;
}

/** Writes `,<line>` (`,_line` for the header, line < 0) at out[pos]; returns the position after it. */
function putLine(out: Buffer, pos: number, line: number): number {
  out[pos++] = COMMA;
  if (line < 0) return pos + out.write('_line', pos, 'latin1');
  let digits = 1;
  for (let v = line; v >= 10; v = Math.floor(v / 10)) digits++;
  for (let k = digits - 1, v = line; k >= 0; k--, v = Math.floor(v / 10)) out[pos + k] = 48 + (v % 10);
  return pos + digits;
}

/** UTF-16 without a BOM: ASCII text then has a NUL in every other byte. */
function looksUtf16(chunk: Buffer): boolean {
  const n = Math.min(chunk.length, 4096);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (chunk[i] === 0) zeros++;
  return n > 0 && zeros > n / 4;
}

/** Length of the prefix of `b` that does not end inside a UTF-8 sequence. */
function completeUtf8Length(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * The record state machine. Records are LF, CRLF or CR terminated outside
 * quotes; quotes open a field only at its start; `""` inside a quoted field
 * is a quote. A quote inside an unquoted field is kept as text (as DuckDB
 * does). The hot loop keeps its state in locals and copies whole records
 * into one output buffer per chunk: it runs at several hundred MB/s.
 *
 * Blanks (spaces, tabs) between a comma and an opening quote, or between a
 * closing quote and the next comma or the line end, are not part of the
 * field: `O4, "四办, 东片" ,乡镇` is three fields, the second `四办, 东片`
 * (values are trimmed anyway; a hand-edited row often has a space after the
 * comma). Text other than blanks after a closing quote is a malformed row.
 * The copy holds such a record without those blanks (tidyQuotes), so DuckDB,
 * whose own reading of them is narrower (one space before a quote, none
 * after it), only ever meets quotes right next to the commas.
 */
class RecordScanner {
  header: string[] | null = null;
  titles: TitleRow[] = [];
  /** the first record's cells while the header is not found */
  private firstCells: string[] | undefined;
  private above = 0;
  firstRow: string[] | undefined;
  rows = 0;
  rejects: StructuralReject[] = [];
  private state = FIELD_START;
  private line = 1;
  private prevCR = false;
  private recLine = 1;
  private recFields = 1;
  private recBad: StructuralReject['reason'] | null = null;
  /** the current record has blanks next to a quote, to be left out of the copy */
  private recTidy = false;
  /** bytes of the current record from earlier chunks */
  private parts: Buffer[] = [];
  private partBytes = 0;
  private out: Buffer = Buffer.alloc(0);
  private outPos = 0;

  constructor(
    private file: string,
    private rule?: HeaderRule,
  ) {}

  async feed(chunk: Buffer, sink: WriteStream): Promise<void> {
    this.out = Buffer.allocUnsafe(chunk.length + (chunk.length >> 2) + 4096);
    this.outPos = 0;
    let state = this.state;
    let line = this.line;
    let prevCR = this.prevCR;
    let fields = this.recFields;
    let start = 0; // start of the current record's bytes within chunk
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b > COMMA) {
        // ordinary text byte (all special bytes are <= ',')
        if (state > QUOTED) {
          if (state === QUOTE_IN_QUOTED || state === TRAIL_BLANK) this.recBad ??= 'quote';
          state = UNQUOTED;
        }
        prevCR = false;
        continue;
      }
      if (b === LF || b === CR) {
        if (b === LF && prevCR) {
          prevCR = false;
          if (i === start && this.partBytes === 0) start = i + 1; // the LF of a CRLF that ended a record
          continue;
        }
        prevCR = b === CR;
        if (state === QUOTED) {
          line++;
          continue;
        }
        this.recFields = fields;
        this.endRecord(chunk, start, i);
        line++;
        state = FIELD_START;
        fields = 1;
        start = i + 1;
        this.recLine = line;
        continue;
      }
      prevCR = false;
      if (b === 0) this.recBad ??= 'nul';
      switch (state) {
        case FIELD_START:
          if (b === QUOTE) state = QUOTED;
          else if (b === COMMA) fields++;
          else if (b === SPACE || b === TAB) state = LEAD_BLANK;
          else state = UNQUOTED;
          break;
        case LEAD_BLANK:
          if (b === QUOTE) {
            state = QUOTED;
            this.recTidy = true;
          } else if (b === COMMA) {
            fields++;
            state = FIELD_START;
          } else if (b !== SPACE && b !== TAB) state = UNQUOTED;
          break;
        case UNQUOTED:
          if (b === COMMA) {
            fields++;
            state = FIELD_START;
          }
          break;
        case QUOTED:
          if (b === QUOTE) state = QUOTE_IN_QUOTED;
          break;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) state = QUOTED;
          else if (b === COMMA) {
            fields++;
            state = FIELD_START;
          } else if (b === SPACE || b === TAB) {
            state = TRAIL_BLANK;
            this.recTidy = true;
          } else {
            this.recBad ??= 'quote';
            state = UNQUOTED;
          }
          break;
        case TRAIL_BLANK:
          if (b === COMMA) {
            fields++;
            state = FIELD_START;
          } else if (b !== SPACE && b !== TAB) {
            this.recBad ??= 'quote';
            state = UNQUOTED;
          }
          break;
      }
    }
    if (start < n) this.keepPart(chunk.subarray(start));
    this.state = state;
    this.line = line;
    this.prevCR = prevCR;
    this.recFields = fields;
    await this.flush(sink);
  }

  async finish(sink: WriteStream): Promise<void> {
    this.out = Buffer.allocUnsafe(4096);
    this.outPos = 0;
    if (this.state === QUOTED) this.recBad = 'unterminated';
    this.endRecord(Buffer.alloc(0), 0, 0);
    await this.flush(sink);
    if (!this.header && this.firstCells) this.rule!.fail(this.firstCells);
  }

  /** Holds the unfinished record's bytes until a later chunk ends it (only the first bytes of an overlong one). */
  private keepPart(bytes: Buffer): void {
    if (this.partBytes + bytes.length > MAX_RECORD_BYTES) {
      this.recBad = 'too_long';
      if (this.partBytes < 256) this.parts.push(Buffer.from(bytes.subarray(0, 256)));
    } else {
      this.parts.push(bytes);
    }
    this.partBytes += bytes.length;
  }

  private endRecord(chunk: Buffer, start: number, end: number): void {
    const bytes = this.partBytes + (end - start);
    let bad = this.recBad;
    const tidy = this.recTidy;
    const fields = this.recFields;
    const line = this.recLine;
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    this.recFields = 1;
    this.recBad = null;
    this.recTidy = false;
    if (bytes === 0) return; // blank line
    let record = parts.length === 0 ? chunk.subarray(start, end) : Buffer.concat([...parts, chunk.subarray(start, end)]);
    if (tidy && !bad) record = tidyQuotes(record);
    if (this.header === null) {
      if (bad)
        throw new FileError(
          this.file,
          `has a malformed header row (${bad === 'too_long' ? 'too long' : 'unbalanced quotes'})`,
          `表头行格式错误(${bad === 'too_long' ? '过长' : '引号不成对'})`,
        );
      const cells = parseHeader(record.toString('utf8'));
      if (this.rule && !this.rule.test(cells)) {
        // a title row above the header
        this.firstCells ??= cells;
        if (++this.above > MAX_TITLE_ROWS) this.rule.fail(this.firstCells);
        const text = titleText(cells);
        if (text !== '') this.titles.push({ line, text }); // a row of empty cells is blank, not a title
        return;
      }
      this.header = cells;
      this.emit(-1, record);
      return;
    }
    this.rows++;
    if (!bad && fields !== this.header.length) bad = 'fields';
    if (bad) {
      const text = record
        .subarray(0, 240)
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
      this.rejects.push({ line, reason: bad, fields, value: text.length > 80 ? text.slice(0, 80) + '…' : text });
      return;
    }
    if (!this.firstRow && record.length < 65536) this.firstRow = parseHeader(record.toString('utf8'));
    this.emit(line, record);
  }

  /** Appends `<record>,<line>\n` to the output buffer (`_line` for the header). */
  private emit(line: number, record: Buffer): void {
    this.out = room(this.out, this.outPos, record.length + 24);
    let pos = this.outPos + record.copy(this.out, this.outPos);
    pos = putLine(this.out, pos, line);
    this.out[pos++] = LF;
    this.outPos = pos;
  }

  private async flush(sink: WriteStream): Promise<void> {
    if (this.outPos === 0) return;
    const buf = this.out.subarray(0, this.outPos);
    if (!sink.write(buf)) await new Promise<void>((resolve) => sink.once('drain', resolve));
  }
}

/**
 * A well-formed record without the blanks the state machine leaves out of
 * its fields: those between a comma (or the record's start) and an opening
 * quote, and between a closing quote and a comma (or the record's end).
 */
function tidyQuotes(r: Buffer): Buffer {
  const out = Buffer.allocUnsafe(r.length);
  let o = 0,
    state = FIELD_START,
    blanks = 0;
  for (let i = 0; i < r.length; i++) {
    const b = r[i];
    const blank = b === SPACE || b === TAB;
    switch (state) {
      case QUOTED:
        if (b === QUOTE) state = QUOTE_IN_QUOTED;
        break;
      case QUOTE_IN_QUOTED:
      case TRAIL_BLANK:
        if (b === QUOTE && state === QUOTE_IN_QUOTED) {
          state = QUOTED;
          break;
        }
        if (blank) {
          state = TRAIL_BLANK;
          continue;
        } // left out
        state = b === COMMA ? FIELD_START : UNQUOTED;
        break;
      case FIELD_START:
      case LEAD_BLANK:
        if (blank) {
          blanks = state === FIELD_START ? 1 : blanks + 1;
          state = LEAD_BLANK;
        } else if (b === QUOTE) {
          if (state === LEAD_BLANK) o -= blanks;
          state = QUOTED;
        } else if (b !== COMMA) state = UNQUOTED;
        else state = FIELD_START;
        break;
      default: // UNQUOTED
        if (b === COMMA) state = FIELD_START;
    }
    out[o++] = b;
  }
  return out.subarray(0, o);
}

/** Splits the header record (as the copy holds it: see tidyQuotes) into trimmed cell texts (it is short; quotes honoured). */
export function parseHeader(text: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  if (cells.length > 0) cells[0] = cells[0].replace(/^\uFEFF/, '');
  return cells.map((c) => c.trim());
}
