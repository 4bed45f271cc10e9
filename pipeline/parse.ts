/**
 * How a contract column is parsed, in SQL: text is trimmed (spaces, tabs,
 * line breaks, full-width spaces) and empty becomes NULL; dates in the four
 * spellings, booleans and enums in English or Chinese, integers, decimals
 * with at most 2 places. The loader
 * types every column while DuckDB reads the file (rawSelect: raw_<table>
 * holds the typed `<column>__v`, and the trimmed text where a check needs it).
 */
import type { Column, Table } from './contract.ts';
import { DATE_RANGE, sqlType } from './contract.ts';
import { Db, ident, sqlString } from './db.ts';

/**
 * Parsing macros: trimmed text, the four date spellings (the separator picks
 * the format: 10× faster than trying each), the boolean words, integers.
 * kp_int takes a plain integer only (ASCII digits, an optional sign): a bare
 * cast would also take, and round, 12.5, 1e1, 0x10, 0b1 and 1_0.
 * kp_text trims only a value that starts or ends blank, and tests that with
 * starts_with/ends_with (byte compares): 1.5× faster than s[1] IN (...),
 * which above a subquery DuckDB even turns into a join.
 */
export async function createParsers(db: Db): Promise<void> {
  const blanks = ["' '", 'chr(9)', 'chr(10)', 'chr(13)', 'chr(12288)'];
  await db.run(String.raw`
    CREATE OR REPLACE MACRO kp_text(s) AS CASE
      WHEN s = '' THEN NULL
      WHEN NOT (${blanks.map((b) => `starts_with(s, ${b}) OR ends_with(s, ${b})`).join(' OR ')}) THEN s
      ELSE nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(12288)), '') END;
    CREATE OR REPLACE MACRO kp_date(s) AS (CASE
      WHEN contains(s, '年') THEN try_strptime(s, '%Y年%m月%d日') WHEN contains(s, '/') THEN try_strptime(s, '%Y/%m/%d')
      WHEN contains(s, '.') THEN try_strptime(s, '%Y.%m.%d') ELSE try_strptime(s, '%Y-%m-%d') END)::DATE;
    CREATE OR REPLACE MACRO kp_bool(s) AS CASE s
      WHEN '是' THEN true WHEN '否' THEN false WHEN 'true' THEN true WHEN 'false' THEN false
      WHEN '1' THEN true WHEN '0' THEN false
      ELSE (CASE WHEN s IS NULL THEN false
                 WHEN lower(s) IN ('true', 'y') THEN true
                 WHEN lower(s) IN ('false', 'n') THEN false END) END;
    CREATE OR REPLACE MACRO kp_int(s) AS CASE WHEN regexp_full_match(s, '[+-]?[0-9]+') THEN try_cast(s AS INTEGER) END;
    CREATE OR REPLACE MACRO kp_decimal(s) AS CASE WHEN regexp_full_match(s, '[+-]?([0-9]+(\.[0-9]{1,2})?|\.[0-9]{1,2})')
      THEN try_cast(s AS DECIMAL(18, 2)) END;
  `);
}

/**
 * SQL expression parsing the (already trimmed, NULL when empty) text `src`
 * of column `c` to its typed value: NULL when empty or unparseable.
 */
export function parseExpr(c: Column, src = ident(c.name)): string {
  switch (c.type) {
    case 'date':
      return `kp_date(${src})`;
    case 'bool':
      return `kp_bool(${src})`;
    case 'int':
      return `kp_int(${src})`;
    case 'decimal':
      return `kp_decimal(${src})`;
    case 'enum': {
      // exact spellings first (no lower() on the common path: 3× faster), then English codes in any case
      const exact = Object.entries(c.values!).map(
        ([code, label]) => `WHEN ${sqlString(code)} THEN ${sqlString(code)} WHEN ${sqlString(label)} THEN ${sqlString(code)}`,
      );
      const anyCase = Object.keys(c.values!).map((code) => `WHEN ${sqlString(code)} THEN ${sqlString(code)}`);
      const lookup = `(CASE ${src} ${exact.join(' ')} ELSE (CASE lower(${src}) ${anyCase.join(' ')} END) END)`;
      return c.emptyAs ? `coalesce(${lookup}, CASE WHEN ${src} IS NULL THEN ${sqlString(c.emptyAs)} END)` : lookup;
    }
    default:
      return src;
  }
}

/** Name of the typed twin of column `c` in raw_<table> (text columns are their own twin). */
export const typed = (c: Column) => (c.type === 'text' ? ident(c.name) : ident(`${c.name}__v`));

/**
 * The text of column `c` in raw_<table>: a text column is its own; a typed
 * column's kept text (where a check quotes it, else NULL) is an element of
 * the row's `_text` list, which is NULL for a row with nothing to quote.
 */
export function textOf(t: Table, c: Column): string {
  if (c.type === 'text') return ident(c.name);
  return `_text[${t.columns.filter((x) => x.type !== 'text').indexOf(c) + 1}]`;
}

/** The four date spellings, as strptime formats. */
export const DATE_FORMATS = ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日'] as const;

/** The strptime format a date cell is written in (undefined when it is none of the four). */
export function dateFormatOf(cell: string | undefined): string | undefined {
  const s = cell?.trim() ?? '';
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(s)) return DATE_FORMATS[0];
  if (/^\d{4}\/\d{1,2}\/\d{1,2}$/.test(s)) return DATE_FORMATS[1];
  if (/^\d{4}\.\d{1,2}\.\d{1,2}$/.test(s)) return DATE_FORMATS[2];
  if (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(s)) return DATE_FORMATS[3];
  return undefined;
}

/**
 * The SELECT that reads a file into raw_<table>, typing every column as it is
 * read: `from(c)` gives each contract column's source cell (NULL::VARCHAR for
 * a column the file lacks), `extras` the file's other columns, `source` the
 * FROM clause (read_csv, with `_line`). The result has, per contract column:
 *
 * - `<column>` (text columns): the trimmed text, NULL when empty;
 * - `_text`: for typed columns, the list of their trimmed texts where they
 *   matter (the value is empty, does not parse, or fails a range or order
 *   check; see textOf), NULL for a row where none does: the table holds no
 *   second, text copy of every date and number, and one list column costs
 *   a third of the memory one text column per typed column did;
 * - `<column>__v` (typed columns): the parsed value, NULL when empty or
 *   unparseable (booleans read empty as false, enums with `emptyAs` as that).
 *
 * `dateFormats` names the spelling a date column is probably written in (from
 * the file's first row): that one is tried first, the separator-dispatched
 * kp_date only for cells it does not parse; the result is the same, 1.5×
 * faster on a file written in one spelling.
 */
export function rawSelect(
  t: Table,
  from: (c: Column) => string,
  extras: { src: string; name: string }[],
  source: string,
  dateFormats: Record<string, string | undefined> = {},
  trim = true,
): string {
  // a file whose cells cannot start or end blank (probeFile's blankEdges) needs no trimming
  const text = (x: string) => (trim ? `kp_text(${x})` : `nullif(${x}, '')`);
  // three levels, so each cell is trimmed and parsed once: (1) the cell as read, trimmed
  // text, and the date in its likely spelling; (2) the typed value; (3) the text a check needs
  const read: string[] = ['_line'],
    parse: string[] = ['_line'],
    keepText: string[] = ['_line'],
    out: string[] = ['_line'];
  const kept: string[] = [];
  const n = (name: string, suffix: string) => ident(`${name}__${suffix}`);
  for (const c of t.columns) {
    const src = from(c);
    const col = ident(c.name);
    if (c.type === 'text') {
      read.push(`${text(src)} AS ${col}`);
      parse.push(col);
      keepText.push(col);
      out.push(col);
      continue;
    }
    if (c.required && (c.type === 'bool' || c.emptyAs))
      throw new Error(`contract: ${t.name}.${c.name} reads empty as a value, so it cannot be required`);
    if (c.type === 'date') {
      const fmt = dateFormats[c.name];
      read.push(
        `${src} AS ${n(c.name, 's')}`,
        `${fmt ? `try_strptime(${src}, ${sqlString(fmt)})::DATE` : 'NULL::DATE'} AS ${n(c.name, 'p')}`,
      );
      parse.push(
        n(c.name, 's'),
        `CASE WHEN ${n(c.name, 'p')} IS NULL THEN ${parseExpr(c, text(n(c.name, 's')))} ELSE ${n(c.name, 'p')} END AS ${n(c.name, 'v')}`,
      );
    } else {
      read.push(`${text(src)} AS ${n(c.name, 't')}`);
      parse.push(n(c.name, 't'), `${parseExpr(c, n(c.name, 't'))}::${sqlType(c)} AS ${n(c.name, 'v')}`);
    }
    // the text is kept only where a check will quote it
    const v = n(c.name, 'v');
    const keep = [`${v} IS NULL`];
    if (c.type === 'date') keep.push(`year(${v}) NOT BETWEEN ${DATE_RANGE[0]} AND ${DATE_RANGE[1]}`);
    if (c.range) keep.push(`${v} NOT BETWEEN ${c.range[0]} AND ${c.range[1]}`);
    for (const o of t.columns) {
      if (o.notBefore === c.name) keep.push(`${n(o.name, 'v')} < ${v}`);
      if (c.notBefore === o.name) keep.push(`${v} < ${n(o.name, 'v')}`);
    }
    const cell = c.type === 'date' ? text(n(c.name, 's')) : n(c.name, 't');
    keepText.push(`CASE WHEN ${keep.join(' OR ')} THEN ${cell} END AS ${n(c.name, 'k')}`);
    kept.push(n(c.name, 'k'));
  }
  for (const c of t.columns) {
    if (c.type !== 'text') {
      keepText.push(n(c.name, 'v'));
      out.push(n(c.name, 'v'));
    }
  }
  out.push(
    kept.length
      ? `CASE WHEN ${kept.map((k) => `${k} IS NOT NULL`).join(' OR ')} THEN [${kept.join(', ')}] END AS _text`
      : 'NULL::VARCHAR[] AS _text',
  );
  read.push(...extras.map((e) => `${e.src} AS ${ident(e.name)}`));
  for (const list of [parse, keepText, out]) list.push(...extras.map((e) => ident(e.name)));
  return `SELECT ${out.join(', ')} FROM (SELECT ${keepText.join(', ')} FROM (SELECT ${parse.join(', ')} FROM (SELECT ${read.join(', ')} FROM ${source})))`;
}
