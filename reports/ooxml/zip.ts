/**
 * The zip container of an Office Open XML package (.docx, .xlsx), written
 * here so that it is quick and reproducible:
 * - every entry carries one timestamp, `packageTime()`: SOURCE_DATE_EPOCH
 *   (seconds, as reproducible builds set it) when set, else now; the same
 *   inputs and SOURCE_DATE_EPOCH give the same bytes;
 * - entries are deflated by node's zlib, in the order given (an OOXML reader
 *   does not care about the order; we keep the order docx and exceljs used);
 * - no ZIP64: a part or the whole file past 4 GiB is an error, not a broken file.
 * `ZipFile` streams entries into a file (a worksheet of a million rows is
 * never held whole); `zip()` builds a small package in memory; `unzip()`
 * reads one back (the parts docx compiles for us, tests).
 */
import { open, type FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';

/** SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function packageTime(now = new Date()): Date {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : now;
}

/** MS-DOS date and time of a zip entry, in UTC so that the bytes do not depend on the machine's time zone. */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, d.getUTCFullYear()));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

let table: Uint32Array | undefined;
/** CRC-32 of a buffer, continuing from `crc`: zlib's (node 20.15+) or a table's. */
function crc32(buf: Uint8Array, crc = 0): number {
  const native = (zlib as { crc32?: (b: Uint8Array, v?: number) => number }).crc32;
  if (native) return native(buf, crc);
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < buf.length; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const LIMIT = 0xffffffff;
const UTF8_NAMES = 0x0800;

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: { time: number; date: number };
}

function localHeader(e: Entry): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(e.time.time, 10);
  h.writeUInt16LE(e.time.date, 12);
  h.writeUInt32LE(e.crc, 14);
  h.writeUInt32LE(e.compressed, 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, e.name]);
}

function centralDirectory(entries: Entry[], at: number): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(UTF8_NAMES, 8);
    h.writeUInt16LE(8, 10);
    h.writeUInt16LE(e.time.time, 12);
    h.writeUInt16LE(e.time.date, 14);
    h.writeUInt32LE(e.crc, 16);
    h.writeUInt32LE(e.compressed, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(e.name.length, 28);
    h.writeUInt32LE(e.offset, 42);
    parts.push(h, e.name);
  }
  const dir = Buffer.concat(parts);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(at, 16);
  if (at > LIMIT || entries.length > 0xffff) throw new Error('the package is too large for a zip file without ZIP64');
  return Buffer.concat([dir, end]);
}

export interface ZipOptions {
  /** zlib's level, 1 (fastest) to 9; 6 by default, as docx and exceljs deflate */
  level?: number;
  /** the entries' timestamp (default packageTime()) */
  time?: Date;
}

/** An entry deflated ahead of time: a part that many packages share (a letter's styles, settings, theme). */
export interface Deflated {
  readonly deflated: Buffer;
  readonly crc: number;
  readonly size: number;
}

export function deflated(data: string | Uint8Array, level = 6): Deflated {
  const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (raw.length > LIMIT) throw new Error('a part is too large for a zip file without ZIP64');
  return { deflated: zlib.deflateRawSync(raw, { level }), crc: crc32(raw), size: raw.length };
}

/** A small package, built in memory: `entries` in order, each deflated (or deflated already). */
export function zip(entries: Iterable<[string, string | Uint8Array | Deflated]>, o: ZipOptions = {}): Buffer {
  const time = dosTime(o.time ?? packageTime());
  const out: Buffer[] = [];
  const done: Entry[] = [];
  let at = 0;
  for (const [name, data] of entries) {
    const d = typeof data === 'string' || data instanceof Uint8Array ? deflated(data, o.level) : data;
    const e: Entry = { name: Buffer.from(name, 'utf8'), crc: d.crc, compressed: d.deflated.length, size: d.size, offset: at, time };
    const h = localHeader(e);
    out.push(h, d.deflated);
    done.push(e);
    at += h.length + d.deflated.length;
  }
  out.push(centralDirectory(done, at));
  return Buffer.concat(out);
}

/** The entries of a zip file (stored or deflated), in the order of its central directory. */
export function unzip(buf: Buffer): [string, Buffer][] {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const entries: [string, Buffer][] = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28),
      extraLen = buf.readUInt16LE(p + 30),
      commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + compressed);
    entries.push([name, method === 0 ? Buffer.from(body) : zlib.inflateRawSync(body)]);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * A package written entry by entry into a file. An entry's data is
 * deflated as it comes (zlib works on its thread pool while the caller
 * builds the next rows) and its header completed when it ends.
 */
export class ZipFile {
  private at = 0;
  private readonly entries: Entry[] = [];
  private readonly time: { time: number; date: number };
  private constructor(
    private readonly fh: FileHandle,
    private readonly level: number,
    time: Date,
  ) {
    this.time = dosTime(time);
  }

  static async create(file: string, o: ZipOptions = {}): Promise<ZipFile> {
    return new ZipFile(await open(file, 'w'), o.level ?? 6, o.time ?? packageTime());
  }

  private async write(b: Buffer, position = this.at): Promise<void> {
    let done = 0;
    while (done < b.length) done += (await this.fh.write(b, done, b.length - done, position + done)).bytesWritten;
    if (position === this.at) this.at += b.length;
  }

  /** A whole entry at once. */
  async add(name: string, data: string | Uint8Array): Promise<void> {
    const w = await this.entry(name);
    await w.write(data);
    await w.end();
  }

  /** An entry written in pieces: `write` as often as needed (awaiting it keeps memory flat), then `end`. */
  async entry(name: string): Promise<{ write(data: string | Uint8Array): Promise<void>; end(): Promise<void> }> {
    const e: Entry = { name: Buffer.from(name, 'utf8'), crc: 0, compressed: 0, size: 0, offset: this.at, time: this.time };
    await this.write(localHeader(e)); // sizes and CRC filled in at the end
    const deflate = zlib.createDeflateRaw({ level: this.level, chunkSize: 256 * 1024 });
    let failed: Error | undefined;
    let chain = Promise.resolve();
    deflate.on('data', (chunk: Buffer) => {
      e.compressed += chunk.length;
      chain = chain
        .then(() => this.write(chunk))
        .catch((err: Error) => {
          failed = err;
        });
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    return {
      write: async (data) => {
        const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        e.crc = crc32(raw, e.crc);
        e.size += raw.length;
        if (e.size > LIMIT) throw new Error(`${name} is too large for a zip file without ZIP64`);
        if (!deflate.write(raw)) await new Promise((r) => deflate.once('drain', r));
        if (failed) throw failed;
      },
      end: async () => {
        deflate.end();
        await ended;
        await chain;
        if (failed) throw failed;
        await this.write(localHeader(e).subarray(0, 30), e.offset);
        this.entries.push(e);
      },
    };
  }

  /** The central directory; the file is complete and closed. */
  async close(): Promise<void> {
    try {
      await this.write(centralDirectory(this.entries, this.at));
    } finally {
      await this.fh.close();
    }
  }

  /** Closes the file without finishing it (after an error). */
  async abandon(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
