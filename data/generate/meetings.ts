/**
 * 会议.csv: per year the office's meetings with their length and format. The
 * appraisal year holds fewer meetings than the baseline year unless more by
 * design (`extraMeetings`) or by chance; `longMeetings` offices run long.
 */
import { zh } from './files.ts';
import { clamp, day, fmtDate, pad, workday, workdays } from './helpers.ts';
import type { OfficeRun } from './types.ts';

type Format = 'regular' | 'onsite' | 'video' | 'combined';

export function drawMeetings(run: OfficeRun): void {
  const { rng } = run;
  const mBase = run.ctx.sample ? rng.int(5, 18) : rng.int(6, 22);
  let durationSum = 0;
  for (const y of run.years) {
    const n = meetingCount(run, y, mBase);
    durationSum += meetingsOfYear(run, y, n);
    if (y === run.P) run.facts.meetingsPrev = n;
    if (y === run.Y && run.bad.has('meeting_duration')) badMeeting(run, y, n);
  }
  run.facts.avgDuration = run.facts.meetings ? durationSum / run.facts.meetings : 0;
}

function meetingCount(run: OfficeRun, y: number, mBase: number): number {
  const { rng, cases: c, P } = run;
  if (c.established || y === P) return mBase;
  if (y < P) return Math.round(mBase * rng.between(0.95, 1.25));
  if (c.extraMeetings) return mBase + c.extraMeetings;
  return !run.ctx.sample && rng.chance(0.05 + 0.25 * run.s) ? mBase + rng.int(1, 4) : Math.max(4, mBase - rng.int(0, 4));
}

/** Writes year y's `n` meetings; returns their minutes in the appraisal year (0 for other years). */
function meetingsOfYear(run: OfficeRun, y: number, n: number): number {
  const { rng, id, facts } = run;
  const mean = run.cases.longMeetings ? rng.between(112, 135) : Math.min(130, 50 + 90 * run.s + rng.between(-4, 8));
  const spread = Math.min(mean - 30, 180 - mean, 40);
  // the share of meetings held in a format other than the regular one
  const share = clamp(0.05 + 0.55 * run.q + rng.between(-0.08, 0.08), 0, 1);
  const dates = workdays(rng, n, day(y, 1, 4), day(y, 12, 30));
  let minutesInY = 0;
  for (let k = 0; k < n; k++) {
    const minutes = clamp(Math.round((mean + (rng.next() - 0.5) * 2 * spread) / 5) * 5, 30, 180);
    const format: Format = rng.chance(share)
      ? rng.weighted([
          ['onsite', 3],
          ['video', 4],
          ['combined', 2],
        ] as const)
      : 'regular';
    run.rows.meetings.push({
      fields: [`${id}-${y}-H${pad(k + 1, 2)}`, id, fmtDate(dates[k], 'iso'), String(minutes), zh('meetings', 'format', format)],
    });
    if (y === run.Y) {
      facts.meetings++;
      minutesInY += minutes;
      if (format !== 'regular') facts.nonRegular++;
    }
  }
  return minutesInY;
}

/** meeting_duration: a meeting of 0 minutes. */
function badMeeting(run: OfficeRun, y: number, n: number): void {
  const { id, rng } = run;
  const held = workday(rng, day(y, 3, 1), day(y, 3, 31));
  run.rows.meetings.push({
    fields: [`${id}-${y}-H${pad(n + 1, 2)}`, id, fmtDate(held, 'iso'), '0', zh('meetings', 'format', 'regular')],
    bad: { problem: 'duration_min 0 is outside 1..1440', problem_zh: '时长分钟0不在1至1440之间' },
  });
}
