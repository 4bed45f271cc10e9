/**
 * The floor: the cost of just getting the bytes into DuckDB. One bare
 * CREATE TABLE AS SELECT * FROM read_csv(...) per input file, with the
 * dialect and every column's type given (text, as the exports spell dates
 * four ways). GB18030 files are transcoded to UTF-8 beforehand, untimed,
 * since bare DuckDB cannot read them. Prints JSON timings.
 */
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseHeader } from '../pipeline/scan.ts';

const [dir, work] = process.argv.slice(2);
mkdirSync(work, { recursive: true });
const files: string[] = [];
for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
  const src = join(dir, f);
  const fd = openSync(src, 'r');
  const head = Buffer.alloc(1 << 20);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  let cut = n;
  while (cut > 0 && cut > n - 4 && (head[cut - 1] & 0xc0) === 0x80) cut--;
  if (isUtf8(head.subarray(0, Math.max(0, cut - 1)))) { files.push(src); continue; }
  const dst = join(work, f);
  if (!existsSync(dst)) {
    const decoder = new TextDecoder('gb18030');
    const out = createWriteStream(dst);
    for await (const chunk of createReadStream(src)) if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
    out.end(decoder.decode());
    await once(out, 'finish');
  }
  files.push(dst);
}
const inst = await DuckDBInstance.create(join(work, 'floor.duckdb'));
const conn = await inst.connect();
const t0 = performance.now();
let rows = 0;
for (const [i, f] of files.entries()) {
  const firstLine = readFileSync(f).subarray(0, 65536).toString('utf8').split(/\r?\n/)[0];
  const cols = parseHeader(firstLine).map((c, k) => `'c${k}': 'VARCHAR'`).join(', ');
  await conn.run(`CREATE OR REPLACE TABLE t${i} AS SELECT * FROM read_csv('${f}', header = true, auto_detect = false, columns = {${cols}}, delim = ',', quote = '"', escape = '"', strict_mode = false, null_padding = true)`);
  const r = await conn.runAndReadAll(`SELECT count(*) FROM t${i}`);
  rows += Number(r.getRows()[0][0]);
}
console.log(JSON.stringify({ load_ms: Math.round(performance.now() - t0), rows }));
