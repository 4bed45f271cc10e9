/**
 * The data contract: which tables kaoping reads, their columns, Chinese
 * aliases, types and rules. Everything else (header mapping, parsing, checks,
 * the docs table in docs/data-contract.md) is derived from this one list.
 */

export type ColumnType = 'text' | 'date' | 'bool' | 'int' | 'decimal' | 'enum';

export interface Column {
  name: string;
  alias: string;
  type: ColumnType;
  required?: boolean;
  /** enum code -> Chinese label */
  values?: Record<string, string>;
  /** value used when the cell is empty (enums with "empty = none") */
  emptyAs?: string;
  /** inclusive integer range */
  range?: [number, number];
  /** references another table's id among loaded rows */
  ref?: 'offices' | 'staff';
  /** date must not be before this other date column of the same row */
  notBefore?: string;
}

export interface Table {
  name: string;
  alias: string;
  required: boolean;
  /** column(s) that must be unique; a duplicate rejects every later row */
  key?: string[];
  /** date column that places a row in a year (for summaries) */
  yearColumn?: string;
  /** a table most data folders do not have (adjustments): its absence is no warning and not listed as missing */
  usuallyAbsent?: boolean;
  columns: Column[];
}

const secrecy = { none: '非密', internal: '内部', secret: '秘密', confidential: '机密', top_secret: '绝密' };
/** The secrecy levels that make a document classified (涉密): the veto and the paperless rate read them (rules.ts kp_classified). */
export const CLASSIFIED_SECRECY: readonly (keyof typeof secrecy)[] = ['secret', 'confidential', 'top_secret'];
const channel = { exchange_box: '公文交换箱', paper: '纸质', both: '两者' };
const role = { director: '主任', deputy: '副主任', secretary: '文秘', staff: '工作人员' };
const meetingFormat = { regular: '常规会议', onsite: '现场会', video: '电视电话会', combined: '套会' };
const submissionKind = { information: '信息', research: '调研报告' };
const level = { none: '未采用', county: '县级', city: '市级', province: '省级', national: '国家级' };
const attendanceKind = { late: '迟到', early_leave: '早退', absent: '脱岗' };
const adjustmentAction = { exclude: '剔除记录', points: '加减分' };
const adjustmentSource = {
  documents: '发文',
  meetings: '会议',
  submissions: '信息报送',
  supervision: '督查督办',
  attendance: '上下班督查',
};

export const TABLES: Table[] = [
  {
    name: 'offices',
    alias: '单位',
    required: true,
    key: ['office_id'],
    columns: [
      { name: 'office_id', alias: '单位编码', type: 'text', required: true },
      { name: 'name', alias: '单位名称', type: 'text', required: true },
      { name: 'category', alias: '考核类别', type: 'text', required: true },
      { name: 'region', alias: '片区', type: 'text' },
    ],
  },
  {
    name: 'staff',
    alias: '人员',
    required: true,
    key: ['person_id'],
    columns: [
      { name: 'person_id', alias: '人员编码', type: 'text', required: true },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'name', alias: '姓名', type: 'text', required: true },
      { name: 'birth_date', alias: '出生日期', type: 'date', required: true },
      { name: 'role', alias: '职务', type: 'enum', values: role },
      { name: 'joined_on', alias: '到岗日期', type: 'date', required: true },
      { name: 'left_on', alias: '离岗日期', type: 'date', notBefore: 'joined_on' },
      { name: 'director_since', alias: '任主任日期', type: 'date' },
    ],
  },
  {
    name: 'documents',
    alias: '发文',
    required: false,
    key: ['doc_id'],
    yearColumn: 'issued_on',
    columns: [
      { name: 'doc_id', alias: '文号', type: 'text', required: true },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'issued_on', alias: '发文日期', type: 'date', required: true },
      { name: 'secrecy', alias: '密级', type: 'enum', values: secrecy, emptyAs: 'none' },
      { name: 'channel', alias: '传输方式', type: 'enum', values: channel },
      { name: 'broadcast', alias: '是否普发', type: 'bool' },
      { name: 'relays_superior', alias: '以文件落实文件', type: 'bool' },
      { name: 'drafted_on', alias: '起草日期', type: 'date' },
      { name: 'checked_on', alias: '初核日期', type: 'date' },
      { name: 'countersigned_on', alias: '会签日期', type: 'date' },
      { name: 'signed_on', alias: '签发日期', type: 'date' },
      { name: 'proofread_on', alias: '校核日期', type: 'date' },
      { name: 'printed_on', alias: '印制日期', type: 'date' },
    ],
  },
  {
    name: 'document_counts',
    alias: '发文统计',
    required: false,
    key: ['office_id', 'year'],
    columns: [
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'year', alias: '年度', type: 'int', required: true, range: [1950, 2100] },
      { name: 'documents', alias: '发文数', type: 'int', required: true, range: [0, 2147483647] },
    ],
  },
  {
    name: 'meetings',
    alias: '会议',
    required: false,
    key: ['meeting_id'],
    yearColumn: 'held_on',
    columns: [
      { name: 'meeting_id', alias: '会议编号', type: 'text', required: true },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'held_on', alias: '召开日期', type: 'date', required: true },
      { name: 'duration_min', alias: '时长分钟', type: 'int', required: true, range: [1, 1440] },
      { name: 'format', alias: '会议形式', type: 'enum', values: meetingFormat },
    ],
  },
  {
    name: 'submissions',
    alias: '信息报送',
    required: false,
    key: ['submission_id'],
    yearColumn: 'submitted_on',
    columns: [
      { name: 'submission_id', alias: '信息编号', type: 'text', required: true },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'person_id', alias: '执笔人编码', type: 'text', ref: 'staff' },
      { name: 'submitted_on', alias: '报送日期', type: 'date', required: true },
      { name: 'kind', alias: '类型', type: 'enum', values: submissionKind },
      { name: 'adopted_level', alias: '采用级别', type: 'enum', values: level, emptyAs: 'none' },
      { name: 'leader_instruction', alias: '领导批示', type: 'bool' },
    ],
  },
  {
    name: 'supervision',
    alias: '督查督办',
    required: false,
    key: ['item_id'],
    yearColumn: 'due_on',
    columns: [
      { name: 'item_id', alias: '督办编号', type: 'text', required: true },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'assigned_on', alias: '交办日期', type: 'date', required: true },
      { name: 'due_on', alias: '办结时限', type: 'date', required: true, notBefore: 'assigned_on' },
      { name: 'completed_on', alias: '办结日期', type: 'date', notBefore: 'assigned_on' },
      { name: 'feedback_on', alias: '反馈日期', type: 'date' },
    ],
  },
  {
    name: 'trainings',
    alias: '培训',
    required: false,
    yearColumn: 'trained_on',
    columns: [
      { name: 'person_id', alias: '人员编码', type: 'text', required: true, ref: 'staff' },
      { name: 'trained_on', alias: '培训日期', type: 'date', required: true },
      { name: 'course', alias: '培训名称', type: 'text' },
    ],
  },
  {
    name: 'attendance',
    alias: '上下班督查',
    required: false,
    key: ['record_id'],
    yearColumn: 'recorded_on',
    columns: [
      { name: 'record_id', alias: '记录编号', type: 'text', required: true },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'person_id', alias: '人员编码', type: 'text', ref: 'staff' },
      { name: 'recorded_on', alias: '日期', type: 'date', required: true },
      { name: 'kind', alias: '类型', type: 'enum', values: attendanceKind },
    ],
  },
  {
    // the appraisal team's decisions after 公示 and appeals (pipeline/adjustments.ts); rows of other years are loaded and ignored
    name: 'adjustments',
    alias: '复核调整',
    required: false,
    key: ['adjustment_id'],
    usuallyAbsent: true,
    columns: [
      { name: 'adjustment_id', alias: '调整编号', type: 'text', required: true },
      { name: 'year', alias: '年度', type: 'int', required: true, range: [1950, 2100] },
      { name: 'office_id', alias: '单位编码', type: 'text', required: true, ref: 'offices' },
      { name: 'action', alias: '调整方式', type: 'enum', required: true, values: adjustmentAction },
      { name: 'source', alias: '数据表', type: 'enum', values: adjustmentSource },
      { name: 'row_id', alias: '记录编号', type: 'text' },
      { name: 'indicator', alias: '考核项目', type: 'text' },
      { name: 'points', alias: '调整分值', type: 'decimal' },
      { name: 'reason', alias: '调整理由', type: 'text', required: true },
      { name: 'decided_by', alias: '决定人', type: 'text', required: true },
      { name: 'decided_on', alias: '决定日期', type: 'date', required: true },
    ],
  },
];

export const DATE_RANGE: [number, number] = [1950, 2100];

export function table(name: string): Table {
  const t = TABLES.find((t) => t.name === name);
  if (!t) throw new Error(`unknown table ${name}`);
  return t;
}

/** Header cell -> canonical column name (English name or Chinese alias, spaces ignored, case-insensitive for English). */
export function canonicalColumn(t: Table, header: string): string | undefined {
  const h = header.trim();
  const c = t.columns.find((c) => c.name === h.toLowerCase() || c.alias === h);
  return c?.name;
}

/** The SQL type a column has in the typed (loaded) table. */
export function sqlType(c: Column): string {
  switch (c.type) {
    case 'date':
      return 'DATE';
    case 'bool':
      return 'BOOLEAN';
    case 'int':
      return 'INTEGER';
    case 'decimal':
      return 'DECIMAL(18, 2)';
    default:
      return 'VARCHAR';
  }
}

/** Whether a row's cells hold every required column of `t` (English name or Chinese alias): the header row, not a title row above it. */
export function holdsHeader(t: Table, cells: string[]): boolean {
  const found = new Set(cells.map((h) => canonicalColumn(t, h)));
  return t.columns.every((c) => !c.required || found.has(c.name));
}
