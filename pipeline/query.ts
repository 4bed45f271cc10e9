/**
 * Ad-hoc SQL for analysts: runs statements on a read-only database and
 * streams the last statement's rows as an aligned table (East Asian wide
 * characters count two columns), CSV with a BOM (Excel), or JSON. Rows are
 * fetched chunk by chunk, so a million-row result never sits in memory.
 */
import Papa from 'papaparse';
import { Db, plainValue } from './db.ts';
import { InputError } from './errors.ts';
import { formatTable } from './text.ts';

export type Format = 'table' | 'csv' | 'json';

export interface QueryOptions {
  format: Format;
  /** table format: rows shown at most (the rest are counted, not held) */
  limit: number;
  write: (s: string) => Promise<void>;
}

/** Runs every statement of `sql`; the last one's rows are written in `format`. Returns the row count. */
export async function runQuery(db: Db, sql: string, opts: QueryOptions): Promise<number> {
  let extracted;
  try {
    extracted = await db.conn.extractStatements(sql);
  } catch (e) {
    throw new InputError(sqlError(e));
  }
  if (extracted.count === 0) throw new InputError('There is no SQL statement to run.');
  let result;
  try {
    for (let i = 0; i < extracted.count - 1; i++) await (await extracted.prepare(i)).run();
    result = await (await extracted.prepare(extracted.count - 1)).stream();
  } catch (e) {
    throw new InputError(sqlError(e));
  }
  const columns = result.deduplicatedColumnNames();
  let rows = 0;
  const shown: string[][] = [];
  if (opts.format === 'csv') await opts.write('\uFEFF' + Papa.unparse([columns], { newline: '\n' }) + '\n');
  if (opts.format === 'json') await opts.write('[');
  try {
    for await (const chunk of result.yieldRowsJs()) {
      if (opts.format === 'table') {
        for (const r of chunk) {
          if (shown.length < opts.limit) shown.push(r.map(cell));
          rows++;
        }
      } else if (opts.format === 'csv') {
        const data = chunk.map((r) => r.map((v) => csvCell(plainValue(v))));
        rows += chunk.length;
        if (data.length) await opts.write(Papa.unparse(data, { header: false, newline: '\n' }) + '\n');
      } else {
        let out = '';
        for (const r of chunk) {
          const o: Record<string, unknown> = {};
          columns.forEach((c, i) => (o[c] = plainValue(r[i])));
          out += (rows === 0 ? '\n' : ',\n') + JSON.stringify(o);
          rows++;
        }
        if (out) await opts.write(out);
      }
    }
  } catch (e) {
    throw new InputError(sqlError(e));
  }
  if (opts.format === 'json') await opts.write(rows ? '\n]\n' : ']\n');
  if (opts.format === 'table') {
    await opts.write(formatTable(columns, shown, columns.map((_, i) => shown.length > 0 && shown.every((r) => /^-?[\d.]+$/.test(r[i]) || r[i] === ''))));
    await opts.write(rows > shown.length ? `(${rows} rows, first ${shown.length} shown; use --limit or --format csv)\n` : `(${rows} row${rows === 1 ? '' : 's'})\n`);
  }
  return rows;
}

function cell(v: unknown): string {
  const p = plainValue(v);
  if (p === null || p === undefined) return '';
  if (typeof p === 'number' && !Number.isInteger(p)) return String(Math.round(p * 1e6) / 1e6);
  if (typeof p === 'object') return JSON.stringify(p);
  return String(p).replace(/\r?\n/g, '⏎');
}

/** CSV cells: formulas neutralised (as in every CSV kaoping writes). */
function csvCell(v: unknown): unknown {
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** DuckDB's error as one sentence a user can act on. */
export function sqlError(e: unknown): string {
  const msg = String((e as Error)?.message ?? e);
  const readOnly = /Cannot execute statement of type "(\w+)".*read-only/s.exec(msg);
  if (readOnly) return `The database is opened read-only for queries, so the ${readOnly[1]} statement was refused.`;
  if (/read-only mode/.test(msg)) return 'The database is opened read-only for queries, so a statement that changes it was refused.';
  if (/disabled by configuration|enable_external_access/i.test(msg)) {
    return 'Queries may not read or write files outside the database (pass --allow-external to allow it).';
  }
  return `The SQL failed: ${msg.split('\n')[0]}`;
}
