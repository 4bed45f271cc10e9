/**
 * Writing the site's pages to disk off the main thread: the main thread
 * encodes each page (UTF-8) into a shared batch buffer of about BATCH_BYTES
 * and hands the full buffer to a worker thread (transferred, not copied),
 * which hashes each file's bytes (sha256, for the manifest) and writes it
 * with one synchronous call (open, write, close) while the main thread
 * renders the next pages. A province's 15,000 office pages are hundreds of
 * megabytes; writing them through promises from the main thread cost it as
 * much time as rendering them. At most IN_FLIGHT batches wait at a time, so
 * memory stays bounded. A failed write (no space, no permission) rejects
 * with the same error fields (code, path) as fs would. The first batch is
 * written on the main thread, and the worker starts only with the second:
 * a site of one batch (the sample's, a county's) pays no thread start-up
 * (0.2-0.5 s of CPU here, a third of a small run).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const BATCH_BYTES = 1 << 22;
const IN_FLIGHT = 3;

// plain CommonJS, evaluated as the worker's code: no module loading needed
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ files, ends, buffer }) => {
  try {
    const all = Buffer.from(buffer);
    // ends are offsets into the whole buffer (its unused tail is never read)
    const hashes = [];
    let start = 0;
    for (let i = 0; i < files.length; i++) {
      const bytes = all.subarray(start, ends[i]);
      writeFileSync(files[i], bytes);
      hashes.push(createHash('sha256').update(bytes).digest('hex'));
      start = ends[i];
    }
    parentPort.postMessage({ hashes });
  } catch (e) {
    parentPort.postMessage({ message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path });
  }
});
`;

type Failure = { message: string; code?: string; errno?: number; syscall?: string; path?: string };
/** per file of a batch, in order: the sha256 (hex) of its bytes */
type Written = { hashes: string[] };

interface Batch {
  buffer: Buffer;
  used: number;
  files: string[];
  /** where each file's bytes end in the buffer */
  ends: number[];
  /** what the caller calls each file (the key of `files`) */
  names: string[];
}

export class PageWriter {
  private worker: Worker | undefined;
  /** batches sent so far (the first is written here, the rest by the worker) */
  private sent = 0;
  private batch: Batch | undefined;
  /** the batches sent and not yet written, oldest first */
  private waiting: { names: string[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  private inFlight: Promise<void>[] = [];
  private failed: Error | undefined;
  /** every file written: its name and the sha256 of its bytes, in the order written */
  readonly files: Record<string, string> = {};
  /** bytes written */
  bytes = 0;

  /** The worker, started on first use. */
  private start(): Worker {
    if (this.worker) return this.worker;
    this.worker = new Worker(WORKER, { eval: true });
    this.worker.on('message', (m: Failure | Written) => {
      const w = this.waiting.shift()!;
      if ('hashes' in m) {
        w.names.forEach((name, i) => (this.files[name] = m.hashes[i]));
        return w.resolve();
      }
      const { message, ...fields } = m;
      const e = Object.assign(new Error(message), fields);
      this.failed ??= e;
      w.reject(e);
    });
    this.worker.on('error', (e) => {
      this.failed ??= e;
      for (const w of this.waiting.splice(0)) w.reject(e);
    });
    return this.worker;
  }

  /** Queues one file (`name`: its key in `files`); resolves when the writer can take more (while IN_FLIGHT batches are pending, it waits). */
  async write(file: string, text: string, name: string): Promise<void> {
    if (this.failed) throw this.failed;
    // a UTF-16 code unit takes at most 3 bytes of UTF-8
    const most = text.length * 3;
    if (this.batch && this.batch.used + most > this.batch.buffer.length) await this.send();
    const b = (this.batch ??= { buffer: Buffer.allocUnsafe(Math.max(BATCH_BYTES, most)), used: 0, files: [], ends: [], names: [] });
    const n = b.buffer.write(text, b.used, 'utf8');
    b.used += n;
    this.bytes += n;
    b.files.push(file);
    b.ends.push(b.used);
    b.names.push(name);
  }

  private async send(): Promise<void> {
    const b = this.batch;
    if (!b) return;
    this.batch = undefined;
    if (this.sent++ === 0) return this.writeHere(b);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ names: b.names, resolve, reject }));
    done.catch(() => undefined);
    this.inFlight.push(done);
    // an allocUnsafe buffer of BATCH_BYTES or more has an ArrayBuffer of its own (not the shared pool), which moves to the worker
    const buffer = b.buffer.buffer as ArrayBuffer;
    this.start().postMessage({ files: b.files, ends: b.ends, buffer }, [buffer]);
    while (this.inFlight.length >= IN_FLIGHT) await this.inFlight.shift();
  }

  /** Writes what is queued and waits for every file to be on disk. */
  async flush(): Promise<void> {
    await this.send();
    await Promise.all(this.inFlight.splice(0));
    if (this.failed) throw this.failed;
  }

  /** A batch written on this thread, as the worker writes one (WORKER). */
  private writeHere(b: Batch): void {
    let start = 0;
    b.files.forEach((file, i) => {
      const bytes = b.buffer.subarray(start, b.ends[i]);
      writeFileSync(file, bytes);
      this.files[b.names[i]] = createHash('sha256').update(bytes).digest('hex');
      start = b.ends[i];
    });
  }

  /** Stops the worker, if it started (after flush, or to give up after a failure). */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
