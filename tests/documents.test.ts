/**
 * The Word documents (reports/documents.ts) of the golden data: the page and
 * fonts of GB/T 9704, every commended office and advanced individual named in
 * the notice and the publicity list, and one feedback sheet per office with
 * its lost points and their evidence rows. The docx files are unzipped and
 * word/document.xml is read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as D from 'docx';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../pipeline/db.ts';
import { schemeOfYear } from '../pipeline/explain.ts';
import type { Scheme } from '../pipeline/scheme.ts';
import { feedbackFileName, writeDocuments, writeFeedback, writeNotice, writePublicity } from '../reports/documents.ts';
import { font, FONT, grid, mm, NO_BORDERS, NONE, para, RED, run, table, type ParaOpts } from '../reports/docx/common.ts';
import { compileParts } from '../reports/docx/compile.ts';
import { LETTER } from '../reports/docx/feedback.ts';
import { LIST, NOTICE } from '../reports/docx/lists.ts';
import { document, pack, PARTS_FILE, storedPartsOf } from '../reports/docx/package.ts';
import { cell, cellProps, paragraph, paraProps, row, runProps, table as tableXml, textRun, type Xml } from '../reports/docx/xml.ts';
import { unzip } from '../reports/ooxml/zip.ts';
import { cli, dataDir, goldenRun, ROOT, sampleRun, tempDir, type CliResult, withEnv } from './helpers.ts';

const DATE = new Date(2026, 11, 1);
/** `kaoping run` of the golden data, 2024 (the worker's shared run: a copy of its OUT, and what it printed) */
let golden: CliResult & { out: string };
let db: Db;
let scheme: Scheme;
let dir: string;
let files: string[];

async function part(file: string, name = 'word/document.xml'): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const f = zip.file(name);
  if (!f) throw new Error(`${file} has no ${name}`);
  return f.async('string');
}
/** the text of the runs, unescaped, paragraphs joined by newlines */
const text = (xml: string) =>
  xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

beforeAll(async () => {
  golden = await goldenRun();
  db = await Db.open(join(golden.out, 'kaoping.duckdb'), { readOnly: true });
  scheme = await schemeOfYear(db, 2024);
  dir = await tempDir('kaoping-docx-');
  ({ files } = await writeDocuments(db, scheme, 2024, dir, 'zh', { date: DATE }, { feedback: true }));
}, 60_000);

afterAll(() => db?.close());

describe('page and fonts (GB/T 9704-2012)', () => {
  it('converts millimetres to twips as the standard needs', () => {
    expect([mm(210), mm(297), mm(37), mm(35), mm(28), mm(26)]).toEqual([11906, 16838, 2098, 1984, 1587, 1474]);
    // 22 lines in 225 mm, 28 characters in 156 mm of 16 pt type
    expect(grid()).toEqual({ linePitch: 579, charSpace: -842 });
    expect(22 * 579).toBeLessThanOrEqual(mm(297) - mm(37) - mm(35));
    expect(28 * (16 - 842 / 4096) * 20).toBeLessThanOrEqual(mm(210) - mm(28) - mm(26));
  });

  it('notice.docx: A4, margins 37/35/28/26 mm, the 28 × 22 grid, 小标宋 2号 title, 仿宋_GB2312 3号 body, "— N —" page numbers', async () => {
    const xml = await part(join(dir, 'notice.docx'));
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>');
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/>(<[^>]+>)*<w:sz w:val="44"\/>/);
    expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"[^>]*\/>(<[^>]+>)*<w:sz w:val="32"\/>/);
    const t = text(xml);
    expect(t).toContain('关于表彰2024年度先进办公室和先进个人的通报');
    expect(t).toContain('(发文机关)文件');
    expect(t).toMatch(/X办发〔2026〕\s+号/);
    expect(t).toContain('2026年12月1日');
    // the Normal style is the body: the grid's character pitch is relative to it
    const styles = await part(join(dir, 'notice.docx'), 'word/styles.xml');
    expect(styles).toMatch(/w:styleId="Normal"[\s\S]*?w:eastAsia="仿宋_GB2312"[\s\S]*?<w:sz w:val="32"\/>/);
    // footers: odd pages right, even pages left, a PAGE field between em dashes in 宋体 4号
    const zip = await JSZip.loadAsync(await readFile(join(dir, 'notice.docx')));
    const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n));
    expect(footers.length).toBe(2);
    for (const f of footers) {
      const fx = await zip.file(f)!.async('string');
      expect(fx).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
      expect(fx).toContain('— ');
      expect(fx).toContain(' —');
      expect(fx).toContain('w:eastAsia="宋体"');
      expect(fx).toContain('<w:sz w:val="28"/>');
    }
    const settings = await part(join(dir, 'notice.docx'), 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders');
    // fonts are named, not embedded
    expect(Object.keys(zip.files).some((n) => n.startsWith('word/fonts/'))).toBe(false);
  });
});

describe('the lists', () => {
  it('name every commended office (by category) and every advanced individual, in the notice and the publicity list', async () => {
    const commended = await db.all<{ office_name: string; category: string }>(
      `SELECT office_name, category FROM scores WHERE year = 2024 AND commended ORDER BY category, rank, office_id`,
    );
    const persons = await db.all<{ name: string; office_name: string }>(
      `SELECT i.name, s.office_name FROM individuals i JOIN scores s USING (year, office_id) WHERE i.year = 2024 ORDER BY i.rank, i.person_id`,
    );
    expect(commended.length).toBeGreaterThan(0);
    expect(persons.length).toBeGreaterThan(0);
    const notice = text(await part(join(dir, 'notice.docx')));
    const pub = text(await part(join(dir, 'publicity.docx')));
    for (const t of [notice, pub]) {
      for (const o of commended) expect(t).toContain(o.office_name);
      for (const c of new Set(commended.map((o) => o.category))) expect(t).toContain(c);
      for (const p of persons) expect(t).toContain(p.name);
      expect(t).toContain(`先进办公室(${commended.length}个)`);
      expect(t).toContain(`先进个人(${persons.length}名)`);
    }
    // the notice lists offices of a category in rank order, joined by 、
    const byCat = new Map<string, string[]>();
    for (const o of commended) byCat.set(o.category, [...(byCat.get(o.category) ?? []), o.office_name]);
    for (const names of byCat.values()) expect(notice).toContain(names.join('、'));
    for (const p of persons) expect(notice).toContain(`${p.name}(${p.office_name})`);
    // an office that is not commended is not named
    const other = await db.one<{ office_name: string }>(
      `SELECT office_name FROM scores WHERE year = 2024 AND NOT commended ORDER BY rank DESC LIMIT 1`,
    );
    expect(notice).not.toContain(other!.office_name);
    // generic wording without settings: five working days, a contact placeholder
    expect(pub).toContain('公示时间为5个工作日');
    expect(pub).toContain('(联系人及电话)');
    expect(pub).toContain('(发文机关)');
    expect(pub).toContain('2026年12月1日');
    const xml = await part(join(dir, 'publicity.docx'));
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
  });

  it('use the settings: title, organ (a joint notice: organs one above the other, 文件 beside them), publicity days, contact; English labels', async () => {
    const s = {
      title: '岐山县2024年度办公室工作考评',
      organ: '中共岐山县委办公室 岐山县人民政府办公室',
      publicity_days: 7,
      contact: '考评办 张三 0917-1234567',
      date: DATE,
    };
    await writePublicity(db, scheme, 2024, join(dir, 'pub-s.docx'), 'zh', s);
    await writeNotice(db, scheme, 2024, join(dir, 'notice-s.docx'), 'zh', s);
    const pub = text(await part(join(dir, 'pub-s.docx')));
    expect(pub).toContain('岐山县2024年度办公室工作考评拟表彰先进办公室和先进个人名单公示');
    expect(pub).toContain('公示时间为7个工作日');
    expect(pub).toContain('考评办 张三 0917-1234567');
    expect(pub).toContain('中共岐山县委办公室\n岐山县人民政府办公室\n2026年12月1日');
    const notice = text(await part(join(dir, 'notice-s.docx')));
    expect(notice).toContain('中共岐山县委办公室\n岐山县人民政府办公室\n文件');
    expect(notice).toContain('根据岐山县2024年度办公室工作考评结果');
    await writeNotice(db, scheme, 2024, join(dir, 'notice-en.docx'), 'en', { date: DATE });
    const en = text(await part(join(dir, 'notice-en.docx')));
    expect(en).toContain('Notice on commending the advanced offices and individuals of 2024');
    expect(en).toContain('1 December 2026');
  });
});

describe('feedback sheets', () => {
  it('one per office of the year, named like report pages', async () => {
    const ids = (await db.all<{ office_id: string }>(`SELECT office_id FROM scores WHERE year = 2024 ORDER BY office_id`)).map(
      (r) => r.office_id,
    );
    const sheets = (await readdir(join(dir, 'feedback'))).sort();
    expect(sheets).toEqual(ids.map(feedbackFileName).sort());
    expect(files).toEqual(['publicity.docx', 'notice.docx', ...files.slice(2)]);
    expect(files.slice(2).sort()).toEqual(sheets.map((f) => `feedback/${f}`));
  });

  it('safe file names for any office id', () => {
    for (const id of ['../../etc/passwd', 'a/b\\c', 'CON', '\u0000', '单位一', 'x'.repeat(300)]) {
      const name = feedbackFileName(id);
      expect(name).toMatch(/^[A-Za-z0-9_-]{1,40}-[0-9a-f]{10}\.docx$/);
    }
    expect(feedbackFileName('A1')).not.toBe(feedbackFileName('a1'));
  });

  it('hold the total, rank, tier, every item with points and max, and every lost point with its rule and evidence rows', async () => {
    const offices = await db.all<{ office_id: string; office_name: string; total: number; rank: number; tier: string; vetoed: boolean }>(
      `SELECT office_id, office_name, total, rank, tier, vetoed FROM scores WHERE year = 2024 ORDER BY office_id`,
    );
    const tiers: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
    const files = new Map(
      (await db.all<{ table: string; file: string }>(`SELECT "table", file FROM input_files`)).map((r) => [r.table, r.file]),
    );
    let evidenceSeen = 0;
    for (const o of offices) {
      const t = text(await part(join(dir, 'feedback', feedbackFileName(o.office_id))));
      expect(t).toContain(o.office_name);
      expect(t).toContain(o.office_id);
      expect(t).toContain(Number(o.total).toFixed(2));
      expect(t).toMatch(new RegExp(`第 ${o.rank} 名\\(共 \\d+ 个单位\\)`));
      expect(t).toContain(tiers[o.tier]);
      for (const it of scheme.items) expect(t).toContain(it.name);
      const lost = await db
        .all<{ indicator: string; lost: string }>(
          `SELECT indicator, kp_num(max_points - points) AS lost FROM indicators WHERE year = 2024 AND office_id = $1 AND max_points - points > 1e-9 ORDER BY seq`,
          [o.office_id],
        )
        .catch(async () =>
          db.all<{ indicator: string; lost: string }>(
            `SELECT indicator, printf('%.2f', round(max_points - points, 2) + 0.0) AS lost FROM indicators WHERE year = 2024 AND office_id = $1 AND max_points - points > 1e-9 ORDER BY seq`,
            [o.office_id],
          ),
        );
      for (const l of lost) {
        const name = scheme.items.find((x) => x.id === l.indicator)!.name;
        expect(t).toContain(`${name}:失 ${l.lost} 分`);
      }
      if (lost.length === 0) expect(t).toContain('各项均得满分');
      const ev = await db.all<{ source: string; row_id: string; line: number; detail_zh: string }>(
        `SELECT source, row_id, line, detail_zh FROM evidence WHERE year = 2024 AND office_id = $1`,
        [o.office_id],
      );
      for (const e of ev) {
        // file, line, record id and detail in one row of the evidence table
        expect(t).toContain(`${files.get(e.source) ?? `${e.source}.csv`}\n${e.line}\n${e.row_id}\n${e.detail_zh}\n`);
        evidenceSeen++;
      }
      if (o.vetoed) expect(t).toContain('一票否决');
    }
    expect(evidenceSeen).toBeGreaterThan(0);
    expect(offices.some((o) => o.vetoed)).toBe(true);
  });

  it('writeFeedback of one office gives the same sheet as writeDocuments', async () => {
    const id = (await db.one<{ office_id: string }>(`SELECT office_id FROM scores WHERE year = 2024 AND vetoed`))!.office_id;
    const one = join(dir, 'one.docx');
    await writeFeedback(db, scheme, 2024, id, one, 'zh', { date: DATE });
    expect(text(await part(one))).toBe(text(await part(join(dir, 'feedback', feedbackFileName(id)))));
    await writeFeedback(db, scheme, 2024, id, join(dir, 'one-en.docx'), 'en', { date: DATE });
    const en = text(await part(join(dir, 'one-en.docx')));
    expect(en).toContain('Appraisal feedback 2024');
    expect(en).toContain('Veto');
  });
});

/** The body of word/document.xml that docx itself writes for these children (the oracle of reports/docx/xml.ts). */
async function docxBody(children: D.FileChild[]): Promise<string> {
  const parts = unzip(await D.Packer.toBuffer(new D.Document({ sections: [{ children }] })));
  const xml = parts.find(([n]) => n === 'word/document.xml')![1].toString('utf8');
  return xml.slice(xml.indexOf('<w:body>') + 8, xml.indexOf('<w:sectPr'));
}

// text with what XML must escape or leave out, spaces at the ends, CJK and characters beyond the BMP
const texts = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' a&b<c>"d\'e ', '\u0001\u0008\u000b\t\n\r', '单位一(乡镇)', '𠀀😀'),
);
const aligns = fc.constantFrom(...(['left', 'center', 'right', 'both', 'distribute'] as const));
const docxAlign = {
  left: D.AlignmentType.LEFT,
  center: D.AlignmentType.CENTER,
  right: D.AlignmentType.RIGHT,
  both: D.AlignmentType.JUSTIFIED,
  distribute: D.AlignmentType.DISTRIBUTE,
} as const;

describe('the body markup (reports/docx/xml.ts) is what docx 9 writes for the same options', () => {
  it('paragraphs of runs: sizes, fonts, bold, colour, off-grid, alignment, indents, spacing, exact lines, keep with next', async () => {
    const opts = fc.record(
      {
        size: fc.constantFrom(8, 10.5, 12, 14, 16, 22, 44),
        font: fc.constantFrom(FONT.body, FONT.heading, FONT.title),
        bold: fc.boolean(),
        color: fc.constantFrom(undefined, RED),
        free: fc.boolean(),
        align: aligns,
        indent: fc.constantFrom(undefined, 0, 2),
        rightIndent: fc.constantFrom(undefined, 2, 3.5),
        before: fc.constantFrom(undefined, 0, 120),
        after: fc.constantFrom(undefined, 80, 200),
        exact: fc.constantFrom(undefined, 300),
        keepNext: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    // 20 documents of 1-14 paragraphs (about 145 paragraphs; packing a document is most of a run's cost)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(texts, opts), { minLength: 1, maxLength: 14, size: 'max' }), async (cases) => {
        const ours = cases.map(([t, o]) => para(t, o as ParaOpts)).join('');
        // the builders as they were written with docx's objects
        const theirs = cases.map(([t, o]) => {
          const size = o.size ?? 16;
          return new D.Paragraph({
            children: [
              new D.TextRun({
                text: t,
                font: font(o.font ?? FONT.body),
                size: size * 2,
                ...(o.free ? { snapToGrid: false } : { characterSpacing: -5 }),
                ...(o.bold ? { bold: true } : {}),
                ...(o.color ? { color: o.color } : {}),
              }),
            ],
            alignment: docxAlign[o.align ?? 'both'],
            indent: {
              ...(o.indent ? { firstLine: Math.round(o.indent * size * 20) } : {}),
              ...(o.rightIndent ? { right: Math.round(o.rightIndent * size * 20) } : {}),
            },
            spacing: { before: o.before ?? 0, after: o.after ?? 0, ...(o.exact ? { line: o.exact, lineRule: D.LineRuleType.EXACT } : {}) },
            ...(o.keepNext ? { keepNext: true } : {}),
          });
        });
        expect(ours).toBe(await docxBody(theirs));
      }),
      { numRuns: 20 },
    );
  });

  it('tables: header row repeated, label columns shaded, group rows in 黑体, column alignment, widths as shares', async () => {
    const align = fc.constantFrom(undefined, 'left', 'center', 'right');
    const cols = fc.array(fc.record({ header: texts, width: fc.constantFrom(1, 1.1, 2.2, 5), align }), { minLength: 1, maxLength: 4 });
    const tableCase = fc.tuple(
      cols,
      fc.array(fc.array(texts, { minLength: 4, maxLength: 4 }), { maxLength: 4 }),
      fc.record({
        size: fc.constantFrom(10.5, 12),
        noHeader: fc.boolean(),
        labels: fc.constantFrom<number[]>([], [0], [0, 2]),
        group: fc.constantFrom(0, 1, -1),
      }),
    );
    // 10 documents of 1-7 tables one after another (about 40 tables; packing a document is most of a run's cost)
    await fc.assert(
      fc.asyncProperty(fc.array(tableCase, { minLength: 1, maxLength: 7, size: 'max' }), async (cases) => {
        const both = cases.map(([cs, rs, o]): [string, D.Table] => {
          const rows = rs.map((r) => r.slice(0, cs.length));
          const c = cs.map((x) => ({ header: x.header, width: x.width, align: x.align as 'left' | 'center' | 'right' | undefined }));
          const ours = table(c, rows, { size: o.size, noHeader: o.noHeader, labels: o.labels, group: (i) => i === o.group });
          const total = mm(210) - mm(28) - mm(26);
          const sum = c.reduce((a, x) => a + x.width, 0);
          const widths = c.map((x) => Math.floor((x.width / sum) * total));
          const labels = new Set(o.labels);
          const THIN = { style: D.BorderStyle.SINGLE, size: 4, color: '000000' };
          const cellOf = (text: string, i: number, header: boolean, bold = false) =>
            new D.TableCell({
              width: { size: widths[i], type: D.WidthType.DXA },
              verticalAlign: D.VerticalAlignTable.CENTER,
              margins: { top: 30, bottom: 30, left: 80, right: 80 },
              ...(header || labels.has(i) ? { shading: { fill: 'EDEDED' } } : {}),
              children: [
                new D.Paragraph({
                  alignment: header
                    ? D.AlignmentType.CENTER
                    : c[i].align === 'right'
                      ? D.AlignmentType.RIGHT
                      : c[i].align === 'center'
                        ? D.AlignmentType.CENTER
                        : D.AlignmentType.LEFT,
                  children: [
                    new D.TextRun({ text, font: font(header || bold || labels.has(i) ? FONT.heading : FONT.body), size: o.size * 2 }),
                  ],
                }),
              ],
            });
          const theirs = new D.Table({
            width: { size: total, type: D.WidthType.DXA },
            columnWidths: widths,
            layout: D.TableLayoutType.FIXED,
            borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
            rows: [
              ...(o.noHeader
                ? []
                : [
                    new D.TableRow({
                      tableHeader: true,
                      cantSplit: true,
                      children: c.map((x, i) => cellOf(x.header, i, true)),
                    }),
                  ]),
              ...rows.map((r, k) => new D.TableRow({ cantSplit: true, children: r.map((t, i) => cellOf(t, i, false, k === o.group)) })),
            ],
          });
          return [ours, theirs];
        });
        expect(both.map(([ours]) => ours).join('')).toBe(await docxBody(both.map(([, theirs]) => theirs)));
      }),
      { numRuns: 10 },
    );
  });

  it("a joint notice's organ mark (borderless table, empty and distributed paragraphs, red off-grid runs), the red rule", async () => {
    const organs = ['中共某县委办公室', '某县人民政府办公室'];
    const NONE_D = { style: D.BorderStyle.NONE, size: 0, color: 'FFFFFF' };
    const r = (text: string) => new D.TextRun({ text, font: font(FONT.title, FONT.title), size: 88, color: RED, snapToGrid: false });
    const dCell = (children: D.Paragraph[], width: number) =>
      new D.TableCell({
        width: { size: width, type: D.WidthType.DXA },
        verticalAlign: D.VerticalAlignTable.CENTER,
        borders: { top: NONE_D, bottom: NONE_D, left: NONE_D, right: NONE_D },
        children,
      });
    const theirs = [
      new D.Table({
        width: { size: 8845, type: D.WidthType.DXA },
        columnWidths: [100, 5000, 2000, 100],
        layout: D.TableLayoutType.FIXED,
        borders: { top: NONE_D, bottom: NONE_D, left: NONE_D, right: NONE_D, insideHorizontal: NONE_D, insideVertical: NONE_D },
        rows: [
          new D.TableRow({
            children: [
              dCell([new D.Paragraph({})], 100),
              dCell(
                organs.map((o) => new D.Paragraph({ alignment: D.AlignmentType.DISTRIBUTE, children: [r(o)] })),
                5000,
              ),
              dCell([new D.Paragraph({ alignment: D.AlignmentType.LEFT, children: [r('文件')] })], 2000),
              dCell([new D.Paragraph({})], 100),
            ],
          }),
        ],
      }),
      new D.Paragraph({
        alignment: D.AlignmentType.CENTER,
        border: { bottom: { style: D.BorderStyle.SINGLE, size: 12, color: RED, space: 8 } },
        children: [new D.TextRun({ text: 'X办发〔2026〕  号', font: font(FONT.body), size: 32, characterSpacing: -5 })],
      }),
    ];
    const rPr = runProps({ eastAsia: FONT.title, latin: FONT.title, halfPoints: 88, free: true, color: RED });
    const none = { top: NONE, left: NONE, bottom: NONE, right: NONE };
    const RULE = { style: 'single', size: 12, color: RED, space: 8 } as const;
    const ourCell = (ps: Xml[], width: number) => cell(cellProps({ width, borders: none, vAlign: 'center' }), ps);
    const ours =
      tableXml({ width: 8845, columns: [100, 5000, 2000, 100], borders: NO_BORDERS }, [
        row([
          ourCell([paragraph([])], 100),
          ourCell(
            organs.map((o) => paragraph([textRun(o, rPr)], paraProps({ align: 'distribute' }))),
            5000,
          ),
          ourCell([paragraph([textRun('文件', rPr)], paraProps({ align: 'left' }))], 2000),
          ourCell([paragraph([])], 100),
        ]),
      ]) + paragraph([run('X办发〔2026〕  号')], paraProps({ bottomBorder: RULE, align: 'center' }));
    expect(ours).toBe(await docxBody(theirs));
  });
});

describe('the package around the body (reports/docx/package.ts)', () => {
  it('reports/docx/parts.json holds what docx compiles for letters, list and notice (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const version = JSON.parse(await readFile(join(ROOT, 'node_modules', 'docx', 'package.json'), 'utf8')).version as string;
    const kinds = [LETTER, LIST, NOTICE];
    const compiled = await Promise.all(kinds.map(async (k) => [k, await compileParts(k)] as [typeof k, [string, string][]]));
    const fresh = storedPartsOf(version, compiled);
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(PARTS_FILE, JSON.stringify(fresh, null, 1) + '\n');
    expect(JSON.parse(await readFile(PARTS_FILE, 'utf8'))).toEqual(fresh);
  });

  it('is reproducible: with SOURCE_DATE_EPOCH every zip entry and core.xml carry that time, and the bytes repeat', async () => {
    const before = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 11, 1, 8, 30, 10) / 1000);
    try {
      const doc = document('标题 & <title>', [para('正文')], { grid: true });
      const a = await pack(doc);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await pack(doc)).equals(a)).toBe(true);
      const zip = await JSZip.loadAsync(a);
      for (const f of Object.values(zip.files)) expect(f.date.toISOString()).toBe('2025-12-01T08:30:10.000Z');
      const core = await zip.file('docProps/core.xml')!.async('string');
      expect(core).toContain('<dc:title>标题 &amp; &lt;title&gt;</dc:title>');
      expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-12-01T08:30:10.000Z</dcterms:created>');
      expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-12-01T08:30:10.000Z</dcterms:modified>');
      // the body stands where docx puts a section's children: after <w:body>, before the section properties
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toMatch(/<w:body><w:p>.*正文.*<\/w:p><w:sectPr>/);
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
  });
});

// pictures of the first pages, when LibreOffice is installed (KAOPING_DOCX_SHOTS=1 writes them into test-artifacts/)
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
describe.skipIf(!soffice || !process.env.KAOPING_DOCX_SHOTS)('screenshots (LibreOffice)', () => {
  it('renders publicity, notice and a feedback sheet to PNG', async () => {
    const art = join(ROOT, 'test-artifacts');
    const pdf = join(dir, 'pdf');
    await mkdir(art, { recursive: true });
    await mkdir(pdf, { recursive: true });
    const id = (await db.one<{ office_id: string }>(`SELECT office_id FROM scores WHERE year = 2024 AND vetoed`))!.office_id;
    const sheet = join(dir, 'feedback', feedbackFileName(id));
    execFileSync(
      soffice!,
      ['--headless', '--convert-to', 'pdf', '--outdir', pdf, join(dir, 'publicity.docx'), join(dir, 'notice.docx'), sheet],
      { stdio: 'ignore', timeout: 120_000 },
    );
    for (const [src, name] of [
      ['publicity', 'publicity'],
      ['notice', 'notice'],
      [feedbackFileName(id).replace(/\.docx$/, ''), 'feedback'],
    ]) {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(pdf, `${src}.pdf`), join(art, name)]);
      expect(existsSync(join(art, `${name}.png`))).toBe(true);
    }
  }, 180_000);
});

describe('kaoping run and report --office hand them out', () => {
  it('a run writes publicity.docx, notice.docx and one feedback letter per office; above the limit, report --office writes one on demand', async () => {
    // the run of beforeAll: the worker's shared run printed its own OUT, of which `out` is a copy
    const { out, stdout } = golden;
    const ranInto = stdout.match(/^2024 年度考评完成.*结果: (.+)$/m)![1];
    expect(stdout).toContain(join(ranInto, 'notice.docx'));
    expect((await readFile(join(ranInto, 'notice.docx'))).equals(await readFile(join(out, 'notice.docx')))).toBe(true);
    for (const f of ['results.xlsx', 'publicity.docx', 'notice.docx']) expect(existsSync(join(out, f)), f).toBe(true);
    expect((await readdir(join(out, 'feedback'))).length).toBe(14);
    const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(m.outputs['notice.docx']).toMatch(/^[0-9a-f]{64}$/);
    expect(m.outputs['results.xlsx']).toMatch(/^[0-9a-f]{64}$/);

    // above the limit: two offices (T04 with two documents of 2024) and a limit of one, read when the run writes the
    // documents, so the run is in this process with it set; and no office pages (KAOPING_OFFICE_PAGES_LIMIT=0): the test
    // reads the run's letters and what it said, and report --office writes the office's page and letter on its own
    const docs =
      'doc_id,office_id,issued_on,secrecy,channel,broadcast,relays_superior,drafted_on,checked_on,countersigned_on,signed_on,' +
      'proofread_on,printed_on\n' +
      ['T04-D1,T04,2024-04-01,none,paper', 'T04-D2,T04,2024-05-01,none,system']
        .map((d) => `${d},false,false` + `,${d.split(',')[2]}`.repeat(6))
        .join('\n');
    const data = await dataDir({
      'offices.csv': 'office_id,name,category\nT04,白沙乡党政办,乡镇\nT05,石门乡党政办,乡镇\n',
      'staff.csv':
        'person_id,office_id,name,birth_date,role,joined_on\nP1,T04,杨帆,1980-01-02,director,2010-01-01\nP2,T05,周敏,1990-05-06,staff,2015-01-01\n',
      'documents.csv': docs + '\n',
    });
    const big = join(await tempDir('kaoping-docs-big-'), 'out');
    const r2 = await withEnv({ KAOPING_FEEDBACK_LIMIT: '1', KAOPING_OFFICE_PAGES_LIMIT: '0' }, () =>
      cli(['run', '--data', data, '--year', '2024', '--out', big, '--quiet']),
    );
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain('单位数超过 1 个,未逐一生成考核反馈单');
    expect(existsSync(join(big, 'feedback'))).toBe(false);
    const one = await cli(['report', '--office', 'T04', '--out', big]);
    expect(one.code, one.stderr).toBe(0);
    expect(await readdir(join(big, 'feedback'))).toEqual([feedbackFileName('T04')]);
    const letter = text(await part(join(big, 'feedback', feedbackFileName('T04'))));
    expect(letter).toContain('白沙乡党政办');
    // values as the office page writes them: counts with the item's unit, shares as percentages, not 2.00 and 0.95
    expect(letter).toMatch(/\d+ 件/);
    expect(letter).toMatch(/\d+(\.\d)?%/);
    // as explain does, report --office takes the code in any case, or the office's name
    const two = await cli(['report', '--office', 't05', '--out', big]);
    expect(two.code, two.stderr).toBe(0);
    expect((await readdir(join(big, 'feedback'))).sort()).toEqual([feedbackFileName('T04'), feedbackFileName('T05')].sort());
  }, 120_000);
});

/**
 * Adjustments (复核调整) in the feedback letter: the bundled sample's run (the
 * worker's shared run, sampleRun) with the sample's adjustments file
 * (data/sample/复核调整.csv): TZ2024-01 lifts XZ008's veto (its document
 * misfiled as secret is excluded), TZ2024-02 gives BM003 +4.00 on on_time
 * (8.00 → 12.00), TZ2024-03 names another office's row and is rejected.
 * Each letter lists its office's adjustments (what, why, who, when) and
 * marks the adjusted item; a letter of an office without adjustments has no
 * such section.
 */
describe("feedback letters list the office's adjustments", () => {
  const REASON_02 = '督办件BM003-2024-D02经交办领导书面同意延期至2024年4月15日，按期办结计';

  it('what each adjustment did, its reason, who decided and when; the adjusted item marked; in Chinese and English', async () => {
    const { out } = await sampleRun();
    const xz008 = text(await part(join(out, 'feedback', feedbackFileName('XZ008'))));
    expect(xz008).toContain('三、复核调整');
    expect(xz008).toContain('1. TZ2024-01 剔除记录:documents.csv 第 281 行,记录编号 XZ008-2024-017;该记录在本年度考评中按未载入处理。');
    expect(xz008).toContain('调整理由:经复核，该文件为非密文件，密级误录为“秘密”;决定人:考评组;决定日期:2025-01-20。');
    expect(xz008).not.toContain('一票否决');
    const bm003 = text(await part(join(out, 'feedback', feedbackFileName('BM003'))));
    expect(bm003).toContain('1. TZ2024-02 加减分:按期办结率 +4.00 分(调整前 8.00 分,调整后 12.00 分)。');
    expect(bm003).toContain(`调整理由:${REASON_02};决定人:考评组;决定日期:2025-01-20。`);
    // the items table: on_time at 12.00 of 12.00, nothing lost, its note says it was adjusted
    expect(bm003).toMatch(/按期办结率\n[^\n]*\n[^\n]*\n12\.00\n12\.00\n\n复核调整\n/);
    // an office without adjustments, and the office of the rejected one
    for (const id of ['XZ002', 'XZ001'])
      expect(text(await part(join(out, 'feedback', feedbackFileName(id)))), id).not.toContain('复核调整');
    const db2 = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      const en = join(out, 'bm003-en.docx');
      await writeFeedback(db2, await schemeOfYear(db2, 2024), 2024, 'BM003', en, 'en', { date: DATE });
      const t = text(await part(en));
      expect(t).toContain('3. Adjustments');
      expect(t).toContain('1. TZ2024-02, points: On-time completion +4.00 (8.00 before, 12.00 after).');
      expect(t).toContain(`Reason: ${REASON_02}; decided by 考评组 on 2025-01-20.`);
    } finally {
      db2.close();
    }
  }, 120_000);
});
