/**
 * Writing CSV outputs: DuckDB's COPY writes the rows (fast at any size), and
 * the file gets a UTF-8 BOM so Excel on Chinese Windows opens it correctly.
 * Numbers are formatted in SQL (`kp_num`: 2 decimals), and every text cell
 * that a spreadsheet would read as a formula is neutralised (`kp_cell`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Db, sqlString } from './db.ts';

export async function createFormatters(db: Db): Promise<void> {
  await db.run(String.raw`
    CREATE OR REPLACE MACRO kp_num(x) AS CASE WHEN x IS NULL THEN NULL ELSE printf('%.2f', round(x::DOUBLE, 2) + 0.0) END;
    CREATE OR REPLACE MACRO kp_cell(s) AS CASE WHEN regexp_matches(s, '^[=+\-@\t\r]') THEN '''' || s ELSE s END;
  `);
}

/** COPY (query) to `path` as CSV with header and BOM. */
export async function copyCsv(db: Db, query: string, path: string): Promise<void> {
  const tmp = `${path}.nobom`;
  await db.run(`COPY (${query}) TO ${sqlString(tmp)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', NULL '')`);
  const out = createWriteStream(path);
  out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  await pipeline(createReadStream(tmp), out);
  await rm(tmp);
}

/** Writes `text` to `path` through a temporary file and a rename. */
export async function writeFileAtomic(path: string, text: string | Buffer): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
