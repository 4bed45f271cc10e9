/**
 * staff.csv: the office's people — a director (or, in a director change, the
 * long-serving one who left mid-baseline-year and the new one), deputies,
 * secretaries, staff, perhaps someone who left, and for the `staff_birth` bad
 * kind a person with an impossible birth date (rejected, so counted nowhere).
 * Dates are spelt a different way per row, as in a hand-kept roster.
 */
import { GIVEN, SURNAMES } from './county.ts';
import { DATES } from './files.ts';
import { day, fmtDate, fullYears, pad, workday, yearEnd, yearOf, yearStart, type DateStyle } from './helpers.ts';
import type { OfficeRun } from './types.ts';

export interface Person {
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

/** Who worked in the office when, for the tables that name people. */
export interface Staff {
  /** the person written with a bad birth date (`staff_birth`), whose trainings are rejected with it */
  badPerson: Person | null;
  /** the valid people active on day `t` */
  activeAt(t: number): Person[];
  /** the valid people active at some time in year `y` */
  activeIn(y: number): Person[];
}

type PersonOptions = { joined?: number; left?: number | null; since?: number | null; birth?: number };

/** The office's people as they are added: ids in order, names unique within the office. */
class Roll {
  readonly people: Person[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly run: OfficeRun) {}

  add(role: Person['role'], age: number, opts: PersonOptions = {}): Person {
    const birth = opts.birth ?? this.birthFor(age);
    const joined = opts.joined ?? this.joinedOn(birth);
    const p: Person = {
      id: `${this.run.id}-${pad(this.people.length + 1, 2)}`,
      name: this.newName(),
      birth,
      role,
      joined,
      left: opts.left ?? null,
      since: opts.since ?? null,
    };
    this.people.push(p);
    return p;
  }

  /** A birth day for someone `age` full years old on Y-12-31. */
  birthFor(age: number): number {
    const by = this.run.Y - age;
    return this.run.rng.int(day(by, 1, 1), day(by, 12, 31));
  }

  /** Joined after 22½ and after 1988: mostly before the first year, else during the years (a new office: early in Y). */
  private joinedOn(birth: number): number {
    const { rng, Y, cases, ctx } = this.run;
    const earliest = Math.max(birth + Math.round(22.5 * 365), day(1988, 1, 1));
    if (cases.established) return workday(rng, day(Y, 1, 4), day(Y, 3, 31));
    if (rng.chance(0.88) && earliest < yearStart(ctx.y0)) return workday(rng, earliest, yearStart(ctx.y0) - 1);
    return workday(rng, Math.max(earliest, yearStart(ctx.y0)), day(Y, 10, 31));
  }

  private newName(): string {
    const { rng } = this.run;
    for (;;) {
      const n = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.65) ? rng.pick(GIVEN) : '');
      if (!this.names.has(n)) {
        this.names.add(n);
        return n;
      }
    }
  }
}

/** Draws the office's people, writes staff.csv's rows and the appraisal year's staff facts. */
export function drawStaff(run: OfficeRun): Staff {
  const { rng, ctx, town, cases: c } = run;
  const roll = new Roll(run);
  // the bundled sample keeps offices small so the files stay small
  const nActive = ctx.sample ? (town ? rng.int(3, 5) : rng.int(3, 8)) : town ? rng.int(3, 7) : rng.int(4, 10);
  const changed = !!c.directorChange && !c.established;
  if (changed) addDirectorChange(run, roll);
  else addDirector(run, roll);
  const deputies = nActive >= 5 ? rng.int(1, 2) : rng.int(0, 1);
  const secretaries = Math.min(rng.int(0, 2), nActive - 1 - deputies);
  for (let k = 0; k < deputies; k++) roll.add('deputy', rng.int(32, 56));
  for (let k = 0; k < secretaries; k++) roll.add('secretary', rng.int(24, 44));
  while (roll.people.length < nActive + (changed ? 1 : 0)) roll.add('staff', rng.int(24, 58));
  // someone who left in Y-1 or Y
  if (!c.established && rng.chance(0.3)) {
    const p = roll.add(rng.chance(0.7) ? 'staff' : 'deputy', rng.int(26, 58));
    p.left = Math.max(p.joined + 30, workday(rng, day(run.P, 2, 1), day(run.Y, 9, 30)));
  }
  let badPerson: Person | null = null;
  if (run.bad.has('staff_birth')) {
    badPerson = roll.add('staff', rng.int(28, 40));
    badPerson.bad = true;
  }
  for (const p of roll.people) staffRow(run, p);
  const staff = activity(
    roll.people.filter((p) => !p.bad),
    badPerson,
  );
  staffFacts(run, staff);
  return staff;
}

/** The director changed on P-07-01: the long-serving one (director 11–16 years) left on P-06-30. */
function addDirectorChange(run: OfficeRun, roll: Roll): void {
  const { rng, P } = run;
  const oldSince = day(P - rng.int(11, 16), rng.int(1, 12), 1);
  roll.add('director', rng.int(52, 58), { joined: oldSince - rng.int(200, 1500), since: oldSince, left: day(P, 6, 30) });
  const newSince = day(P, 7, 1);
  roll.add('director', rng.int(38, 46), { joined: newSince - rng.int(800, 3000), since: newSince });
}

/** One director: as designed (born, since), else mostly recent; a few long-serving ones are old enough to be recommended. */
function addDirector(run: OfficeRun, roll: Roll): void {
  const { rng, Y, cases: c } = run;
  const d = c.director;
  const long = d ? true : rng.chance(0.05);
  const yearsAgo = long ? rng.int(10, 17) : rng.int(1, 9);
  let since = d?.since ? day(Y - d.since[0], d.since[1], d.since[2]) : workday(rng, day(Y - yearsAgo, 1, 1), day(Y - yearsAgo, 12, 31));
  let age = rng.int(38, 57);
  if (long && age < 46) age += 8;
  const birth = d?.born ? day(Y - d.born[0], d.born[1], d.born[2]) : roll.birthFor(age);
  if (c.established) since = day(Y, 1, 4);
  const joined = c.established ? since : Math.max(since - rng.int(0, 2200), birth + 24 * 365);
  roll.add('director', age, { birth, since, joined: Math.min(joined, since) });
}

function staffRow(run: OfficeRun, p: Person): void {
  const style: DateStyle =
    DATES.staff === 'mixed'
      ? run.rng.weighted([
          ['iso', 4],
          ['slash', 3],
          ['dot', 1],
          ['cn', 2],
        ] as const)
      : DATES.staff;
  let birth = fmtDate(p.birth, style);
  if (p.bad) birth = `${yearOf(p.birth)}-06-31`; // no such day
  run.rows.staff.push({
    fields: [p.id, run.id, p.name, birth, p.role, fmtDate(p.joined, style), fmtDate(p.left, style), fmtDate(p.since, style)],
    bad: p.bad
      ? {
          problem: `birth_date ${birth} is not a date; the person's trainings are rejected with it`,
          problem_zh: `出生日期${birth}不是有效日期;该人员的培训记录随之拒收`,
        }
      : undefined,
  });
}

function activity(good: Person[], badPerson: Person | null): Staff {
  return {
    badPerson,
    activeAt: (t) => good.filter((p) => p.joined <= t && (p.left === null || p.left >= t)),
    activeIn: (y) => good.filter((p) => p.joined <= yearEnd(y) && (p.left === null || p.left >= yearStart(y))),
  };
}

/**
 * Active staff in Y, and each active director's age and years as director on Y-12-31
 * (recommended: ≥ 10 years, over 45).
 */
function staffFacts(run: OfficeRun, staff: Staff): void {
  const { facts, Y } = run;
  const active = staff.activeIn(Y);
  facts.activeStaff = active.length;
  for (const p of active) {
    if (p.role !== 'director' || p.since === null) continue;
    const age = fullYears(p.birth, yearEnd(Y));
    const yrs = fullYears(p.since, yearEnd(Y));
    facts.directors.push({ person_id: p.id, name: p.name, age, years: yrs, recommended: yrs >= 10 && age > 45 });
  }
}
