/**
 * results.xlsx (考评结果汇总表): the workbook the appraisal team hands to its
 * leaders, written with exceljs's streaming WorkbookWriter: the small
 * sheets' rows are written by RowWriter as they are read from DuckDB in
 * chunks; the big ones (失分依据, 拒收行: text and whole numbers) are written
 * by DuckDB itself, their rows' XML made in SQL batch by batch (sqlSheet),
 * so that no cell of a province's 320,000 evidence rows passes through JS.
 *
 * Sheets:
 * - 考评结果汇总表 / Summary: two merged header rows (单位编码, 单位名称,
 *   考核类别 merged down; each dimension "办文 (30分)" merged over its items
 *   and 小计; then 总分, 排名, 等次, 先进办公室, 一票否决 merged down); row 2
 *   holds each item's name with its max. One row per office, grouped by
 *   category in rank order (ORDER BY category, rank, office_id); the category
 *   is a column (so the sheet sorts and filters as a plain table), and a
 *   medium rule separates categories. Item points come from `indicators`
 *   (unrounded, shown with 2 decimals), subtotals and totals from `scores`.
 *   A vetoed office has 一票否决 = 是 and a red fill over its row.
 * - 先进个人, 主任待遇建议, 失分依据 (every evidence row: office, item,
 *   file, line, record id, reason; split into 失分依据 (2) ... beyond Excel's
 *   1,048,576 rows), 复核调整 (the adjustments applied in the year, only
 *   when it has any: what each did, its reason, who decided and when), 拒收行.
 *
 * Every sheet: numbers as numbers (points `0.00`, counts `0`), text as text
 * (a value starting with = + - @ is a string cell, never a formula), column
 * widths from the content (a CJK character counts 2), frozen header, A4
 * landscape fitted to one page wide, header rows repeated on every page,
 * the title (settings.title or "YEAR年度办公室工作考评") and organ in the page
 * header and "第 N 页 共 M 页" in the footer.
 */
import type ExcelJS from 'exceljs';
import type { Db } from '../pipeline/db.ts';
import type { Scheme } from '../pipeline/scheme.ts';
import type { Settings } from '../pipeline/settings.ts';
import { tier as tierWord } from '../words/common.ts';
import type { Lang } from '../words/index.ts';
import { w } from '../words/documents.ts';
import { t } from '../words/report.ts';
import { displayWidth } from '../pipeline/text.ts';
import { BookWriter, colName, xmlSpecialSql, xmlText, xmlTextSql, type RowWriter, type SqlColumn } from './ooxml/xlsx.ts';

/** Excel's limit: rows per worksheet. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's limit: characters in a cell. */
const CELL_MAX_CHARS = 32_767;

/** Display width in Excel's column units: a CJK (wide) character is about 2, as on a terminal. */
export const textWidth = displayWidth;

/** The same width in SQL (UTF-8 bytes: ASCII 1, CJK 3 → (bytes + chars) / 2 ≈ 1 and 2). */
const widthSql = (expr: string) => `coalesce(max(ceil((strlen(${expr}) + length(${expr})) / 2)), 0)::INTEGER`;

type Kind = 'text' | 'num' | 'int' | 'center';
interface Col {
  header: string;
  kind: Kind;
  width: number;
}

const GREY = 'FFBFBFBF';
const thin = { style: 'thin', color: { argb: GREY } } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  border: { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } },
};
const VETO_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } };

function columnStyle(kind: Kind, variant: { veto?: boolean; top?: boolean } = {}): Partial<ExcelJS.Style> {
  const s: Partial<ExcelJS.Style> = {
    border: variant.top ? { ...BORDER, top: { style: 'medium' } } : BORDER,
    alignment: { vertical: 'middle', horizontal: kind === 'text' ? 'left' : kind === 'num' ? 'right' : 'center' },
  };
  if (kind === 'num') s.numFmt = '0.00';
  if (kind === 'int') s.numFmt = '0';
  if (variant.veto) s.fill = VETO_FILL;
  return s;
}

/**
 * One style object per kind and variant, shared by every cell that has it:
 * exceljs remembers the style id of an object it has seen (a WeakMap), so a
 * shared object costs one lookup per cell instead of rendering the style's
 * XML again for each of millions of cells.
 */
const KINDS: Kind[] = ['text', 'num', 'int', 'center'];
const variants = (v: { veto?: boolean; top?: boolean }) =>
  Object.fromEntries(KINDS.map((k) => [k, columnStyle(k, v)])) as Record<Kind, Partial<ExcelJS.Style>>;
const STYLES = {
  plain: variants({}),
  veto: variants({ veto: true }),
  top: variants({ top: true }),
  vetoTop: variants({ veto: true, top: true }),
};

/** Text for a cell: at most Excel's 32,767 characters. Never a formula: exceljs writes a string as a string cell. */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.length > CELL_MAX_CHARS ? s.slice(0, CELL_MAX_CHARS - 1) + '…' : s;
}
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Astral characters (two UTF-16 units, one in DuckDB's length) in a VARCHAR expression. */
const astral = (v: string) => `(length(${v}) - length(regexp_replace(${v}, '[\\x{10000}-\\x{10FFFF}]', '', 'g')))`;
/**
 * text() in SQL, for a sheet DuckDB writes: the value as VARCHAR, at most Excel's 32,767 characters (UTF-16 units,
 * as Excel and JS count them), cut with "…" like text(); a cut never splits a character beyond the BMP.
 */
function textSql(expr: string): string {
  const v = `(${expr})::VARCHAR`;
  const keep = `left(${v}, ${CELL_MAX_CHARS - 1})`;
  return `CASE WHEN strlen(${v}) <= ${CELL_MAX_CHARS} OR length(${v}) + ${astral(v)} <= ${CELL_MAX_CHARS} THEN ${v}
    ELSE left(${v}, ${CELL_MAX_CHARS - 1} - ${astral(keep)}) || '…' END`;
}

/** A text cell's XML text in SQL: textSql, then escaped (xmlTextSql); in JS: text(), then xmlText. */
const cellSql = (expr: string) => xmlTextSql(textSql(expr));
const cellText = (v: string) => xmlText(text(v)!);

/** A JS map as a SQL relation (k, v) of cell XML text, for a left join in a sheet DuckDB writes. */
function lookupSql(map: ReadonlyMap<string, string>): string {
  const lit = (x: string) => `'${x.replaceAll("'", "''")}'`;
  return map.size
    ? `(SELECT * FROM (VALUES ${[...map].map(([k, v]) => `(${lit(k)}, ${lit(cellText(v))})`).join(', ')}) t(k, v))`
    : `(SELECT NULL::VARCHAR AS k, NULL::VARCHAR AS v WHERE false)`;
}

/** A header/footer section: `&` is doubled so data never becomes a code. */
const hf = (s: string) => s.replace(/&/g, '&&');

/** The page header: organ left, title centre, sheet right; Excel allows 255 characters in all. */
function pageHeader(title: string, organ: string | undefined, sheet: string): string {
  const centre = `&C&"-,Bold"${hf(title)}`;
  const right = `&R${hf(sheet)}`;
  let left = organ ? `&L${hf(organ)}` : '';
  if (left.length + centre.length + right.length > 255) left = '';
  const s = left + centre + right;
  return s.length > 255 ? `&C&"-,Bold"${hf(title).slice(0, 230).replace(/&$/, '')}` : s;
}

interface Ctx {
  wb: BookWriter;
  lang: Lang;
  title: string;
  organ?: string;
  maxRows: number;
  onProgress?: (sheet: string, rows: number) => void;
  /** widest office name (display width) */
  nameWidth: number;
}

function addSheet(ctx: Ctx, name: string, cols: Col[], headerRows: number, xSplit: number, autoFilter: boolean): ExcelJS.Worksheet {
  const last = colName(cols.length);
  const ws = ctx.wb.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit,
        ySplit: headerRows,
        topLeftCell: `${colName(xSplit + 1)}${headerRows + 1}`,
        activeCell: `${colName(xSplit + 1)}${headerRows + 1}`,
      },
    ],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${headerRows}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: pageHeader(ctx.title, ctx.organ, name), oddFooter: `&C${w(ctx.lang, 'sheetFooter')}` },
    properties: { defaultRowHeight: 18 },
    autoFilter: autoFilter ? `A${headerRows}:${last}${headerRows}` : undefined,
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = cols.map((c) => ({ width: c.width, style: columnStyle(c.kind) }));
  return ws;
}

function headerCell(row: ExcelJS.Row, col: number, value: string | null): void {
  const cell = row.getCell(col);
  cell.value = value;
  cell.style = HEADER_STYLE;
}

/** A one-row header, committed. */
function oneHeader(ws: ExcelJS.Worksheet, cols: Col[]): void {
  const row = ws.getRow(1);
  cols.forEach((c, i) => headerCell(row, i + 1, c.header));
  row.height = headerHeight(cols.map((c) => [c.header, c.width]));
  row.commit();
}

/** Row height (points) for wrapped header texts in columns of these widths. */
function headerHeight(cells: [string, number][]): number {
  const lines = Math.max(1, ...cells.map(([s, width]) => Math.ceil(textWidth(s) / Math.max(1, width - 1.5))));
  return Math.max(20, lines * 15 + 5);
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
/** Width of a text column from its header and widest value. */
const fit = (header: string, data: number, max = 50) => clamp(Math.max(textWidth(header), data) + 2, 8, max);

/**
 * Rows of a query in chunks (DuckDB's streaming result, about 2,000 rows
 * each), as JS values; the next chunk is fetched while this one is written.
 */
async function* chunks(db: Db, sql: string, params: unknown[] = []): AsyncGenerator<unknown[][]> {
  const result = params.length ? await db.conn.stream(sql, params as never) : await db.conn.stream(sql);
  let next = result.fetchChunk();
  for (;;) {
    const chunk = await next;
    if (!chunk || chunk.rowCount === 0) return;
    next = result.fetchChunk();
    yield chunk.getRows() as unknown[][]; // VARCHAR, DOUBLE, INTEGER and BOOLEAN are JS values already
  }
}

/** Summary rows written between two hand-overs to the package (and progress reports). */
const SUMMARY_CHUNK = 2048;

async function tableExists(db: Db, name: string): Promise<boolean> {
  const n = await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [name]);
  return Number(n) > 0;
}

const maxLabel = (lang: Lang, n: number) => w(lang, 'maxPoints', { max: trimNum(n) });
const trimNum = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Writes results.xlsx for `year` to `file`. `opts.maxRows` (default Excel's
 * 1,048,576) is the row limit at which the evidence sheet continues on
 * 失分依据 (2) and so on; `opts.onProgress` hears the sheet being written
 * and its rows so far, after every chunk (about 2,000 rows).
 */
export async function writeWorkbook(
  db: Db,
  scheme: Scheme,
  year: number,
  file: string,
  lang: Lang,
  settings: Settings,
  opts: { maxRows?: number; onProgress?: (sheet: string, rows: number) => void } = {},
): Promise<void> {
  const wb = await BookWriter.open(file);
  wb.creator = 'kaoping';
  const title = settings.title ?? t(lang, 'brandTitle', { year });
  (wb as unknown as { title?: string }).title = title;
  const ctx: Ctx = {
    wb,
    lang,
    title,
    organ: settings.organ,
    maxRows: Math.max(3, opts.maxRows ?? EXCEL_MAX_ROWS),
    onProgress: opts.onProgress,
    nameWidth: 0,
  };
  const files = new Map(
    ((await tableExists(db, 'input_files'))
      ? await db.all<{ table: string; file: string }>(`SELECT "table", file FROM input_files`)
      : []
    ).map((r) => [r.table, r.file]),
  );
  // DuckDB numbers the evidence rows (the workbook's largest query) while JS writes the summary's rows
  let evidence: Promise<Numbered> | undefined;
  try {
    await summarySheet(db, scheme, year, ctx, () => {
      evidence = numberRows(db, evidenceRows(scheme, year, lang, files));
      evidence.catch(() => undefined); // awaited below; a failure is thrown there
    });
    const numbered = await evidence!;
    await individualsSheet(db, year, ctx);
    await recommendationsSheet(db, scheme, year, ctx);
    await evidenceSheets(db, scheme, year, ctx, files, numbered);
    if (await yearHasAdjustments(db, year)) await adjustmentsSheet(db, scheme, year, ctx, files);
    await rejectsSheet(db, ctx);
    await wb.commit();
  } catch (e) {
    await wb.abandon();
    if (evidence) await evidence.then((n) => dropRows(db, n)).catch(() => undefined);
    throw e;
  }
}

/** The summary sheet; `read` is called once its last query has been read, before its rows are written (JS alone). */
async function summarySheet(db: Db, scheme: Scheme, year: number, ctx: Ctx, read: () => void): Promise<void> {
  const { lang } = ctx;
  const name = (x: { name: string; name_en: string }) => (lang === 'zh' ? x.name : x.name_en || x.name);
  const widths = (await db.one<{ id: number; name: number; category: number }>(
    `SELECT ${widthSql('office_id')} AS id, ${widthSql('office_name')} AS name, ${widthSql('category')} AS category FROM scores WHERE year = $1`,
    [year],
  ))!;
  const yes = t(lang, 'yes'),
    no = t(lang, 'no');
  const lead: Col[] = [
    { header: t(lang, 'officeId'), kind: 'text', width: fit(t(lang, 'officeId'), widths.id, 24) },
    { header: w(lang, 'officeName'), kind: 'text', width: fit(w(lang, 'officeName'), (ctx.nameWidth = widths.name)) },
    { header: t(lang, 'category'), kind: 'text', width: fit(t(lang, 'category'), widths.category, 24) },
  ];
  const numCol = (header: string): Col => ({ header, kind: 'num', width: clamp(textWidth(header) + 2, 9, lang === 'zh' ? 12 : 14) });
  const dimCols = scheme.dimensions.map((d) => ({
    d,
    items: d.items.map((it) => numCol(`${name(it)} ${maxLabel(lang, it.max)}`)),
    subtotal: numCol(w(lang, 'subtotal')),
  }));
  const tail: Col[] = [
    { header: t(lang, 'total'), kind: 'num', width: 9 },
    { header: t(lang, 'rank'), kind: 'int', width: 7 },
    { header: t(lang, 'tier'), kind: 'center', width: lang === 'zh' ? 8 : 11 },
    { header: t(lang, 'commended'), kind: 'center', width: lang === 'zh' ? 12 : 12 },
    { header: t(lang, 'vetoed'), kind: 'center', width: lang === 'zh' ? 10 : 9 },
  ];
  const cols = [...lead, ...dimCols.flatMap((g) => [...g.items, g.subtotal]), ...tail];
  const ws = addSheet(ctx, w(lang, 'sheetSummary'), cols, 2, 2, false);

  // header rows: row 1 groups, row 2 items and subtotals
  const r1 = ws.getRow(1),
    r2 = ws.getRow(2);
  let c = 1;
  const downs: number[] = [];
  for (const col of lead) {
    headerCell(r1, c, col.header);
    headerCell(r2, c, null);
    downs.push(c++);
  }
  const groups: [number, number][] = [];
  for (const g of dimCols) {
    const from = c;
    headerCell(r1, c, `${name(g.d)} ${maxLabel(lang, g.d.points)}`);
    for (const col of [...g.items, g.subtotal]) {
      if (c > from) headerCell(r1, c, null);
      headerCell(r2, c++, col.header);
    }
    groups.push([from, c - 1]);
  }
  for (const col of tail) {
    headerCell(r1, c, col.header);
    headerCell(r2, c, null);
    downs.push(c++);
  }
  for (const k of downs) ws.mergeCells(1, k, 2, k);
  for (const [a, b] of groups) if (b > a) ws.mergeCells(1, a, 1, b);
  r1.height = 24;
  r2.height = headerHeight(cols.slice(lead.length, cols.length - tail.length).map((x) => [x.header, x.width]));
  r1.commit();
  r2.commit();

  // data: one query, items pivoted from indicators, subtotals from scores, its columns in the sheet's order
  const items = scheme.dimensions.flatMap((d) => d.items);
  const pivot = items.map((it, k) => `max(points) FILTER (WHERE indicator = $${k + 2}) AS i${k}`);
  const dimSql = scheme.dimensions.map((d) => [
    ...d.items.map((it) => `p.i${items.indexOf(it)}`),
    `s."${d.id.replaceAll('"', '""')}"::DOUBLE`,
  ]);
  const sql = `
    SELECT s.office_id, s.office_name, s.category, ${[...dimSql.flat(), ''].join(', ')}
           s.total::DOUBLE, s.rank::INTEGER, s.tier, s.commended, s.vetoed
    FROM scores s LEFT JOIN (SELECT office_id${pivot.map((x) => ', ' + x).join('')} FROM indicators WHERE year = $1 GROUP BY office_id) p
      ON p.office_id = s.office_id
    WHERE s.year = $1
    ORDER BY s.category, s.rank, s.office_id`;
  const numbers = 3 + dimSql.flat().length + 2; // the columns before 等次
  let rowNo = 2;
  let lastCategory: string | undefined;
  const out = ctx.wb.rows(ws, cols.length);
  const styleRow = (v: Record<Kind, Partial<ExcelJS.Style>>) => cols.map((c) => v[c.kind]);
  const rowStyles = {
    plain: styleRow(STYLES.plain),
    veto: styleRow(STYLES.veto),
    top: styleRow(STYLES.top),
    vetoTop: styleRow(STYLES.vetoTop),
  };
  const reader = await db.conn.runAndReadAll(sql, [year, ...items.map((it) => it.id)] as never);
  const v = reader.getColumns() as unknown[][];
  read();
  for (let from = 0; from < reader.currentRowCount; from += SUMMARY_CHUNK) {
    for (let r = from; r < Math.min(reader.currentRowCount, from + SUMMARY_CHUNK); r++) {
      const values: (string | number | null)[] = [text(v[0][r]), text(v[1][r]), text(v[2][r])];
      for (let k = 3; k < numbers; k++) values.push(num(v[k][r]));
      const vetoed = v[numbers + 2][r] === true;
      values.push(tierWord(String(v[numbers][r] ?? ''), lang), v[numbers + 1][r] === true ? yes : no, vetoed ? yes : no);
      const category = String(v[2][r] ?? '');
      const top = lastCategory !== undefined && category !== lastCategory;
      lastCategory = category;
      out.row(++rowNo, values, vetoed ? (top ? rowStyles.vetoTop : rowStyles.veto) : top ? rowStyles.top : rowStyles.plain);
    }
    await out.flush();
    ctx.onProgress?.(ws.name, rowNo - 2);
  }
  ws.commit();
}

async function individualsSheet(db: Db, year: number, ctx: Ctx): Promise<void> {
  const { lang } = ctx;
  const sql = `
    SELECT p.rank::INTEGER, p.name, p.person_id, p.office_id, s.office_name, p.points::DOUBLE
    FROM individuals p LEFT JOIN scores s ON s.year = p.year AND s.office_id = p.office_id
    WHERE p.year = $1 ORDER BY p.rank, p.person_id`;
  const wd = await widths(db, sql, [year], ['name', 'person_id', 'office_id', 'office_name']);
  const cols: Col[] = [
    { header: t(lang, 'rank'), kind: 'int', width: 7 },
    { header: t(lang, 'person'), kind: 'text', width: fit(t(lang, 'person'), wd.name, 24) },
    { header: t(lang, 'personId'), kind: 'text', width: fit(t(lang, 'personId'), wd.person_id, 24) },
    { header: t(lang, 'officeId'), kind: 'text', width: fit(t(lang, 'officeId'), wd.office_id, 24) },
    { header: w(lang, 'officeName'), kind: 'text', width: fit(w(lang, 'officeName'), wd.office_name) },
    { header: t(lang, 'points'), kind: 'num', width: 9 },
  ];
  await plainSheet(db, ctx, w(lang, 'sheetIndividuals'), cols, sql, [year], t(lang, 'noIndividuals'), (r) => [
    num(r[0]),
    text(r[1]),
    text(r[2]),
    text(r[3]),
    text(r[4]),
    num(r[5]),
  ]);
}

async function recommendationsSheet(db: Db, scheme: Scheme, year: number, ctx: Ctx): Promise<void> {
  const { lang } = ctx;
  const recommendation = lang === 'zh' ? scheme.directors.name : scheme.directors.name_en || scheme.directors.name;
  const sql = `
    SELECT d.person_id, d.name, d.office_id, s.office_name, d.age::INTEGER, d.director_years::INTEGER
    FROM recommendations d LEFT JOIN scores s ON s.year = d.year AND s.office_id = d.office_id
    WHERE d.year = $1 ORDER BY d.office_id, d.person_id`;
  const wd = await widths(db, sql, [year], ['person_id', 'name', 'office_id', 'office_name']);
  const cols: Col[] = [
    { header: t(lang, 'personId'), kind: 'text', width: fit(t(lang, 'personId'), wd.person_id, 24) },
    { header: t(lang, 'person'), kind: 'text', width: fit(t(lang, 'person'), wd.name, 24) },
    { header: t(lang, 'officeId'), kind: 'text', width: fit(t(lang, 'officeId'), wd.office_id, 24) },
    { header: w(lang, 'officeName'), kind: 'text', width: fit(w(lang, 'officeName'), wd.office_name) },
    { header: t(lang, 'age'), kind: 'int', width: 7 },
    { header: t(lang, 'directorYears'), kind: 'int', width: clamp(textWidth(t(lang, 'directorYears')) + 2, 8, 20) },
    { header: t(lang, 'recommendation'), kind: 'text', width: fit(t(lang, 'recommendation'), textWidth(recommendation), 60) },
  ];
  await plainSheet(db, ctx, w(lang, 'sheetRecommendations'), cols, sql, [year], t(lang, 'noRecommendations'), (r) => [
    text(r[0]),
    text(r[1]),
    text(r[2]),
    text(r[3]),
    num(r[4]),
    num(r[5]),
    recommendation,
  ]);
}

/** The evidence rows as a sheet DuckDB writes: office, item, file, line, record id, reason (evidenceSheets). */
function evidenceRows(scheme: Scheme, year: number, lang: Lang, files: Map<string, string>): SqlRowsSpec {
  const itemName = new Map(scheme.items.map((it) => [it.id, lang === 'zh' ? it.name : it.name_en || it.name]));
  return {
    kinds: ['text', 'text', 'text', 'text', 'int', 'text', 'text'],
    // the office's code and name, with its place in the order (category, rank, code), made once per office from scores;
    // the item's and the file's names from the scheme and input_files
    select: [
      { xml: `coalesce(s.id_x, ${cellSql('e.office_id')})` },
      { xml: 's.name_x' },
      { xml: `coalesce(it.v, ${cellSql('e.indicator')})` },
      { xml: `coalesce(f.v, ${cellSql('e.source')})` },
      'e.line',
      'e.row_id',
      evidenceReason(lang),
    ],
    from: `FROM evidence e
      LEFT JOIN (SELECT office_id, row_number() OVER (ORDER BY category, rank, office_id) AS place,
                        ${cellSql('office_id')} AS id_x, ${cellSql('office_name')} AS name_x
                 FROM scores WHERE year = ${Number(year)}) s ON s.office_id = e.office_id
      LEFT JOIN indicators i ON i.year = e.year AND i.office_id = e.office_id AND i.indicator = e.indicator
      LEFT JOIN ${lookupSql(itemName)} it ON it.k = e.indicator
      LEFT JOIN ${lookupSql(files)} f ON f.k = e.source
      WHERE e.year = ${Number(year)}`,
    // = category, rank, office_id, ...: an office's place is unique, offices missing from scores come last by code
    order: 's.place, e.office_id, i.seq, e.source, e.line, e.row_id',
  };
}

const evidenceReason = (lang: Lang) => (lang === 'zh' ? 'coalesce(e.detail_zh, e.detail)' : 'coalesce(e.detail, e.detail_zh)');

/** 失分依据 (and 失分依据 (2) ... past ctx.maxRows), from the rows numberRows made of evidenceRows. */
async function evidenceSheets(db: Db, scheme: Scheme, year: number, ctx: Ctx, files: Map<string, string>, rows: Numbered): Promise<void> {
  const { lang } = ctx;
  const itemName = new Map(scheme.items.map((it) => [it.id, lang === 'zh' ? it.name : it.name_en || it.name]));
  const reason = evidenceReason(lang);
  // widths from evidence alone (a third of the cost): its left joins neither drop nor add a value, and max() does not count repeats
  const alone = `SELECT e.office_id, e.row_id, ${reason} AS reason FROM evidence e WHERE e.year = $1`;
  const wd = await widths(db, alone, [year], ['office_id', 'row_id', 'reason']);
  const items = Math.max(0, ...[...itemName.values()].map(textWidth));
  const fileWidth = Math.max(0, ...[...files.values()].map(textWidth));
  const cols: Col[] = [
    { header: t(lang, 'officeId'), kind: 'text', width: fit(t(lang, 'officeId'), wd.office_id, 24) },
    { header: w(lang, 'officeName'), kind: 'text', width: fit(w(lang, 'officeName'), ctx.nameWidth) },
    { header: t(lang, 'item'), kind: 'text', width: fit(t(lang, 'item'), items, 40) },
    { header: t(lang, 'file'), kind: 'text', width: fit(t(lang, 'file'), Math.max(fileWidth, 12), 40) },
    { header: t(lang, 'line'), kind: 'int', width: 8 },
    { header: w(lang, 'rowId'), kind: 'text', width: fit(w(lang, 'rowId'), wd.row_id, 30) },
    { header: t(lang, 'reason'), kind: 'text', width: fit(t(lang, 'reason'), wd.reason, 70) },
  ];
  await sqlSheet(db, ctx, w(lang, 'sheetEvidence'), cols, t(lang, 'noEvidence'), rows);
}

/**
 * The adjustments applied in the year's appraisal (复核调整: adjustments_applied), by office and id, each with what
 * it did: a points adjustment its item, points, and the item's points before and after (indicators.adjustment); an
 * exclusion the file, line and record id of the row it took out (excluded_rows).
 */
async function adjustmentsSheet(db: Db, scheme: Scheme, year: number, ctx: Ctx, files: Map<string, string>): Promise<void> {
  const { lang } = ctx;
  const itemName = new Map(scheme.items.map((it) => [it.id, lang === 'zh' ? it.name : it.name_en || it.name]));
  const action: Record<string, string> = { exclude: t(lang, 'actionExclude'), points: t(lang, 'actionPoints') };
  const sql = `
    SELECT a.adjustment_id, a.office_id, s.office_name, a.action, a.indicator, a.points,
           CASE WHEN a.action = 'points' THEN i.points - coalesce(i.adjustment, 0) END AS before,
           CASE WHEN a.action = 'points' THEN i.points END AS after,
           coalesce(x.file, a.source) AS file, x.line::DOUBLE AS line, a.row_id, a.reason, a.decided_by,
           strftime(a.decided_on, '%Y-%m-%d') AS decided_on
    FROM adjustments_applied a
    LEFT JOIN scores s ON s.year = a.year AND s.office_id = a.office_id
    LEFT JOIN indicators i ON i.year = a.year AND i.office_id = a.office_id AND i.indicator = a.indicator
    LEFT JOIN excluded_rows x ON x.year = a.year AND x.adjustment_id = a.adjustment_id
    WHERE a.year = $1
    ORDER BY a.office_id, a.adjustment_id`;
  const wd = await widths(db, sql, [year], ['adjustment_id', 'office_id', 'office_name', 'file', 'row_id', 'reason', 'decided_by']);
  const items = Math.max(0, ...[...itemName.values()].map(textWidth));
  const cols: Col[] = [
    { header: w(lang, 'adjustmentId'), kind: 'text', width: fit(w(lang, 'adjustmentId'), wd.adjustment_id, 24) },
    { header: t(lang, 'officeId'), kind: 'text', width: fit(t(lang, 'officeId'), wd.office_id, 24) },
    { header: w(lang, 'officeName'), kind: 'text', width: fit(w(lang, 'officeName'), wd.office_name) },
    { header: w(lang, 'action'), kind: 'text', width: fit(w(lang, 'action'), Math.max(...Object.values(action).map(textWidth)), 20) },
    { header: t(lang, 'item'), kind: 'text', width: fit(t(lang, 'item'), items, 40) },
    { header: w(lang, 'adjPoints'), kind: 'num', width: clamp(textWidth(w(lang, 'adjPoints')) + 2, 8, 14) },
    { header: w(lang, 'pointsBefore'), kind: 'num', width: clamp(textWidth(w(lang, 'pointsBefore')) + 2, 8, 14) },
    { header: w(lang, 'pointsAfter'), kind: 'num', width: clamp(textWidth(w(lang, 'pointsAfter')) + 2, 8, 14) },
    { header: t(lang, 'file'), kind: 'text', width: fit(t(lang, 'file'), wd.file, 40) },
    { header: t(lang, 'line'), kind: 'int', width: 8 },
    { header: w(lang, 'rowId'), kind: 'text', width: fit(w(lang, 'rowId'), wd.row_id, 30) },
    { header: w(lang, 'adjReason'), kind: 'text', width: fit(w(lang, 'adjReason'), wd.reason, 60) },
    { header: w(lang, 'decidedBy'), kind: 'text', width: fit(w(lang, 'decidedBy'), wd.decided_by, 24) },
    { header: w(lang, 'decidedOn'), kind: 'text', width: fit(w(lang, 'decidedOn'), 10, 14) },
  ];
  await plainSheet(db, ctx, w(lang, 'sheetAdjustments'), cols, sql, [year], w(lang, 'noAdjustments'), (r) => [
    text(r[0]),
    text(r[1]),
    text(r[2]),
    text(action[String(r[3])] ?? r[3]),
    text(r[4] === null ? null : (itemName.get(String(r[4])) ?? r[4])),
    num(r[5]),
    num(r[6]),
    num(r[7]),
    text(files.get(String(r[8])) ?? r[8]),
    num(r[9]),
    text(r[10]),
    text(r[11]),
    text(r[12]),
    text(r[13]),
  ]);
}

/** Whether the year's appraisal applied adjustments (a database from before them has no adjustments_applied: none). */
async function yearHasAdjustments(db: Db, year: number): Promise<boolean> {
  if (!(await tableExists(db, 'adjustments_applied'))) return false;
  return Number(await db.scalar(`SELECT count(*) FROM adjustments_applied WHERE year = $1`, [year])) > 0;
}

async function rejectsSheet(db: Db, ctx: Ctx): Promise<void> {
  const { lang } = ctx;
  const exists = await tableExists(db, 'rejects');
  const rows: SqlRowsSpec = {
    kinds: ['text', 'int', 'text', 'text', 'text'],
    select: ['file', 'line', `nullif("column", '')`, 'value', lang === 'zh' ? 'coalesce(reason_zh, reason)' : 'reason'],
    from: exists
      ? 'FROM rejects'
      : `FROM (SELECT NULL::VARCHAR AS file, NULL::BIGINT AS line, NULL::VARCHAR AS "column", NULL::VARCHAR AS value,
          NULL::VARCHAR AS reason, NULL::VARCHAR AS reason_zh) WHERE false`,
    order: 'file, line, "column", reason',
  };
  const names = ['file', 'line', 'column', 'value', 'reason'];
  const wd = await widths(
    db,
    `SELECT ${rows.select.map((e, i) => `${e} AS "${names[i]}"`).join(', ')} ${rows.from}`,
    [],
    ['file', 'column', 'value', 'reason'],
  );
  const cols: Col[] = [
    { header: t(lang, 'file'), kind: 'text', width: fit(t(lang, 'file'), wd.file, 40) },
    { header: t(lang, 'line'), kind: 'int', width: 8 },
    { header: t(lang, 'column'), kind: 'text', width: fit(t(lang, 'column'), wd.column, 24) },
    { header: t(lang, 'value'), kind: 'text', width: fit(t(lang, 'value'), wd.value, 40) },
    { header: t(lang, 'reason'), kind: 'text', width: fit(t(lang, 'reason'), wd.reason, 70) },
  ];
  await sqlSheet(db, ctx, w(lang, 'sheetRejects'), cols, t(lang, 'noRejects'), await numberRows(db, rows));
}

/** Widest value (display width) of each named column of `sql` (bound $1 = year). */
async function widths(db: Db, sql: string, params: unknown[], columns: string[]): Promise<Record<string, number>> {
  const list = columns.map((c) => `${widthSql(`left("${c}", 200)`)} AS "${c}"`).join(', ');
  const inner = sql.replace(/\s+ORDER BY[\s\S]*$/, '');
  return (await db.one<Record<string, number>>(`SELECT ${list} FROM (${inner})`, params.length ? (params as never) : undefined))!;
}

/**
 * A sheet with one header row and a row per result row; past ctx.maxRows it
 * continues on "NAME (2)", "NAME (3)" ..., each with its header.
 */
async function plainSheet(
  db: Db,
  ctx: Ctx,
  name: string,
  cols: Col[],
  sql: string,
  params: unknown[],
  empty: string,
  toRow: (r: unknown[]) => (string | number | null)[],
): Promise<void> {
  let part = 1;
  let ws = addSheet(ctx, name, cols, 1, 0, true);
  oneHeader(ws, cols);
  let rowNo = 1;
  const styles = cols.map((c) => STYLES.plain[c.kind]);
  let out: RowWriter = ctx.wb.rows(ws, cols.length);
  for await (const rows of chunks(db, sql, params)) {
    for (const r of rows) {
      if (rowNo >= ctx.maxRows) {
        await out.flush();
        ws.commit();
        ws = addSheet(ctx, `${name} (${++part})`, cols, 1, 0, true);
        oneHeader(ws, cols);
        out = ctx.wb.rows(ws, cols.length);
        rowNo = 1;
      }
      out.row(++rowNo, toRow(r), styles);
    }
    await out.flush();
    ctx.onProgress?.(part > 1 ? `${name} (${part})` : name, rowNo - 1);
  }
  if (rowNo === 1 && part === 1) {
    const row = ws.getRow(2);
    row.getCell(1).value = empty;
    row.getCell(1).border = {};
    row.commit();
  }
  ws.commit();
}

/** Rows DuckDB numbers in a temporary table, then writes as XML in batches of this many (about 28 MB of XML). */
const SQL_BATCH = 65_536;
/** Rows per value DuckDB hands over: few values (each one a native call), each about 200 KB. */
const SQL_GROUP = 512;

/**
 * The rows of a sheet DuckDB writes (sqlSheet): `select` are the columns' expressions over `from` (FROM ... WHERE ...,
 * no parameters), in `order`; a text column's expression is a value (cut to a cell's length and escaped here) or
 * `{ xml }`, cell text already (cellSql).
 */
interface SqlRowsSpec {
  kinds: ('text' | 'int')[];
  select: (string | { xml: string })[];
  from: string;
  order: string;
}

/** A spec's rows numbered in a temporary table: how many, which text columns are values, which groups need escaping. */
interface Numbered {
  table: string;
  total: number;
  kinds: ('text' | 'int')[];
  raw: number[];
  special: Set<number>;
}

const SQL_TABLE = 'kp_sheet_rows';

/** Numbers a spec's rows into the temporary table (one at a time; sqlSheet drops it). */
async function numberRows(db: Db, rows: SqlRowsSpec): Promise<Numbered> {
  const { kinds } = rows;
  // text is cut in the table (textSql) and escaped when written, where a value needs it; { xml } columns are cell text already
  const raw = rows.select.flatMap((e, i) => (typeof e === 'string' && kinds[i] === 'text' ? [i] : []));
  const select = rows.select.map((e, i) => {
    const sql = typeof e !== 'string' ? e.xml : kinds[i] === 'text' ? textSql(e) : `(${e})::BIGINT`;
    return `${sql} AS c${i}`;
  });
  const table = SQL_TABLE;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT row_number() OVER (ORDER BY ${rows.order}) AS n, ${select.join(', ')} ${rows.from}`,
  );
  const numbered: Numbered = { table, total: 0, kinds, raw, special: new Set() };
  try {
    numbered.total = Number(await db.scalar(`SELECT count(*) FROM ${table}`));
    // the groups of rows with a character to escape in a text (most have none): one test over each group's texts
    if (raw.length && numbered.total) {
      const texts = `string_agg(concat(${raw.map((i) => `c${i}`).join(', ')}), '')`;
      const groups = await db.all<{ g: number }>(
        `SELECT (n - 1) // ${SQL_GROUP} AS g FROM ${table} GROUP BY g HAVING ${xmlSpecialSql(texts)}`,
      );
      for (const r of groups) numbered.special.add(Number(r.g));
    }
  } catch (e) {
    await dropRows(db, numbered);
    throw e;
  }
  return numbered;
}

async function dropRows(db: Db, rows: Numbered): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${rows.table}`);
}

/**
 * A sheet like plainSheet's whose rows DuckDB writes (reports/ooxml/xlsx.ts SqlRows): the big ones, evidence and
 * rejects, of text and whole-number columns, from the rows numberRows numbered (the table is dropped at the end).
 * Each batch of rows is turned into XML and grouped in SQL, and deflated while DuckDB makes the next batch. Same
 * continuation past ctx.maxRows, same empty sheet, same bytes as plainSheet's.
 */
async function sqlSheet(db: Db, ctx: Ctx, name: string, cols: Col[], empty: string, rows: Numbered): Promise<void> {
  const { table, total, kinds, raw, special } = rows;
  try {
    if (cols.some((c, i) => c.kind !== kinds[i])) throw new Error(`the columns of ${name} are not those of its rows`);
    const perSheet = ctx.maxRows - 1;
    for (let part = 1, first = 0; part === 1 || first < total; part++, first += perSheet) {
      const sheet = part > 1 ? `${name} (${part})` : name;
      const ws = addSheet(ctx, sheet, cols, 1, 0, true);
      oneHeader(ws, cols);
      if (total === 0) {
        const row = ws.getRow(2);
        row.getCell(1).value = empty;
        row.getCell(1).border = {};
        row.commit();
      }
      const writer = (escape: boolean) =>
        ctx.wb.sqlRows(
          ws,
          cols.map((c, i) => {
            const expr = escape && raw.includes(i) ? xmlTextSql(`c${i}`) : `c${i}`;
            return { expr, kind: kinds[i] === 'text' ? 'xml' : 'int', style: STYLES.plain[c.kind] } satisfies SqlColumn;
          }),
        );
      const plain = writer(false),
        escaping = writer(true);
      const last = Math.min(total, first + perSheet);
      for (let from = first; from < last; from += SQL_BATCH) {
        const to = Math.min(last, from + SQL_BATCH);
        let escape = false;
        for (let g = Math.floor(from / SQL_GROUP); g <= Math.floor((to - 1) / SQL_GROUP) && !escape; g++) escape = special.has(g);
        const out = escape ? escaping : plain;
        const reader = await db.conn.runAndReadAll(`
          SELECT encode(string_agg(${out.rowXml('r')}, '' ORDER BY n))
          FROM (SELECT *, (n - ${first} + 1)::VARCHAR AS r FROM ${table} WHERE n > ${from} AND n <= ${to})
          GROUP BY (n - 1) // ${SQL_GROUP} ORDER BY (n - 1) // ${SQL_GROUP}`);
        await out.write(reader.getRows().map((r) => (r[0] as { bytes: Uint8Array }).bytes));
        ctx.onProgress?.(sheet, to - first);
      }
      ws.commit();
    }
  } finally {
    await dropRows(db, rows);
  }
}
