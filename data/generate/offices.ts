/**
 * The offices: who they are (id, name, category, region), their quality and
 * designed cases. `sample: true` takes the curated county of SAMPLE_ROSTER
 * (the bundled data/sample), where each rule case of appraisal-rules.md sits
 * on a named office. Otherwise the offices are a county, or cities of 1,500
 * (a city's counties, then its own departments; one after another for a
 * province), with the categories of county.ts, a quality drawn per office and
 * per dimension (quality.ts), and the cases drawn at random. `bad: true` adds
 * a handful of rows that break the contract (BAD_KINDS), each on an office of
 * its own, never on a row that carries a rule case.
 */
import {
  CITY_GOVERNMENT,
  CITY_GOVERNMENT_OFFICES,
  CITY_PARTY,
  CITY_PARTY_OFFICES,
  COUNTY_A,
  COUNTY_B,
  COUNTY_GOVERNMENT,
  COUNTY_LEAD,
  COUNTY_PARTY,
  DEPARTMENT,
  DEPARTMENTS,
  GOVERNMENT_OFFICES,
  LEADS,
  PARTY_OFFICES,
  STREET,
  STREETS,
  TOWN_REGIONS,
  TOWNS,
  TOWNSHIP,
} from './county.ts';
import { drawQuality, type Kind } from './quality.ts';
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

/**
 * A generated county: 20 township-level 党政办 (乡镇, then 街道), its 两办, 22
 * 党群 and 40 政府 offices. A city: 11 县, 2 县级市 and 4 区 (fewer 乡镇 and more
 * 街道 the more urban), then its own 27 党群 and 45 政府 offices: 1,500 offices.
 */
const TOWN_SLOTS = 20;
const COUNTY_SIZE = TOWN_SLOTS + LEADS.length + PARTY_OFFICES.length + GOVERNMENT_OFFICES.length;
const COUNTY_KINDS = [
  { suffix: '县', towns: 16, count: 11 },
  { suffix: '市', towns: 10, count: 2 },
  { suffix: '区', towns: 4, count: 4 },
];
const CITY_COUNTIES = COUNTY_KINDS.reduce((n, k) => n + k.count, 0);
export const CITY_SIZE = CITY_COUNTIES * COUNTY_SIZE + CITY_PARTY_OFFICES.length + CITY_GOVERNMENT_OFFICES.length;

/** Where office i sits: its kind, its county (or city, for the city's own offices), its position in that kind's list. */
interface Place {
  kind: Kind;
  pos: number;
  /** the county's name, or the city's for its own departments */
  area: string;
  /** a number unique among the offices of its id prefix */
  slot: number;
}

function place(i: number): Place {
  const city = Math.floor(i / CITY_SIZE);
  const p = i % CITY_SIZE;
  const inCounties = CITY_COUNTIES * COUNTY_SIZE;
  if (p >= inCounties) {
    const pos = p - inCounties;
    const party = pos < CITY_PARTY_OFFICES.length;
    const cityDepts = CITY_SIZE - inCounties;
    return {
      kind: party ? 'cityParty' : 'cityGovernment',
      pos: party ? pos : pos - CITY_PARTY_OFFICES.length,
      area: cityName(city),
      slot: city * cityDepts + pos + 1,
    };
  }
  const c = Math.floor(p / COUNTY_SIZE);
  const county = city * CITY_COUNTIES + c;
  let pos = p % COUNTY_SIZE;
  let k = 0;
  for (let before = COUNTY_KINDS[0].count; c >= before; before += COUNTY_KINDS[++k].count);
  const area = countyName(county, COUNTY_KINDS[k].suffix);
  if (pos < TOWN_SLOTS) {
    const towns = COUNTY_KINDS[k].towns;
    const slot = county * TOWN_SLOTS + pos + 1;
    return pos < towns ? { kind: 'town', pos, area, slot } : { kind: 'street', pos: pos - towns, area, slot };
  }
  const slot = county * (COUNTY_SIZE - TOWN_SLOTS) + pos - TOWN_SLOTS + 1;
  pos -= TOWN_SLOTS;
  if (pos < LEADS.length) return { kind: 'lead', pos, area, slot };
  pos -= LEADS.length;
  if (pos < PARTY_OFFICES.length) return { kind: 'party', pos, area, slot };
  return { kind: 'government', pos: pos - PARTY_OFFICES.length, area, slot };
}

const PREFIX: Record<Kind, string> = {
  town: 'XZ',
  street: 'JD',
  lead: 'BM',
  party: 'BM',
  government: 'BM',
  cityParty: 'SZ',
  cityGovernment: 'SZ',
};

/**
 * The office's category: a county alone ranks its 乡镇 and 街道 together and
 * puts each of its 两办 with its system; a city ranks each kind apart.
 */
function categoryOf({ kind, pos }: Place, county: boolean): string {
  if (county && kind === 'lead') return pos === 0 ? COUNTY_PARTY : COUNTY_GOVERNMENT;
  if (county && kind === 'street') return TOWNSHIP;
  const categories: Record<Kind, string> = {
    town: TOWNSHIP,
    street: STREET,
    lead: COUNTY_LEAD,
    party: COUNTY_PARTY,
    government: COUNTY_GOVERNMENT,
    cityParty: CITY_PARTY,
    cityGovernment: CITY_GOVERNMENT,
  };
  return categories[kind];
}

function nameOf({ kind, pos, area }: Place): string {
  const names: Record<Kind, readonly string[]> = {
    town: TOWNS,
    street: STREETS,
    lead: LEADS,
    party: PARTY_OFFICES,
    government: GOVERNMENT_OFFICES,
    cityParty: CITY_PARTY_OFFICES,
    cityGovernment: CITY_GOVERNMENT_OFFICES,
  };
  return `${area}${names[kind][pos]}${kind === 'town' || kind === 'street' ? '党政办' : ''}`;
}

/** Office i of a generated county, city or province; its quality and cases at random. */
export function randomSpec(i: number, total: number, seed: number, bad: boolean): OfficeSpec {
  const at = place(i);
  const town = at.kind === 'town' || at.kind === 'street';
  // wide enough for the largest slot: a department's in the last county
  const width = Math.max(3, String(Math.ceil(total / COUNTY_SIZE) * (COUNTY_SIZE - TOWN_SLOTS)).length);
  // a stream of its own, apart from the office's rows (Rng(seed, i))
  const rng = new Rng(seed ^ 0x5bd1e995, i);
  const cases = randomCases(rng, town);
  const { q, areas } = drawQuality(rng, at.kind);
  if (bad) {
    // spread the bad kinds over the file, one office each
    const k = BAD_KINDS.findIndex((_, j) => Math.floor(((j + 0.5) * total) / BAD_KINDS.length) === i);
    if (k >= 0) cases.bad = [BAD_KINDS[k]];
  }
  return {
    index: i,
    office_id: `${PREFIX[at.kind]}${String(at.slot).padStart(width, '0')}`,
    name: nameOf(at),
    category: categoryOf(at, total <= COUNTY_SIZE),
    region: at.kind === 'cityParty' || at.kind === 'cityGovernment' ? `${at.area}直` : at.area,
    q,
    areas,
    cases,
  };
}

/** County k's name: two characters (20 × 20 of them), then a number once those run out; 县, 市 (县级市) or 区. */
function countyName(k: number, suffix: string): string {
  const L = COUNTY_A.length;
  return `${COUNTY_A[k % L]}${COUNTY_B[Math.floor(k / L) % L]}${k >= L * L ? Math.floor(k / (L * L)) + 1 : ''}${suffix}`;
}

/** City k's name: 平州市, 阳州市 …, then a number once those run out. */
function cityName(k: number): string {
  const L = COUNTY_B.length;
  return `${COUNTY_B[k % L]}州${k >= L ? Math.floor(k / L) + 1 : ''}市`;
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
