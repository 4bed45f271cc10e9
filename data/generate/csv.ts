/**
 * CSV writing: each file through a buffered write stream that waits for
 * 'drain', so memory stays flat from 50 offices to 400,000; physical lines are
 * counted so bad rows can be reported by line.
 *
 * Write errors (a full disk, a read-only or virtual file system such as
 * /proc, a path under a file, a folder where a file should go) end the
 * generation with one sentence (`writeFailure`, an InputError): every stream
 * reports its error to whoever waits on it, and nothing waits for a 'drain'
 * that will never come.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { InputError } from '../../pipeline/errors.ts';
import type { FileSpec } from './files.ts';

const NEEDS_QUOTES = /[",\r\n]/;
const LINE_BREAKS = /\r\n|\r|\n/g;

function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Why a write failed, per error code, in English and Chinese. */
const WHY: Record<string, [string, string]> = {
  ENOSPC: ['the disk is full', '磁盘已满'],
  EDQUOT: ['the disk quota is used up', '磁盘配额已用完'],
  EROFS: ['the file system is read-only', '文件系统是只读的'],
  EACCES: ['there is no permission to write there', '没有写入权限'],
  EPERM: ['the operating system does not allow writing there', '操作系统不允许在那里写入'],
  ENOTDIR: ['a part of the path is a file, not a folder', '路径中有一段是文件而不是文件夹'],
  ENOENT: ['the folder does not exist and cannot be created, or it takes no new files', '文件夹不存在且无法创建,或不接受新建文件'],
  EISDIR: ['a folder of that name is in the way', '那里已有一个同名的文件夹'],
  EEXIST: ['a file of that name is in the way', '那里已有一个同名的文件'],
  EIO: ['the device reported an input/output error', '设备报告了输入输出错误'],
  ENAMETOOLONG: ['the path is too long', '路径太长'],
  EINVAL: ['the file system does not accept that name', '文件系统不接受这个名称'],
};

/**
 * A write error as one sentence, English and Chinese: what could not be
 * written and why, in words a user can act on.
 */
export function writeFailure(e: unknown, path: string): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const said = String((e as Error)?.message ?? e).split('\n')[0];
  const [en, zh] = WHY[code] ?? [code ? `the system says ${code}` : said, code ? `系统报告 ${code}` : said];
  return new InputError(
    `generate cannot write ${path}: ${en}; nothing more was written, choose another --out.`,
    `generate 无法写入 ${path}:${zh};没有再写入任何内容,请换一个 --out。`,
  );
}

/** A CSV file written through a buffered stream; tracks physical lines so bad rows can be reported. */
export class CsvFile {
  rows = 0;
  private line = 1;
  private buf: string[] = [];
  private size = 0;
  private stream: WriteStream;
  /** the stream's first error: every later flush and close throws it */
  private failed: unknown;
  readonly path: string;

  constructor(
    readonly spec: FileSpec,
    dir: string,
    header: string[],
  ) {
    this.path = join(dir, spec.file);
    this.stream = createWriteStream(this.path);
    this.stream.on('error', (e) => {
      this.failed ??= e;
    });
    const head = header.map(csvField).join(',') + spec.eol;
    this.push(spec.encoding === 'utf8-bom' ? `\uFEFF${head}` : head);
  }

  /** Appends a record (fields, or a raw record text written as is); returns its physical start line. */
  add(fields: string[] | string): number {
    const start = this.line + 1;
    const text = typeof fields === 'string' ? fields : fields.map(csvField).join(',');
    const breaks = text.match(LINE_BREAKS);
    this.line += 1 + (breaks ? breaks.length : 0);
    this.rows++;
    this.push(text + this.spec.eol);
    return start;
  }

  private push(s: string): void {
    this.buf.push(s);
    this.size += s.length;
  }

  private check(): void {
    if (this.failed !== undefined) throw writeFailure(this.failed, this.path);
  }

  /** Resolves on the first of the stream's events `names` or its error (then rejects with it as one sentence). */
  private until(names: string[]): Promise<void> {
    return new Promise<void>((resolveIt, reject) => {
      const done = (e?: unknown) => {
        for (const n of [...names, 'error', 'close']) this.stream.off(n, n === 'error' ? fail : ok);
        if (e !== undefined) reject(writeFailure(e, this.path));
        else if (this.failed !== undefined) reject(writeFailure(this.failed, this.path));
        else resolveIt();
      };
      const ok = () => done();
      const fail = (e: unknown) => done(e);
      for (const n of [...names, 'close']) this.stream.on(n, ok);
      this.stream.on('error', fail);
    });
  }

  /** Writes the buffer once it is big enough (or always with force), waiting for 'drain'. */
  async flush(force = false): Promise<void> {
    this.check();
    if (this.size === 0 || (!force && this.size < 1 << 16)) return;
    const text = this.buf.join('');
    this.buf = [];
    this.size = 0;
    const bytes = this.spec.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (this.stream.destroyed) this.check();
    if (!this.stream.write(bytes)) await this.until(['drain']);
    this.check();
  }

  /** Writes what is left and closes the file; rejects with the stream's error, if it had one, as one sentence. */
  async close(): Promise<void> {
    await this.flush(true);
    if (this.stream.destroyed) return this.check();
    const closed = this.until(['finish']);
    this.stream.end();
    await closed;
    this.check();
  }

  /** Closes the file after a failure elsewhere, without waiting or throwing. */
  abandon(): void {
    this.stream.destroy();
  }
}
