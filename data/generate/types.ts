/**
 * The generator's types: its options and result, an office's spec and
 * designed cases, and the state of one office while its rows are drawn.
 */
import type { Rng } from './random.ts';

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
  /** quality per dimension of the scheme (a generated office; the sample's offices have q throughout) */
  areas?: Record<Area, number>;
  cases: Cases;
}

/** The scheme's dimensions, as the generator draws them: each from its own quality. */
export type Area = 'documents' | 'meetings' | 'info' | 'supervision' | 'team';

export type BadKind =
  'staff_birth' | 'doc_date' | 'doc_dup' | 'sub_office' | 'meeting_duration' | 'sup_order' | 'att_enum' | 'train_fields';

export type TableName =
  'offices' | 'staff' | 'documents' | 'document_counts' | 'meetings' | 'submissions' | 'supervision' | 'trainings' | 'attendance';

/** A record for one file: its fields (or a raw record text written as is) and, for a deliberately bad row, what is wrong with it. */
export interface Row {
  fields: string[] | string;
  bad?: { problem: string; problem_zh: string };
}

export interface OfficeOutput {
  rows: Record<TableName, Row[]>;
  facts: OfficeFacts;
}

export interface Ctx {
  y0: number;
  /** the appraisal year */
  Y: number;
  seed: number;
  /** curated sample: the headline cases (cap excess, more meetings) appear only where designed */
  sample: boolean;
}

/**
 * One office while its rows are drawn: its spec and cases, its random stream
 * (every table module draws from it in a fixed order: staff, documents,
 * meetings, submissions, supervision, trainings, attendance), the years it
 * exported, and the rows and appraisal-year facts so far.
 */
export interface OfficeRun {
  spec: OfficeSpec;
  ctx: Ctx;
  rng: Rng;
  /** the appraisal year and the baseline year before it */
  Y: number;
  P: number;
  cases: Cases;
  /** quality 0..1 of the dimension being drawn (the office's q, or its quality in that dimension: office.ts) */
  q: number;
  /** severity of the random deductions, 1 - q */
  s: number;
  id: string;
  town: boolean;
  /** the years the office exported (from its set-up year if it is new) */
  years: number[];
  bad: Set<BadKind>;
  rows: Record<TableName, Row[]>;
  facts: OfficeFacts;
}
