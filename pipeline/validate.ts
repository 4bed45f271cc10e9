/**
 * Validate: dbt-style checks over the raw tables. Each check is a SELECT that
 * returns the failing rows (line, value, reason); failing rows go to the
 * `rejects` table, and every row no check failed is in the typed table
 * (`offices`, `staff`, `documents`, ...: views of the raw tables). Tables are checked in contract
 * order, so references are checked against rows already loaded: a training
 * whose staff row was rejected is rejected too, and says why.
 */
import { DATE_RANGE, TABLES, type Column, type Table } from './contract.ts';
import { textOf, typed } from './parse.ts';
import { Db, ident, sqlString } from './db.ts';
import type { LoadResult } from './load.ts';
import { adjustmentChecks, type NamedItem } from './adjustments.ts';
import { rejectedKeys, type Check } from './check.ts';
import { createTables } from './schema.ts';

export type { Check } from './check.ts';

export interface FileSummary {
  table: string;
  file: string;
  encoding: string;
  sha256: string;
  bytes: number;
  rows: number;
  loaded: number;
  rejected: number;
  /** rows above the header (title rows): skipped, not data */
  titles: { line: number; text: string }[];
}

export interface Warning {
  table: string;
  message: string;
  message_zh: string;
}

export interface ValidateResult {
  files: FileSummary[];
  warnings: Warning[];
  rejectedRows: number;
}

/**
 * Tables an earlier run loaded and checked from byte-identical files
 * (reuse.ts): their raw_<table> are views of the rows it stored, their
 * rejects and rejected keys are the ones it left, and `files` are its file
 * summaries of them. They are not checked again.
 */
export interface ReusedTables {
  tables: string[];
  files: FileSummary[];
}

const q = (s: string) => sqlString(s);

/** The checks for one table, in the order they are reported. */
export function checksFor(t: Table): Check[] {
  const raw = ident(`raw_${t.name}`);
  const checks: Check[] = [];
  const add = (column: string, kind: Check['kind'], value: string, where: string, reason: string, reasonZh: string) => {
    const select = `_line, ${value} AS value, ${reason} AS reason, ${reasonZh} AS reason_zh`;
    checks.push({ table: t.name, column, kind, sql: `SELECT ${select} FROM ${raw} WHERE ${where}`, row: { where, select } });
  };

  for (const c of t.columns) {
    const col = textOf(t, c);
    const parsed = typed(c);
    if (c.required) {
      // a typed column keeps its text only where a check quotes it: empty means text and value both NULL
      add(
        c.name,
        'required',
        col,
        c.type === 'text' ? `${col} IS NULL` : `${col} IS NULL AND ${parsed} IS NULL`,
        q(`${c.name} is required but empty`),
        q(`必填项${c.alias}(${c.name})为空`),
      );
    }
    if (c.type !== 'text') {
      const [what, whatZh] = typeWords(c);
      add(
        c.name,
        'type',
        col,
        `${col} IS NOT NULL AND ${parsed} IS NULL`,
        `${q(`${c.name} `)} || ${col} || ${q(` is not ${what}`)}`,
        `${q(`${c.alias}(${c.name})“`)} || ${col} || ${q(`”不是${whatZh}`)}`,
      );
    }
    if (c.type === 'date') {
      const [lo, hi] = DATE_RANGE;
      add(
        c.name,
        'range',
        col,
        `year(${parsed}) NOT BETWEEN ${lo} AND ${hi}`,
        `${q(`${c.name} `)} || ${col} || ${q(` is outside ${lo}..${hi}`)}`,
        `${q(`${c.alias}(${c.name})“`)} || ${col} || ${q(`”不在${lo}至${hi}年之间`)}`,
      );
    }
    if (c.range) {
      const [lo, hi] = c.range;
      const en = hi >= 2147483647 ? `is below ${lo}` : `is outside ${lo}..${hi}`;
      const zh = hi >= 2147483647 ? `小于${lo}` : `不在${lo}至${hi}之间`;
      add(
        c.name,
        'range',
        col,
        `${parsed} NOT BETWEEN ${lo} AND ${hi}`,
        `${q(`${c.name} `)} || ${col} || ${q(` ${en}`)}`,
        `${q(`${c.alias}(${c.name})“`)} || ${col} || ${q(`”${zh}`)}`,
      );
    }
    if (c.notBefore) {
      const other = t.columns.find((o) => o.name === c.notBefore)!;
      const otherParsed = typed(other);
      add(
        c.name,
        'order',
        col,
        `${parsed} < ${otherParsed}`,
        `${q(`${c.name} `)} || ${col} || ${q(` is before ${other.name} `)} || ${textOf(t, other)}`,
        `${q(`${c.alias}(${c.name})“`)} || ${col} || ${q(`”早于${other.alias}“`)} || ${textOf(t, other)} || ${q('”')}`,
      );
    }
  }
  if (t.key) {
    const keys = t.key.map((k) => t.columns.find((c) => c.name === k)!);
    const keyExprs = keys.map((k) => typed(k));
    const text = (k: Column) => (k.type === 'text' ? ident(k.name) : `coalesce(${textOf(t, k)}, ${typed(k)}::VARCHAR)`);
    const shown = keys.length === 1 ? text(keys[0]) : keys.map((k) => `coalesce(${text(k)}, '')`).join(` || ', ' || `);
    const label = keys.map((k) => k.name).join(', ');
    const labelZh = keys.map((k) => k.alias).join('、');
    checks.push({
      table: t.name,
      column: label,
      kind: 'unique',
      sql: `SELECT _line, value, ${q(`duplicate ${label} `)} || value || ${q(': first at line ')} || first_line AS reason,
                   ${q(`${labelZh}“`)} || value || ${q('”重复,首次出现在第')} || first_line || ${q('行')} AS reason_zh
            FROM (SELECT _line, ${shown} AS value,
                         first_value(_line) OVER (PARTITION BY ${keyExprs.join(', ')} ORDER BY _line) AS first_line
                  FROM ${raw} r
                  -- only the keys that occur more than once (a hash aggregate is cheaper than sorting every row)
                  SEMI JOIN (SELECT ${keyExprs.map((k, i) => `${k} AS k${i}`).join(', ')} FROM ${raw}
                             WHERE ${keyExprs.map((k) => `${k} IS NOT NULL`).join(' AND ')} GROUP BY ALL HAVING count(*) > 1) d
                    ON ${keyExprs.map((k, i) => `d.k${i} = r.${k}`).join(' AND ')})
            WHERE _line > first_line`,
    });
  }
  for (const c of t.columns.filter((c) => c.ref)) {
    const target = TABLES.find((x) => x.name === c.ref)!;
    const key = ident(target.key![0]);
    const targetFile = `${target.name}.csv`;
    const col = ident(c.name);
    checks.push({
      table: t.name,
      column: c.name,
      kind: 'reference',
      sql: `SELECT r._line, r.${col} AS value,
              CASE WHEN bad.line IS NULL THEN ${q(`${c.name} `)} || r.${col} || ${q(` is not in ${targetFile}`)}
                   ELSE ${q(`${c.name} `)} || r.${col} || ${q(` refers to a row rejected at ${targetFile} line `)} || bad.line END AS reason,
              CASE WHEN bad.line IS NULL THEN ${q(`${c.alias}(${c.name})“`)} || r.${col} || ${q(`”在${target.alias}表中不存在`)}
                   ELSE ${q(`${c.alias}(${c.name})“`)} || r.${col} || ${q(`”对应的${target.alias}记录已被拒收(${targetFile}第`)} || bad.line || ${q('行)')} END AS reason_zh
            FROM ${raw} r
            ANTI JOIN ${ident(target.name)} ok ON ok.${key} = r.${col}
            LEFT JOIN (${rejectedKeys(target.name)}) bad ON bad.id = r.${col}
            WHERE r.${col} IS NOT NULL`,
    });
  }
  return checks;
}

/** The row key of `t` a reference or an exclusion names (its first key column, text), if it has one. */
function rowKey(t: Table): string | undefined {
  const c = t.key && t.columns.find((c) => c.name === t.key![0]);
  return c && c.type === 'text' ? c.name : undefined;
}

function typeWords(c: Column): [string, string] {
  switch (c.type) {
    case 'date':
      return ['a date (2023-03-05, 2023/3/5, 2023.3.5 or 2023年3月5日)', '有效日期(2023-03-05、2023/3/5、2023.3.5或2023年3月5日)'];
    case 'int':
      return ['a whole number', '整数'];
    case 'decimal':
      return ['a number with at most 2 decimals', '最多两位小数的数值'];
    case 'bool':
      return ['a yes/no value (true/false, 1/0, 是/否, Y/N)', '是否值(是/否、true/false、1/0、Y/N)'];
    case 'enum': {
      const list = Object.entries(c.values!)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return [`one of: ${list}`, `可选值之一(${list})`];
    }
    default:
      return ['text', '文本'];
  }
}

/**
 * The checks of one table read from file `f`: its structural rejects, then
 * each check's failing rows into `rejects`, then the rejected rows' keys.
 */
async function checkTable(
  db: Db,
  t: Table,
  f: LoadResult['files'][number],
  loaded: LoadResult,
  items: NamedItem[],
  reused: ReusedTables | undefined,
): Promise<void> {
  const fileName = f.file;
  if (f.structural.length > 0) await insertStructural(db, t.name, f);
  // the checks of one row alone read the rows that fail any of them, found in one scan
  const checks = checksFor(t);
  if (t.name === 'adjustments') checks.push(...adjustmentChecks(items, (name) => fileOf(loaded, name, reused)));
  const rowChecks = checks.filter((c) => c.row);
  await db.run(`CREATE OR REPLACE TEMP TABLE kp_failing AS SELECT * FROM ${ident(`raw_${t.name}`)}
    WHERE ${rowChecks.length ? rowChecks.map((c) => `(${c.row!.where})`).join(' OR ') : 'false'}`);
  const insert = (sql: string, c: Check) =>
    `SELECT $1, $2, _line, ${sqlString(c.column)}, value, ${sqlString(c.kind)}, reason, reason_zh FROM (${sql})`;
  if (rowChecks.length) {
    await db.run(
      `INSERT INTO rejects ${rowChecks.map((c) => insert(`SELECT ${c.row!.select} FROM kp_failing WHERE ${c.row!.where}`, c)).join(' UNION ALL ')}`,
      [t.name, fileName],
    );
  }
  for (const check of checks.filter((c) => !c.row)) await db.run(`INSERT INTO rejects ${insert(check.sql, check)}`, [t.name, fileName]);
  await db.run(`DROP TABLE kp_failing`);
  const key = rowKey(t);
  const office = t.columns.some((c) => c.name === 'office_id') ? 'r.office_id' : 'NULL';
  if (key || office !== 'NULL') {
    // the keys of the rejected rows, for the references to them checked later (and by a run that reuses this load),
    // and the offices they name
    const k = key ? `r.${ident(key)}` : 'NULL';
    await db.run(
      `INSERT INTO rejected_keys SELECT $1, r._line, ${k}, ${office} FROM ${ident(`raw_${t.name}`)} r
       SEMI JOIN (SELECT line FROM rejects WHERE "table" = $1) x ON x.line = r._line WHERE ${k} IS NOT NULL OR ${office} IS NOT NULL`,
      [t.name],
    );
  }
}

/**
 * Checks every loaded table. `items`: the scheme's items, which a points
 * adjustment must name (adjustments.ts); without them the default scheme's.
 * `reused`: the tables whose load and check an earlier run did; the rest are
 * checked here (their rejects replace the ones that run left of them).
 */
export async function validate(
  db: Db,
  loaded: LoadResult,
  onTable?: (file: string) => void,
  items: NamedItem[] = [],
  reused?: ReusedTables,
): Promise<ValidateResult> {
  if (reused) {
    const kept = reused.tables.map(sqlString).join(', ') || 'NULL';
    await db.run(`DELETE FROM rejects WHERE "table" NOT IN (${kept}); DELETE FROM rejected_keys WHERE "table" NOT IN (${kept})`);
    // a load stored before rejected_keys named the office (its reused rows name none)
    await db.run(`ALTER TABLE rejected_keys ADD COLUMN IF NOT EXISTS office_id VARCHAR`);
  } else await createTables(db, 'rejects', 'rejected_keys');
  const files: FileSummary[] = [];
  for (const t of TABLES) {
    const f = loaded.files.find((f) => f.table === t.name);
    if (reused?.tables.includes(t.name)) {
      const recorded = reused.files.find((r) => r.table === t.name);
      onTable?.(recorded?.file ?? `${t.name}.csv`);
      await createTyped(db, t);
      if (recorded) files.push(recorded);
      continue;
    }
    onTable?.(f?.file ?? `${t.name}.csv`);
    // a table without a file has no rows: nothing to check
    if (f) await checkTable(db, t, f, loaded, items, reused);
    await createTyped(db, t);
    if (f) {
      const loadedRows = Number(await db.scalar(`SELECT count(*) FROM ${ident(t.name)}`));
      const rejected = Number(await db.scalar(`SELECT count(DISTINCT line) FROM rejects WHERE "table" = $1`, [t.name]));
      files.push({
        table: t.name,
        file: f.file,
        encoding: f.encoding,
        sha256: f.sha256,
        bytes: f.bytes,
        rows: f.rows,
        loaded: loadedRows,
        rejected,
        titles: f.titles,
      });
      if (loadedRows + rejected !== f.rows) {
        throw new Error(`${f.file}: ${loadedRows} loaded + ${rejected} rejected does not equal its ${f.rows} data rows`);
      }
    }
  }
  const warnings: Warning[] = loaded.missing.map((m) => {
    const t = TABLES.find((t) => t.name === m)!;
    return {
      table: m,
      message: `${m}.csv (${t.alias}.csv) is missing: read as no rows`,
      message_zh: `缺少${t.alias}表(${m}.csv),按无数据处理`,
    };
  });
  warnings.push(...(await documentCountWarnings(db)));
  await createTables(db, 'input_files');
  for (const f of files) {
    await db.run(`INSERT INTO input_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      f.table,
      f.file,
      f.encoding,
      f.sha256,
      f.bytes,
      f.rows,
      f.loaded,
      f.rejected,
    ]);
  }
  // the title rows above each header, skipped (listed on the data-quality page)
  await createTables(db, 'skipped_rows');
  for (const f of files) {
    for (const r of f.titles) await db.run(`INSERT INTO skipped_rows VALUES ($1, $2, $3, $4)`, [f.table, f.file, r.line, r.text]);
  }
  await createTables(db, 'warnings');
  for (const w of warnings) await db.run(`INSERT INTO warnings VALUES ($1, $2, $3)`, [w.table, w.message, w.message_zh]);
  const rejectedRows = files.reduce((n, f) => n + f.rejected, 0);
  return { files, warnings, rejectedRows };
}

/**
 * The rows that could not be split into fields, in one append: a file can
 * hold hundreds of thousands of them (every row of a file with a wrong
 * header), and one INSERT each took minutes where the appender takes
 * well under a second.
 */
async function insertStructural(db: Db, table: string, f: LoadResult['files'][number]): Promise<void> {
  const appender = await db.conn.createAppender('rejects');
  try {
    for (const s of f.structural) {
      const [reason, reasonZh] = structuralReason(s, f.columns.length);
      appender.appendVarchar(table);
      appender.appendVarchar(f.file);
      appender.appendBigInt(BigInt(s.line));
      appender.appendVarchar('');
      appender.appendVarchar(s.value);
      appender.appendVarchar('structure');
      appender.appendVarchar(reason);
      appender.appendVarchar(reasonZh);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function structuralReason(s: { reason: string; fields?: number }, headerFields: number): [string, string] {
  switch (s.reason) {
    case 'fields':
      return [`the row has ${s.fields} fields but the header has ${headerFields}`, `该行有${s.fields}个字段,表头有${headerFields}个`];
    case 'quote':
      return ['text follows a closing quote (an unescaped " inside a quoted field)', '引号后紧跟其他字符(带引号字段中有未转义的")'];
    case 'nul':
      return ['the row contains a NUL byte', '该行含有NUL(空)字节'];
    case 'header':
      return ['the row repeats the header row (files pasted together?)', '该行重复了表头(文件拼接?)'];
    case 'unterminated':
      return ['a quoted field is never closed, so the rest of the file is one broken row', '带引号的字段没有结束引号,其后内容无法读取'];
    default:
      return ['the row is longer than 8 MiB', '该行超过8 MiB'];
  }
}

/**
 * Typed table: a temporary view of the raw table's parsed columns (plus the
 * file's extra columns) without the rejected rows. A view, not a copy: the raw table
 * already holds the typed values. After the run the same names are views of
 * the run's rows in all_<table> (history.ts).
 */
async function createTyped(db: Db, t: Table, filter?: string): Promise<void> {
  const raw = ident(`raw_${t.name}`);
  const cols = t.columns.map((c) => `r.${typed(c)} AS ${ident(c.name)}`);
  // the file's extra columns: the raw table's beyond _line, _text and the contract's (load.ts mapHeader keeps them apart)
  const own = new Set(['_line', '_text', ...t.columns.map((c) => (c.type === 'text' ? c.name : `${c.name}__v`))]);
  const extras = (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${raw})`))
    .map((r) => r.column_name)
    .filter((n) => !own.has(n))
    .map((n) => `r.${ident(n)}`);
  await db.run(`CREATE OR REPLACE TEMP VIEW ${ident(t.name)} AS
    SELECT r._line, ${[...cols, ...extras].join(', ')} FROM ${raw} r
    ANTI JOIN (SELECT line FROM rejects WHERE "table" = ${sqlString(t.name)}) x ON x.line = r._line${
      filter
        ? `
    WHERE ${filter}`
        : ''
    }`);
}

/** The file each table was read from (now, or by the run whose load is reused), as rejects and adjustments name it. */
function fileOf(loaded: LoadResult, table: string, reused?: ReusedTables): string {
  return (loaded.files.find((f) => f.table === table) ?? reused?.files.find((f) => f.table === table))?.file ?? `${table}.csv`;
}

/**
 * Redefines the typed view of `table` (its loaded rows) with an extra
 * condition on its raw row `r` (adjustments.ts: minus a year's exclusions),
 * or back to all loaded rows without one.
 */
export async function typedView(db: Db, table: string, filter?: string): Promise<void> {
  await createTyped(
    db,
    TABLES.find((t) => t.name === table)!,
    filter,
  );
}

async function documentCountWarnings(db: Db): Promise<Warning[]> {
  const rows = await db.all<{ office_id: string; year: number; documents: number; n: number }>(`
    SELECT c.office_id, c.year, c.documents, d.n FROM document_counts c
    JOIN (SELECT office_id, year(issued_on) AS year, count(*) AS n FROM documents GROUP BY ALL) d USING (office_id, year)
    WHERE d.n <> c.documents ORDER BY c.office_id, c.year`);
  return rows.map((r) => ({
    table: 'document_counts',
    message: `document_counts says office ${r.office_id} issued ${r.documents} documents in ${r.year}, but documents.csv has ${r.n} rows; the rows are used`,
    message_zh: `发文统计中单位${r.office_id}在${r.year}年发文${r.documents}件,但发文表有${r.n}条记录;以发文记录为准`,
  }));
}
