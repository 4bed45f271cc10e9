/**
 * Everything one office exported: its offices row, staff, and per year its
 * documents, meetings, submissions, supervision items, trainings and
 * attendance records, shaped by its quality q and its designed cases. Years
 * before the appraisal year Y are drawn from q alone; in Y the cases set
 * exact counts.
 *
 * The tables draw from the office's one random stream in a fixed order
 * (below): changing the order, or a draw inside a table, changes every byte
 * after it.
 */
import { drawAttendance } from './attendance.ts';
import { TOWN_LEVEL } from './county.ts';
import { drawDocuments } from './documents.ts';
import { emptyFacts } from './facts.ts';
import { drawMeetings } from './meetings.ts';
import { officeRow } from './offices.ts';
import { Rng } from './random.ts';
import { drawStaff } from './staff.ts';
import { drawSubmissions } from './submissions.ts';
import { drawSupervision } from './supervision.ts';
import { drawTrainings } from './trainings.ts';
import type { Area, Ctx, OfficeOutput, OfficeRun, OfficeSpec } from './types.ts';

export function generateOffice(o: OfficeSpec, ctx: Ctx): OfficeOutput {
  const run = startOffice(o, ctx);
  officeRow(run);
  const staff = drawStaff(run);
  drawDocuments(inArea(run, 'documents'));
  drawMeetings(inArea(run, 'meetings'));
  drawSubmissions(inArea(run, 'info'), staff);
  drawSupervision(inArea(run, 'supervision'));
  drawTrainings(inArea(run, 'team'), staff);
  drawAttendance(run, staff);
  return { rows: run.rows, facts: run.facts };
}

/** The run with q and s of the dimension about to be drawn (the office's own q when it has no quality per dimension). */
function inArea(run: OfficeRun, area: Area): OfficeRun {
  run.q = run.spec.areas?.[area] ?? run.spec.q;
  run.s = 1 - run.q;
  return run;
}

function startOffice(o: OfficeSpec, ctx: Ctx): OfficeRun {
  const { Y } = ctx;
  const c = o.cases;
  const years: number[] = [];
  for (let y = c.established ? Y : ctx.y0; y <= Y; y++) years.push(y);
  return {
    spec: o,
    ctx,
    rng: new Rng(ctx.seed, o.index),
    Y,
    P: Y - 1,
    cases: c,
    q: o.q,
    s: 1 - o.q,
    id: o.office_id,
    town: TOWN_LEVEL.has(o.category),
    years,
    bad: new Set(c.bad ?? []),
    rows: {
      offices: [],
      staff: [],
      documents: [],
      document_counts: [],
      meetings: [],
      submissions: [],
      supervision: [],
      trainings: [],
      attendance: [],
    },
    facts: emptyFacts(o, Y),
  };
}
