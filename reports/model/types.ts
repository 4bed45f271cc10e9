/**
 * The shape of the report's model (model.ts loadModel): what the pages,
 * charts and documents read. Three parts, each loaded by its own module:
 * the year (offices, categories, quota, history, individuals and
 * recommendations: model/year.ts), the per-office detail (indicators,
 * evidence, vetoes, diagnostics, staff: model/office.ts) and the data
 * quality (input files, rejects, warnings, skipped rows: model/quality.ts);
 * plus the year's adjustments (复核调整: model/adjustments.ts) and the weight
 * sensitivity when stored and current (model/sensitivity.ts).
 */
import type { Row } from '../../pipeline/db.ts';
import type { Lang } from '../../words/index.ts';
import type { Scheme } from '../../pipeline/scheme.ts';
import type { FileSummary } from '../../pipeline/validate.ts';

export const EVIDENCE_CAP = 200;
export const REJECTS_CAP = 1000;

export interface Office {
  office_id: string;
  office_name: string;
  category: string;
  region: string | null;
  total: number;
  total_raw: number;
  /** rounded dimension subtotals by dimension id */
  dims: Record<string, number>;
  vetoed: boolean;
  tier: string;
  rank: number;
  commended: boolean;
  excellence_order: number | null;
  /** 0-based position in its category's ranking (category, rank, office_id): which category page lists it */
  pos: number;
}

export interface Indicator {
  office_id: string;
  dimension: string;
  indicator: string;
  seq: number;
  value: number | null;
  target: number | null;
  points: number;
  max_points: number;
  note: string | null;
}

export interface Evidence {
  office_id: string;
  indicator: string;
  source: string;
  row_id: string;
  line: number;
  /** in the report's language */
  detail: string;
}

export interface VetoRow {
  office_id: string;
  veto: string;
  source: string;
  row_id: string;
  line: number;
  detail: string;
  detail_zh: string;
}

export interface QuotaRow {
  category: string;
  offices: number;
  quota: number;
  eligible: number;
  excellent: number;
  overflow: number;
}

export interface Category {
  name: string;
  /** position among the year's categories (by name), as in Model.categories of the whole year */
  index: number;
  /** offices of the category in the year (offices.length, except in a model of one office) */
  size: number;
  /** in rank order; in a model of one office (ModelOptions.office), only that office */
  offices: Office[];
  quota: QuotaRow | undefined;
  /** median and best total of the offices not vetoed (NaN when every office is vetoed) */
  median: number;
  best: number;
  /** median of each item's points (unrounded) over the category (empty without detail) */
  itemMedian: Map<string, number>;
  tiers: Record<string, number>;
}

export interface HistoryPoint {
  year: number;
  total: number;
  rank: number;
  tier: string;
  category: string;
  vetoed: boolean;
  /** the median total of the category's offices not vetoed that year */
  category_median: number | null;
  category_offices: number | null;
}

export interface Person {
  rank?: number;
  person_id: string;
  name: string;
  office_id: string;
  points?: number;
  age?: number;
  director_years?: number;
  recommendation?: string;
}

/** One input file's load summary (the `input_files` table). */
export type InputFile = Omit<FileSummary, 'titles'>;

/** A title row above a file's header, skipped (the `skipped_rows` table). */
export interface SkippedRow {
  table: string;
  file: string;
  line: number;
  text: string;
}

export interface Reject {
  table: string;
  file: string;
  line: number;
  column: string;
  value: string | null;
  check: string;
  reason: string;
  reason_zh: string;
}

/** The year's results: offices in ranking order, categories with their statistics, history and the lists of persons. */
export interface YearModel {
  offices: Office[];
  byId: Map<string, Office>;
  categories: Category[];
  /** earlier years of each office (empty without detail) */
  history: Map<string, HistoryPoint[]>;
  individuals: Person[];
  recommendations: Person[];
  /** the same, by office */
  individualsOf: Map<string, Person[]>;
  recommendationsOf: Map<string, Person[]>;
}

/** The per-office detail only office pages show (all empty in a model without detail). */
export interface OfficeDetail {
  indicators: Map<string, Indicator[]>;
  evidence: Map<string, Map<string, Evidence[]>>;
  /** full evidence counts per office and item (the lists above are capped) */
  evidenceCount: Map<string, Map<string, number>>;
  vetoes: Map<string, VetoRow[]>;
  diagnosticsColumns: string[];
  diagnostics: Map<string, Row>;
  /** active staff at year end per office: age band -> persons, role -> persons */
  ageBands: Map<string, Record<string, number>>;
  roles: Map<string, Record<string, number>>;
}

export type RejectSummary = { file: string; column: string; check: string; reason: string; reason_zh: string; rows: number };
export type RejectedOffice = { office_id: string; rows: number; files: string };
export type Warning = { table: string; message: string; message_zh: string };

/** What was read and what was refused (in a model of one office only the input files). */
export interface QualityModel {
  inputFiles: InputFile[];
  rejects: Reject[];
  rejectCount: number;
  rejectSummary: RejectSummary[];
  /** the offices the rejected rows name, with how many of their rows were rejected (most first) and in which files */
  rejectedOffices: RejectedOffice[];
  /** rejected rows (file lines), and those that name no office kaoping can tell (a row cut short, a training row) */
  rejectedRows: number;
  rejectedWithoutOffice: number;
  warnings: Warning[];
  /** title rows above the headers, skipped */
  skippedRows: SkippedRow[];
}

/** One valid adjustment (复核调整) applied in the year's appraisal (adjustments_applied), with what it did. */
export interface Adjustment {
  adjustment_id: string;
  office_id: string;
  action: 'exclude' | 'points';
  /** an exclusion's source table and the id of its row */
  source: string | null;
  row_id: string | null;
  /** a points adjustment's item (its id) and the points it adds (negative: takes away) */
  indicator: string | null;
  points: number | null;
  reason: string;
  decided_by: string;
  /** YYYY-MM-DD */
  decided_on: string;
  /** an exclusion: the file and line of the row it took out (excluded_rows) */
  file: string | null;
  line: number | null;
  /** a points adjustment: its item's points before and after all the year's points adjustments of that item */
  before: number | null;
  after: number | null;
}

/** The year's adjustments (in a model of one office, that office's), and how many of each kind the year has. */
export interface AdjustmentModel {
  /** by adjustment id */
  adjustments: Adjustment[];
  adjustmentsOf: Map<string, Adjustment[]>;
  /** the whole year's, whatever the model's scope */
  adjustmentCounts: { exclude: number; points: number };
}

export interface Model extends YearModel, OfficeDetail, QualityModel, AdjustmentModel {
  year: number;
  lang: Lang;
  scheme: Scheme;
  /** the per-office detail (indicators, evidence, vetoes, diagnostics, staff, history) is loaded */
  detail: boolean;
  /** a model of one office (ModelOptions.office): offices, categories and the lists hold only what its page needs */
  single: boolean;
  /** source table -> input file name (documents -> 发文.csv ...) */
  fileOf: (source: string) => string;
  /** weight sensitivity of this year (kaoping sensitivity), when stored and current; absent otherwise */
  sensitivity?: Sensitivity;
}

export type Verdict = 'stable' | 'fragile' | 'contested';

export interface SensitivityRow {
  office_id: string;
  rank_median: number;
  rank_p05: number;
  rank_p95: number;
  p_excellent: number;
  p_commended: number;
  /** share of draws that agree with the base commendation decision */
  agreement: number;
  verdict: Verdict;
}

/** One dimension removed (its items' maxima 0, the rest rescaled): the office's rank then. */
export interface DimensionChange {
  dimension: string;
  rank_without: number;
  /** rank_without - rank: positive means the office falls back without the dimension */
  rank_change: number;
}

export interface Sensitivity {
  run_id: number;
  draws: number;
  spread: number;
  seed: number;
  byId: Map<string, SensitivityRow>;
  /** the dimensions removed one at a time, in scheme order (none when the scheme has a single dimension) */
  dimensions: string[];
  /** per office, in the order of `dimensions` */
  changes: Map<string, DimensionChange[]>;
}

/** Age bands of the staff's age structure (active staff at year end). */
export const AGE_BANDS = ['<35', '35-44', '45-54', '55+'] as const;

export interface ModelOptions {
  /** read the year's weight sensitivity results when stored and current (default true) */
  sensitivity?: boolean;
  /** read the per-office detail that only office pages show (default true) */
  detail?: boolean;
  /** only this office (with detail) and its category's statistics: the model of one on-demand office page */
  office?: string;
}
