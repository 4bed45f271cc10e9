/**
 * attendance.csv (上下班督查): per year a few records of people late, leaving
 * early or absent, more for a weaker office. `att_enum` adds a record whose
 * kind is not one of the contract's codes.
 */
import { day, fmtDate, pad, workdays } from './helpers.ts';
import type { Staff } from './staff.ts';
import type { OfficeRun } from './types.ts';

const KINDS = [
  ['late', 5],
  ['early_leave', 3],
  ['absent', 2],
] as const;

export function drawAttendance(run: OfficeRun, staff: Staff): void {
  const { rng, id } = run;
  for (const y of run.years) {
    const n = Math.min(6, Math.floor(rng.next() * run.s * 16));
    const dates = workdays(rng, n, day(y, 1, 4), day(y, 12, 30));
    for (let k = 0; k < n; k++) {
      const who = staff.activeAt(dates[k]);
      // the array's order is the draws' order: the person (or none), then the kind
      run.rows.attendance.push({
        fields: [
          `${id}-${y}-K${pad(k + 1, 2)}`,
          id,
          who.length && rng.chance(0.95) ? rng.pick(who).id : '',
          fmtDate(dates[k], 'iso'),
          rng.weighted(KINDS),
        ],
      });
    }
    if (y !== run.Y) continue;
    run.facts.attendance = n;
    if (run.bad.has('att_enum')) badRecord(run, staff, y, n);
  }
}

/** att_enum: a record of leave (请假), which the contract does not list. */
function badRecord(run: OfficeRun, staff: Staff, y: number, n: number): void {
  const { id } = run;
  const who = staff.activeAt(day(y, 8, 14));
  run.rows.attendance.push({
    fields: [`${id}-${y}-K${pad(n + 1, 2)}`, id, who.length ? who[0].id : '', fmtDate(day(y, 8, 14), 'iso'), '请假'],
    bad: { problem: 'kind 请假 (leave) is not one of late, early_leave, absent', problem_zh: '类型“请假”不是可选值(迟到、早退、脱岗)' },
  });
}
