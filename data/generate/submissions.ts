/**
 * submissions.csv: per year the office's information submissions and research
 * reports, the level at which each was adopted and whether a leader wrote an
 * instruction on it. The quota of 12 per person took effect in the appraisal
 * year; `adopted` cases fix adoptions at given levels; `sub_office` adds a row
 * whose office id has a letter O typed for a digit.
 */
import { DATES, zh } from './files.ts';
import { clamp, day, fmtDate, pad, workdays, type DateStyle } from './helpers.ts';
import type { Staff } from './staff.ts';
import type { OfficeRun } from './types.ts';

const STYLE = DATES.submissions as DateStyle;
const LEVEL_POINTS: Record<string, number> = { national: 5, province: 3, city: 1, county: 0.5, none: 0 };

export function drawSubmissions(run: OfficeRun, staff: Staff): void {
  for (const y of run.years) {
    const n = submissionsOfYear(run, staff, y);
    if (y === run.Y && run.bad.has('sub_office')) badSubmission(run, staff, y, n);
  }
}

/** Writes year y's submissions; returns how many. */
function submissionsOfYear(run: OfficeRun, staff: Staff, y: number): number {
  const { rng, q, Y } = run;
  const active = staff.activeIn(y).length;
  // before the quota took effect offices sent about a third as much
  const ratio = clamp(0.35 + 0.7 * q + rng.between(-0.08, 0.08), 0.3, 1.15) * (y < Y ? rng.between(0.3, 0.4) : 1);
  const nInfo = Math.round(ratio * 12 * active);
  let nResearch = 0;
  for (let k = 0; k < 3; k++) if (rng.chance(0.05 + 0.6 * q)) nResearch++;
  const n = nInfo + nResearch;
  const dates = workdays(rng, n, day(y, 1, 4), day(y, 12, 30));
  const research = new Set(rng.sample(n, nResearch));
  const forced = y === Y ? designedAdoptions(run, n, research) : new Map<number, string>();
  for (let k = 0; k < n; k++) submissionRow(run, staff, y, k, dates[k], research.has(k), forced.get(k));
  return n;
}

/** The `adopted` case: which information submissions (not research reports) of Y were adopted at which level. */
function designedAdoptions(run: OfficeRun, n: number, research: Set<number>): Map<number, string> {
  const forced = new Map<number, string>();
  if (!run.cases.adopted) return forced;
  const infoIdx = Array.from({ length: n }, (_, i) => i).filter((i) => !research.has(i));
  const levels = Object.entries(run.cases.adopted).flatMap(([level, k]) => Array<string>(k ?? 0).fill(level));
  const chosen = run.rng.sample(infoIdx.length, levels.length);
  chosen.forEach((ix, j) => forced.set(infoIdx[ix], levels[j]));
  return forced;
}

/** Adoption level by chance, likelier for a better office and three times likelier for a research report. */
function adoptionLevel(run: OfficeRun, isResearch: boolean): string {
  const { q } = run;
  const boost = isResearch ? 3 : 1;
  return run.rng.weighted([
    ['national', (0.0002 + 0.0013 * q) * boost],
    ['province', (0.001 + 0.009 * q) * boost],
    ['city', (0.005 + 0.045 * q) * boost],
    ['county', (0.02 + 0.08 * q) * boost],
    ['none', 1],
  ] as const);
}

function submissionRow(run: OfficeRun, staff: Staff, y: number, k: number, date: number, isResearch: boolean, forced?: string): void {
  const { rng, id, facts } = run;
  const level = forced ?? adoptionLevel(run, isResearch);
  const instruction = rng.chance(level === 'none' || level === 'county' ? 0.005 : 0.15);
  const authors = staff.activeAt(date);
  const author = authors.length && rng.chance(0.94) ? rng.pick(authors).id : '';
  run.rows.submissions.push({
    fields: [
      `${id}-${y}-X${pad(k + 1, 3)}`,
      id,
      author,
      fmtDate(date, STYLE),
      zh('submissions', 'kind', isResearch ? 'research' : 'information'),
      level === 'none' ? '' : zh('submissions', 'adopted_level', level),
      instruction ? 'true' : 'false',
    ],
  });
  if (y === run.Y) {
    if (isResearch) facts.research++;
    else facts.info++;
    facts.adoptionPoints += LEVEL_POINTS[level] + (instruction ? 2 : 0);
  }
}

/** sub_office: a submission whose office id has the letter O typed for a digit. */
function badSubmission(run: OfficeRun, staff: Staff, y: number, n: number): void {
  const { id } = run;
  const typo = `${id.slice(0, 2)}O${id.slice(3)}`;
  const authors = staff.activeAt(day(y, 5, 20));
  run.rows.submissions.push({
    fields: [
      `${id}-${y}-X${pad(n + 1, 3)}`,
      typo,
      authors.length ? authors[0].id : '',
      fmtDate(day(y, 5, 20), STYLE),
      zh('submissions', 'kind', 'information'),
      '',
      'false',
    ],
    bad: {
      problem: `office_id ${typo} is not in offices.csv (a typo for ${id})`,
      problem_zh: `单位编码${typo}在单位表中不存在(应为${id})`,
    },
  });
}
