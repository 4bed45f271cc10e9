/**
 * supervision.csv: per year the items assigned to the office, with their due,
 * completion and feedback dates. In the appraisal year `late` and `open`
 * cases fix how many items were completed late or stay open at year end;
 * otherwise the office's quality decides. `sup_order` adds an item due before
 * it was assigned.
 */
import { DATES } from './files.ts';
import { day, fmtDate, pad, workday, type DateStyle } from './helpers.ts';
import type { OfficeRun } from './types.ts';

const STYLE = DATES.supervision as DateStyle;

type Status = 'ok' | 'late' | 'open';

export function drawSupervision(run: OfficeRun): void {
  for (const y of run.years) {
    const inY = y === run.Y;
    const c = run.cases;
    const n = Math.max(run.rng.int(2, 10), inY ? (c.late ?? 0) + (c.open ?? 0) + 2 : 0);
    const items = dueDates(run, y, statuses(run, y, n));
    items.forEach((item, k) => itemRow(run, y, k, item));
    if (inY && run.bad.has('sup_order')) badItem(run, y, n);
  }
}

/** Each item's status: as designed in Y when the office has late or open cases, else by chance. */
function statuses(run: OfficeRun, y: number, n: number): Status[] {
  const { rng, cases: c, s } = run;
  const inY = y === run.Y;
  const status: Status[] = [];
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
  return status;
}

/** Due and assigned dates, in order of assignment (a late item is due by the end of November, so it is completed within the year). */
function dueDates(run: OfficeRun, y: number, status: Status[]): { st: Status; due: number; assigned: number }[] {
  const { rng } = run;
  return status
    .map((st) => {
      const due = workday(rng, day(y, 1, 20), st === 'late' ? day(y, 11, 30) : day(y, 12, 31));
      return { st, due, assigned: due - rng.int(10, 60) };
    })
    .sort((a, b) => a.assigned - b.assigned);
}

function itemRow(run: OfficeRun, y: number, k: number, { st, due, assigned }: { st: Status; due: number; assigned: number }): void {
  const { rng, s, id, facts } = run;
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
  run.rows.supervision.push({
    fields: [`${id}-${y}-D${pad(k + 1, 2)}`, id, ...[assigned, due, completed, feedback].map((t) => fmtDate(t, STYLE))],
  });
  if (y === run.Y) {
    facts.due++;
    if (st === 'late') facts.late++;
    if (st === 'open') facts.open++;
  }
}

/** sup_order: an item due before it was assigned. */
function badItem(run: OfficeRun, y: number, n: number): void {
  const { id } = run;
  const assigned = day(y, 6, 10),
    due = day(y, 5, 10);
  const [a, d] = [fmtDate(assigned, STYLE), fmtDate(due, STYLE)];
  run.rows.supervision.push({
    fields: [`${id}-${y}-D${pad(n + 1, 2)}`, id, a, d, fmtDate(day(y, 6, 28), STYLE), fmtDate(day(y, 6, 29), STYLE)],
    bad: { problem: `due_on ${d} is before assigned_on ${a}`, problem_zh: `办结时限${d}早于交办日期${a}` },
  });
}
