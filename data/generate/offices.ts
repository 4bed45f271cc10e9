/**
 * The offices: who they are (id, name, category, region), their quality and
 * designed cases. `sample: true` takes the curated county of SAMPLE_ROSTER
 * (the bundled data/sample), where each rule case of appraisal-rules.md sits
 * on a named office. Otherwise offices come in counties of 50 (28 乡镇, 22
 * 县级部门) and the cases are drawn at random. `bad: true` adds a handful of
 * rows that break the contract (BAD_KINDS), each on an office of its own,
 * never on a row that carries a rule case.
 */
import {
  COUNTY_A,
  COUNTY_B,
  DEPARTMENT,
  DEPARTMENTS,
  DEPARTMENTS_PER_COUNTY,
  TOWN_REGIONS,
  TOWNS,
  TOWNS_PER_COUNTY,
  TOWNSHIP,
} from './county.ts';
import { Rng } from './random.ts';
import type { BadKind, Cases, OfficeRun, OfficeSpec } from './types.ts';

export const BAD_KINDS: BadKind[] = [
  'staff_birth',
  'doc_date',
  'doc_dup',
  'sub_office',
  'meeting_duration',
  'sup_order',
  'att_enum',
  'train_fields',
];

type RosterEntry = [id: string, q: number, cases?: Cases];

/**
 * The bundled sample: one county, 28 townships and 24 department offices.
 * Names, regions and categories come from TOWNS/DEPARTMENTS by position.
 */
export const SAMPLE_ROSTER: RosterEntry[] = [
  ['XZ001', 0.97, { adopted: { national: 1, province: 1 }, director: { born: [54, 3, 12], since: [14, 6, 1] } }],
  ['XZ002', 0.95, { director: { born: [52, 8, 20], since: [12, 3, 1] } }],
  ['XZ003', 0.93, { bad: ['staff_birth'] }],
  ['XZ004', 0.95, { docExcess: 1 }],
  ['XZ005', 0.65, { bad: ['doc_date'] }],
  ['XZ006', 0.72, { broadcast: 1 }],
  ['XZ007', 0.6, { bad: ['doc_dup'] }],
  ['XZ008', 0.97, { veto: 'secret' }],
  ['XZ009', 0.82, { docExcess: 4 }],
  ['XZ010', 0.74, { longMeetings: true }],
  ['XZ011', 0.8, { relay: 2 }],
  ['XZ012', 0.94, { director: { born: [49, 5, 2], since: [11, 9, 1] } }],
  ['XZ013', 0.78, { late: 2 }],
  ['XZ014', 0.8, { extraMeetings: 6 }],
  ['XZ015', 0.58, { docExcess: 9, broadcast: 3 }],
  ['XZ016', 0.8, { director: { born: [45, 12, 31], since: [13, 4, 1] } }],
  ['XZ017', 0.7, { processMissing: 6 }],
  ['XZ018', 0.82, { bad: ['sub_office'] }],
  ['XZ019', 0.85, { countsBaseline: true, docExcess: 2 }],
  ['XZ020', 0.6, { open: 1 }],
  ['XZ021', 0.8, { directorChange: true }],
  ['XZ022', 0.3, { docExcess: 22, relay: 4 }],
  ['XZ023', 0.8, { bad: ['meeting_duration'] }],
  ['XZ024', 0.68, { adopted: { province: 2 } }],
  ['XZ025', 0.5, { paper: 0.45 }],
  ['XZ026', 0.96, { bad: ['sup_order'] }],
  ['XZ027', 0.75, { director: { born: [56, 7, 15], since: [9, 1, 1] } }],
  ['XZ028', 0.62, {}],
  ['BM001', 0.96, { classifiedPaper: 4, director: { born: [53, 10, 8], since: [15, 2, 1] } }],
  ['BM002', 0.95, { classifiedPaper: 3, adopted: { national: 1, province: 2 } }],
  ['BM003', 0.8, { longMeetings: true, director: { born: [50, 6, 18], since: [10, 12, 31] } }],
  ['BM004', 0.85, { relay: 1 }],
  ['BM005', 0.93, { classifiedPaper: 5 }],
  ['BM006', 0.8, { docExcess: 2, classifiedPaper: 1 }],
  ['BM007', 0.92, { director: { born: [57, 1, 9], since: [16, 5, 1] } }],
  ['BM008', 0.72, { broadcast: 2 }],
  ['BM009', 0.7, { late: 3, open: 1 }],
  ['BM010', 0.78, { processDisorder: 5, classifiedPaper: 2 }],
  ['BM011', 0.82, { extraMeetings: 3 }],
  ['BM012', 0.76, { bad: ['att_enum'] }],
  ['BM013', 0.64, { docExcess: 6, relay: 3 }],
  ['BM014', 0.6, {}],
  ['BM015', 0.9, { veto: 'confidential' }],
  ['BM016', 0.7, { longMeetings: true }],
  ['BM017', 0.6, { paper: 0.35 }],
  ['BM018', 0.72, { open: 2 }],
  ['BM019', 0.38, { docExcess: 15, broadcast: 5 }],
  ['BM020', 0.8, { bad: ['train_fields'] }],
  ['BM021', 0.35, { relay: 5 }],
  ['BM022', 0.65, { countsBaseline: true }],
  ['BM023', 0.55, {}],
  ['BM024', 0.82, { established: true }],
];

export function sampleSpecs(): OfficeSpec[] {
  let towns = 0,
    depts = 0;
  return SAMPLE_ROSTER.map(([id, q, cases], index) => {
    const town = id.startsWith('XZ');
    const k = town ? towns++ : depts++;
    return {
      index,
      office_id: id,
      q,
      cases: cases ?? {},
      name: town ? `${TOWNS[k]}党政办` : `县${DEPARTMENTS[k]}`,
      category: town ? TOWNSHIP : DEPARTMENT,
      region: town ? TOWN_REGIONS[k] : '县直',
    };
  });
}

/** Office i of a generated province: counties of 28 townships and 22 departments; random cases. */
export function randomSpec(i: number, total: number, seed: number, bad: boolean): OfficeSpec {
  const perCounty = TOWNS_PER_COUNTY + DEPARTMENTS_PER_COUNTY;
  const county = Math.floor(i / perCounty);
  const pos = i % perCounty;
  const town = pos < TOWNS_PER_COUNTY;
  const counties = Math.ceil(total / perCounty);
  const width = Math.max(3, String(counties * TOWNS_PER_COUNTY).length);
  const n = county * (town ? TOWNS_PER_COUNTY : DEPARTMENTS_PER_COUNTY) + (town ? pos : pos - TOWNS_PER_COUNTY) + 1;
  const name = countyName(county);
  // a stream of its own, apart from the office's rows (Rng(seed, i))
  const rng = new Rng(seed ^ 0x5bd1e995, i);
  const q = 1 - 0.65 * Math.pow(rng.next(), 1.5);
  const cases = randomCases(rng, town);
  if (bad) {
    // spread the bad kinds over the file, one office each
    const k = BAD_KINDS.findIndex((_, j) => Math.floor(((j + 0.5) * total) / BAD_KINDS.length) === i);
    if (k >= 0) cases.bad = [BAD_KINDS[k]];
  }
  return {
    index: i,
    office_id: `${town ? 'XZ' : 'BM'}${String(n).padStart(width, '0')}`,
    name: town ? `${name}${TOWNS[pos]}党政办` : `${name}${DEPARTMENTS[pos - TOWNS_PER_COUNTY]}`,
    category: town ? TOWNSHIP : DEPARTMENT,
    region: name,
    q,
    cases,
  };
}

/** County k's name: two characters (20 × 20 of them), then a number once those run out. */
function countyName(k: number): string {
  const L = COUNTY_A.length;
  return `${COUNTY_A[k % L]}${COUNTY_B[Math.floor(k / L) % L]}${k >= L * L ? Math.floor(k / (L * L)) + 1 : ''}县`;
}

/** The rarer rule cases, each at a small fixed rate (a few offices in a hundred; the veto a few in a thousand). */
function randomCases(rng: Rng, town: boolean): Cases {
  const cases: Cases = {};
  if (rng.chance(0.01)) cases.established = true;
  else if (rng.chance(0.02)) cases.countsBaseline = true;
  if (rng.chance(0.004)) cases.veto = rng.chance(0.5) ? 'secret' : 'confidential';
  if (!town && rng.chance(0.15)) cases.classifiedPaper = rng.int(1, 4);
  if (rng.chance(0.06)) cases.longMeetings = true;
  if (rng.chance(0.05)) cases.directorChange = true;
  return cases;
}

/** The office's one row in offices.csv. */
export function officeRow(run: OfficeRun): void {
  const o = run.spec;
  run.rows.offices.push({ fields: [o.office_id, o.name, o.category, o.region] });
}
