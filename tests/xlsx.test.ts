/**
 * Excel workbooks in, and title rows above the header (issue 17). Every
 * fixture is written by exceljs's ordinary (non-streaming) writer, not by the
 * streaming reader under test; each workbook is checked for loaded +
 * rejected = data rows, reject lines that are worksheet rows, types read as
 * Excel stores them, and the title rows listed.
 */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { generate } from '../data/generate.ts';
import { check, cli, dataDir, OFFICES, STAFF, tempDir, withEnv } from './helpers.ts';
import { readXlsx } from '../pipeline/xlsx.ts';
import { headerRule } from '../pipeline/load.ts';
import { TABLES } from '../pipeline/contract.ts';
import { unzip, zip } from '../reports/ooxml/zip.ts';

type Cell = string | number | boolean | Date | null | { formula: string; result: unknown };
interface SheetSpec {
  name?: string;
  rows: (Cell[] | null)[];
  merge?: string[];
  hidden?: number[];
  numFmt?: Record<string, string>;
}

/** A workbook written by exceljs's (non-streaming) writer; `null` rows are blank. */
async function workbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(s.name ?? `Sheet${i + 1}`);
    s.rows.forEach((r, k) => {
      const row = ws.getRow(k + 1);
      if (r)
        r.forEach((v, c) => {
          if (v !== null) row.getCell(c + 1).value = v as ExcelJS.CellValue;
        });
      row.commit();
    });
    for (const m of s.merge ?? []) ws.mergeCells(m);
    for (const h of s.hidden ?? []) ws.getRow(h).hidden = true;
    for (const [ref, fmt] of Object.entries(s.numFmt ?? {})) ws.getCell(ref).numFmt = fmt;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const rowsOf = (r: Awaited<ReturnType<typeof check>>['result'], table: string) => r.files.find((f) => f.table === table)!;

describe('a table as an .xlsx workbook', () => {
  it('reads the worksheet under a merged title and a blank row: worksheet rows as lines, Excel dates, text codes, hidden rows', async () => {
    const offices = await workbook([
      {
        name: '单位',
        rows: [
          ['2024年单位名册'], // row 1: the title, merged over the header's width
          null, // row 2: blank
          ['单位编码', '单位名称', '考核类别', '片区'], // row 3: the header
          ['001', '甲镇', '乡镇', '东片'], // a text cell holding a numeric-looking code
          [2, '乙镇', '乡镇', null], // a number shown as 002 by its format
          ['A3', '丙镇', '乡镇', null], // hidden: still data
          ['A4', null, '乡镇', null], // row 7: name missing
        ],
        merge: ['A1:D1'],
        hidden: [6],
        numFmt: { A5: '000' },
      },
    ]);
    const staff =
      'person_id,office_id,name,birth_date,role,joined_on\nP1,001,张三,1980-01-02,director,2010-01-01\nP2,002,李四,1990-05-06,staff,2015-01-01\n';
    const trainings = await workbook([
      {
        rows: [
          ['Person_ID', 'Trained_On', 'Course'],
          ['P1', day(2024, 3, 5), 'Excel date, Chinese format'],
          ['P1', day(2024, 3, 6), 'Excel date, m/d/yyyy'],
          ['P2', '2024-03-07', 'text ISO'],
          ['P2', '2024/3/8', 'text slash'],
          ['P2', '2024.3.9', 'text dot'],
          ['P2', '2024年3月10日', 'text Chinese'],
          ['P1', '2024-02-30', 'row 8: no such day'],
          ['P1', { formula: 'DATE(2024,3,11)', result: day(2024, 3, 11) }, 'formula'],
          ['P2', day(2024, 3, 12), 12.5],
          null,
          null,
        ],
        numFmt: { B2: 'yyyy"年"m"月"d"日"', B3: 'm/d/yyyy', B9: 'yyyy-mm-dd', B10: 'yyyy-mm-dd' },
      },
    ]);
    const { db, result, rejects } = await check(await dataDir({ '单位.xlsx': offices, 'staff.csv': staff, 'Trainings.XLSX': trainings }));
    expect(rowsOf(result, 'offices')).toMatchObject({
      file: '单位.xlsx',
      rows: 4,
      loaded: 3,
      rejected: 1,
      titles: [{ line: 1, text: '2024年单位名册' }],
    });
    expect(rowsOf(result, 'offices').encoding).toBe('xlsx [单位]');
    expect(rowsOf(result, 'trainings')).toMatchObject({ file: 'Trainings.XLSX', rows: 9, loaded: 8, rejected: 1, titles: [] });
    for (const f of result.files) expect(f.loaded + f.rejected, f.file).toBe(f.rows);
    expect(rejects.map((r) => [r.file, r.line, r.column, r.value, r.check])).toEqual([
      ['Trainings.XLSX', 8, 'trained_on', '2024-02-30', 'type'],
      ['单位.xlsx', 7, 'name', null, 'required'],
    ]);
    expect(await db.all(`SELECT _line, office_id, name, region FROM offices ORDER BY _line`)).toEqual([
      { _line: 4, office_id: '001', name: '甲镇', region: '东片' },
      { _line: 5, office_id: '002', name: '乙镇', region: null },
      { _line: 6, office_id: 'A3', name: '丙镇', region: null },
    ]);
    expect(await db.all(`SELECT _line, person_id, strftime(trained_on, '%Y-%m-%d') AS d, course FROM trainings ORDER BY _line`)).toEqual([
      { _line: 2, person_id: 'P1', d: '2024-03-05', course: 'Excel date, Chinese format' },
      { _line: 3, person_id: 'P1', d: '2024-03-06', course: 'Excel date, m/d/yyyy' },
      { _line: 4, person_id: 'P2', d: '2024-03-07', course: 'text ISO' },
      { _line: 5, person_id: 'P2', d: '2024-03-08', course: 'text slash' },
      { _line: 6, person_id: 'P2', d: '2024-03-09', course: 'text dot' },
      { _line: 7, person_id: 'P2', d: '2024-03-10', course: 'text Chinese' },
      { _line: 9, person_id: 'P1', d: '2024-03-11', course: 'formula' },
      { _line: 10, person_id: 'P2', d: '2024-03-12', course: '12.5' },
    ]);
  });

  it('numbers in integer columns, an out-of-range number and a value right of the header are rejected on their worksheet rows', async () => {
    const counts = await workbook([
      {
        rows: [
          ['发文统计表'],
          ['单位编码', '年度', '发文数'],
          ['A1', 2023, 10],
          ['A1', 2024, 12.5], // not a whole number
          ['A2', 2024, -1], // below 0
          ['A2', 2023, 3, '多余'], // a value right of the header
          ['A2', { formula: '2020+2', result: 2022 }, 4],
        ],
      },
    ]);
    const { db, result, rejects } = await check(
      await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'document_counts.xlsx': counts }),
    );
    expect(rowsOf(result, 'document_counts')).toMatchObject({ rows: 5, loaded: 2, rejected: 3, titles: [{ line: 1, text: '发文统计表' }] });
    expect(rejects.map((r) => [r.line, r.check, r.reason])).toEqual([
      [4, 'type', 'documents 12.5 is not a whole number'],
      [5, 'range', 'documents -1 is below 0'],
      [6, 'structure', 'the row has 4 fields but the header has 3'],
    ]);
    expect(await db.all(`SELECT _line, office_id, year, documents FROM document_counts ORDER BY _line`)).toEqual([
      { _line: 3, office_id: 'A1', year: 2023, documents: 10 },
      { _line: 7, office_id: 'A2', year: 2022, documents: 4 },
    ]);
  });

  it('reads the worksheet named like the table, else the first one holding the header', async () => {
    const header = ['person_id', 'trained_on'];
    const named = await workbook([
      { name: '说明', rows: [['本表为培训记录'], header, ['P1', '2024-01-01']] },
      { name: '培训', rows: [header, ['P2', '2024-02-02'], ['P2', '2024-02-03']] },
    ]);
    const r1 = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.xlsx': named }));
    expect(rowsOf(r1.result, 'trainings')).toMatchObject({ encoding: 'xlsx [培训]', rows: 2, loaded: 2 });
    const second = await workbook([
      { name: '说明', rows: [['本表为培训记录'], ['填表人', '王五']] },
      { name: '数据', rows: [['2024年培训'], header, ['P2', '2024-02-02']] },
    ]);
    const r2 = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.xlsx': second }));
    expect(rowsOf(r2.result, 'trainings')).toMatchObject({
      encoding: 'xlsx [数据]',
      rows: 1,
      loaded: 1,
      titles: [{ line: 1, text: '2024年培训' }],
    });
  });

  it('the first worksheet is the first tab, wherever its part lies in the zip; every read of a workbook exceljs wrote succeeds', async () => {
    const header = ['person_id', 'trained_on'];
    const written = await workbook([
      { name: '甲', rows: [header, ['P1', '2024-01-01']] },
      { name: '乙', rows: [header, ['P2', '2024-02-02']] },
    ]);
    // tab 甲's worksheet moved to the zip's second sheet part (and 乙's to the first); the tab order is unchanged
    const parts = new Map(unzip(written));
    const swap = (a: string, b: string) => {
      const x = parts.get(a)!;
      parts.set(a, parts.get(b)!);
      parts.set(b, x);
    };
    swap('xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml');
    const rels = parts.get('xl/_rels/workbook.xml.rels')!.toString('utf8');
    parts.set(
      'xl/_rels/workbook.xml.rels',
      Buffer.from(
        rels
          .replace('worksheets/sheet1.xml', 'worksheets/@')
          .replace('worksheets/sheet2.xml', 'worksheets/sheet1.xml')
          .replace('worksheets/@', 'worksheets/sheet2.xml'),
      ),
    );
    const moved = zip(parts);
    const dir = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.xlsx': moved });
    const r = await check(dir);
    expect(rowsOf(r.result, 'trainings')).toMatchObject({ encoding: 'xlsx [甲]', rows: 1, loaded: 1 });
    expect(await r.db.all(`SELECT person_id FROM trainings`)).toEqual([{ person_id: 'P1' }]);
    // exceljs's own streaming pass loses the zip's last entry (xl/workbook.xml) now and then (exceljs issue 3064)
    const t = TABLES.find((x) => x.name === 'trainings')!;
    const work = await tempDir();
    await writeFile(join(work, 'w.xlsx'), written);
    for (let i = 0; i < 40; i++) {
      const scan = await readXlsx(join(work, 'w.xlsx'), join(work, 'copy.csv'), 'w.xlsx', t, headerRule(t, 'w.xlsx'));
      expect(scan.encoding).toBe('xlsx [甲]');
    }
  });

  it('gives the same scores as the same data in CSV', async () => {
    const csvDir = await tempDir();
    await generate({ offices: 30, years: [2023, 2024], seed: 17, out: csvDir, bad: true }); // both categories, every kind of bad row
    const xlsxDir = await tempDir();
    for (const f of [
      'offices.csv',
      'staff.csv',
      'document_counts.csv',
      '会议.csv',
      'submissions.csv',
      'supervision.csv',
      'trainings.csv',
      'attendance.csv',
    ]) {
      await writeFile(join(xlsxDir, f), await readFile(join(csvDir, f)));
    }
    // documents as a workbook: a title row, the dates (2023/3/5 in the CSV) as Excel dates, the rest text
    const [header, ...rows] = Papa.parse<string[]>(
      (await readFile(join(csvDir, 'documents.csv'), 'utf8')).replace(/^\uFEFF/, '').trimEnd(),
    ).data;
    const asCell = (v: string, i: number): Cell => {
      const m = /_on$/.test(header[i]) ? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v) : null;
      const d = m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
      // a day that does not exist (2024/2/30, a bad row) stays text: Excel could not store it as a date
      return d && d.getUTCDate() === Number(m![3]) ? d : v === '' ? null : v;
    };
    await writeFile(
      join(xlsxDir, '发文.xlsx'),
      await workbook([{ rows: [['2023—2024年发文登记表'], header, ...rows.map((r) => r.map(asCell))], merge: ['A1:F1'] }]),
    );
    const outs: Record<string, string> = {};
    for (const [k, dir] of [
      ['csv', csvDir],
      ['xlsx', xlsxDir],
    ]) {
      const out = join(await tempDir(), 'out');
      // no office pages and no feedback letters (read when the run writes them): nothing here looks at them, and they
      // were most of these runs' cost
      const r = await withEnv({ KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' }, () =>
        cli(['run', '--data', dir, '--year', '2024', '--out', out, '--lang', 'en', '--quiet']),
      );
      expect(r.code, r.stderr).toBe(0);
      outs[k] = out;
      if (k === 'xlsx') expect(r.stdout).toContain('skipped title row above the header: 发文.xlsx line 1 "2023—2024年发文登记表"');
    }
    for (const f of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv']) {
      expect(await readFile(join(outs.xlsx, f), 'utf8'), f).toBe(await readFile(join(outs.csv, f), 'utf8'));
    }
    // the rejects are the same rows, documents.csv's lines one further down in the workbook (the title row)
    const rejects = async (out: string) =>
      Papa.parse<string[]>((await readFile(join(out, 'rejects.csv'), 'utf8')).replace(/^\uFEFF/, '').trimEnd()).data.slice(1);
    const down = (s: string) => s.replace(/first at line (\d+)/, (_, n) => `first at line ${Number(n) + 1}`);
    const fromCsv = (await rejects(outs.csv)).map((r) =>
      r[0] === 'documents.csv' ? ['发文.xlsx', String(Number(r[1]) + 1), r[2], r[3], down(r[4])] : r,
    );
    expect((await rejects(outs.xlsx)).sort()).toEqual(fromCsv.sort());
    const manifest = JSON.parse(await readFile(join(outs.xlsx, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.find((i: { table: string }) => i.table === 'documents')).toMatchObject({
      file: '发文.xlsx',
      skipped_rows: [{ line: 1, text: '2023—2024年发文登记表' }],
    });
    const page = await readFile(join(outs.xlsx, 'report', 'data-quality.html'), 'utf8');
    expect(page).toContain('Skipped title rows');
    expect(page).toContain('2023—2024年发文登记表');
  });
});

describe('title rows above the header', () => {
  it('in a CSV file: the first row holding every required column is the header, the rows above are listed, lines stay physical', async () => {
    // Excel's CSV of a sheet with a title row: the title, a blank row, then the header
    const withBlank = '2024年培训登记表,,\n,,\n\nperson_id,trained_on,course\nP1,2024-01-01,a\nP2,2024-13-01,b\n';
    const simple = '培训登记表\n人员编码,培训日期\nP1,2024-01-01\nP2,2024-13-01\n'; // no blank line: the fast pass
    for (const [content, titles, badLine] of [
      [withBlank, [{ line: 1, text: '2024年培训登记表' }], 6],
      [simple, [{ line: 1, text: '培训登记表' }], 4],
    ] as const) {
      const { result, rejects } = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.csv': content }));
      expect(rowsOf(result, 'trainings')).toMatchObject({ rows: 2, loaded: 1, rejected: 1, titles });
      expect(rejects.map((r) => [r.file, r.line, r.column])).toEqual([['trainings.csv', badLine, 'trained_on']]);
    }
  });

  it('a file whose first rows hold no header is the error its first row gives, as before', async () => {
    const r = await cli([
      'validate',
      '--data',
      await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.csv': 'person,trained_on\nP1,2024-01-01\n' }),
      '--out',
      join(await tempDir(), 'v'),
      '--lang',
      'en',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaoping: trainings.csv: is missing the required column person_id (人员编码)\n');
  });

  it("are listed in validate's summary and on the data-quality page", async () => {
    const dir = await dataDir({ 'offices.csv': '单位名册\n' + OFFICES, 'staff.csv': STAFF });
    const v = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'v')]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('跳过表头上方的标题行: offices.csv 第 1 行 “单位名册”');
  });
});

describe('workbooks kaoping cannot read', () => {
  const refused = async (files: Record<string, string | Buffer>) => {
    const r = await cli([
      'validate',
      '--data',
      await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, ...files }),
      '--out',
      join(await tempDir(), 'v'),
      '--lang',
      'en',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr;
  };
  const ole = (extra = '') =>
    Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from(extra, 'utf16le'),
      Buffer.alloc(512),
    ]);

  it('.xls and .et are one sentence asking for .xlsx', async () => {
    expect(await refused({ '培训.xls': ole() })).toBe(
      'kaoping: 培训.xls: is an old binary Excel workbook (.xls), which kaoping does not read; open it in Excel or WPS and save it as .xlsx (or CSV)\n',
    );
    expect(await refused({ 'trainings.ET': ole() })).toMatch(
      /^kaoping: trainings\.ET: is a WPS spreadsheet \(\.et\), which kaoping does not read; open it in WPS and save it as \.xlsx/,
    );
  });

  it('a password-protected workbook, an .xls renamed .xlsx and a file that is no workbook are one sentence each', async () => {
    expect(await refused({ 'trainings.xlsx': ole('EncryptionInfo') })).toMatch(
      /^kaoping: trainings\.xlsx: is a password-protected workbook, which kaoping cannot read; open it in Excel or WPS, remove the password and save it as \.xlsx\n$/,
    );
    expect(await refused({ 'trainings.xlsx': ole('Workbook') })).toMatch(
      /^kaoping: trainings\.xlsx: is an old binary Excel workbook \(\.xls\) under an \.xlsx name/,
    );
    expect(await refused({ 'trainings.xlsx': 'person_id,trained_on\n' })).toMatch(
      /^kaoping: trainings\.xlsx: is not an Excel \.xlsx workbook \(it is not a zip file\)/,
    );
  });

  it("a workbook without the table's columns on any sheet, or on the sheet named like it, is one sentence", async () => {
    const none = await workbook([
      {
        rows: [
          ['人员', '日期'],
          ['P1', '2024-01-01'],
        ],
      },
      { name: '其他', rows: [['x']] },
    ]);
    expect(await refused({ 'trainings.xlsx': none })).toBe(
      'kaoping: trainings.xlsx: has no worksheet whose header row holds the columns person_id (人员编码), trained_on (培训日期) of the trainings table\n',
    );
    const named = await workbook([{ name: 'Trainings', rows: [['人员', '日期']] }, { rows: [['person_id', 'trained_on']] }]);
    expect(await refused({ 'trainings.xlsx': named })).toMatch(
      /^kaoping: trainings\.xlsx: has a worksheet named Trainings, but none of its first 11 rows holds the columns person_id/,
    );
  });

  it('a table given both as CSV and as a workbook is one error naming both', async () => {
    const book = await workbook([
      {
        rows: [
          ['person_id', 'trained_on'],
          ['P1', '2024-01-01'],
        ],
      },
    ]);
    expect(await refused({ 'trainings.csv': 'person_id,trained_on\nP1,2024-01-01\n', '培训.xlsx': book })).toBe(
      'kaoping: trainings.csv / 培训.xlsx: both hold the trainings table; keep one of them\n',
    );
  });
});
