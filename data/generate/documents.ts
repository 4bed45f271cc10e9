/**
 * documents.csv: per year the office's documents with their six process dates
 * (drafted … printed), secrecy, channel, broadcast and relay flags. In the
 * appraisal year the designed cases set exact counts (cap excess, relays,
 * broadcasts, process faults, classified documents on paper, the veto);
 * before it, and for what the cases leave open, the office's quality decides.
 */
import { documentsAsTotal } from './document_counts.ts';
import { DATES, zh } from './files.ts';
import { day, fmtDate, pad, workdays, type DateStyle } from './helpers.ts';
import type { OfficeRun } from './types.ts';

const STYLE = DATES.documents as DateStyle;
const YES = '是',
  NO = '否';

/** Which of a year's documents carry which case. */
interface Marks {
  relay: Set<number>;
  broadcast: Set<number>;
  missing: Set<number>;
  disorder: Set<number>;
  classifiedPaper: Set<number>;
  /** the index of the classified document sent through the exchange box, or -1 */
  veto: number;
  /** the chance a non-classified document goes on paper */
  paper: number;
}

type Channel = 'exchange_box' | 'paper' | 'both';

export function drawDocuments(run: OfficeRun): void {
  const { rng, ctx, town } = run;
  const docBase = ctx.sample ? (town ? rng.int(8, 30) : rng.int(10, 40)) : town ? rng.int(15, 50) : rng.int(20, 65);
  for (const y of run.years) {
    const n = documentCount(run, y, docBase);
    if (y === run.P) {
      run.facts.docsPrev = n;
      run.facts.docsPrevFrom = run.cases.countsBaseline ? 'document_counts' : 'rows';
    }
    if (documentsAsTotal(run, y, n)) continue;
    const dates = workdays(rng, n, day(y, 1, 4), day(y, 12, 29));
    const marks = markDocuments(run, y, n);
    for (let k = 0; k < n; k++) documentRow(run, y, k, dates[k], marks);
    if (y === run.Y) badDocuments(run, y, n, dates);
  }
}

/**
 * Documents in year y: the base in the baseline year, a little more before it;
 * in Y under the cap unless over it by design or by chance.
 */
function documentCount(run: OfficeRun, y: number, docBase: number): number {
  const { rng, cases: c, P } = run;
  if (c.established) return docBase;
  if (y < P) return Math.round(docBase * rng.between(0.95, 1.2));
  if (y === P) return docBase;
  const cap = Math.floor(0.9 * docBase);
  const excess = c.docExcess ?? (!run.ctx.sample && rng.chance(0.1 + 0.4 * run.s) ? rng.int(1, 3 + Math.round(12 * run.s)) : 0);
  return excess > 0 ? cap + excess : Math.max(3, cap - rng.int(0, 3));
}

function markDocuments(run: OfficeRun, y: number, n: number): Marks {
  const { rng, cases: c, s } = run;
  const inY = y === run.Y;
  // a designed count in Y, else each document by chance
  const pick = (k: number | undefined, p: number): Set<number> =>
    new Set(inY && k !== undefined ? rng.sample(n, k) : Array.from({ length: n }, (_, i) => i).filter(() => rng.chance(p)));
  const relay = pick(c.relay, 0.2 * s);
  const broadcast = pick(c.broadcast, 0.1 * s);
  const missing = pick(c.processMissing, 0.35 * s);
  const disorder = pick(c.processDisorder, 0.2 * s);
  const classifiedPaper = new Set(inY && c.classifiedPaper ? rng.sample(n, c.classifiedPaper) : []);
  let veto = -1;
  if (inY && c.veto) {
    do veto = rng.int(0, n - 1);
    while (classifiedPaper.has(veto) || relay.has(veto) || broadcast.has(veto));
  }
  return { relay, broadcast, missing, disorder, classifiedPaper, veto, paper: c.paper ?? 0.35 * s };
}

/** The six process dates back from the issue date; `ok` false when one is missing or out of order. */
function processDates(run: OfficeRun, k: number, issued: number, m: Marks): { steps: (number | null)[]; ok: boolean } {
  const { rng } = run;
  const printed = issued - rng.int(0, 1);
  const proofread = printed - rng.int(0, 1);
  const signed = proofread - rng.int(0, 2);
  const countersigned = signed - rng.int(0, 2);
  const checked = countersigned - rng.int(0, 2);
  const drafted = checked - rng.int(0, 4);
  const steps: (number | null)[] = [drafted, checked, countersigned, signed, proofread, printed];
  let ok = true;
  if (m.disorder.has(k)) {
    steps[2] = signed + rng.int(1, 2); // signed before the countersign
    ok = false;
  }
  if (m.missing.has(k)) {
    steps[
      rng.weighted([
        [0, 1],
        [1, 3],
        [2, 4],
        [3, 1],
        [4, 4],
        [5, 1],
      ] as const)
    ] = null;
    ok = false;
  }
  return { steps, ok };
}

/** Secrecy and channel: the veto's document, a classified one on paper, or an ordinary one. */
function secrecyAndChannel(run: OfficeRun, k: number, m: Marks): { secrecy: string; channel: Channel } {
  const { rng, cases: c } = run;
  const secrecy: string = rng.weighted([
    ['', 14],
    ['非密', 3],
    ['内部', 3],
  ] as const);
  if (k === m.veto) {
    return { secrecy: zh('documents', 'secrecy', c.veto!), channel: c.veto === 'secret' ? 'exchange_box' : 'both' };
  }
  if (m.classifiedPaper.has(k)) {
    return { secrecy: zh('documents', 'secrecy', rng.chance(0.7) ? 'secret' : 'confidential'), channel: 'paper' };
  }
  return { secrecy, channel: rng.chance(m.paper) ? 'paper' : rng.chance(0.1) ? 'both' : 'exchange_box' };
}

function documentRow(run: OfficeRun, y: number, k: number, issued: number, m: Marks): void {
  const { steps, ok } = processDates(run, k, issued, m);
  const { secrecy, channel } = secrecyAndChannel(run, k, m);
  run.rows.documents.push({
    fields: [
      `${run.id}-${y}-${pad(k + 1, 3)}`,
      run.id,
      fmtDate(issued, STYLE),
      secrecy,
      zh('documents', 'channel', channel),
      m.broadcast.has(k) ? YES : NO,
      m.relay.has(k) ? YES : NO,
      ...steps.map((t) => fmtDate(t, STYLE)),
    ],
  });
  if (y === run.Y) countDocument(run, k, ok, channel, m);
}

function countDocument(run: OfficeRun, k: number, ok: boolean, channel: Channel, m: Marks): void {
  const { facts } = run;
  facts.docs++;
  if (m.relay.has(k)) facts.relay++;
  if (m.broadcast.has(k)) facts.broadcast++;
  if (!ok) facts.processBad++;
  if (k === m.veto) facts.classifiedBox++;
  else if (m.classifiedPaper.has(k)) facts.classifiedPaper++;
  else {
    facts.nonClassified++;
    if (channel !== 'paper') facts.electronic++;
  }
}

/** The bad kinds of documents.csv: an impossible issue date (doc_date), a repeated doc_id (doc_dup). */
function badDocuments(run: OfficeRun, y: number, n: number, dates: number[]): void {
  const { id, Y } = run;
  const box = zh('documents', 'channel', 'exchange_box');
  const dated = (days: number[]) => days.map((x) => fmtDate(x, STYLE));
  if (run.bad.has('doc_date')) {
    const t = day(Y, 2, 27);
    run.rows.documents.push({
      fields: [`${id}-${y}-${pad(n + 1, 3)}`, id, `${Y}/2/30`, '', box, NO, NO, ...dated([t - 3, t - 2, t - 2, t - 1, t, t])],
      bad: { problem: `issued_on ${Y}/2/30 is not a date`, problem_zh: `发文日期${Y}/2/30不是有效日期` },
    });
  }
  if (run.bad.has('doc_dup') && n > 5) {
    const k = Math.floor(n / 2);
    const docId = `${id}-${y}-${pad(k + 1, 3)}`;
    const t = dates[k] + 2;
    run.rows.documents.push({
      fields: [docId, id, fmtDate(t, STYLE), '', box, NO, NO, ...dated([t - 4, t - 3, t - 2, t - 1, t, t])],
      bad: { problem: `duplicate doc_id ${docId} (the first row with it is kept)`, problem_zh: `文号${docId}重复(保留首次出现的记录)` },
    });
  }
}
