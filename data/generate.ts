/**
 * Synthetic office-automation exports for kaoping: the CSV files of the data
 * contract (offices, staff, documents, document_counts, 会议, submissions,
 * supervision, trainings, attendance), for any number of offices and years.
 *
 * - Deterministic: every office draws from its own sfc32 stream seeded by
 *   (seed, office index), so the output depends only on the options, and an
 *   office's rows do not depend on the offices before it. No Math.random, no
 *   clock.
 * - Streaming: offices are generated one at a time and written through
 *   buffered write streams that wait for 'drain', so memory stays flat from
 *   50 offices to 400,000.
 * - Realistic spellings, as Excel on Chinese Windows exports them: 会议.csv is
 *   GB18030 with Chinese headers and CRLF; the rest are UTF-8 with BOM and
 *   English headers; dates, enums and booleans are spelt differently per file
 *   (see FILES).
 *
 * `sample: true` generates the curated county of SAMPLE_ROSTER (the bundled
 * data/sample), where each rule case of appraisal-rules.md sits on a named
 * office. Otherwise offices come in counties of 50 (28 乡镇, 22 县级部门) and
 * the cases are drawn at random. `bad: true` adds a handful of rows that break
 * the contract (BAD_KINDS), each on an office of its own, never on a row that
 * carries a rule case.
 *
 * Write errors (a full disk, a read-only or virtual file system such as
 * /proc, a path under a file, a folder where a file should go) end the
 * generation with one sentence (`writeFailure`, an InputError): every stream
 * reports its error to whoever waits on it, and nothing waits for a 'drain'
 * that will never come.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { table as contractTable } from '../pipeline/contract.ts';
import { InputError } from '../pipeline/errors.ts';
import { makeDirs } from '../pipeline/outdir.ts';

export interface GenerateOptions {
  offices: number;
  /** first and last year; the last is the appraisal year, the one before it the baseline */
  years: [number, number];
  seed: number;
  out: string;
  bad?: boolean;
  sample?: boolean;
  /** called after each office with the number of offices written so far */
  onOffice?: (done: number) => void;
}

export interface BadRow {
  file: string;
  /** physical line in the file (header = 1) */
  line: number;
  office_id: string;
  problem: string;
  problem_zh: string;
}

/** One office's measured quantities in the appraisal year (collected in sample mode only). */
export interface OfficeFacts {
  office_id: string;
  name: string;
  category: string;
  /** designed cases, in words */
  cases: string[];
  docsPrev: number | null;
  docsPrevFrom: 'rows' | 'document_counts' | 'none';
  docs: number;
  relay: number;
  broadcast: number;
  processBad: number;
  nonClassified: number;
  electronic: number;
  classifiedBox: number;
  classifiedPaper: number;
  meetingsPrev: number;
  meetings: number;
  avgDuration: number;
  nonRegular: number;
  activeStaff: number;
  info: number;
  research: number;
  adoptionPoints: number;
  due: number;
  late: number;
  open: number;
  trained: number;
  attendance: number;
  directors: { person_id: string; name: string; age: number; years: number; recommended: boolean }[];
}

export interface GenerateResult {
  /** data rows written per file */
  files: Record<string, number>;
  /** the deliberately bad rows (bad: true) */
  bad: BadRow[];
  /** per-office facts for the appraisal year (sample: true only; empty otherwise) */
  facts: OfficeFacts[];
}

// ---------------------------------------------------------------------------
// Random numbers: sfc32 seeded through splitmix32.

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    let s = (seed | 0) ^ Math.imul((stream | 0) + 0x632be5ab, 0x85ebca6b);
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [ns, z] = splitmix32(s);
      s = ns;
      w.push(z);
    }
    [this.a, this.b, this.c, this.d] = w;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** pick by weight: [[value, weight], ...] */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }

  /** k distinct indexes out of n, ascending */
  sample(n: number, k: number): number[] {
    const chosen = new Set<number>();
    k = Math.min(k, n);
    while (chosen.size < k) chosen.add(Math.floor(this.next() * n));
    return [...chosen].sort((x, y) => x - y);
  }
}

// ---------------------------------------------------------------------------
// Dates are day numbers (days since 1970-01-01, UTC).

const DAY_MS = 86_400_000;
export const day = (y: number, m: number, d: number): number => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
const yearOf = (n: number): number => new Date(n * DAY_MS).getUTCFullYear();
const isWeekend = (n: number): boolean => {
  const dow = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow === 0 || dow === 6;
};

type DateStyle = 'iso' | 'slash' | 'dot' | 'cn';
const DATE_STYLES: DateStyle[] = ['iso', 'slash', 'dot', 'cn'];
const dateCache: Record<DateStyle, Map<number, string>> = { iso: new Map(), slash: new Map(), dot: new Map(), cn: new Map() };

/** 2023-03-05, 2023/3/5, 2023.3.5 or 2023年3月5日; '' for no date. */
function fmtDate(n: number | null, style: DateStyle): string {
  if (n === null) return '';
  const cache = dateCache[style];
  let s = cache.get(n);
  if (s === undefined) {
    const d = new Date(n * DAY_MS);
    const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, dd = d.getUTCDate();
    switch (style) {
      case 'iso': s = `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`; break;
      case 'slash': s = `${y}/${m}/${dd}`; break;
      case 'dot': s = `${y}.${m}.${dd}`; break;
      default: s = `${y}年${m}月${dd}日`;
    }
    cache.set(n, s);
  }
  return s;
}

/** A weekday in [from, to] (weekends move to the nearest weekday inside the range). */
function workday(rng: Rng, from: number, to: number): number {
  let n = rng.int(from, to);
  if (!isWeekend(n)) return n;
  for (let k = 1; k <= 3; k++) {
    if (n + k <= to && !isWeekend(n + k)) return n + k;
    if (n - k >= from && !isWeekend(n - k)) return n - k;
  }
  return n;
}

// ---------------------------------------------------------------------------
// The county: names, categories, regions.

export const TOWNSHIP = '乡镇';
export const DEPARTMENT = '县级部门';

const TOWNS = [
  '城关镇', '东关镇', '西城镇', '南坪镇', '北岭镇', '青石镇', '白沙镇', '柳河镇', '桃源镇', '杨店镇',
  '马坊镇', '黄庄镇', '石桥镇', '龙泉镇', '新集镇', '高坪乡', '双河乡', '清水乡', '大坪乡', '李家乡',
  '王集乡', '枣林乡', '花园乡', '上河乡', '下庄乡', '金山乡', '关庙乡', '三里乡',
];
const TOWN_REGIONS = [
  '城区', '城区', '城区', '东片', '东片', '东片', '东片', '东片', '东片', '东片',
  '西片', '西片', '西片', '西片', '西片', '南片', '南片', '南片', '南片', '南片',
  '西片', '南片', '东片', '东片', '南片', '西片', '南片', '东片',
];
/** department offices, written after the county name ("县" in the sample) */
const DEPARTMENTS = [
  '委办公室', '政府办公室', '人大常委会办公室', '政协办公室', '纪委监委办公室', '委组织部办公室',
  '委宣传部办公室', '发展和改革局办公室', '教育局办公室', '公安局办公室', '财政局办公室',
  '人力资源和社会保障局办公室', '自然资源局办公室', '住房和城乡建设局办公室', '交通运输局办公室',
  '农业农村局办公室', '水利局办公室', '商务局办公室', '卫生健康局办公室', '市场监督管理局办公室',
  '应急管理局办公室', '民政局办公室', '司法局办公室', '数据局办公室',
];
const COUNTY_A = ['安', '永', '平', '宁', '长', '清', '丰', '阳', '临', '新', '元', '兴', '德', '广', '泰', '和', '嘉', '通', '庆', '华'];
const COUNTY_B = ['平', '阳', '宁', '山', '川', '江', '城', '丰', '远', '安', '乐', '化', '泉', '河', '源', '林', '寿', '昌', '定', '康'];
const TOWNS_PER_COUNTY = 28;
const DEPARTMENTS_PER_COUNTY = 22;

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲建国志海波宁文辉鹏飞晓东雪梅兰婷俊峰琳燕颖倩斌浩亮宇欣怡佳凯帆蕾晨阳慧瑞丹璐鑫博'];

const COURSES = [
  '公文写作与处理',
  '《党政机关公文处理工作条例》解读',
  '信息报送与调研写作',
  '保密工作业务培训',
  '督查督办工作培训',
  '办公自动化系统操作',
  '公文写作,信息报送专题培训', // a comma: the field is quoted
  '办公室业务能力提升培训班\n(第二期)', // a newline inside a quoted field
  '"三办"业务培训', // quotes inside a quoted field
  '档案管理实务',
  '机要密码工作培训',
];

// ---------------------------------------------------------------------------
// Office specs and the curated sample.

/** The cases of appraisal-rules.md an office is designed to show in the appraisal year Y. */
export interface Cases {
  /** documents in Y above the cap floor(0.9 × documents in Y-1) */
  docExcess?: number;
  /** set up in Y: no rows before Y (doc_cap, meeting_count: "no baseline") */
  established?: boolean;
  /** documents of Y-1 only as a document_counts total */
  countsBaseline?: boolean;
  /** one classified document sent through the exchange box (the veto) */
  veto?: 'secret' | 'confidential';
  /** classified documents sent on paper, correctly (no veto, outside the paperless rate) */
  classifiedPaper?: number;
  broadcast?: number;
  relay?: number;
  /** documents in Y with a missing process date */
  processMissing?: number;
  /** documents in Y signed before they were countersigned */
  processDisorder?: number;
  /** share of non-classified documents sent on paper */
  paper?: number;
  longMeetings?: boolean;
  /** meetings in Y above Y-1 */
  extraMeetings?: number;
  /** supervision items due in Y completed late (within Y) */
  late?: number;
  /** supervision items due in Y still open at year end */
  open?: number;
  /** submissions in Y adopted at these levels (at least) */
  adopted?: { national?: number; province?: number; city?: number };
  /** director born on [Y - years, month, day] and director since [Y - years, month, day] */
  director?: { born?: [number, number, number]; since?: [number, number, number] };
  /** the director changed in the middle of Y-1: the long-serving one left */
  directorChange?: boolean;
  bad?: BadKind[];
}

export interface OfficeSpec {
  index: number;
  office_id: string;
  name: string;
  category: string;
  region: string;
  /** overall quality 0..1: drives every random deduction */
  q: number;
  cases: Cases;
}

export type BadKind =
  | 'staff_birth' | 'doc_date' | 'doc_dup' | 'sub_office' | 'meeting_duration' | 'sup_order' | 'att_enum' | 'train_fields';
export const BAD_KINDS: BadKind[] = ['staff_birth', 'doc_date', 'doc_dup', 'sub_office', 'meeting_duration', 'sup_order', 'att_enum', 'train_fields'];

type RosterEntry = [id: string, q: number, cases?: Cases];

/**
 * The bundled sample: one county, 28 townships and 24 department offices.
 * Names, regions and categories come from TOWNS/DEPARTMENTS by position.
 */
export const SAMPLE_ROSTER: RosterEntry[] = [
  ['XZ001', 0.97, { adopted: { national: 1, province: 1 }, director: { born: [54, 3, 12], since: [14, 6, 1] } }],
  ['XZ002', 0.95, { director: { born: [52, 8, 20], since: [12, 3, 1] } }],
  ['XZ003', 0.93, { bad: ['staff_birth'] }],
  ['XZ004', 0.95, { docExcess: 1 }],
  ['XZ005', 0.65, { bad: ['doc_date'] }],
  ['XZ006', 0.72, { broadcast: 1 }],
  ['XZ007', 0.6, { bad: ['doc_dup'] }],
  ['XZ008', 0.97, { veto: 'secret' }],
  ['XZ009', 0.82, { docExcess: 4 }],
  ['XZ010', 0.74, { longMeetings: true }],
  ['XZ011', 0.8, { relay: 2 }],
  ['XZ012', 0.94, { director: { born: [49, 5, 2], since: [11, 9, 1] } }],
  ['XZ013', 0.78, { late: 2 }],
  ['XZ014', 0.8, { extraMeetings: 6 }],
  ['XZ015', 0.58, { docExcess: 9, broadcast: 3 }],
  ['XZ016', 0.8, { director: { born: [45, 12, 31], since: [13, 4, 1] } }],
  ['XZ017', 0.7, { processMissing: 6 }],
  ['XZ018', 0.82, { bad: ['sub_office'] }],
  ['XZ019', 0.85, { countsBaseline: true, docExcess: 2 }],
  ['XZ020', 0.6, { open: 1 }],
  ['XZ021', 0.8, { directorChange: true }],
  ['XZ022', 0.3, { docExcess: 22, relay: 4 }],
  ['XZ023', 0.8, { bad: ['meeting_duration'] }],
  ['XZ024', 0.68, { adopted: { province: 2 } }],
  ['XZ025', 0.5, { paper: 0.45 }],
  ['XZ026', 0.96, { bad: ['sup_order'] }],
  ['XZ027', 0.75, { director: { born: [56, 7, 15], since: [9, 1, 1] } }],
  ['XZ028', 0.62, {}],
  ['BM001', 0.96, { classifiedPaper: 4, director: { born: [53, 10, 8], since: [15, 2, 1] } }],
  ['BM002', 0.95, { classifiedPaper: 3, adopted: { national: 1, province: 2 } }],
  ['BM003', 0.8, { longMeetings: true, director: { born: [50, 6, 18], since: [10, 12, 31] } }],
  ['BM004', 0.85, { relay: 1 }],
  ['BM005', 0.93, { classifiedPaper: 5 }],
  ['BM006', 0.8, { docExcess: 2, classifiedPaper: 1 }],
  ['BM007', 0.92, { director: { born: [57, 1, 9], since: [16, 5, 1] } }],
  ['BM008', 0.72, { broadcast: 2 }],
  ['BM009', 0.7, { late: 3, open: 1 }],
  ['BM010', 0.78, { processDisorder: 5, classifiedPaper: 2 }],
  ['BM011', 0.82, { extraMeetings: 3 }],
  ['BM012', 0.76, { bad: ['att_enum'] }],
  ['BM013', 0.64, { docExcess: 6, relay: 3 }],
  ['BM014', 0.6, {}],
  ['BM015', 0.9, { veto: 'confidential' }],
  ['BM016', 0.7, { longMeetings: true }],
  ['BM017', 0.6, { paper: 0.35 }],
  ['BM018', 0.72, { open: 2 }],
  ['BM019', 0.38, { docExcess: 15, broadcast: 5 }],
  ['BM020', 0.8, { bad: ['train_fields'] }],
  ['BM021', 0.35, { relay: 5 }],
  ['BM022', 0.65, { countsBaseline: true }],
  ['BM023', 0.55, {}],
  ['BM024', 0.82, { established: true }],
];

function sampleSpecs(): OfficeSpec[] {
  let towns = 0, depts = 0;
  return SAMPLE_ROSTER.map(([id, q, cases], index) => {
    const town = id.startsWith('XZ');
    const k = town ? towns++ : depts++;
    return {
      index, office_id: id, q, cases: cases ?? {},
      name: town ? `${TOWNS[k]}党政办` : `县${DEPARTMENTS[k]}`,
      category: town ? TOWNSHIP : DEPARTMENT,
      region: town ? TOWN_REGIONS[k] : '县直',
    };
  });
}

/** Office i of a generated province: counties of 28 townships and 22 departments; random cases. */
function randomSpec(i: number, total: number, seed: number, bad: boolean): OfficeSpec {
  const perCounty = TOWNS_PER_COUNTY + DEPARTMENTS_PER_COUNTY;
  const county = Math.floor(i / perCounty);
  const pos = i % perCounty;
  const town = pos < TOWNS_PER_COUNTY;
  const counties = Math.ceil(total / perCounty);
  const width = Math.max(3, String(counties * TOWNS_PER_COUNTY).length);
  const n = county * (town ? TOWNS_PER_COUNTY : DEPARTMENTS_PER_COUNTY) + (town ? pos : pos - TOWNS_PER_COUNTY) + 1;
  const L = COUNTY_A.length;
  const countyName = `${COUNTY_A[county % L]}${COUNTY_B[Math.floor(county / L) % L]}${county >= L * L ? Math.floor(county / (L * L)) + 1 : ''}县`;
  const rng = new Rng(seed ^ 0x5bd1e995, i);
  const q = 1 - 0.65 * Math.pow(rng.next(), 1.5);
  const cases: Cases = {};
  if (rng.chance(0.01)) cases.established = true;
  else if (rng.chance(0.02)) cases.countsBaseline = true;
  if (rng.chance(0.004)) cases.veto = rng.chance(0.5) ? 'secret' : 'confidential';
  if (!town && rng.chance(0.15)) cases.classifiedPaper = rng.int(1, 4);
  if (rng.chance(0.06)) cases.longMeetings = true;
  if (rng.chance(0.05)) cases.directorChange = true;
  if (bad) {
    // spread the bad kinds over the file, one office each
    const k = BAD_KINDS.findIndex((_, j) => Math.floor(((j + 0.5) * total) / BAD_KINDS.length) === i);
    if (k >= 0) cases.bad = [BAD_KINDS[k]];
  }
  return {
    index: i,
    office_id: `${town ? 'XZ' : 'BM'}${String(n).padStart(width, '0')}`,
    name: town ? `${countyName}${TOWNS[pos]}党政办` : `${countyName}${DEPARTMENTS[pos - TOWNS_PER_COUNTY]}`,
    category: town ? TOWNSHIP : DEPARTMENT,
    region: countyName,
    q,
    cases,
  };
}

// ---------------------------------------------------------------------------
// Files: name, encoding, header style, and how each spells dates, enums and booleans.

type TableName = 'offices' | 'staff' | 'documents' | 'document_counts' | 'meetings' | 'submissions' | 'supervision' | 'trainings' | 'attendance';

interface FileSpec {
  table: TableName;
  file: string;
  encoding: 'utf8-bom' | 'gb18030';
  header: 'english' | 'chinese';
  eol: '\n' | '\r\n';
  columns: string[];
}

export const FILES: FileSpec[] = [
  { table: 'offices', file: 'offices.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['office_id', 'name', 'category', 'region'] },
  { table: 'staff', file: 'staff.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['person_id', 'office_id', 'name', 'birth_date', 'role', 'joined_on', 'left_on', 'director_since'] },
  {
    table: 'documents', file: 'documents.csv', encoding: 'utf8-bom', header: 'english', eol: '\n',
    columns: ['doc_id', 'office_id', 'issued_on', 'secrecy', 'channel', 'broadcast', 'relays_superior', 'drafted_on', 'checked_on', 'countersigned_on', 'signed_on', 'proofread_on', 'printed_on'],
  },
  { table: 'document_counts', file: 'document_counts.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['office_id', 'year', 'documents'] },
  { table: 'meetings', file: '会议.csv', encoding: 'gb18030', header: 'chinese', eol: '\r\n', columns: ['meeting_id', 'office_id', 'held_on', 'duration_min', 'format'] },
  { table: 'submissions', file: 'submissions.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['submission_id', 'office_id', 'person_id', 'submitted_on', 'kind', 'adopted_level', 'leader_instruction'] },
  { table: 'supervision', file: 'supervision.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['item_id', 'office_id', 'assigned_on', 'due_on', 'completed_on', 'feedback_on'] },
  { table: 'trainings', file: 'trainings.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['person_id', 'trained_on', 'course'] },
  { table: 'attendance', file: 'attendance.csv', encoding: 'utf8-bom', header: 'english', eol: '\n', columns: ['record_id', 'office_id', 'person_id', 'recorded_on', 'kind'] },
];

/** How dates are spelt per file ('mixed': a spelling per row, as in a hand-kept roster). */
const DATES: Record<TableName, DateStyle | 'mixed'> = {
  offices: 'iso', staff: 'mixed', documents: 'slash', document_counts: 'iso', meetings: 'iso',
  submissions: 'dot', supervision: 'cn', trainings: 'iso', attendance: 'iso',
};

/** The Chinese label of an enum code, from the contract (so the two cannot drift apart). */
function zh(tableName: TableName, column: string, code: string): string {
  const label = contractTable(tableName).columns.find((c) => c.name === column)?.values?.[code];
  if (label === undefined) throw new Error(`generate: no Chinese label for ${tableName}.${column} = ${code}`);
  return label;
}

/** Checks FILES against the contract and returns each file's header cells. */
function headers(): Map<TableName, string[]> {
  const out = new Map<TableName, string[]>();
  for (const f of FILES) {
    const t = contractTable(f.table);
    const names = t.columns.map((c) => c.name);
    if (names.join(',') !== f.columns.join(',')) {
      throw new Error(`generate: the contract's ${f.table} columns (${names.join(', ')}) differ from the generator's (${f.columns.join(', ')}); update data/generate.ts`);
    }
    out.set(f.table, f.header === 'chinese' ? t.columns.map((c) => c.alias) : names);
  }
  return out;
}

// ---------------------------------------------------------------------------
// CSV writing.

const NEEDS_QUOTES = /[",\r\n]/;
const LINE_BREAKS = /\r\n|\r|\n/g;

function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV file written through a buffered stream; tracks physical lines so bad rows can be reported. */
/**
 * A write error as one sentence, English and Chinese: what could not be
 * written and why, in words a user can act on.
 */
export function writeFailure(e: unknown, path: string): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const why: Record<string, [string, string]> = {
    ENOSPC: ['the disk is full', '磁盘已满'],
    EDQUOT: ['the disk quota is used up', '磁盘配额已用完'],
    EROFS: ['the file system is read-only', '文件系统是只读的'],
    EACCES: ['there is no permission to write there', '没有写入权限'],
    EPERM: ['the operating system does not allow writing there', '操作系统不允许在那里写入'],
    ENOTDIR: ['a part of the path is a file, not a folder', '路径中有一段是文件而不是文件夹'],
    ENOENT: ['the folder does not exist and cannot be created, or it takes no new files', '文件夹不存在且无法创建,或不接受新建文件'],
    EISDIR: ['a folder of that name is in the way', '那里已有一个同名的文件夹'],
    EEXIST: ['a file of that name is in the way', '那里已有一个同名的文件'],
    EIO: ['the device reported an input/output error', '设备报告了输入输出错误'],
    ENAMETOOLONG: ['the path is too long', '路径太长'],
    EINVAL: ['the file system does not accept that name', '文件系统不接受这个名称'],
  };
  const [en, zh] = why[code] ?? [code ? `the system says ${code}` : String((e as Error)?.message ?? e).split('\n')[0], code ? `系统报告 ${code}` : String((e as Error)?.message ?? e).split('\n')[0]];
  return new InputError(`generate cannot write ${path}: ${en}; nothing more was written, choose another --out.`,
    `generate 无法写入 ${path}:${zh};没有再写入任何内容,请换一个 --out。`);
}


class CsvFile {
  rows = 0;
  private line = 1;
  private buf: string[] = [];
  private size = 0;
  private stream: WriteStream;
  /** the stream's first error: every later flush and close throws it */
  private failed: unknown;
  readonly path: string;

  constructor(readonly spec: FileSpec, dir: string, header: string[]) {
    this.path = join(dir, spec.file);
    this.stream = createWriteStream(this.path);
    this.stream.on('error', (e) => { this.failed ??= e; });
    const head = header.map(csvField).join(',') + spec.eol;
    this.push(spec.encoding === 'utf8-bom' ? `\uFEFF${head}` : head);
  }

  /** Appends a record (fields, or a raw record text written as is); returns its physical start line. */
  add(fields: string[] | string): number {
    const start = this.line + 1;
    const text = typeof fields === 'string' ? fields : fields.map(csvField).join(',');
    const breaks = text.match(LINE_BREAKS);
    this.line += 1 + (breaks ? breaks.length : 0);
    this.rows++;
    this.push(text + this.spec.eol);
    return start;
  }

  private push(s: string): void {
    this.buf.push(s);
    this.size += s.length;
  }

  private check(): void {
    if (this.failed !== undefined) throw writeFailure(this.failed, this.path);
  }

  /** Resolves on the first of the stream's events `names` or its error (then rejects with it as one sentence). */
  private until(names: string[]): Promise<void> {
    return new Promise<void>((resolveIt, reject) => {
      const done = (e?: unknown) => {
        for (const n of [...names, 'error', 'close']) this.stream.off(n, n === 'error' ? fail : ok);
        if (e !== undefined) reject(writeFailure(e, this.path));
        else if (this.failed !== undefined) reject(writeFailure(this.failed, this.path));
        else resolveIt();
      };
      const ok = () => done();
      const fail = (e: unknown) => done(e);
      for (const n of [...names, 'close']) this.stream.on(n, ok);
      this.stream.on('error', fail);
    });
  }

  /** Writes the buffer once it is big enough (or always with force), waiting for 'drain'. */
  async flush(force = false): Promise<void> {
    this.check();
    if (this.size === 0 || (!force && this.size < 1 << 16)) return;
    const text = this.buf.join('');
    this.buf = [];
    this.size = 0;
    const bytes = this.spec.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (this.stream.destroyed) this.check();
    if (!this.stream.write(bytes)) await this.until(['drain']);
    this.check();
  }

  /** Writes what is left and closes the file; rejects with the stream's error, if it had one, as one sentence. */
  async close(): Promise<void> {
    await this.flush(true);
    if (this.stream.destroyed) return this.check();
    const closed = this.until(['finish']);
    this.stream.end();
    await closed;
    this.check();
  }

  /** Closes the file after a failure elsewhere, without waiting or throwing. */
  abandon(): void {
    this.stream.destroy();
  }
}

// ---------------------------------------------------------------------------
// One office.

interface Person {
  id: string;
  name: string;
  birth: number;
  role: 'director' | 'deputy' | 'secretary' | 'staff';
  joined: number;
  left: number | null;
  since: number | null;
  /** written with a bad birth date: rejected, so it counts nowhere */
  bad?: boolean;
}

interface Row {
  fields: string[] | string;
  bad?: { problem: string; problem_zh: string };
}

export interface OfficeOutput {
  rows: Record<TableName, Row[]>;
  facts: OfficeFacts;
}

interface Ctx {
  y0: number;
  /** the appraisal year */
  Y: number;
  seed: number;
  /** curated sample: the headline cases (cap excess, more meetings) appear only where designed */
  sample: boolean;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const LEVEL_POINTS: Record<string, number> = { national: 5, province: 3, city: 1, county: 0.5, none: 0 };

/**
 * Everything one office exported: its offices row, staff, and per year its
 * documents, meetings, submissions, supervision items, trainings and
 * attendance records, shaped by its quality q and its designed cases.
 * Years before the appraisal year Y are drawn from q alone; in Y the cases
 * set exact counts.
 */
export function generateOffice(o: OfficeSpec, ctx: Ctx): OfficeOutput {
  const rng = new Rng(ctx.seed, o.index);
  const { Y } = ctx;
  const P = Y - 1;
  const c = o.cases;
  const q = o.q;
  const s = 1 - q; // severity of the random deductions
  const id = o.office_id;
  const town = o.category === TOWNSHIP;
  const firstYear = c.established ? Y : ctx.y0;
  const years: number[] = [];
  for (let y = firstYear; y <= Y; y++) years.push(y);
  const bad = new Set(c.bad ?? []);
  const rows: Record<TableName, Row[]> = {
    offices: [], staff: [], documents: [], document_counts: [], meetings: [], submissions: [], supervision: [], trainings: [], attendance: [],
  };
  const facts: OfficeFacts = {
    office_id: id, name: o.name, category: o.category, cases: describeCases(c, Y),
    docsPrev: null, docsPrevFrom: 'none', docs: 0, relay: 0, broadcast: 0, processBad: 0, nonClassified: 0, electronic: 0,
    classifiedBox: 0, classifiedPaper: 0, meetingsPrev: 0, meetings: 0, avgDuration: 0, nonRegular: 0, activeStaff: 0,
    info: 0, research: 0, adoptionPoints: 0, due: 0, late: 0, open: 0, trained: 0, attendance: 0, directors: [],
  };
  const yStart = (y: number) => day(y, 1, 1);
  const yEnd = (y: number) => day(y, 12, 31);

  rows.offices.push({ fields: [id, o.name, o.category, o.region] });

  // --- staff -------------------------------------------------------------
  const people: Person[] = [];
  const usedNames = new Set<string>();
  const newName = (): string => {
    for (;;) {
      const n = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.65) ? rng.pick(GIVEN) : '');
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  const birthFor = (age: number): number => {
    const by = Y - age; // age in full years on Y-12-31
    return rng.int(day(by, 1, 1), day(by, 12, 31));
  };
  const addPerson = (role: Person['role'], age: number, opts: { joined?: number; left?: number | null; since?: number | null; birth?: number } = {}): Person => {
    const birth = opts.birth ?? birthFor(age);
    const earliest = Math.max(birth + Math.round(22.5 * 365), day(1988, 1, 1));
    let joined = opts.joined;
    if (joined === undefined) {
      if (c.established) joined = workday(rng, day(Y, 1, 4), day(Y, 3, 31));
      else if (rng.chance(0.88) && earliest < yStart(ctx.y0)) joined = workday(rng, earliest, yStart(ctx.y0) - 1);
      else joined = workday(rng, Math.max(earliest, yStart(ctx.y0)), day(Y, 10, 31));
    }
    const p: Person = {
      id: `${id}-${pad(people.length + 1, 2)}`, name: newName(), birth, role, joined,
      left: opts.left ?? null, since: opts.since ?? null,
    };
    people.push(p);
    return p;
  };

  // the bundled sample keeps offices small so the files stay small
  const nActive = ctx.sample ? (town ? rng.int(3, 5) : rng.int(3, 8)) : town ? rng.int(3, 7) : rng.int(4, 10);
  // the director
  if (c.directorChange && !c.established) {
    const oldSince = day(P - rng.int(11, 16), rng.int(1, 12), 1);
    addPerson('director', rng.int(52, 58), { joined: oldSince - rng.int(200, 1500), since: oldSince, left: day(P, 6, 30) });
    const newSince = day(P, 7, 1);
    addPerson('director', rng.int(38, 46), { joined: newSince - rng.int(800, 3000), since: newSince });
  } else {
    const d = c.director;
    const long = d ? true : rng.chance(0.05);
    const yearsAgo = long ? rng.int(10, 17) : rng.int(1, 9);
    let since = d?.since ? day(Y - d.since[0], d.since[1], d.since[2]) : workday(rng, day(Y - yearsAgo, 1, 1), day(Y - yearsAgo, 12, 31));
    let age = rng.int(38, 57);
    if (long && age < 46) age += 8;
    const birth = d?.born ? day(Y - d.born[0], d.born[1], d.born[2]) : birthFor(age);
    if (c.established) since = day(Y, 1, 4);
    const joined = c.established ? since : Math.max(since - rng.int(0, 2200), birth + 24 * 365);
    addPerson('director', age, { birth, since, joined: Math.min(joined, since) });
  }
  const deputies = nActive >= 5 ? rng.int(1, 2) : rng.int(0, 1);
  const secretaries = Math.min(rng.int(0, 2), nActive - 1 - deputies);
  for (let k = 0; k < deputies; k++) addPerson('deputy', rng.int(32, 56));
  for (let k = 0; k < secretaries; k++) addPerson('secretary', rng.int(24, 44));
  while (people.length < nActive + (c.directorChange && !c.established ? 1 : 0)) addPerson('staff', rng.int(24, 58));
  // someone who left in Y-1 or Y
  if (!c.established && rng.chance(0.3)) {
    const p = addPerson(rng.chance(0.7) ? 'staff' : 'deputy', rng.int(26, 58));
    p.left = Math.max(p.joined + 30, workday(rng, day(P, 2, 1), day(Y, 9, 30)));
  }
  let badPerson: Person | null = null;
  if (bad.has('staff_birth')) {
    badPerson = addPerson('staff', rng.int(28, 40));
    badPerson.bad = true;
  }
  const mixed = DATES.staff === 'mixed';
  for (const p of people) {
    const style: DateStyle = mixed ? rng.weighted([['iso', 4], ['slash', 3], ['dot', 1], ['cn', 2]] as const) : (DATES.staff as DateStyle);
    let birth = fmtDate(p.birth, style);
    if (p.bad) birth = `${yearOf(p.birth)}-06-31`; // no such day
    rows.staff.push({
      fields: [p.id, id, p.name, birth, p.role, fmtDate(p.joined, style), fmtDate(p.left, style), fmtDate(p.since, style)],
      bad: p.bad ? { problem: `birth_date ${birth} is not a date; the person's trainings are rejected with it`, problem_zh: `出生日期${birth}不是有效日期;该人员的培训记录随之拒收` } : undefined,
    });
  }
  const good = people.filter((p) => !p.bad);
  const activeAt = (t: number) => good.filter((p) => p.joined <= t && (p.left === null || p.left >= t));
  const activeIn = (y: number) => good.filter((p) => p.joined <= yEnd(y) && (p.left === null || p.left >= yStart(y)));
  facts.activeStaff = activeIn(Y).length;
  for (const p of activeIn(Y)) {
    if (p.role !== 'director' || p.since === null) continue;
    const age = fullYears(p.birth, yEnd(Y));
    const yrs = fullYears(p.since, yEnd(Y));
    facts.directors.push({ person_id: p.id, name: p.name, age, years: yrs, recommended: yrs >= 10 && age > 45 });
  }

  // --- documents -----------------------------------------------------------
  const dStyle = DATES.documents as DateStyle;
  const yes = '是', no = '否';
  const docBase = ctx.sample ? (town ? rng.int(8, 30) : rng.int(10, 40)) : town ? rng.int(15, 50) : rng.int(20, 65);
  for (const y of years) {
    let n: number;
    if (c.established) n = docBase;
    else if (y < P) n = Math.round(docBase * rng.between(0.95, 1.2));
    else if (y === P) n = docBase;
    else {
      const cap = Math.floor(0.9 * docBase);
      const excess = c.docExcess ?? (!ctx.sample && rng.chance(0.1 + 0.4 * s) ? rng.int(1, 3 + Math.round(12 * s)) : 0);
      n = excess > 0 ? cap + excess : Math.max(3, cap - rng.int(0, 3));
    }
    if (y === P) {
      facts.docsPrev = n;
      facts.docsPrevFrom = c.countsBaseline ? 'document_counts' : 'rows';
    }
    if (c.countsBaseline && y === P) {
      rows.document_counts.push({ fields: [id, String(y), String(n)] });
      continue;
    }
    const inY = y === Y;
    // issue dates, in order
    const dates: number[] = [];
    for (let k = 0; k < n; k++) dates.push(workday(rng, day(y, 1, 4), day(y, 12, 29)));
    dates.sort((a, b) => a - b);
    // which documents carry which case
    const pick = (k: number | undefined, p: number): Set<number> =>
      new Set(inY && k !== undefined ? rng.sample(n, k) : Array.from({ length: n }, (_, i) => i).filter(() => rng.chance(p)));
    const relay = pick(c.relay, 0.2 * s);
    const broadcast = pick(c.broadcast, 0.1 * s);
    const missing = pick(c.processMissing, 0.35 * s);
    const disorder = pick(c.processDisorder, 0.2 * s);
    const classifiedPaper = new Set(inY && c.classifiedPaper ? rng.sample(n, c.classifiedPaper) : []);
    let veto = -1;
    if (inY && c.veto) {
      do veto = rng.int(0, n - 1);
      while (classifiedPaper.has(veto) || relay.has(veto) || broadcast.has(veto));
    }
    const paper = c.paper ?? 0.35 * s;
    for (let k = 0; k < n; k++) {
      const issued = dates[k];
      const printed = issued - rng.int(0, 1);
      const proofread = printed - rng.int(0, 1);
      const signed = proofread - rng.int(0, 2);
      let countersigned = signed - rng.int(0, 2);
      const checked = countersigned - rng.int(0, 2);
      const drafted = checked - rng.int(0, 4);
      const steps: (number | null)[] = [drafted, checked, countersigned, signed, proofread, printed];
      let ok = true;
      if (disorder.has(k)) {
        countersigned = signed + rng.int(1, 2); // signed before the countersign
        steps[2] = countersigned;
        ok = false;
      }
      if (missing.has(k)) {
        steps[rng.weighted([[0, 1], [1, 3], [2, 4], [3, 1], [4, 4], [5, 1]] as const)] = null;
        ok = false;
      }
      let secrecy: string = rng.weighted([['', 14], ['非密', 3], ['内部', 3]] as const);
      let channel: 'exchange_box' | 'paper' | 'both';
      if (k === veto) {
        secrecy = zh('documents', 'secrecy', c.veto!);
        channel = c.veto === 'secret' ? 'exchange_box' : 'both';
      } else if (classifiedPaper.has(k)) {
        secrecy = zh('documents', 'secrecy', rng.chance(0.7) ? 'secret' : 'confidential');
        channel = 'paper';
      } else {
        channel = rng.chance(paper) ? 'paper' : rng.chance(0.1) ? 'both' : 'exchange_box';
      }
      rows.documents.push({
        fields: [
          `${id}-${y}-${pad(k + 1, 3)}`, id, fmtDate(issued, dStyle), secrecy, zh('documents', 'channel', channel),
          broadcast.has(k) ? yes : no, relay.has(k) ? yes : no, ...steps.map((t) => fmtDate(t, dStyle)),
        ],
      });
      if (inY) {
        facts.docs++;
        if (relay.has(k)) facts.relay++;
        if (broadcast.has(k)) facts.broadcast++;
        if (!ok) facts.processBad++;
        if (k === veto) facts.classifiedBox++;
        else if (classifiedPaper.has(k)) facts.classifiedPaper++;
        else {
          facts.nonClassified++;
          if (channel !== 'paper') facts.electronic++;
        }
      }
    }
    if (inY && bad.has('doc_date')) {
      const t = day(Y, 2, 27);
      rows.documents.push({
        fields: [`${id}-${y}-${pad(n + 1, 3)}`, id, `${Y}/2/30`, '', zh('documents', 'channel', 'exchange_box'), no, no,
          ...[t - 3, t - 2, t - 2, t - 1, t, t].map((x) => fmtDate(x, dStyle))],
        bad: { problem: `issued_on ${Y}/2/30 is not a date`, problem_zh: `发文日期${Y}/2/30不是有效日期` },
      });
    }
    if (inY && bad.has('doc_dup') && n > 5) {
      const k = Math.floor(n / 2);
      const docId = `${id}-${y}-${pad(k + 1, 3)}`;
      const t = dates[k] + 2;
      rows.documents.push({
        fields: [docId, id, fmtDate(t, dStyle), '', zh('documents', 'channel', 'exchange_box'), no, no,
          ...[t - 4, t - 3, t - 2, t - 1, t, t].map((x) => fmtDate(x, dStyle))],
        bad: { problem: `duplicate doc_id ${docId} (the first row with it is kept)`, problem_zh: `文号${docId}重复(保留首次出现的记录)` },
      });
    }
  }

  // --- meetings ------------------------------------------------------------
  const mBase = ctx.sample ? rng.int(5, 18) : rng.int(6, 22);
  let durationSum = 0;
  for (const y of years) {
    let n: number;
    if (c.established || y === P) n = mBase;
    else if (y < P) n = Math.round(mBase * rng.between(0.95, 1.25));
    else if (c.extraMeetings) n = mBase + c.extraMeetings;
    else n = !ctx.sample && rng.chance(0.05 + 0.25 * s) ? mBase + rng.int(1, 4) : Math.max(4, mBase - rng.int(0, 4));
    const mean = c.longMeetings ? rng.between(112, 135) : Math.min(130, 50 + 90 * s + rng.between(-4, 8));
    const spread = Math.min(mean - 30, 180 - mean, 40);
    const share = clamp(0.05 + 0.55 * q + rng.between(-0.08, 0.08), 0, 1);
    const dates: number[] = [];
    for (let k = 0; k < n; k++) dates.push(workday(rng, day(y, 1, 4), day(y, 12, 30)));
    dates.sort((a, b) => a - b);
    for (let k = 0; k < n; k++) {
      const minutes = clamp(Math.round((mean + (rng.next() - 0.5) * 2 * spread) / 5) * 5, 30, 180);
      const format = rng.chance(share) ? rng.weighted([['onsite', 3], ['video', 4], ['combined', 2]] as const) : 'regular';
      rows.meetings.push({ fields: [`${id}-${y}-H${pad(k + 1, 2)}`, id, fmtDate(dates[k], 'iso'), String(minutes), zh('meetings', 'format', format)] });
      if (y === Y) {
        facts.meetings++;
        durationSum += minutes;
        if (format !== 'regular') facts.nonRegular++;
      }
    }
    if (y === P) facts.meetingsPrev = n;
    if (y === Y && bad.has('meeting_duration')) {
      rows.meetings.push({
        fields: [`${id}-${y}-H${pad(n + 1, 2)}`, id, fmtDate(workday(rng, day(y, 3, 1), day(y, 3, 31)), 'iso'), '0', zh('meetings', 'format', 'regular')],
        bad: { problem: 'duration_min 0 is outside 1..1440', problem_zh: '时长分钟0不在1至1440之间' },
      });
    }
  }
  facts.avgDuration = facts.meetings ? durationSum / facts.meetings : 0;

  // --- submissions -----------------------------------------------------------
  const sStyle = DATES.submissions as DateStyle;
  for (const y of years) {
    const active = activeIn(y).length;
    // the quota of 12 per person took effect in Y; before it offices sent about a third as much
    const ratio = clamp(0.35 + 0.7 * q + rng.between(-0.08, 0.08), 0.3, 1.15) * (y < Y ? rng.between(0.3, 0.4) : 1);
    const nInfo = Math.round(ratio * 12 * active);
    let nResearch = 0;
    for (let k = 0; k < 3; k++) if (rng.chance(0.05 + 0.6 * q)) nResearch++;
    const n = nInfo + nResearch;
    const dates: number[] = [];
    for (let k = 0; k < n; k++) dates.push(workday(rng, day(y, 1, 4), day(y, 12, 30)));
    dates.sort((a, b) => a - b);
    const research = new Set(rng.sample(n, nResearch));
    const forced = new Map<number, string>();
    if (y === Y && c.adopted) {
      const infoIdx = Array.from({ length: n }, (_, i) => i).filter((i) => !research.has(i));
      const levels = Object.entries(c.adopted).flatMap(([level, k]) => Array<string>(k ?? 0).fill(level));
      const chosen = rng.sample(infoIdx.length, levels.length);
      chosen.forEach((ix, j) => forced.set(infoIdx[ix], levels[j]));
    }
    for (let k = 0; k < n; k++) {
      const isResearch = research.has(k);
      const boost = isResearch ? 3 : 1;
      const level = forced.get(k) ?? rng.weighted([
        ['national', (0.0002 + 0.0013 * q) * boost],
        ['province', (0.001 + 0.009 * q) * boost],
        ['city', (0.005 + 0.045 * q) * boost],
        ['county', (0.02 + 0.08 * q) * boost],
        ['none', 1],
      ] as const);
      const instruction = rng.chance(level === 'none' || level === 'county' ? 0.005 : 0.15);
      const authors = activeAt(dates[k]);
      const author = authors.length && rng.chance(0.94) ? rng.pick(authors).id : '';
      rows.submissions.push({
        fields: [`${id}-${y}-X${pad(k + 1, 3)}`, id, author, fmtDate(dates[k], sStyle),
          zh('submissions', 'kind', isResearch ? 'research' : 'information'),
          level === 'none' ? '' : zh('submissions', 'adopted_level', level), instruction ? 'true' : 'false'],
      });
      if (y === Y) {
        if (isResearch) facts.research++;
        else facts.info++;
        facts.adoptionPoints += LEVEL_POINTS[level] + (instruction ? 2 : 0);
      }
    }
    if (y === Y && bad.has('sub_office')) {
      const typo = `${id.slice(0, 2)}O${id.slice(3)}`; // a letter O typed for the digit
      const authors = activeAt(day(y, 5, 20));
      rows.submissions.push({
        fields: [`${id}-${y}-X${pad(n + 1, 3)}`, typo, authors.length ? authors[0].id : '', fmtDate(day(y, 5, 20), sStyle),
          zh('submissions', 'kind', 'information'), '', 'false'],
        bad: { problem: `office_id ${typo} is not in offices.csv (a typo for ${id})`, problem_zh: `单位编码${typo}在单位表中不存在(应为${id})` },
      });
    }
  }

  // --- supervision -----------------------------------------------------------
  const vStyle = DATES.supervision as DateStyle;
  for (const y of years) {
    const inY = y === Y;
    const n = Math.max(rng.int(2, 10), inY ? (c.late ?? 0) + (c.open ?? 0) + 2 : 0);
    const status: ('ok' | 'late' | 'open')[] = [];
    for (let k = 0; k < n; k++) status.push('ok');
    if (inY && (c.late !== undefined || c.open !== undefined)) {
      const chosen = rng.sample(n, (c.late ?? 0) + (c.open ?? 0));
      chosen.forEach((ix, j) => (status[ix] = j < (c.open ?? 0) ? 'open' : 'late'));
    } else {
      for (let k = 0; k < n; k++) {
        if (rng.chance(0.6 * s)) status[k] = 'late';
        else if (inY && rng.chance(0.2 * s)) status[k] = 'open';
      }
    }
    const items = status.map((st) => {
      const due = workday(rng, day(y, 1, 20), st === 'late' ? day(y, 11, 30) : day(y, 12, 31));
      return { st, due, assigned: due - rng.int(10, 60) };
    }).sort((a, b) => a.assigned - b.assigned);
    items.forEach(({ st, due, assigned }, k) => {
      let completed: number | null = null;
      if (st === 'ok') completed = Math.max(assigned + 3, due - rng.int(0, 12));
      else if (st === 'late') completed = due + rng.int(2, 25);
      let feedback: number | null = null;
      if (completed !== null) {
        const fb = rng.next();
        if (fb < 0.15 * s) feedback = null;
        else if (fb < 0.6 * s) feedback = completed + rng.int(4, 15);
        else feedback = completed + rng.int(0, 3);
      }
      rows.supervision.push({ fields: [`${id}-${y}-D${pad(k + 1, 2)}`, id, fmtDate(assigned, vStyle), fmtDate(due, vStyle), fmtDate(completed, vStyle), fmtDate(feedback, vStyle)] });
      if (inY) {
        facts.due++;
        if (st === 'late') facts.late++;
        if (st === 'open') facts.open++;
      }
    });
    if (inY && bad.has('sup_order')) {
      const assigned = day(y, 6, 10), due = day(y, 5, 10);
      rows.supervision.push({
        fields: [`${id}-${y}-D${pad(n + 1, 2)}`, id, fmtDate(assigned, vStyle), fmtDate(due, vStyle), fmtDate(day(y, 6, 28), vStyle), fmtDate(day(y, 6, 29), vStyle)],
        bad: { problem: `due_on ${fmtDate(due, vStyle)} is before assigned_on ${fmtDate(assigned, vStyle)}`, problem_zh: `办结时限${fmtDate(due, vStyle)}早于交办日期${fmtDate(assigned, vStyle)}` },
      });
    }
  }

  // --- trainings -------------------------------------------------------------
  for (const y of years) {
    const trainedInY = new Set<string>();
    for (const p of activeIn(y)) {
      if (!rng.chance(0.25 + 0.75 * q)) continue;
      const from = Math.max(p.joined, day(y, 1, 4));
      const to = Math.min(p.left ?? day(y, 12, 28), day(y, 12, 28));
      if (to - from < 10) continue;
      const k = rng.int(1, 3);
      const dates: number[] = [];
      for (let j = 0; j < k; j++) dates.push(workday(rng, from, to));
      dates.sort((a, b) => a - b);
      for (const t of dates) rows.trainings.push({ fields: [p.id, fmtDate(t, 'iso'), rng.pick(COURSES)] });
      trainedInY.add(p.id);
    }
    if (y === Y) facts.trained = trainedInY.size;
    if (y === Y && badPerson) {
      for (const t of [day(y, 4, 16), day(y, 9, 24)]) {
        rows.trainings.push({
          fields: [badPerson.id, fmtDate(t, 'iso'), rng.pick(COURSES.slice(0, 4))],
          bad: { problem: `person_id ${badPerson.id} refers to the rejected staff row (bad birth_date)`, problem_zh: `人员编码${badPerson.id}对应的人员记录已被拒收(出生日期无效)` },
        });
      }
    }
    if (y === Y && bad.has('train_fields')) {
      const p = activeIn(y)[0];
      rows.trainings.push({
        fields: `${p.id},${fmtDate(day(y, 11, 12), 'iso')},公文写作,信息报送培训`,
        bad: { problem: 'the row has 4 fields, the header 3 (an unquoted comma in course)', problem_zh: '该行有4个字段,表头有3个(培训名称中的逗号未加引号)' },
      });
    }
  }

  // --- attendance ------------------------------------------------------------
  const aKinds = [['late', 5], ['early_leave', 3], ['absent', 2]] as const;
  for (const y of years) {
    const n = Math.min(6, Math.floor(rng.next() * s * 16));
    const dates: number[] = [];
    for (let k = 0; k < n; k++) dates.push(workday(rng, day(y, 1, 4), day(y, 12, 30)));
    dates.sort((a, b) => a - b);
    for (let k = 0; k < n; k++) {
      const who = activeAt(dates[k]);
      rows.attendance.push({ fields: [`${id}-${y}-K${pad(k + 1, 2)}`, id, who.length && rng.chance(0.95) ? rng.pick(who).id : '', fmtDate(dates[k], 'iso'), rng.weighted(aKinds)] });
    }
    if (y === Y) facts.attendance = n;
    if (y === Y && bad.has('att_enum')) {
      const who = activeAt(day(y, 8, 14));
      rows.attendance.push({
        fields: [`${id}-${y}-K${pad(n + 1, 2)}`, id, who.length ? who[0].id : '', fmtDate(day(y, 8, 14), 'iso'), '请假'],
        bad: { problem: 'kind 请假 (leave) is not one of late, early_leave, absent', problem_zh: '类型“请假”不是可选值(迟到、早退、脱岗)' },
      });
    }
  }

  return { rows, facts };
}

/** Full years from `from` to `to` (both day numbers), as date_sub('year', ...) counts them. */
function fullYears(from: number, to: number): number {
  const a = new Date(from * DAY_MS), b = new Date(to * DAY_MS);
  let n = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) n--;
  return n;
}

/** The designed cases of an office, in words, for the sample's README. */
function describeCases(c: Cases, Y: number): string[] {
  const P = Y - 1;
  const out: string[] = [];
  const n = (k: number, noun: string) => `${k} ${noun}${k === 1 ? '' : 's'}`;
  if (c.docExcess) out.push(`doc_cap: ${n(c.docExcess, 'document')} over the cap`);
  if (c.established) out.push(`set up in ${Y}: no ${P} rows at all (doc_cap and meeting_count: no baseline)`);
  if (c.countsBaseline) out.push(`${P} documents only as a document_counts total`);
  if (c.veto) out.push(`veto: a ${c.veto} document sent via ${c.veto === 'secret' ? 'exchange_box' : 'both'}`);
  if (c.classifiedPaper) out.push(`${n(c.classifiedPaper, 'classified document')} on paper (no veto)`);
  if (c.broadcast) out.push(n(c.broadcast, 'broadcast document'));
  if (c.relay) out.push(`${n(c.relay, 'document')} relaying a superior document`);
  if (c.processMissing) out.push(`${n(c.processMissing, 'document')} with a missing process date`);
  if (c.processDisorder) out.push(`${n(c.processDisorder, 'document')} signed before countersigned`);
  if (c.paper) out.push(`${Math.round(c.paper * 100)}% of non-classified documents on paper`);
  if (c.longMeetings) out.push('long meetings');
  if (c.extraMeetings) out.push(`${n(c.extraMeetings, 'meeting')} more than in ${P}`);
  if (c.late) out.push(`${n(c.late, 'supervision item')} completed late`);
  if (c.open) out.push(`${n(c.open, 'supervision item')} open at year end`);
  if (c.adopted) out.push(`adopted: ${Object.entries(c.adopted).map(([l, k]) => `${k} ${l}`).join(', ')}`);
  if (c.director) {
    const born = c.director.born ? day(Y - c.director.born[0], c.director.born[1], c.director.born[2]) : null;
    const since = c.director.since ? day(Y - c.director.since[0], c.director.since[1], c.director.since[2]) : null;
    if (born !== null && since !== null) {
      const age = fullYears(born, day(Y, 12, 31)), years = fullYears(since, day(Y, 12, 31));
      const ok = age > 45 && years >= 10;
      out.push(`director born ${fmtDate(born, 'iso')}, director since ${fmtDate(since, 'iso')}: age ${age}, ${years} full years on ${Y}-12-31, ${ok ? 'recommended' : 'not recommended'}`);
    }
  }
  if (c.directorChange) out.push(`director changed on ${P}-07-01: the long-serving director left ${P}-06-30 (not active in ${Y}, not recommended)`);
  return out;
}

// ---------------------------------------------------------------------------
// The driver.

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const [y0, Y] = opts.years;
  if (!Number.isInteger(y0) || !Number.isInteger(Y) || y0 > Y || y0 < 1990 || Y > 2100) {
    throw new Error(`generate: years must be two whole years first <= last, got ${opts.years.join('..')}`);
  }
  if (!Number.isInteger(opts.offices) || opts.offices < 1) throw new Error(`generate: offices must be a positive whole number, got ${opts.offices}`);
  const roster = opts.sample ? sampleSpecs() : null;
  if (roster && opts.offices !== roster.length) {
    throw new Error(`generate: the sample is the curated county of ${roster.length} offices; pass offices: ${roster.length}`);
  }
  const heads = headers();
  await makeDirs(resolve(opts.out)).catch((e) => { throw writeFailure(e, opts.out); });
  const files = new Map<TableName, CsvFile>();
  for (const f of FILES) files.set(f.table, new CsvFile(f, opts.out, heads.get(f.table)!));
  const ctx: Ctx = { y0, Y, seed: opts.seed | 0, sample: !!roster };
  const bad: BadRow[] = [];
  const facts: OfficeFacts[] = [];
  try {
    for (let i = 0; i < opts.offices; i++) {
      if (opts.onOffice && i % 256 === 0) opts.onOffice(i);
      const spec = roster ? roster[i] : randomSpec(i, opts.offices, ctx.seed, opts.bad ?? false);
      if (!opts.bad && spec.cases.bad) spec.cases = { ...spec.cases, bad: undefined };
      const out = generateOffice(spec, ctx);
      for (const f of FILES) {
        const file = files.get(f.table)!;
        for (const r of out.rows[f.table]) {
          const line = file.add(r.fields);
          if (r.bad) bad.push({ file: f.file, line, office_id: spec.office_id, ...r.bad });
        }
      }
      if (roster) facts.push(out.facts);
      for (const file of files.values()) await file.flush();
    }
    for (const file of files.values()) await file.close();
  } catch (e) {
    // the first error is the one reported; the other files are closed without waiting on them
    for (const file of files.values()) file.abandon();
    if (e instanceof InputError || (e as NodeJS.ErrnoException)?.code) throw writeFailure(e, opts.out);
    throw e;
  }
  const counts: Record<string, number> = {};
  for (const f of FILES) counts[f.file] = files.get(f.table)!.rows;
  bad.sort((a, b) => FILES.findIndex((f) => f.file === a.file) - FILES.findIndex((f) => f.file === b.file) || a.line - b.line);
  return { files: counts, bad, facts };
}
