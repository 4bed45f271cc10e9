/**
 * An Excel workbook (`<table>.xlsx`) read as a table: streams the chosen
 * worksheet with exceljs's streaming reader (memory stays flat: rows are
 * held one at a time, shared strings once) and writes the same normalised
 * copy scan.ts writes for a CSV file (`<record>,<line>`, LF-terminated, the
 * header first with `_line`), so the loader reads it with the same read_csv
 * and every type, check and reject reason is shared.
 *
 * - The worksheet: the one named like the table (English or Chinese, any
 *   case), else the first one whose first rows hold the table's header.
 * - Line numbers are the worksheet's row numbers; a blank row is no record
 *   (as a blank line in a CSV file); hidden rows are data like any other.
 * - The header is the first row holding every required column (HeaderRule,
 *   as in a CSV file); non-blank rows above it are title rows, listed. A
 *   title merged over several cells has its text in its first cell and the
 *   others empty, so it is one title row; a header cell merged over two
 *   columns leaves the second one without a name (an extra column).
 * - Cell values: a date cell (a number with a date format, whatever that
 *   format) is written as `YYYY-MM-DD`; a number as Excel displays it in the
 *   General format (15 significant digits), zero-padded where its format is
 *   `000…` (an office code 001 stored as 1); a text cell as its text (`001`
 *   stays `001`); a formula as its cached result; rich text as its text; a
 *   boolean as true/false; an error as its code (#N/A).
 * - Empty trailing columns and rows are ignored; a data row with a value to
 *   the right of the header's last column is rejected like a CSV row with too
 *   many fields.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { FileError } from './errors.ts';
import { MAX_TITLE_ROWS, titleText, type HeaderRule, type ScanResult, type StructuralReject, type TitleRow } from './scan.ts';
import type { Table } from './contract.ts';

const require = createRequire(import.meta.url);

/**
 * exceljs knows the built-in number formats 0-22 and 37-49 only; 27-36 and
 * 50-58 are the East Asian built-in date formats (yyyy"年"m"月"d"日" and
 * kin), which Chinese Excel and WPS write as an id without a format code.
 * Their zh-cn codes are in exceljs's own table: used, so such a cell reads as
 * the date it is and not as a day count.
 */
function knowChineseDateFormats(): void {
  const NumFmtXform = require('exceljs/lib/xlsx/xform/style/numfmt-xform.js');
  const defaults = require('exceljs/lib/xlsx/defaultnumformats.js');
  if (NumFmtXform.kaopingPatched) return;
  const original = NumFmtXform.getDefaultFmtCode;
  NumFmtXform.getDefaultFmtCode = (id: number) => original(id) ?? defaults[id]?.['zh-cn'];
  NumFmtXform.kaopingPatched = true;
}

/** Hash and size of the file, and the bytes it starts with (a zip, or an OLE compound file). */
async function fingerprint(path: string): Promise<{ sha256: string; bytes: number; head: Buffer; encrypted: boolean }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  let encrypted = false;
  const marker = Buffer.from('EncryptionInfo', 'utf16le');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    hash.update(b);
    if (bytes === 0) head = Buffer.from(b.subarray(0, 8));
    // an encrypted workbook is a compound file with an EncryptionInfo stream (its directory is near the start)
    if (bytes < 8 << 20 && head[0] === 0xd0 && b.indexOf(marker) >= 0) encrypted = true;
    bytes += b.length;
  }
  return { sha256: hash.digest('hex'), bytes, head, encrypted };
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads the workbook at `path` as table `t` and writes the normalised copy to `outPath`. */
export async function readXlsx(
  path: string,
  outPath: string,
  file: string,
  t: Table,
  rule: HeaderRule,
  onRows?: (rows: number) => void,
): Promise<ScanResult> {
  const fp = await fingerprint(path);
  if (fp.bytes === 0) throw new FileError(file, 'is empty: it has no header row', '是空文件:没有表头行');
  if (fp.head.subarray(0, 4).equals(OLE)) {
    if (fp.encrypted) {
      throw new FileError(
        file,
        'is a password-protected workbook, which kaoping cannot read; open it in Excel or WPS, remove the password and save it as .xlsx',
        '是加密(设有打开密码)的工作簿,无法读取;请在 Excel 或 WPS 中打开,取消密码后另存为 .xlsx',
      );
    }
    throw new FileError(
      file,
      'is an old binary Excel workbook (.xls) under an .xlsx name; open it in Excel or WPS and save it as .xlsx',
      '实为旧版二进制 Excel 工作簿(.xls);请在 Excel 或 WPS 中打开并另存为 .xlsx',
    );
  }
  if (!fp.head.subarray(0, 4).equals(ZIP)) {
    throw new FileError(
      file,
      'is not an Excel .xlsx workbook (it is not a zip file); save it from Excel as .xlsx or as CSV',
      '不是 Excel .xlsx 工作簿(不是 zip 文件);请在 Excel 中另存为 .xlsx 或 CSV',
    );
  }
  knowChineseDateFormats();
  const out = createWriteStream(outPath);
  const names = [t.name, t.alias].map((n) => n.toLowerCase());
  let sheets = 0;
  let found:
    { sheet: string; header: string[]; titles: TitleRow[]; rows: number; rejects: StructuralReject[]; firstRow?: string[] } | undefined;
  let namedWithout: string | undefined;
  try {
    const book = await openWorkbook(path);
    // the sheet named like the table, if there is one; else any sheet (the first holding the header wins)
    const named = book.sheets.some((s) => names.includes(s.name.trim().toLowerCase()));
    for (const s of book.sheets) {
      sheets++;
      if (named && !names.includes(s.name.trim().toLowerCase())) continue;
      const r = await readSheet(book.rows(s), out, rule, onRows);
      if (r) {
        found = { sheet: s.name, ...r };
        break;
      }
      if (named) {
        namedWithout = s.name;
        break;
      }
    }
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(
      file,
      `cannot be read as an .xlsx workbook (${(e as Error).message}); open it in Excel and save it again as .xlsx`,
      `无法作为 .xlsx 工作簿读取(${(e as Error).message});请在 Excel 中打开并重新另存为 .xlsx`,
    );
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  const required = t.columns
    .filter((c) => c.required)
    .map((c) => `${c.name} (${c.alias})`)
    .join(', ');
  if (namedWithout) {
    throw new FileError(
      file,
      `has a worksheet named ${namedWithout}, but none of its first ${MAX_TITLE_ROWS + 1} rows holds the columns ${required}`,
      `的工作表“${namedWithout}”前${MAX_TITLE_ROWS + 1}行中没有包含 ${required} 各列的表头行`,
    );
  }
  if (!found) {
    if (sheets === 0) throw new FileError(file, 'has no worksheet', '中没有工作表');
    throw new FileError(
      file,
      `has no worksheet whose header row holds the columns ${required} of the ${t.name} table`,
      `中没有哪个工作表的表头行包含${t.alias}表的 ${required} 各列`,
    );
  }
  return {
    encoding: `xlsx [${found.sheet}]`,
    header: found.header,
    titles: found.titles,
    firstRow: found.firstRow,
    rows: found.rows,
    rejects: found.rejects,
    sha256: fp.sha256,
    bytes: fp.bytes,
  };
}

interface ZipEntry {
  path: string;
  stream(): NodeJS.ReadableStream;
}
interface Sheet {
  name: string;
  part: ZipEntry;
  no: string;
}
/** The parts of exceljs's streaming reader that openWorkbook drives (exceljs 4.4, lib/stream/xlsx/workbook-reader.js). */
interface ReaderParts {
  sharedStrings: unknown[];
  model?: { sheets?: { name: string; rId: string; id: number; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(rows: AsyncIterable<unknown>, sheetNo: string): Iterable<{ value: AsyncIterable<unknown> & { name?: string } }>;
}

/**
 * The workbook's worksheets in tab order, each read row by row. exceljs's
 * own streaming pass (WorkbookReader.parse) reads the zip front to back and
 * now and then loses its last entry, which in a workbook written by exceljs
 * is xl/workbook.xml, and then fails on the first worksheet (exceljs issue
 * 3064: "Cannot read properties of undefined (reading 'sheets')"). Here the
 * zip is opened through its central directory, the workbook, its relations,
 * shared strings and styles are read first, and each worksheet is then
 * streamed through exceljs's worksheet reader: the same cell values, and
 * memory as flat as before.
 */
async function openWorkbook(path: string): Promise<{ sheets: Sheet[]; rows(s: Sheet): AsyncIterable<unknown> }> {
  const unzipper = require('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
  const iterateStream = require('exceljs/lib/utils/iterate-stream.js') as (s: NodeJS.ReadableStream) => AsyncIterable<unknown>;
  const dir = await unzipper.Open.file(path);
  const part = (p: string) => dir.files.find((f) => f.path === p);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderParts;
  reader.sharedStrings = [];
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw new Error('xl/workbook.xml is missing');
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels.stream());
  await reader._parseWorkbook(workbook.stream());
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings.stream()));
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());
  const sheets: Sheet[] = [];
  for (const s of reader.model?.sheets ?? []) {
    const target = (reader.workbookRels ?? []).find((r) => r.Id === s.rId)?.Target ?? '';
    const p = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const entry = part(p);
    const no = /(\d+)\.xml$/.exec(p)?.[1] ?? String(sheets.length + 1);
    if (entry) sheets.push({ name: s.name, part: entry, no });
  }
  return {
    sheets,
    rows: (s) => {
      for (const { value } of reader._parseWorksheet(iterateStream(s.part.stream()), s.no)) return value;
      throw new Error(`worksheet ${s.name} cannot be read`);
    },
  };
}

interface Cell {
  value?: unknown;
  numFmt?: string;
}
interface Row {
  number: number;
  values?: unknown;
  getCell(i: number): Cell;
  cellCount?: number;
  _cells?: (Cell | undefined)[];
}

/**
 * One worksheet: looks for the header in its first non-blank rows; when
 * found, writes it and every data row to `out`. Undefined when the header is
 * not among the first MAX_TITLE_ROWS + 1 non-blank rows (nothing written).
 */
async function readSheet(
  sheet: AsyncIterable<unknown>,
  out: WriteStream,
  rule: HeaderRule,
  onRows?: (rows: number) => void,
): Promise<{ header: string[]; titles: TitleRow[]; rows: number; rejects: StructuralReject[]; firstRow?: string[] } | undefined> {
  let header: string[] | undefined;
  const titles: TitleRow[] = [];
  const rejects: StructuralReject[] = [];
  let firstRow: string[] | undefined;
  let rows = 0;
  let buf = '';
  const flush = async () => {
    if (buf === '') return;
    const ok = out.write(buf);
    buf = '';
    if (!ok) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for await (const r of sheet) {
    const row = r as Row;
    const cells = rowTexts(row);
    if (cells.length === 0) continue; // a blank row
    if (!header) {
      const trimmed = cells.map((c) => c.trim());
      if (!rule.test(trimmed)) {
        if (titles.length >= MAX_TITLE_ROWS) return undefined;
        titles.push({ line: row.number, text: titleText(trimmed) });
        continue;
      }
      header = trimmed;
      buf += cells.map(csvField).join(',') + ',_line\n';
      continue;
    }
    rows++;
    if (cells.length > header.length) {
      const text = cells.join(',');
      rejects.push({ line: row.number, reason: 'fields', fields: cells.length, value: text.length > 80 ? text.slice(0, 80) + '…' : text });
      continue;
    }
    while (cells.length < header.length) cells.push('');
    firstRow ??= cells;
    buf += cells.map(csvField).join(',') + ',' + row.number + '\n';
    if (buf.length > 1 << 20) await flush();
    if ((rows & 0x3fff) === 0) onRows?.(rows);
  }
  if (!header) return undefined;
  await flush();
  onRows?.(rows);
  return { header, titles, rows, rejects, firstRow };
}

/** The row's cell texts up to its last non-empty cell ([] for a blank row). */
function rowTexts(row: Row): string[] {
  const values = row.values as unknown[] | undefined; // 1-based, sparse
  const cells: string[] = [];
  if (!values) return cells;
  let last = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] === undefined || values[i] === null) continue;
    const text = cellText(values[i], row.getCell(i).numFmt);
    if (text === '') continue;
    while (cells.length < i - 1) cells.push('');
    cells[i - 1] = text;
    last = i;
  }
  cells.length = last;
  return cells;
}

/** A cell's value as the text kaoping reads (see the module comment). */
export function cellText(v: unknown, numFmt?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v, numFmt);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((x) => x.text).join('');
    if ('formula' in o || 'sharedFormula' in o) {
      const result = o.result;
      if (typeof result === 'number' && isDateFormat(numFmt)) return dateText(excelDate(result));
      if (result && typeof result === 'object' && 'error' in (result as object)) return String((result as { error: unknown }).error);
      return cellText(result, numFmt);
    }
    if ('text' in o) return cellText(o.text, numFmt);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

function numberText(v: number, numFmt?: string): string {
  if (!Number.isFinite(v)) return String(v);
  // a code kept with leading zeros by its format (000123)
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(v) && v >= 0) return String(v).padStart(numFmt.length, '0');
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(15)));
}

/** The calendar date of an Excel date (exceljs gives it as UTC midnight, plus the time of day). */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  // a time of day a hair before midnight (floating point) belongs to the next day
  const t = new Date(d.getTime() + 500);
  const y = t.getUTCFullYear(),
    m = t.getUTCMonth() + 1,
    day = t.getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function excelDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 864e5));
}

function isDateFormat(fmt?: string): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** A field of the normalised copy: quoted when it holds a comma, a quote or a line break. */
function csvField(s: string): string {
  if (s.includes('\0')) s = s.replace(/\0/g, '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
