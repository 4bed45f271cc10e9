/**
 * The floor: the cost of just getting the bytes into DuckDB. One bare
 * CREATE TABLE AS SELECT * FROM read_csv(...) per input file, with the
 * dialect and every column's type given: the contract's DATE and INTEGER
 * columns typed (with the file's date format, when the whole file uses one
 * spelling; a file mixing spellings keeps its dates as text), the rest text.
 * GB18030 files are transcoded to UTF-8 beforehand, untimed, since bare
 * DuckDB cannot read them. Prints JSON timings.
 */
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseHeader } from '../pipeline/scan.ts';
import { TABLES, canonicalColumn } from '../pipeline/contract.ts';
import { dateFormatOf } from '../pipeline/parse.ts';

const [dir, work] = process.argv.slice(2);
mkdirSync(work, { recursive: true });
/** The first 64 KiB of a file (the files can be larger than Node reads in one go). */
function head(f: string): Buffer {
  const fd = openSync(f, 'r');
  const b = Buffer.alloc(65536);
  const n = readSync(fd, b, 0, b.length, 0);
  closeSync(fd);
  return b.subarray(0, n);
}

const files: string[] = [];
for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
  const src = join(dir, f);
  const fd = openSync(src, 'r');
  const head = Buffer.alloc(1 << 20);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  let cut = n;
  while (cut > 0 && cut > n - 4 && (head[cut - 1] & 0xc0) === 0x80) cut--;
  if (isUtf8(head.subarray(0, Math.max(0, cut - 1)))) {
    files.push(src);
    continue;
  }
  const dst = join(work, f);
  if (!existsSync(dst)) {
    const decoder = new TextDecoder('gb18030');
    const out = createWriteStream(dst);
    for await (const chunk of createReadStream(src))
      if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
    out.end(decoder.decode());
    await once(out, 'finish');
  }
  files.push(dst);
}
const inst = await DuckDBInstance.create(join(work, 'floor.duckdb'));
const conn = await inst.connect();

/** read_csv arguments for a file: explicit columns (typed where the contract and the data allow) and the dialect. */
async function readArgs(f: string, typedDates: boolean): Promise<string> {
  const text = head(f)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const [headerLine, firstRow] = text.split(/\r?\n/);
  const header = parseHeader(headerLine);
  const table = TABLES.find(
    (t) =>
      header.some((h) => canonicalColumn(t, h) && t.columns.find((c) => c.name === canonicalColumn(t, h))?.required) &&
      t.columns.filter((c) => c.required).every((c) => header.some((h) => canonicalColumn(t, h) === c.name)),
  )!;
  const cells = parseHeader(firstRow ?? '');
  let dateformat = '';
  const cols = header
    .map((h, k) => {
      const c = table?.columns.find((x) => x.name === canonicalColumn(table, h));
      if (c?.type === 'int') return `'c${k}': 'INTEGER'`;
      if (c?.type === 'date' && typedDates) {
        const fmt = dateFormatOf(cells[k]);
        if (fmt && (!dateformat || dateformat === fmt)) {
          dateformat = fmt;
          return `'c${k}': 'DATE'`;
        }
      }
      return `'c${k}': 'VARCHAR'`;
    })
    .join(', ');
  return `'${f}', header = true, auto_detect = false, columns = {${cols}}, delim = ',', quote = '"', escape = '"'${dateformat ? `, dateformat = '${dateformat}'` : ''}`;
}

// decide each file's types untimed: typed dates where the whole file reads with them
const args: string[] = [];
for (const f of files) {
  const typed = await readArgs(f, true);
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE trial AS SELECT * FROM read_csv(${typed})`);
    await conn.run(`DROP TABLE trial`);
    args.push(typed);
  } catch {
    args.push(await readArgs(f, false));
  }
}
const t0 = performance.now();
let rows = 0;
for (const [i, a] of args.entries()) {
  await conn.run(`CREATE OR REPLACE TABLE t${i} AS SELECT * FROM read_csv(${a})`);
  const r = await conn.runAndReadAll(`SELECT count(*) FROM t${i}`);
  rows += Number(r.getRows()[0][0]);
}
console.log(JSON.stringify({ load_ms: Math.round(performance.now() - t0), rows, typed: args.map((a) => /'DATE'/.test(a)) }));
