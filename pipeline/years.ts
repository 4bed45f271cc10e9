/**
 * The year a command works on, chosen or checked in one place.
 *
 * - `appraisalYear` (kaoping run): the year of the loaded data to appraise.
 *   Unless told, the latest year holding at least YEAR_SHARE (10%) of the
 *   data's dated rows, so a stray typo date (2042 for 2024) never becomes the
 *   appraisal year. A `--year` in which no table has a dated row is one error
 *   naming the years the data holds: appraising it would give every office
 *   the same score, rank 1, as if nothing were wrong. Data without any dated
 *   row (offices and staff only) holds no year a --year could contradict:
 *   the year given is appraised.
 * - `scoredYear` (explain, report, sensitivity): a year the database holds an
 *   appraisal of, the latest unless told; a year without one is one error
 *   naming the years it holds.
 *
 * A dated row is a row of a table with a year column (contract.ts
 * `yearColumn`: documents' issued_on, meetings' held_on ...) whose date is
 * there, or a row of document_counts (its year).
 */
import { TABLES } from './contract.ts';
import type { Db } from './db.ts';
import { InputError } from './errors.ts';

/** The share of the data's dated rows a year must hold to be the default appraisal year. */
export const YEAR_SHARE = 0.1;

export interface DataYear {
  year: number;
  /** dated rows of the year, every table together */
  rows: number;
}

/** The years the loaded data's dated rows fall in, with their rows, in year order. */
export async function dataYears(db: Db): Promise<DataYear[]> {
  const parts = TABLES.filter((t) => t.yearColumn).map(
    (t) => `SELECT year(${t.yearColumn}) AS year FROM ${t.name} WHERE ${t.yearColumn} IS NOT NULL`,
  );
  parts.push('SELECT year FROM document_counts WHERE year IS NOT NULL');
  const rows = await db.all<{ year: number; rows: number | bigint }>(
    `SELECT year, count(*) AS rows FROM (${parts.join(' UNION ALL ')}) GROUP BY year ORDER BY year`,
  );
  return rows.map((r) => ({ year: Number(r.year), rows: Number(r.rows) }));
}

/**
 * The default appraisal year of data whose dated rows fall in `years`: the
 * latest year holding at least YEAR_SHARE of them. When no year does (dated
 * rows spread evenly over more than ten years), the latest year holding at
 * least half the busiest year's rows: a stray date still cannot win.
 */
export function defaultYear(years: DataYear[]): number | undefined {
  const all = years.reduce((s, y) => s + y.rows, 0);
  const busiest = Math.max(0, ...years.map((y) => y.rows));
  const latest = (least: number) => years.filter((y) => y.rows >= least).at(-1)?.year;
  return latest(YEAR_SHARE * all) ?? latest(busiest / 2);
}

/** `kaoping run`: the year to appraise, `requested` (--year) checked against the data, or the default year. */
export async function appraisalYear(db: Db, requested?: number): Promise<number> {
  const years = await dataYears(db);
  // data without a dated row (offices and staff only) holds no year that --year could contradict: it is taken as given
  if (years.length === 0 && requested !== undefined) return requested;
  if (years.length === 0) {
    throw new InputError(
      'The data has no dated rows, so there is no year to appraise; pass --year.',
      '数据中没有带日期的记录,无法确定考评年度;请用 --year 指定。',
    );
  }
  if (requested === undefined) return defaultYear(years)!;
  if (!years.some((y) => y.year === requested)) {
    const en = years.map((y) => `${y.year} (${y.rows.toLocaleString('en')} ${y.rows === 1 ? 'row' : 'rows'})`);
    const zh = years.map((y) => `${y.year} 年(${y.rows.toLocaleString('en')} 行)`);
    throw new InputError(
      `The data has no dated row in ${requested} (no table has a record of that year); ` +
        `it holds ${en.length > 1 ? `${en.slice(0, -1).join(', ')} and ${en.at(-1)}` : en[0]}: pass one of these as --year.`,
      `数据中没有 ${requested} 年的记录(任何一张表都没有该年度带日期的数据),数据中的年度为 ${zh.join('、')};请用 --year 指定其中一年。`,
    );
  }
  return requested;
}

/** The years the database holds an appraisal run of, in year order (none when it has no runs table). */
export async function scoredYears(db: Db): Promise<number[]> {
  const present = await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'runs' AND NOT temporary`);
  if (Number(present) === 0) return [];
  const rows = await db.all<{ year: number }>(`SELECT DISTINCT year FROM runs WHERE year IS NOT NULL ORDER BY year`);
  return rows.map((r) => Number(r.year));
}

/** explain, report and sensitivity: the appraised year to read, `requested` (--year) checked, or the latest. */
export async function scoredYear(db: Db, requested?: number): Promise<number> {
  const years = await scoredYears(db);
  if (years.length === 0) {
    throw new InputError(
      'The database holds no appraisal run yet; run kaoping run first.',
      '数据库中还没有考评结果;请先运行 kaoping run。',
    );
  }
  if (requested === undefined) return years.at(-1)!;
  if (!years.includes(requested)) {
    throw new InputError(
      `The database has no appraisal run for ${requested}; it holds ${years.join(', ')} ` +
        `(kaoping run --year ${requested} appraises that year).`,
      `数据库中没有 ${requested} 年度的考评结果,已考评的年度为:${years.join('、')}(用 kaoping run --year ${requested} 考评该年度)。`,
    );
  }
  return requested;
}
