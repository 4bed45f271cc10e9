/**
 * results.xlsx (reports/workbook.ts): the golden year written in Chinese and
 * English, read back with exceljs's reader (structure, values, labels) and
 * unzipped (the sheet XML as Excel reads it: merges, number formats, print
 * titles, page setup, header and footer, frozen panes); formula-like office
 * names as string cells; the evidence sheet continued past a row limit; the
 * adjustments sheet only when the year has applied adjustments.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Db } from '../pipeline/db.ts';
import { readScheme, type Scheme } from '../pipeline/scheme.ts';
import { BookWriter, xmlTextSql } from '../reports/ooxml/xlsx.ts';
import { textWidth, writeWorkbook } from '../reports/workbook.ts';
import { appraise, goldenRun, ROOT, STAFF, tempDir } from './helpers.ts';

/** One file of the workbook's zip, as text: `unzip -p` where there is one, else JSZip. */
async function part(file: string, path: string): Promise<string> {
  try {
    return execFileSync('unzip', ['-p', file, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch {
    const zip = await JSZip.loadAsync(await readFile(file));
    const f = zip.file(path);
    if (!f) throw new Error(`${path} is not in ${file}`);
    return f.async('string');
  }
}

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const values = (ws: ExcelJS.Worksheet, row: number) =>
  Array.from({ length: ws.columnCount }, (_, i) => ws.getRow(row).getCell(i + 1).value);

/** cellXfs of styles.xml: the number format code of each style index. */
async function numFmts(file: string): Promise<string[]> {
  const styles = await part(file, 'xl/styles.xml');
  const custom = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const builtin: Record<string, string> = { 0: 'General', 1: '0', 2: '0.00' };
  const xfs = styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)![1];
  return [...xfs.matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => custom.get(m[1]) ?? builtin[m[1]] ?? `#${m[1]}`);
}

/** The <c> element of `ref` in a sheet's XML. */
const cellXml = (xml: string, ref: string) => xml.match(new RegExp(`<c r="${ref}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`))?.[0] ?? '';

let scheme: Scheme;
let dbPath: string;
let zh: string;
let en: string;

beforeAll(async () => {
  scheme = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
  // the golden data's run of 2024 (the worker's shared run; this file's own copy of its OUT)
  dbPath = join((await goldenRun()).out, 'kaoping.duckdb');
  const dir = await tempDir();
  zh = join(dir, 'results.xlsx');
  en = join(dir, 'results-en.xlsx');
  const db = await Db.open(dbPath, { readOnly: true });
  try {
    await writeWorkbook(db, scheme, 2024, zh, 'zh', {});
    await writeWorkbook(db, scheme, 2024, en, 'en', { title: 'Qishan & Co 2024', organ: 'County Office' });
  } finally {
    db.close();
  }
});

describe('results.xlsx', () => {
  it('has the summary, individuals, recommendations, evidence and rejects sheets, in Chinese and English', async () => {
    expect((await read(zh)).worksheets.map((s) => s.name)).toEqual(['考评结果汇总表', '先进个人', '主任待遇建议', '失分依据', '拒收行']);
    expect((await read(en)).worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Advanced individuals',
      'Director recommendations',
      'Evidence',
      'Rejected rows',
    ]);
  });

  it('summary: two merged header rows with each dimension over its items and subtotal', async () => {
    const ws = (await read(zh)).getWorksheet('考评结果汇总表')!;
    const r1 = values(ws, 1),
      r2 = values(ws, 2);
    expect(r1.slice(0, 4)).toEqual(['单位编码', '单位名称', '考核类别', '办文 (30分)']);
    expect(r2.slice(3, 9)).toEqual([
      '发文总量控制 (10分)',
      '以文件落实文件 (5分)',
      '发文程序规范 (5分)',
      '公文交换箱规范使用 (5分)',
      '无纸化办公 (5分)',
      '小计',
    ]);
    expect(r1.slice(-5)).toEqual(['总分', '排名', '等次', '先进办公室', '一票否决']);
    const items = scheme.items.length,
      dims = scheme.dimensions.length;
    expect(ws.columnCount).toBe(3 + items + dims + 5);
    expect(r2.filter((v) => v === '小计')).toHaveLength(dims);

    const xml = await part(zh, 'xl/worksheets/sheet1.xml');
    const merges = [...xml.matchAll(/<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"\/>/g)].map((m) => m[1]);
    expect(merges).toEqual(
      expect.arrayContaining([
        'A1:A2',
        'B1:B2',
        'C1:C2',
        'D1:I1',
        'J1:M1',
        'N1:Q1',
        'R1:U1',
        'V1:X1',
        'Y1:Y2',
        'Z1:Z2',
        'AA1:AA2',
        'AB1:AB2',
        'AC1:AC2',
      ]),
    );
    expect(merges).toHaveLength(3 + dims + 5);
    expect(ws.getCell('E1').isMerged && ws.getCell('E1').master.address).toBe('D1');
  });

  it('summary: offices by category in rank order, numbers with 0.00, Chinese words, a vetoed office marked', async () => {
    const ws = (await read(zh)).getWorksheet('考评结果汇总表')!;
    const db = await Db.open(dbPath, { readOnly: true });
    const expected = await db.all<{ office_id: string; total: number; rank: number; documents: number }>(
      `SELECT office_id, total, rank, documents FROM scores WHERE year = 2024 ORDER BY category, rank, office_id`,
    );
    const doc = await db.one<{ points: number }>(
      `SELECT points FROM indicators WHERE year = 2024 AND office_id = $1 AND indicator = 'doc_cap'`,
      [expected[0].office_id],
    );
    db.close();
    const rows = Array.from({ length: ws.rowCount - 2 }, (_, i) => values(ws, i + 3));
    expect(rows.map((r) => r[0])).toEqual(expected.map((e) => e.office_id));
    expect(rows.map((r) => r[3 + scheme.items.length + scheme.dimensions.length])).toEqual(expected.map((e) => e.total));
    expect(rows[0][3]).toBe(doc!.points);
    expect(rows[0][8]).toBe(expected[0].documents);
    const first = rows[0];
    expect(first.slice(-4)).toEqual([1, '优秀', '是', '否']);
    const d03 = rows.findIndex((r) => r[0] === 'D03');
    expect(rows[d03].slice(-3)).toEqual(['不合格', '否', '是']);
    const vetoRow = ws.getRow(d03 + 3);
    expect((vetoRow.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF8D7DA');
    expect((ws.getRow(3).getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFF8D7DA');

    const fmts = await numFmts(zh);
    const xml = await part(zh, 'xl/worksheets/sheet1.xml');
    const total = cellXml(xml, 'Y3');
    expect(total).toMatch(/<v>99\.5<\/v>/);
    expect(total).not.toMatch(/t="/);
    expect(fmts[Number(total.match(/ s="(\d+)"/)![1])]).toBe('0.00');
    const d3 = cellXml(xml, 'D3');
    expect(fmts[Number(d3.match(/ s="(\d+)"/)![1])]).toBe('0.00');
    expect(fmts[Number(cellXml(xml, 'Z3').match(/ s="(\d+)"/)![1])]).toBe('0');
    expect(xml).not.toMatch(/<f>/);
  });

  it('every sheet: frozen header, A4 landscape one page wide, print titles, title header and page footer', async () => {
    const book = await part(zh, 'xl/workbook.xml');
    const names = ['考评结果汇总表', '先进个人', '主任待遇建议', '失分依据', '拒收行'];
    names.forEach((name, i) => {
      const rows = i === 0 ? '$1:$2' : '$1:$1';
      expect(book).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">&apos;${name}&apos;!${rows}</definedName>`);
    });
    for (let i = 1; i <= names.length; i++) {
      const xml = await part(zh, `xl/worksheets/sheet${i}.xml`);
      const setup = xml.match(/<pageSetup [^>]*\/>/)![0];
      expect(setup).toMatch(/paperSize="9"/);
      expect(setup).toMatch(/orientation="landscape"/);
      expect(setup).toMatch(/fitToWidth="1"/);
      expect(setup).toMatch(/fitToHeight="0"/);
      expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
      expect(xml).toMatch(
        i === 1
          ? /<pane xSplit="2" ySplit="2" topLeftCell="C3"[^>]*state="frozen"/
          : /<pane ySplit="1" topLeftCell="A2"[^>]*state="frozen"/,
      );
      expect(xml).toContain('<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>');
      expect(xml).toContain(`<oddHeader>&amp;C&amp;&quot;-,Bold&quot;2024年度办公室工作考评&amp;R${names[i - 1]}</oddHeader>`);
    }
    // English: the settings' title (an & doubled, so it is text) and organ; English footer
    const xml = await part(en, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<oddHeader>&amp;LCounty Office&amp;C&amp;&quot;-,Bold&quot;Qishan &amp;&amp; Co 2024&amp;RSummary</oddHeader>');
    expect(xml).toContain('<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>');
  });

  it('column widths fit Chinese text (a CJK character is 2 units)', async () => {
    const ws = (await read(zh)).getWorksheet('考评结果汇总表')!;
    // 单位名称: the longest name 县发改局办公室 (7 characters, 14 units) and a margin
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(14);
    expect(ws.getColumn(2).width).toBeLessThanOrEqual(20);
    const ev = (await read(zh)).getWorksheet('失分依据')!;
    expect(values(ev, 1)).toEqual(['单位编码', '单位名称', '考核项目', '文件', '行号', '记录编号', '原因']);
    const longest = Math.max(...Array.from({ length: ev.rowCount - 1 }, (_, i) => textWidth(String(ev.getRow(i + 2).getCell(7).value))));
    expect(ev.getColumn(7).width).toBeGreaterThanOrEqual(Math.min(70, longest));
    expect(textWidth('城关镇ab')).toBe(8);
  });

  it('the other sheets: labels and values', async () => {
    const wb = await read(zh);
    const ind = wb.getWorksheet('先进个人')!;
    expect(values(ind, 1)).toEqual(['排名', '姓名', '人员编码', '单位编码', '单位名称', '得分']);
    expect(values(ind, 2)).toEqual([1, '张伟', 'T01-P1', 'T01', '城关镇党政办', 14.5]);
    const rec = wb.getWorksheet('主任待遇建议')!;
    expect(values(rec, 1)).toEqual(['人员编码', '姓名', '单位编码', '单位名称', '年龄', '任主任年限', '建议']);
    expect(values(rec, 2)).toEqual(['T01-P1', '张伟', 'T01', '城关镇党政办', 46, 10, '建议给予副主任科员待遇']);
    const ev = wb.getWorksheet('失分依据')!;
    const db = await Db.open(dbPath, { readOnly: true });
    const n = Number(await db.scalar(`SELECT count(*) FROM evidence WHERE year = 2024`));
    db.close();
    expect(ev.rowCount).toBe(n + 1);
    expect(values(ev, 3)).toEqual([
      'T02',
      '河口镇党政办',
      '发文总量控制',
      'documents.csv',
      42,
      'T02-24-10',
      '2024-10-20发文:上限9件,本年第10件起超出,此为第10件',
    ]);
    const rej = wb.getWorksheet('拒收行')!;
    expect(values(rej, 1)).toEqual(['文件', '行号', '列', '值', '原因']);
    expect(rej.getCell('A2').value).toBe('全部数据行已载入,没有拒收。');

    const e = await read(en);
    expect(values(e.getWorksheet('Summary')!, 1).slice(0, 4)).toEqual(['Office id', 'Office', 'Category', 'Document work (30)']);
    expect(values(e.getWorksheet('Summary')!, 3).slice(-4)).toEqual([1, 'excellent', 'yes', 'no']);
    expect(values(e.getWorksheet('Evidence')!, 3)).toEqual([
      'T02',
      '河口镇党政办',
      'Document volume cap',
      'documents.csv',
      42,
      'T02-24-10',
      'issued 2024-10-20: cap 9, over from document #10 of the year; this is #10',
    ]);
  });

  it('formula-like office names and rejected values are string cells, never formulas', async () => {
    const names = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '=1+1'];
    // loaded, checked, scored and ranked in memory, as a run does before it writes the workbook
    const { db } = await appraise(
      {
        'offices.csv': 'office_id,name,category\n' + names.map((n, i) => `F${i + 1},"${n.replaceAll('"', '""')}",乡镇`).join('\n') + '\n',
        'staff.csv': STAFF.replace(/A1|A2/g, 'F1') + 'P9,F1,=cmd|x,1980-01-01,staff,2010-13-01\n',
      },
      2024,
    );
    const file = join(await tempDir(), 'results.xlsx');
    try {
      await writeWorkbook(db, scheme, 2024, file, 'zh', {});
    } finally {
      db.close();
    }
    const wb = await read(file);
    const ws = wb.getWorksheet('考评结果汇总表')!;
    const got = Array.from({ length: ws.rowCount - 2 }, (_, i) => ws.getRow(i + 3).getCell(2).value);
    expect([...got].sort()).toEqual([...names].sort());
    const rej = wb.getWorksheet('拒收行')!;
    expect(rej.getCell('D2').value).toBe('2010-13-01');
    for (let i = 1; i <= wb.worksheets.length; i++) {
      const xml = await part(file, `xl/worksheets/sheet${i}.xml`);
      expect(xml).not.toMatch(/<f[ >]/);
    }
    const xml = await part(file, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<v>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</v>');
    const ref = xml.match(/<c r="(B\d+)"[^>]*><v>=HYPERLINK/)![1];
    expect(cellXml(xml, ref)).toMatch(/t="str"/);
  });

  it('the evidence sheet continues on 失分依据 (2) ... past the row limit, each with its header', async () => {
    const db = await Db.open(dbPath, { readOnly: true });
    const file = join(await tempDir(), 'results.xlsx');
    let n: number;
    try {
      n = Number(await db.scalar(`SELECT count(*) FROM evidence WHERE year = 2024`));
      await writeWorkbook(db, scheme, 2024, file, 'zh', {}, { maxRows: 60 });
    } finally {
      db.close();
    }
    const wb = await read(file);
    const parts = wb.worksheets.filter((s) => s.name.startsWith('失分依据'));
    expect(parts.map((s) => s.name)).toEqual(Array.from({ length: Math.ceil(n / 59) }, (_, i) => (i ? `失分依据 (${i + 1})` : '失分依据')));
    expect(parts.reduce((a, s) => a + s.rowCount - 1, 0)).toBe(n);
    for (const s of parts) expect(values(s, 1)[0]).toBe('单位编码');
    expect(await part(file, 'xl/workbook.xml')).toContain(`&apos;失分依据 (2)&apos;!$1:$1`);
    // the parts hold the rows of the one sheet without a limit, in its order
    const rows = (ws: ExcelJS.Worksheet) => Array.from({ length: ws.rowCount - 1 }, (_, i) => values(ws, i + 2));
    expect(parts.flatMap(rows)).toEqual(rows((await read(zh)).getWorksheet('失分依据')!));
  });

  it('a text past 32,767 characters (UTF-16 units, as Excel counts) is cut with "…", never inside a character', async () => {
    const copy = join(await tempDir(), 'k.duckdb');
    await copyFile(dbPath, copy);
    const file = join(await tempDir(), 'results.xlsx');
    const long = '长'.repeat(40_000),
      astral = '𠀀'.repeat(20_000),
      fits = '𠀀'.repeat(16_383) + 'x';
    const db = await Db.open(copy);
    let ids: string[];
    try {
      ids = (await db.all<{ row_id: string }>(`SELECT row_id FROM evidence WHERE year = 2024 ORDER BY row_id LIMIT 3`)).map(
        (r) => r.row_id,
      );
      for (const [i, text] of [long, astral, fits].entries())
        await db.run(`UPDATE evidence SET detail_zh = $1 WHERE year = 2024 AND row_id = $2`, [text, ids[i]]);
      await writeWorkbook(db, scheme, 2024, file, 'zh', {});
    } finally {
      db.close();
    }
    const ws = (await read(file)).getWorksheet('失分依据')!;
    const reason = new Map(Array.from({ length: ws.rowCount - 1 }, (_, i) => values(ws, i + 2)).map((r) => [r[5], r[6] as string]));
    expect(reason.get(ids[0])).toBe('长'.repeat(32_766) + '…');
    const cut = reason.get(ids[1])!;
    expect(cut.length).toBeLessThanOrEqual(32_767);
    expect(cut).toBe('𠀀'.repeat((cut.length - 1) / 2) + '…');
    expect(reason.get(ids[2])).toBe(fits); // 32,767 units: kept whole
  });

  it('writes 复核调整 only when the year has applied adjustments: each with what it did, from adjustments_applied', async () => {
    const copy = join(await tempDir(), 'k.duckdb');
    await copyFile(dbPath, copy);
    const db = await Db.open(copy);
    const file = join(await tempDir(), 'results.xlsx');
    const fileEn = join(await tempDir(), 'results-en.xlsx');
    try {
      // the run's tables as the engine fills them (pipeline/adjustments.ts): a points adjustment of T02's doc_cap
      // (+0.5, which it kept: indicators.adjustment), an exclusion of one of its rows, and one of another year
      await db.run(`INSERT INTO adjustments_applied VALUES
        (2024, 'ADJ-2', 'T02', 'points', NULL, NULL, 'doc_cap', 0.5, '复核认定', '考评组', DATE '2025-01-10'),
        (2024, 'ADJ-1', 'T02', 'exclude', 'documents', 'T02-24-10', NULL, NULL, '误录', '考评组', DATE '2025-01-09'),
        (2023, 'ADJ-0', 'T02', 'points', NULL, NULL, 'doc_cap', 1, 'old', '考评组', DATE '2024-01-10')`);
      await db.run(`INSERT INTO excluded_rows VALUES (2024, 'ADJ-1', 'T02', 'documents', 'T02-24-10', '发文.csv', 12)`);
      await db.run(`UPDATE indicators SET adjustment = 0.5 WHERE year = 2024 AND office_id = 'T02' AND indicator = 'doc_cap'`);
      await writeWorkbook(db, scheme, 2024, file, 'zh', {});
      await writeWorkbook(db, scheme, 2024, fileEn, 'en', {});
      const after = (await db.one<{ p: number }>(
        `SELECT points AS p FROM indicators WHERE year = 2024 AND office_id = 'T02' AND indicator = 'doc_cap'`,
      ))!.p;
      const name = (await db.one<{ n: string }>(`SELECT office_name AS n FROM scores WHERE year = 2024 AND office_id = 'T02'`))!.n;
      const wb = await read(file);
      expect(wb.worksheets.map((s) => s.name)).toEqual(['考评结果汇总表', '先进个人', '主任待遇建议', '失分依据', '复核调整', '拒收行']);
      const adj = wb.getWorksheet('复核调整')!;
      expect(adj.rowCount).toBe(3);
      expect(values(adj, 1)).toEqual([
        '调整编号',
        '单位编码',
        '单位名称',
        '调整方式',
        '考核项目',
        '调整分值',
        '调整前得分',
        '调整后得分',
        '文件',
        '行号',
        '记录编号',
        '调整理由',
        '决定人',
        '决定日期',
      ]);
      expect(values(adj, 2)).toEqual([
        'ADJ-1',
        'T02',
        name,
        '剔除记录',
        null,
        null,
        null,
        null,
        '发文.csv',
        12,
        'T02-24-10',
        '误录',
        '考评组',
        '2025-01-09',
      ]);
      expect(values(adj, 3)).toEqual([
        'ADJ-2',
        'T02',
        name,
        '加减分',
        '发文总量控制',
        0.5,
        after - 0.5,
        after,
        null,
        null,
        null,
        '复核认定',
        '考评组',
        '2025-01-10',
      ]);
      const en = (await read(fileEn)).getWorksheet('Adjustments')!;
      expect(values(en, 3).slice(3, 5)).toEqual(['points', 'Document volume cap']);
      // another year's adjustments only: no sheet, as without any
      await db.run(`DELETE FROM adjustments_applied WHERE year = 2024`);
      await writeWorkbook(db, scheme, 2024, file, 'zh', {});
      expect((await read(file)).worksheets.map((s) => s.name)).not.toContain('复核调整');
    } finally {
      db.close();
    }
  });
});

/** Every part of a package, as text, core.xml's times left out. */
async function parts(file: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) {
    out[name] = (await zip.file(name)!.async('string')).replace(/<dcterms:(created|modified)[^>]*>[^<]*<\/dcterms:\1>/g, '');
  }
  return out;
}

describe('the package (reports/ooxml/xlsx.ts)', () => {
  // cells that test what exceljs's XML writer does: nulls with a style, a row of nulls only, the five entities, control
  // characters (tab, LF and CR kept), a formula-like string, characters beyond the BMP, numbers in exponent form, -0
  const kinds: Partial<ExcelJS.Style>[] = [
    { alignment: { horizontal: 'left' }, border: { top: { style: 'thin' } } },
    { numFmt: '0.00', alignment: { horizontal: 'right' } },
    { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } } },
  ];
  const rows: (string | number | null)[][] = [
    ['a&b<c>"d\'e', 1.5, null],
    [null, null, null],
    ['\u0001\u0008\u000b\u001f\u007f\t\n\r|', 1e-7, '=SUM(A1)'],
    ['单位𠀀😀', 1e21, -0],
    [null, 0.1 + 0.2, ''],
    ['x', null, 4.440892098500626e-16],
  ];

  async function write(file: string, useRowWriter: boolean): Promise<void> {
    const wb = useRowWriter
      ? await BookWriter.open(file)
      : new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
    wb.creator = 'kaoping';
    for (const name of ['一', 'two & <three>']) {
      const options = { views: [{ state: 'frozen', ySplit: 1 }], autoFilter: 'A1:C1' } as Partial<ExcelJS.AddWorksheetOptions>;
      const ws = wb.addWorksheet(name, options);
      ws.columns = kinds.map((style, i) => ({ width: 10 + i, style: { ...style } }));
      const header = ws.getRow(1);
      ['甲', 'B', null].forEach((v, i) => {
        header.getCell(i + 1).value = v;
        header.getCell(i + 1).style = kinds[0];
      });
      header.commit();
      const styles = name === '一' ? kinds : [kinds[2], kinds[1], kinds[0]];
      if (useRowWriter) {
        const out = (wb as BookWriter).rows(ws, 3);
        rows.forEach((r, k) => out.row(k + 2, r, styles));
        await out.flush();
      } else {
        rows.forEach((r, k) => {
          const row = ws.getRow(k + 2);
          r.forEach((v, i) => {
            const c = row.getCell(i + 1);
            if (v !== null) c.value = v;
            c.style = styles[i];
          });
          row.commit();
        });
      }
      ws.commit();
    }
    await wb.commit();
  }

  it('writes the rows, styles and every other part as exceljs with its Row objects and archiver did', async () => {
    const dir = await tempDir();
    await write(join(dir, 'exceljs.xlsx'), false);
    await write(join(dir, 'ours.xlsx'), true);
    const theirs = await parts(join(dir, 'exceljs.xlsx'));
    // a styled null is written; a row of nulls only is not
    expect(theirs['xl/worksheets/sheet1.xml']).toContain('<c r="A6" s="1"/>');
    expect(theirs['xl/worksheets/sheet1.xml']).not.toContain('<row r="3"');
    expect(await parts(join(dir, 'ours.xlsx'))).toEqual(theirs);
  });

  it('DuckDB writes rows of text and whole numbers as exceljs with its Row objects did (SqlRows)', async () => {
    // text as cell XML in SQL (xmlTextSql), whole numbers, nulls with a style, a row of nulls only
    const texts: (string | null)[] = ['a&b<c>"d\'e', null, '\u0001\u0008\u000b\u001f\u007f\t\n\r|', '单位𠀀😀', '', '=SUM(A1)'];
    const ints: (number | null)[] = [1, null, -42, 9007199254740991, 0, null];
    const styles = [kinds[0], kinds[1], kinds[2]];
    const dir = await tempDir();
    const db = await Db.open(':memory:');
    try {
      await db.run(`CREATE TABLE t (n INTEGER, a VARCHAR, b BIGINT, c VARCHAR)`);
      for (const [i, a] of texts.entries()) await db.run(`INSERT INTO t VALUES ($1, $2, $3, $4)`, [i, a, ints[i], texts.at(-1 - i)!]);
      for (const ours of [false, true]) {
        const file = join(dir, ours ? 'ours.xlsx' : 'exceljs.xlsx');
        const wb = ours
          ? await BookWriter.open(file)
          : new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
        const ws = wb.addWorksheet('一');
        ws.columns = kinds.map((style, i) => ({ width: 10 + i, style: { ...style } }));
        ws.getRow(1).getCell(1).value = '甲';
        ws.getRow(1).commit();
        if (ours) {
          const cols = [xmlTextSql('a'), 'b', xmlTextSql('c')].map(
            (expr, i) => ({ expr, kind: i === 1 ? 'int' : 'xml', style: styles[i] }) as const,
          );
          const out = (wb as BookWriter).sqlRows(ws, cols);
          const r = await db.conn.runAndReadAll(`SELECT encode(string_agg(${out.rowXml('(n + 2)::VARCHAR')}, '' ORDER BY n)) FROM t`);
          await out.write(r.getRows().map((row) => (row[0] as { bytes: Uint8Array }).bytes));
        } else {
          texts.forEach((a, k) => {
            const row = ws.getRow(k + 2);
            [a, ints[k], texts.at(-1 - k)].forEach((v, i) => {
              const c = row.getCell(i + 1);
              if (v !== null) c.value = v;
              c.style = styles[i];
            });
            row.commit();
          });
        }
        ws.commit();
        await wb.commit();
      }
    } finally {
      db.close();
    }
    const theirs = await parts(join(dir, 'exceljs.xlsx'));
    expect(theirs['xl/worksheets/sheet1.xml']).toContain('<c r="A3" s="1"/>');
    expect(await parts(join(dir, 'ours.xlsx'))).toEqual(theirs);
  });

  it('is reproducible: with SOURCE_DATE_EPOCH every zip entry and core.xml carry that time, and the bytes repeat', async () => {
    const before = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 11, 1, 8, 30, 10) / 1000);
    try {
      const dir = await tempDir();
      await write(join(dir, 'a.xlsx'), true);
      await new Promise((r) => setTimeout(r, 1100));
      await write(join(dir, 'b.xlsx'), true);
      const a = await readFile(join(dir, 'a.xlsx'));
      expect(a.equals(await readFile(join(dir, 'b.xlsx')))).toBe(true);
      const zip = await JSZip.loadAsync(a);
      for (const f of Object.values(zip.files)) expect(f.date.toISOString()).toBe('2025-12-01T08:30:10.000Z');
      const core = await zip.file('docProps/core.xml')!.async('string');
      expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-12-01T08:30:10Z</dcterms:created>');
      expect(execFileSync('unzip', ['-tq', join(dir, 'a.xlsx')], { encoding: 'utf8' })).toContain('No errors');
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
  });
});
