/**
 * Ad-hoc SQL for analysts: runs statements on a read-only database and
 * streams the last statement's rows as an aligned table (East Asian wide
 * characters count two columns), CSV with a BOM (Excel), or JSON. Rows are
 * fetched chunk by chunk, so a million-row result never sits in memory.
 *
 * Only statements that read get through (`checkStatement`, `deniedCall`):
 * the database is read-only and, unless --allow-external, has no access to
 * other files, but settings (SET, PRAGMA), logging (enable_logging with file
 * storage aborts the process when file access is disabled), profiling,
 * prepared statements and SQL run from a string (query(), json_execute_serialized_sql)
 * would still get past those two, so they are refused first, in one sentence.
 *
 * Text reaches a terminal with its control characters escaped (text.ts
 * `visible`): always in the table format; in CSV when stdout is a terminal;
 * JSON escapes them itself (C1 and bidi controls as \u escapes too, which
 * parse back to the same strings).
 */
import Papa from 'papaparse';
import { StatementType } from '@duckdb/node-api';
import { Db, plainValue } from './db.ts';
import { InputError } from './errors.ts';
import { formatTable, visible } from './text.ts';

export type Format = 'table' | 'csv' | 'json';

export interface QueryOptions {
  format: Format;
  /** table format: rows shown at most (the rest are counted, not held) */
  limit: number;
  write: (s: string) => Promise<void>;
  /** the statements may read and write files outside the database (--allow-external) */
  allowExternal?: boolean;
  /** the output is a terminal: CSV cells get their control characters escaped */
  terminal?: boolean;
}

/** Thrown by a `write` whose reader has gone (a closed pipe: `kaoping query ... | head`); the command ends quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('the output was closed');
    this.name = 'OutputClosed';
  }
}

/**
 * Functions a query may not call, wherever they appear (SELECT, CALL, a
 * macro's body): logging, profiling and other setting switches (every
 * enable_* and disable_* function), checkpoints, and those that run SQL
 * given as a string, which would carry any of these past the check.
 */
const DENIED_CALLS = new Set([
  'write_log',
  'truncate_duckdb_logs',
  'checkpoint',
  'force_checkpoint',
  'query',
  'json_execute_serialized_sql',
  'import_database',
  'copy_database',
]);
const denied = (name: string) => DENIED_CALLS.has(name) || /^(enable|disable)_/.test(name);

interface Token {
  /** a plain word (lower case), a "quoted" identifier (as written), or one punctuation character */
  kind: 'word' | 'quoted' | 'punct';
  text: string;
}

/** The tokens of `sql` that matter here: words, quoted identifiers and punctuation; string literals, dollar-quoted strings and comments are skipped. */
function* tokens(sql: string): Generator<Token> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      // '...' with '' inside; E'...' may also escape with a backslash
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]);
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      yield { kind: 'punct', text: "'" };
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))![0];
      const e = sql.indexOf(tag, i + tag.length);
      i = e < 0 ? n : e + tag.length;
      yield { kind: 'punct', text: "'" };
    } else if (c === '"') {
      let name = '';
      i++;
      while (i < n) {
        if (sql[i] === '"' && sql[i + 1] === '"') {
          name += '"';
          i += 2;
        } else if (sql[i] === '"') break;
        else name += sql[i++];
      }
      i++;
      yield { kind: 'quoted', text: name };
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j])) j++;
      yield { kind: 'word', text: sql.slice(i, j).toLowerCase() };
      i = j;
    } else {
      yield { kind: 'punct', text: c };
      i++;
    }
  }
}

/**
 * The first call of a denied function in `sql`, if any: a name (plain or
 * "quoted", the last part of a dotted name) followed by `(`.
 */
export function deniedCall(sql: string): string | undefined {
  let last: string | undefined;
  for (const t of tokens(sql)) {
    if (t.kind !== 'punct') last = t.text.toLowerCase();
    else if (t.text === '(' && last !== undefined && denied(last)) return last;
    else if (t.text !== '.') last = undefined;
  }
  return undefined;
}

/** What EXPLAIN may explain: queries. EXPLAIN ANALYZE runs what it explains, so `EXPLAIN ANALYZE SET ...` would change a setting. */
const EXPLAINABLE = new Set(['select', 'with', 'from', 'values', 'table', 'describe', 'show', 'summarize', 'pivot', 'unpivot', 'call']);

/** The statement an EXPLAIN in `sql` would run that is not a query (its first word), if any. */
export function explainedNonQuery(sql: string): string | undefined {
  const all = [...tokens(sql)];
  for (let i = 0; i < all.length; i++) {
    // EXPLAIN begins a statement
    if (all[i].kind !== 'word' || all[i].text !== 'explain' || (i > 0 && all[i - 1].text !== ';')) continue;
    let j = i + 1;
    if (all[j]?.kind === 'word' && all[j].text === 'analyze') j++;
    let k = j;
    while (all[k]?.text === '(') k++;
    const query = all[k]?.kind === 'word' && EXPLAINABLE.has(all[k].text);
    if (all[j]?.text === '(' && !query) {
      // options: EXPLAIN (FORMAT json) ...
      let depth = 0;
      for (; j < all.length; j++) {
        if (all[j].text === '(') depth++;
        else if (all[j].text === ')' && --depth === 0) {
          j++;
          break;
        }
      }
    }
    while (all[j]?.text === '(') j++;
    const next = all[j];
    if (next && (next.kind !== 'word' || !EXPLAINABLE.has(next.text))) return next.text.toUpperCase();
  }
  return undefined;
}

/** Statement kinds that touch files outside the database: only with --allow-external. */
const EXTERNAL = new Set<number>([
  StatementType.COPY,
  StatementType.EXPORT,
  StatementType.ATTACH,
  StatementType.DETACH,
  StatementType.LOAD,
  StatementType.COPY_DATABASE,
]);

/** Refuses a prepared statement `kaoping query` does not run, in one sentence. */
export function checkStatement(type: number, allowExternal: boolean): void {
  const name = StatementType[type] ?? String(type);
  if (type === StatementType.SET) {
    throw new InputError(
      "kaoping query does not change DuckDB's settings, so the SET statement was refused.",
      'kaoping query 不修改 DuckDB 的设置,因此拒绝执行 SET 语句。',
    );
  }
  if (type === StatementType.PRAGMA) {
    throw new InputError(
      "kaoping query does not change DuckDB's settings, so the PRAGMA statement was refused (pragmas that only read, such as table_info and show_tables, still work).",
      'kaoping query 不修改 DuckDB 的设置,因此拒绝执行该 PRAGMA 语句(table_info、show_tables 等只读的 pragma 仍可使用)。',
    );
  }
  if (type === StatementType.PREPARE || type === StatementType.EXECUTE) {
    throw new InputError(
      'kaoping query does not run prepared statements (PREPARE, EXECUTE); run the statement itself.',
      'kaoping query 不执行预编译语句(PREPARE、EXECUTE);请直接执行该语句本身。',
    );
  }
  if (type === StatementType.UPDATE_EXTENSIONS || type === StatementType.INVALID) {
    throw new InputError(`kaoping query does not run ${name} statements.`, `kaoping query 不执行 ${name} 语句。`);
  }
  if (EXTERNAL.has(type) && !allowExternal) {
    throw new InputError(
      `Queries may not read or write files outside the database, so the ${name} statement was refused (pass --allow-external to allow it).`,
      `查询不能读写数据库以外的文件,因此拒绝执行 ${name} 语句(如确需读写,请加 --allow-external)。`,
    );
  }
}

/**
 * Runs every statement of `sql`; the last one's rows are written in `format`. Returns the row count (the table
 * format shows the first `limit`; the caller says how many there were).
 */
export async function runQuery(db: Db, sql: string, opts: QueryOptions): Promise<number> {
  const none = () =>
    new InputError('There is no SQL statement to run: the SQL given is empty.', '没有可执行的 SQL 语句:给出的 SQL 是空的。');
  // DuckDB fails on an empty string with "Error in native callback"
  if (sql.trim() === '') throw none();
  const call = deniedCall(sql);
  if (call) {
    throw new InputError(
      `kaoping query only reads, so the call of ${call}() was refused (it switches logging, profiling or other settings, or runs SQL given as a string).`,
      `kaoping query 只读取数据,因此拒绝调用 ${call}()(它会改变日志、性能分析等设置,或执行以字符串给出的 SQL)。`,
    );
  }
  const explained = explainedNonQuery(sql);
  if (explained !== undefined) {
    throw new InputError(
      `kaoping query explains only queries (EXPLAIN ANALYZE runs the statement it explains), so EXPLAIN ${explained} was refused.`,
      `kaoping query 只对查询语句执行 EXPLAIN(EXPLAIN ANALYZE 会真正执行被解释的语句),因此拒绝执行 EXPLAIN ${explained}。`,
    );
  }
  let extracted;
  try {
    extracted = await db.conn.extractStatements(sql);
  } catch (e) {
    throw sqlError(e);
  }
  if (extracted.count === 0) throw none();
  let result;
  try {
    for (let i = 0; i < extracted.count; i++) {
      const prepared = await extracted.prepare(i);
      checkStatement(prepared.statementType, opts.allowExternal ?? false);
      if (i < extracted.count - 1) await prepared.run();
      else result = await prepared.stream();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw sqlError(e);
  }
  if (!result) throw none();
  const columns = result.deduplicatedColumnNames();
  let rows = 0;
  const shown: string[][] = [];
  if (opts.format === 'csv')
    await opts.write('\uFEFF' + Papa.unparse([columns.map((c) => csvCell(c, opts.terminal))], { newline: '\n' }) + '\n');
  if (opts.format === 'json') await opts.write('[');
  try {
    for await (const chunk of result.yieldRowsJs()) {
      if (opts.format === 'table') {
        for (const r of chunk) {
          if (shown.length < opts.limit) shown.push(r.map(cell));
          rows++;
        }
      } else if (opts.format === 'csv') {
        const data = chunk.map((r) => r.map((v) => csvCell(plainValue(v), opts.terminal)));
        rows += chunk.length;
        if (data.length) await opts.write(Papa.unparse(data, { header: false, newline: '\n' }) + '\n');
      } else {
        let out = '';
        for (const r of chunk) {
          const o: Record<string, unknown> = {};
          columns.forEach((c, i) => (o[c] = plainValue(r[i])));
          out += (rows === 0 ? '\n' : ',\n') + jsonText(o);
          rows++;
        }
        if (out) await opts.write(out);
      }
    }
  } catch (e) {
    if (e instanceof OutputClosed || e instanceof InputError) throw e;
    throw sqlError(e);
  }
  if (opts.format === 'json') await opts.write(rows ? '\n]\n' : ']\n');
  if (opts.format === 'table') {
    await opts.write(
      formatTable(
        columns,
        shown,
        columns.map((_, i) => shown.length > 0 && shown.every((r) => /^-?[\d.]+$/.test(r[i]) || r[i] === '')),
      ),
    );
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

/** CSV cells: formulas neutralised (as in every CSV kaoping writes); on a terminal, control characters escaped. */
function csvCell(v: unknown, terminal = false): unknown {
  if (v !== null && typeof v === 'object') v = JSON.stringify(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return terminal && typeof v === 'string' ? visible(v, true) : v;
}

/**
 * JSON text of a row: JSON.stringify already escapes C0 controls; DEL, C1
 * controls and bidi/line-separator characters become \u escapes too, so the
 * text is safe on a terminal and parses back to the same values.
 */
function jsonText(o: unknown): string {
  return JSON.stringify(o).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** DuckDB's error as one sentence a user can act on. */
export function sqlError(e: unknown): InputError {
  const msg = String((e as Error)?.message ?? e);
  const readOnly = /Cannot execute statement of type "(\w+)".*read-only/s.exec(msg);
  if (readOnly) {
    return new InputError(
      `The database is opened read-only for queries, so the ${readOnly[1]} statement was refused.`,
      `查询时数据库以只读方式打开,因此拒绝执行 ${readOnly[1]} 语句。`,
    );
  }
  if (/read-only mode/.test(msg)) {
    return new InputError(
      'The database is opened read-only for queries, so a statement that changes it was refused.',
      '查询时数据库以只读方式打开,因此拒绝执行修改数据库的语句。',
    );
  }
  if (/disabled by configuration|enable_external_access/i.test(msg)) {
    return new InputError(
      'Queries may not read or write files outside the database (pass --allow-external to allow it).',
      '查询不能读写数据库以外的文件(如确需读写,请加 --allow-external)。',
    );
  }
  const why = msg.split('\n')[0];
  return new InputError(`The SQL failed: ${why}`, `SQL 执行出错(DuckDB 的原话):${why}`);
}
