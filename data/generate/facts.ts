/**
 * An office's facts for the sample's README: its designed cases in words and
 * (filled in by the table modules) what its rows add up to in the appraisal year.
 */
import { day, fmtDate, fullYears } from './helpers.ts';
import type { Cases, OfficeFacts, OfficeSpec } from './types.ts';

export function emptyFacts(o: OfficeSpec, Y: number): OfficeFacts {
  return {
    office_id: o.office_id,
    name: o.name,
    category: o.category,
    cases: describeCases(o.cases, Y),
    docsPrev: null,
    docsPrevFrom: 'none',
    docs: 0,
    relay: 0,
    broadcast: 0,
    processBad: 0,
    nonClassified: 0,
    electronic: 0,
    classifiedBox: 0,
    classifiedPaper: 0,
    meetingsPrev: 0,
    meetings: 0,
    avgDuration: 0,
    nonRegular: 0,
    activeStaff: 0,
    info: 0,
    research: 0,
    adoptionPoints: 0,
    due: 0,
    late: 0,
    open: 0,
    trained: 0,
    attendance: 0,
    directors: [],
  };
}

/** The designed cases of an office, in words, for the sample's README. */
function describeCases(c: Cases, Y: number): string[] {
  const P = Y - 1;
  const out: string[] = [];
  const n = (k: number, noun: string) => `${k} ${noun}${k === 1 ? '' : 's'}`;
  if (c.docExcess) out.push(`doc_cap: ${n(c.docExcess, 'document')} over the cap`);
  if (c.established) out.push(`set up in ${Y}: no ${P} rows at all (doc_cap and meeting_count: no baseline)`);
  if (c.countsBaseline) out.push(`${P} documents only as a document_counts total`);
  if (c.veto) out.push(`veto: a ${c.veto} document sent via ${c.veto === 'secret' ? 'exchange_box' : 'both'}`);
  if (c.classifiedPaper) out.push(`${n(c.classifiedPaper, 'classified document')} on paper (no veto)`);
  if (c.broadcast) out.push(n(c.broadcast, 'broadcast document'));
  if (c.relay) out.push(`${n(c.relay, 'document')} relaying a superior document`);
  if (c.processMissing) out.push(`${n(c.processMissing, 'document')} with a missing process date`);
  if (c.processDisorder) out.push(`${n(c.processDisorder, 'document')} signed before countersigned`);
  if (c.paper) out.push(`${Math.round(c.paper * 100)}% of non-classified documents on paper`);
  if (c.longMeetings) out.push('long meetings');
  if (c.extraMeetings) out.push(`${n(c.extraMeetings, 'meeting')} more than in ${P}`);
  if (c.late) out.push(`${n(c.late, 'supervision item')} completed late`);
  if (c.open) out.push(`${n(c.open, 'supervision item')} open at year end`);
  if (c.adopted)
    out.push(
      `adopted: ${Object.entries(c.adopted)
        .map(([l, k]) => `${k} ${l}`)
        .join(', ')}`,
    );
  if (c.director) {
    const born = c.director.born ? day(Y - c.director.born[0], c.director.born[1], c.director.born[2]) : null;
    const since = c.director.since ? day(Y - c.director.since[0], c.director.since[1], c.director.since[2]) : null;
    if (born !== null && since !== null) {
      const age = fullYears(born, day(Y, 12, 31)),
        years = fullYears(since, day(Y, 12, 31));
      const ok = age > 45 && years >= 10;
      out.push(
        `director born ${fmtDate(born, 'iso')}, director since ${fmtDate(since, 'iso')}: ` +
          `age ${age}, ${years} full years on ${Y}-12-31, ${ok ? 'recommended' : 'not recommended'}`,
      );
    }
  }
  if (c.directorChange) {
    out.push(`director changed on ${P}-07-01: the long-serving director left ${P}-06-30 (not active in ${Y}, not recommended)`);
  }
  return out;
}
