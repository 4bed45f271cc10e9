/**
 * One streaming pass over an input file before DuckDB reads it:
 *
 * - detects the encoding (UTF-8 with or without BOM, else GB18030 through
 *   Node's TextDecoder; anything else is a file-level error),
 * - finds record boundaries with an RFC 4180 state machine, so every record
 *   gets its *physical* start line (the header is line 1, a quoted field
 *   spanning lines counts them, blank lines count),
 * - sets aside structurally broken records (wrong number of fields, text
 *   after a closing quote, an unterminated quote) as rejects with their line,
 * - writes a normalised UTF-8 copy holding only well-formed records, each
 *   prefixed by its line number, LF-terminated.
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
  reason: 'fields' | 'quote' | 'unterminated' | 'too_long';
  fields?: number;
  value: string;
}

export interface ScanResult {
  encoding: 'utf-8' | 'gb18030';
  header: string[];
  /** data records (non-blank records after the header) */
  rows: number;
  rejects: StructuralReject[];
  sha256: string;
  bytes: number;
}

/** Longest record accepted; DuckDB's max_line_size is set to match. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

class NotUtf8 extends Error {}

const FIELD_START = 0, UNQUOTED = 1, QUOTED = 2, QUOTE_IN_QUOTED = 3;
const LF = 0x0a, CR = 0x0d, QUOTE = 0x22, COMMA = 0x2c;

/** Scans `path` and writes the normalised copy to `outPath`. */
export async function scanFile(path: string, outPath: string, displayName: string): Promise<ScanResult> {
  try {
    return await scanWith(path, outPath, displayName, 'utf-8');
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    return await scanWith(path, outPath, displayName, 'gb18030');
  }
}

async function scanWith(path: string, outPath: string, file: string, encoding: 'utf-8' | 'gb18030'): Promise<ScanResult> {
  const hash = createHash('sha256');
  const out = createWriteStream(outPath);
  const scanner = new RecordScanner(file);
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
          throw new FileError(file, 'is UTF-16 encoded; save it as UTF-8 or GB18030 (in Excel: CSV UTF-8) and run again');
        }
      }
      if (chunk.indexOf(0) !== -1) {
        throw new FileError(file, 'contains NUL bytes, so it is not a text CSV (UTF-16 or a binary file?); save it as UTF-8 or GB18030 CSV');
      }
      if (decoder) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new FileError(file, 'is neither UTF-8 nor GB18030 text; check the export encoding');
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
    }
    if (decoder) {
      try {
        const rest = decoder.decode();
        if (rest) await scanner.feed(Buffer.from(rest, 'utf8'), out);
      } catch {
        throw new FileError(file, 'is neither UTF-8 nor GB18030 text; check the export encoding');
      }
    } else if (carry) {
      throw new NotUtf8();
    }
    await scanner.finish(out);
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  if (!scanner.header) throw new FileError(file, 'is empty: it has no header row');
  return {
    encoding,
    header: scanner.header,
    rows: scanner.rows,
    rejects: scanner.rejects,
    sha256: hash.digest('hex'),
    bytes,
  };
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
 * does).
 */
class RecordScanner {
  header: string[] | null = null;
  rows = 0;
  rejects: StructuralReject[] = [];
  private state = FIELD_START;
  private line = 1;
  private prevCR = false;
  private recLine = 1;
  private recFields = 1;
  private recBad: StructuralReject['reason'] | null = null;
  private recBytes = 0;
  private parts: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private file: string) {}

  async feed(chunk: Buffer, out: WriteStream): Promise<void> {
    let state = this.state;
    let line = this.line;
    let prevCR = this.prevCR;
    let start = 0; // start of the current record's bytes within chunk
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b === LF || b === CR) {
        if (b === LF && prevCR) {
          prevCR = false;
          if (state === FIELD_START && this.recBytes === 0 && i === start) start = i + 1;
          continue;
        }
        prevCR = b === CR;
        if (state === QUOTED) {
          line++;
          continue;
        }
        // end of record
        this.state = state;
        this.endRecord(chunk.subarray(start, i), line);
        line++;
        state = FIELD_START;
        start = i + 1;
        this.recLine = line;
        continue;
      }
      prevCR = false;
      switch (state) {
        case FIELD_START:
          if (b === QUOTE) state = QUOTED;
          else if (b === COMMA) this.recFields++;
          else state = UNQUOTED;
          break;
        case UNQUOTED:
          if (b === COMMA) { this.recFields++; state = FIELD_START; }
          break;
        case QUOTED:
          if (b === QUOTE) state = QUOTE_IN_QUOTED;
          break;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) state = QUOTED;
          else if (b === COMMA) { this.recFields++; state = FIELD_START; }
          else { this.recBad ??= 'quote'; state = UNQUOTED; }
          break;
      }
    }
    if (start < n) {
      const rest = chunk.subarray(start);
      this.recBytes += rest.length;
      if (this.recBytes > MAX_RECORD_BYTES) {
        this.recBad = 'too_long';
        if (this.parts.length === 0) this.parts.push(rest.subarray(0, 200));
      } else {
        this.parts.push(rest);
      }
    }
    this.state = state;
    this.line = line;
    this.prevCR = prevCR;
    await this.flush(out);
  }

  async finish(out: WriteStream): Promise<void> {
    if (this.state === QUOTED) this.recBad = 'unterminated';
    this.endRecord(Buffer.alloc(0), this.line);
    await this.flush(out);
  }

  private endRecord(tail: Buffer, _endLine: number): void {
    const parts = this.parts;
    const bytes = this.recBytes + tail.length;
    const fields = this.recFields;
    let bad = this.recBad;
    const line = this.recLine;
    this.parts = [];
    this.recBytes = 0;
    this.recFields = 1;
    this.recBad = null;
    if (bytes === 0) return; // blank line
    if (bytes > MAX_RECORD_BYTES) bad = 'too_long';
    const record = parts.length === 0 ? tail : Buffer.concat(bad === 'too_long' ? parts : [...parts, tail]);
    if (this.header === null) {
      if (bad) throw new FileError(this.file, `has a malformed header row (${bad === 'too_long' ? 'too long' : 'unbalanced quotes'})`);
      this.header = parseHeader(record.toString('utf8'));
      this.push(Buffer.from('_line,'), record, Buffer.from('\n'));
      return;
    }
    this.rows++;
    if (!bad && fields !== this.header.length) bad = 'fields';
    if (bad) {
      const text = record.subarray(0, 240).toString('utf8').replace(/\uFFFD+$/, '');
      this.rejects.push({ line, reason: bad, fields, value: text.length > 80 ? text.slice(0, 80) + '…' : text });
      return;
    }
    this.push(Buffer.from(`${line},`), record, Buffer.from('\n'));
  }

  private push(...bufs: Buffer[]): void {
    for (const b of bufs) {
      this.pending.push(b);
      this.pendingBytes += b.length;
    }
  }

  private async flush(out: WriteStream): Promise<void> {
    if (this.pending.length === 0) return;
    const buf = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!out.write(buf)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
}

/** Splits the header record into trimmed cell texts (it is short; quotes honoured). */
export function parseHeader(text: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') { quoted = true; cur = ''; }
    else if (ch === ',') { cells.push(cur); cur = ''; }
    else cur += ch;
  }
  cells.push(cur);
  if (cells.length > 0) cells[0] = cells[0].replace(/^\uFEFF/, '');
  return cells.map((c) => c.trim());
}
