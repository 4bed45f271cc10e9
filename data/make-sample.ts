/**
 * Regenerates the bundled sample, data/sample, byte for byte:
 *
 *   npx tsx data/make-sample.ts
 *
 * The CSV files come from generate() with fixed options; one table, the
 * attendance records, is then turned into an Excel workbook
 * (上下班督查.xlsx) as an office hands it over: a merged title row and a
 * blank row above the header, the dates as Excel dates, so `npm start` reads
 * a workbook too. Then the appraisal team's adjustments (复核调整.csv), as a
 * team exports them after 公示 and the appeals: an exclusion that lifts a
 * veto, a points correction and a row that is rejected. README.md is written
 * from the same run, so its list of bad rows (file and line) and its table of
 * rule cases always match the files.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { FILES, SAMPLE_ROSTER, generate, type BadRow, type GenerateResult, type OfficeFacts } from './generate/index.ts';

export const SAMPLE_OPTIONS = {
  offices: SAMPLE_ROSTER.length,
  years: [2023, 2024] as [number, number],
  seed: 20240101,
  bad: true,
  sample: true,
};

const out = join(dirname(fileURLToPath(import.meta.url)), 'sample');

/** The table given as a workbook, its title, and the rows above its header (title, blank). */
const XLSX_FILE = '上下班督查.xlsx';
const XLSX_TITLE = '2023—2024年上下班督查记录表';
const ROWS_ABOVE_HEADER = 2;

/** The adjustments file, its header and labels in Chinese as the team's spreadsheet has them. */
const ADJUSTMENTS_FILE = '复核调整.csv';
const ADJUSTMENTS_HEADER = '调整编号,年度,单位编码,调整方式,数据表,记录编号,考核项目,调整分值,调整理由,决定人,决定日期';
/**
 * The team's decisions on 2024, each row with what it shows (README.md). The
 * rows they name are checked against the generated files (adjustments()), so
 * a generator change that moves them fails here instead of shipping a sample
 * whose adjustments say something else.
 */
const ADJUSTMENTS = [
  {
    cells: [
      'TZ2024-01',
      '2024',
      'XZ008',
      '剔除记录',
      '发文',
      'XZ008-2024-017',
      '',
      '',
      '经复核，该文件为非密文件，密级误录为“秘密”',
      '考评组',
      '2025-01-20',
    ],
    shows:
      "exclude 剔除记录: the only document behind XZ008's veto (a secret document via the exchange box) was misfiled; " +
      'excluded, the veto is lifted 误录密级的文件剔除后,一票否决随之解除',
  },
  {
    cells: [
      'TZ2024-02',
      '2024',
      'BM003',
      '加减分',
      '',
      '',
      '按期办结率',
      '4',
      '督办件BM003-2024-D02经交办领导书面同意延期至2024年4月15日，按期办结计',
      '考评组',
      '2025-01-20',
    ],
    shows:
      'points 加减分: on_time (named by its Chinese name 按期办结率) + 4, as if its one late item had been on time ' +
      '(2 of 3 on time: 8 of 12 points, now 12) 延期经批准的督办件按期办结计,按期办结率加4分',
  },
  {
    cells: ['TZ2024-03', '2024', 'XZ001', '剔除记录', '发文', 'XZ008-2024-001', '', '', '申诉：该文件系误录', '考评组', '2025-01-21'],
    shows: 'rejected 拒收: XZ008-2024-001 is a document of XZ008, not of XZ001 (see "Bad rows") 记录编号属于其他单位,该行拒收',
  },
];

// stale files from an earlier layout would be read by the loader: start clean
for (const f of await readdir(out).catch(() => [] as string[])) {
  if (f.endsWith('.csv') || f.endsWith('.xlsx') || f === 'README.md') await rm(join(out, f));
}
const result = await generate({ ...SAMPLE_OPTIONS, out });
await toWorkbook(result, 'attendance.csv', XLSX_FILE);
await adjustments(result);
await writeFile(join(out, 'README.md'), readme(result));
const total = Object.values(result.files).reduce((a, b) => a + b, 0);
console.log(
  `data/sample: ${Object.entries(result.files)
    .map(([f, n]) => `${f} ${n}`)
    .join(', ')} (${total} rows, ${result.bad.length} bad)`,
);

/**
 * Rewrites `csv` (a generated file, one record per line) as the workbook
 * `xlsx`: row 1 the title merged over the header's width, row 2 blank, the
 * header in row 3; date columns as Excel dates (yyyy-mm-dd), all else text.
 * The bad rows listed for the CSV file move down by the two rows above the
 * header. The workbook's times are fixed, so its bytes are the same on every run.
 */
async function toWorkbook(r: GenerateResult, csv: string, xlsx: string): Promise<void> {
  const text = (await readFile(join(out, csv), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...rows] = Papa.parse<string[]>(text.trimEnd(), { skipEmptyLines: false }).data;
  const fixed = new Date(Date.UTC(2025, 0, 6, 9, 0, 0));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kaoping data/make-sample.ts';
  wb.created = fixed;
  wb.modified = fixed;
  const ws = wb.addWorksheet('上下班督查');
  ws.addRow([XLSX_TITLE]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.addRow([]);
  ws.addRow(header);
  const dates = header.map((h) => /_on$/.test(h));
  for (const cells of rows) {
    const row = ws.addRow(
      cells.map((c, i) => {
        const m = dates[i] ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(c) : null;
        return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : c;
      }),
    );
    dates.forEach((d, i) => {
      if (d) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  // JSZip (exceljs's zip writer) stamps every entry with the current time: re-zip with the fixed one
  const JSZip = createRequire(import.meta.url)('jszip');
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  for (const f of Object.values(zip.files) as { date: Date }[]) f.date = fixed;
  await writeFile(join(out, xlsx), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  await rm(join(out, csv));
  r.files[xlsx] = r.files[csv];
  delete r.files[csv];
  for (const b of r.bad)
    if (b.file === csv) {
      b.file = xlsx;
      b.line += ROWS_ABOVE_HEADER;
    }
}

/**
 * Writes 复核调整.csv (UTF-8 with BOM, as a spreadsheet saves it) after
 * checking that the rows it names are what its decisions say: XZ008's
 * document XZ008-2024-017 is secret and went through the exchange box (its
 * veto), XZ008-2024-001 is a document of XZ008 (so TZ2024-03, for XZ001, is
 * rejected), and BM003 has its late supervision item BM003-2024-D02.
 */
async function adjustments(r: GenerateResult): Promise<void> {
  const documents = await rows('documents.csv');
  const veto = documents.find((d) => d.doc_id === 'XZ008-2024-017');
  const other = documents.find((d) => d.doc_id === 'XZ008-2024-001');
  const late = (await rows('supervision.csv')).find((s) => s.item_id === 'BM003-2024-D02');
  if (
    veto?.office_id !== 'XZ008' ||
    veto.secrecy !== '秘密' ||
    veto.channel !== '公文交换箱' ||
    other?.office_id !== 'XZ008' ||
    late?.office_id !== 'BM003' ||
    late.completed_on !== '2024年4月12日'
  ) {
    throw new Error(`make-sample: the rows ${ADJUSTMENTS_FILE} names are no longer what its decisions say; write them again`);
  }
  const text = [ADJUSTMENTS_HEADER, ...ADJUSTMENTS.map((a) => a.cells.join(','))].join('\n') + '\n';
  await writeFile(join(out, ADJUSTMENTS_FILE), `\uFEFF${text}`);
  r.files[ADJUSTMENTS_FILE] = ADJUSTMENTS.length;
  const bad: BadRow = {
    file: ADJUSTMENTS_FILE,
    line: 4,
    office_id: 'XZ001',
    problem: 'row_id XZ008-2024-001 of documents.csv belongs to office XZ008, not XZ001',
    problem_zh: '记录编号XZ008-2024-001(documents.csv)属于单位XZ008,不是XZ001',
  };
  r.bad.push(bad);
}

/** A generated CSV file's rows as objects (header names as keys). */
async function rows(file: string): Promise<Record<string, string>[]> {
  const text = (await readFile(join(out, file), 'utf8')).replace(/^\uFEFF/, '');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

function readme(r: GenerateResult): string {
  const [y0, Y] = SAMPLE_OPTIONS.years;
  const P = Y - 1;
  const f2 = (x: number) => (Math.round(x * 100) / 100).toString();
  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
  lines.push(
    '# 示例数据 / Sample data',
    '',
    '<!-- Generated by `npx tsx data/make-sample.ts` (data/generate.ts); do not edit by hand. -->',
    '',
    `一个虚构县的${r.facts.length}个办公室(${count(r.facts, '乡镇')}个乡镇党政办、${count(r.facts, '县级部门')}个县级部门办公室),${y0}—${Y}年两年的数据。`,
    `${Y}年为考评年度,${P}年为发文、会议总量控制的基数年。数据由确定性生成器产生,人名、单位均为虚构。`,
    '文件特意采用不同的编码和写法,用来检验读取程序;另有少量故意写错的行(见“故意错误的行”)。',
    '',
    `A fictional county: ${r.facts.length} offices (${count(r.facts, '乡镇')} township offices, ${count(r.facts, '县级部门')} county department offices), years ${y0} and ${Y}.`,
    `${Y} is the appraisal year; ${P} is the baseline for the document and meeting caps. Generated deterministically; all names are invented.`,
    'The files deliberately use different encodings and spellings to exercise the loader, and a few rows are deliberately wrong (see "Bad rows").',
    '',
    '## 文件 / Files',
    '',
  );
  row(['file 文件', 'rows 行数', 'encoding 编码', 'header 表头', 'spellings 写法']);
  row(['---', '---:', '---', '---', '---']);
  const notes: Record<string, string> = {
    'offices.csv': '',
    'staff.csv': 'dates mixed per row 日期四种写法混用 (2023-03-05, 2023/3/5, 2023.3.5, 2023年3月5日); role English codes',
    'documents.csv':
      'dates 2023/3/5; secrecy/channel Chinese labels 中文(秘密, 公文交换箱, 纸质, 两者); booleans 是/否; empty secrecy = none',
    'document_counts.csv': 'yearly totals 年度发文总数',
    '会议.csv': 'CRLF; dates ISO; format Chinese labels 中文(常规会议, 现场会, 电视电话会, 套会)',
    'submissions.csv': 'dates 2023.3.5; kind/level Chinese labels 中文(信息, 省级 …); booleans true/false; empty level = none',
    'supervision.csv': 'dates 2023年3月5日',
    'trainings.csv': 'course names with a comma, a line break and quotes (quoted fields) 培训名称含逗号、换行、引号',
    [XLSX_FILE]: `Excel workbook 工作簿: row 1 a merged title (${XLSX_TITLE}), row 2 blank, header in row 3 (skipped and listed 跳过并列出标题行); recorded_on as Excel dates 日期为 Excel 日期; kind English codes (late, early_leave, absent)`,
  };
  for (const f of FILES) {
    const file = f.file === 'attendance.csv' ? XLSX_FILE : f.file;
    row([
      file,
      r.files[file],
      file.endsWith('.xlsx') ? 'xlsx' : f.encoding === 'gb18030' ? 'GB18030' : 'UTF-8 BOM',
      f.header === 'chinese' ? 'Chinese 中文' : 'English',
      notes[file] ?? '',
    ]);
  }
  row([
    ADJUSTMENTS_FILE,
    r.files[ADJUSTMENTS_FILE],
    'UTF-8 BOM',
    'Chinese 中文',
    'optional 可选: the appraisal team\'s decisions 考评组复核调整 (see "Adjustments"); action/source Chinese labels 中文(剔除记录, 加减分, 发文); ' +
      'the item by its Chinese name 考核项目填名称',
  ]);
  lines.push(
    '',
    '## 故意错误的行 / Bad rows',
    '',
    '`npx kaoping validate --data data/sample` should reject exactly these rows (line = physical line, header = 1;',
    `in ${XLSX_FILE} the worksheet row, header = ${ROWS_ABOVE_HEADER + 1});`,
    'none of them carries a rule case. 以下各行应被拒收,且均不涉及考评规则案例。',
    '',
  );
  row(['file 文件', 'line 行', 'office 单位', 'problem', '问题']);
  row(['---', '---:', '---', '---', '---']);
  for (const b of r.bad) row([b.file, b.line, b.office_id, esc(b.problem), esc(b.problem_zh)]);
  lines.push(
    '',
    `## 规则案例 / Rule cases in ${Y}`,
    '',
    'Designed cases (SAMPLE_ROSTER in data/generate.ts). Every office also has smaller random deductions driven by its',
    'quality; the table after this one shows all of them. 设计的案例如下;各单位另有随机的小额扣分,见下一表。',
    '',
  );
  row(['office 单位', 'name 名称', 'designed cases 设计案例']);
  row(['---', '---', '---']);
  for (const f of r.facts) if (f.cases.length) row([f.office_id, f.name, f.cases.join('; ')]);
  const recommended = r.facts.flatMap((f) => f.directors.filter((d) => d.recommended).map((d) => ({ ...d, office: f.office_id })));
  lines.push(
    '',
    `Directors recommended 建议给予副主任科员待遇 (active in ${Y}, ≥ 10 full years as director and age > 45 on ${Y}-12-31): ` +
      recommended.map((d) => `${d.person_id} ${d.name} (${d.age}, ${d.years} years)`).join('; ') +
      '.',
    '',
    ...adjustmentsSection(Y),
    `## ${Y} measured quantities / ${Y}年各单位计量值`,
    '',
    'What the rows of each office add up to in the appraisal year (loaded rows only; bad rows excluded; before the adjustments,',
    `so XZ008's docs and cls still count ${ADJUSTMENTS[0].cells[5]}). 各单位考评年度的计量值(仅计已载入的行,未计复核调整)。`,
    `docs: documents in ${P} → ${Y} (cap = floor(0.9 × ${P}); c = from document_counts); process: documents failing the`,
    'six-date check; e-share: non-classified documents sent by exchange box or both; cls: classified via exchange box / on paper;',
    `meet: meetings ${P} → ${Y}; dur: mean minutes; fmt: onsite/video/combined share; info: information submissions / 12 × active staff;`,
    'res: research reports; adopt: level points + 2 per leader instruction (before the cap of 10); sup: due / late / open;',
    'train: active staff trained / active staff; att: attendance records.',
    '',
  );
  row([
    'office',
    'docs',
    'cap',
    'relay',
    'bcast',
    'process',
    'e-share',
    'cls',
    'meet',
    'dur',
    'fmt',
    'info',
    'res',
    'adopt',
    'sup',
    'train',
    'att',
  ]);
  row(Array(17).fill('---'));
  for (const f of r.facts) row(factsRow(f));
  lines.push('');
  return lines.join('\n');

  function factsRow(f: OfficeFacts): string[] {
    const cap = f.docsPrev === null ? 'no baseline' : String(Math.floor(0.9 * f.docsPrev));
    const prev = f.docsPrev === null ? '–' : `${f.docsPrev}${f.docsPrevFrom === 'document_counts' ? 'c' : ''}`;
    return [
      f.office_id,
      `${prev} → ${f.docs}`,
      cap,
      String(f.relay),
      String(f.broadcast),
      `${f.processBad}/${f.docs}`,
      `${f.electronic}/${f.nonClassified}`,
      `${f.classifiedBox}/${f.classifiedPaper}`,
      `${f.meetingsPrev} → ${f.meetings}`,
      f2(f.avgDuration),
      f2(f.meetings ? f.nonRegular / f.meetings : 0),
      `${f.info}/${12 * f.activeStaff}`,
      String(f.research),
      f2(f.adoptionPoints),
      `${f.due}/${f.late}/${f.open}`,
      `${f.trained}/${f.activeStaff}`,
      String(f.attendance),
    ];
  }
}

/** The README section on 复核调整.csv: what the team decided, what each row shows, how to see the difference it makes. */
function adjustmentsSection(Y: number): string[] {
  const lines = [
    `## 复核调整 / Adjustments (${ADJUSTMENTS_FILE})`,
    '',
    '公示之后,考评组根据各单位的申诉复核,把决定记入复核调整表:剔除误录的记录(剔除记录),或加减某一考核项目的分数(加减分)。',
    `${Y}年度的考评只适用年度为${Y}的调整;剔除的记录保留在数据库中并标明已剔除。每项调整列在 adjustments.csv 中,`,
    '`kaoping explain` 在它改变的考核项目下列出调整编号、理由、决定人和日期。',
    '',
    "After publication (公示) and the offices' appeals (申诉), the appraisal team records its decisions: a misfiled row excluded",
    `(剔除记录) or an item's points changed (加减分). The ${Y} appraisal applies the adjustments of ${Y}; an excluded row stays in the`,
    'database, marked as excluded. Each adjustment is listed in adjustments.csv, and `kaoping explain` shows it (id, reason, who,',
    'when) at the item it changed.',
    '',
    '| adjustment 调整编号 | office 单位 | row or item 记录或项目 | what it shows 说明 |',
    '| --- | --- | --- | --- |',
  ];
  for (const a of ADJUSTMENTS) {
    const [id, , office, , , rowId, item, pts] = a.cells;
    lines.push(`| ${id} | ${office} | ${rowId || `${item} ${Number(pts) > 0 ? '+' : ''}${pts}`} | ${esc(a.shows)} |`);
  }
  lines.push(
    '',
    'With the default scheme, XZ008 is no longer vetoed and, with the highest total of the townships, becomes excellent; the',
    'quota of 5 being full, XZ026 (fifth before) becomes good. BM003 gains 4 points and one place. 解除一票否决后,XZ008 总分列',
    '乡镇第一,评为优秀;优秀名额5个已满,原第五名 XZ026 改为良好。BM003 加4分,名次前移一位。',
    '',
    'To see what the adjustments changed, run without the file as well and compare the two runs',
    '(先不带复核调整表运行一次,再比较两次结果):',
    '',
    '```',
    'npx kaoping run --out out                                   # the sample as it is, with the adjustments',
    'mkdir -p /tmp/published && cp data/sample/* /tmp/published/ && rm /tmp/published/复核调整.csv',
    'npx kaoping run --data /tmp/published --out out-published   # the results as published, before them',
    'npx kaoping compare --before out-published --after out --out out-compare',
    '```',
    '',
  );
  return lines;
}

function count(facts: OfficeFacts[], category: string): number {
  return facts.filter((f) => f.category === category).length;
}

function esc(s: string): string {
  return s.replaceAll('|', '\\|');
}
