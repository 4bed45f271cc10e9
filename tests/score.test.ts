/**
 * Scoring: each rule kind, and each edge case of the default scheme
 * (appraisal-rules.md), on small real data files.
 */
import { describe, expect, it } from 'vitest';
import { Db } from '../pipeline/db.ts';
import { ruleSql } from '../pipeline/score.ts';
import type { Rule } from '../pipeline/scheme.ts';
import { OFFICES, Together } from './helpers.ts';

/** Evaluates a rule on measure rows (value, target, baseline, note). */
async function points(
  rule: Omit<Rule, 'if_noted'> & { if_noted?: Rule['if_noted'] },
  max: number,
  rows: [number | null, number | null, number | null, string | null][],
) {
  const db = await Db.open(':memory:');
  await db.run(`CREATE TABLE m (i INTEGER, value DOUBLE, target DOUBLE, baseline DOUBLE, note VARCHAR)`);
  for (const [i, r] of rows.entries()) await db.run(`INSERT INTO m VALUES ($1, $2, $3, $4, $5)`, [i, ...r]);
  const s = ruleSql({ if_noted: 'full', ...rule } as Rule, max);
  const out = await db.all<{ target: number | null; points: number; note: string | null }>(
    `SELECT ${s.target} AS target, round(${s.points}, 9) AS points, ${s.note} AS note FROM m ORDER BY i`,
  );
  db.close();
  return out;
}

describe('rule kinds', () => {
  it('linear: 0 at zero, full at full, proportional between, clamped; goalposts may run downwards', async () => {
    const up = await points({ kind: 'linear', zero: 0.5, full: 0.95 }, 5, [
      [0.4, null, null, null],
      [0.5, null, null, null],
      [0.725, null, null, null],
      [0.95, null, null, null],
      [1, null, null, null],
    ]);
    expect(up.map((r) => r.points)).toEqual([0, 0, 2.5, 5, 5]);
    expect(up[0].target).toBe(0.95);
    const down = await points({ kind: 'linear', zero: 120, full: 60 }, 5, [
      [150, null, null, null],
      [120, null, null, null],
      [90, null, null, null],
      [60, null, null, null],
      [30, null, null, null],
    ]);
    expect(down.map((r) => r.points)).toEqual([0, 0, 2.5, 5, 5]);
  });

  it('linear to a per-office target; a noted row gets full points, or none with if_noted: zero', async () => {
    const r = await points({ kind: 'linear', zero: 0, full: 'target', if_noted: 'zero' }, 10, [
      [6, 24, null, null],
      [30, 24, null, null],
      [3, 0, null, 'no staff'],
    ]);
    expect(r.map((x) => [x.points, x.target, x.note])).toEqual([
      [2.5, 24, null],
      [10, 24, null],
      [0, 0, 'no staff'],
    ]);
    const full = await points({ kind: 'linear', zero: 0, full: 1 }, 5, [[null, null, null, 'no documents']]);
    expect(full[0].points).toBe(5);
  });

  it('deduct: per unit with a floor at zero (扣完为止)', async () => {
    const r = await points({ kind: 'deduct', per_unit: 0.5 }, 5, [
      [0, null, null, null],
      [3, null, null, null],
      [10, null, null, null],
      [11, null, null, null],
    ]);
    expect(r.map((x) => [x.points, x.target])).toEqual([
      [5, null],
      [3.5, null],
      [0, null],
      [0, null],
    ]);
  });

  it('accumulate: per unit with a cap (封顶); the target is the count that reaches the cap', async () => {
    const r = await points({ kind: 'accumulate', per_unit: 2.5 }, 5, [
      [0, null, null, null],
      [1, null, null, null],
      [2, null, null, null],
      [7, null, null, null],
    ]);
    expect(r.map((x) => [x.points, x.target])).toEqual([
      [0, 2],
      [2.5, 2],
      [5, 2],
      [5, 2],
    ]);
  });

  it('deduct_over_baseline: cap = floor(ratio × last year), deduction per unit over it; no baseline: full points and a note', async () => {
    const r = await points({ kind: 'deduct_over_baseline', ratio: 0.9, per_unit: 0.5 }, 10, [
      [9, null, 10, null],
      [10, null, 10, null],
      [27, null, 30, null],
      [40, null, 30, null],
      [100, null, 10, null],
      [5, null, 0, null],
      [0, null, 0, null],
      [5, null, 1, null],
    ]);
    expect(r.map((x) => [x.target, x.points, x.note])).toEqual([
      [9, 10, null],
      [9, 9.5, null],
      [27, 10, null],
      [27, 3.5, null],
      [9, 0, null],
      [null, 10, 'no baseline'],
      [null, 10, 'no baseline'],
      [0, 7.5, null],
    ]);
  });
});

const doc = (id: string, office: string, date: string, extra = '') => `${id},${office},${date}${extra}`;
const FULL_PROCESS = (d: string) => `,none,exchange_box,false,false,${d},${d},${d},${d},${d},${d}`;
const DOC_HEAD =
  'doc_id,office_id,issued_on,secrecy,channel,broadcast,relays_superior,drafted_on,checked_on,countersigned_on,signed_on,proofread_on,printed_on\n';

describe('default scheme edge cases', () => {
  const cases = new Together();

  const cap = cases.add(
    'cap',
    (() => {
      const rows: string[] = [];
      // A1: 10 last year -> cap 9; 9 this year (at the cap)
      for (let i = 0; i < 10; i++) rows.push(doc(`A1-23-${i}`, 'A1', '2023-06-01', FULL_PROCESS('2023-06-01')));
      for (let i = 0; i < 9; i++) rows.push(doc(`A1-24-${i}`, 'A1', '2024-06-01', FULL_PROCESS('2024-06-01')));
      // A2: no document last year, 3 this year
      for (let i = 0; i < 3; i++) rows.push(doc(`A2-24-${i}`, 'A2', '2024-06-01', FULL_PROCESS('2024-06-01')));
      // A3: nothing in either year; A4: 20 last year in document_counts, 19 rows this year -> cap 18, one over
      for (let i = 0; i < 19; i++)
        rows.push(doc(`A4-24-${i}`, 'A4', `2024-06-${String(i + 1).padStart(2, '0')}`, FULL_PROCESS('2024-06-01')));
      return {
        'offices.csv': OFFICES + 'A3,丙镇,乡镇\nA4,丁镇,乡镇\n',
        'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
        'documents.csv': DOC_HEAD + rows.join('\n') + '\n',
        'document_counts.csv': 'office_id,year,documents\nA4,2023,20\n',
      };
    })(),
  );
  it('documents: at the cap, one over it, no baseline, zero documents, document_counts as the baseline', async () => {
    const { db, item, office } = await cap();
    expect(await item('A1', 'doc_cap')).toEqual({ value: 9, target: 9, points: 10, note: null });
    expect(await item('A2', 'doc_cap')).toEqual({ value: 3, target: null, points: 10, note: 'no baseline' });
    expect(await item('A3', 'doc_cap')).toEqual({ value: 0, target: null, points: 10, note: 'no baseline' });
    expect(await item('A4', 'doc_cap')).toEqual({ value: 19, target: 18, points: 9.5, note: null });
    // the evidence is the one document issued after the cap was reached
    expect(await db.all(`SELECT row_id FROM evidence WHERE office_id = $1 AND indicator = 'doc_cap'`, [office('A4')])).toEqual([
      { row_id: 'A4-24-18' },
    ]);
    // zero documents: the per-document items are full, with a note
    expect(await item('A3', 'doc_process')).toEqual({ value: null, target: 1, points: 5, note: 'no documents' });
    expect(await item('A3', 'paperless')).toEqual({ value: null, target: 0.95, points: 5, note: 'no documents' });
    expect(await item('A3', 'relay_docs')).toMatchObject({ value: 0, points: 5 });
  });

  const steps = cases.add(
    'process',
    (() => {
      const rows = [
        ...Array.from({ length: 19 }, (_, i) => doc(`E${i}`, 'A1', '2024-03-01', FULL_PROCESS('2024-03-01'))),
        doc('P0', 'A1', '2024-03-01', ',none,paper,false,false,2024-03-01,2024-03-01,2024-03-01,2024-03-01,2024-03-01,2024-03-01'),
        // A2: one missing step, one out of order, one fine; one broadcast; two relays; a confidential doc via both
        doc('B1', 'A2', '2024-03-01', ',none,exchange_box,true,true,2024-03-01,,2024-03-02,2024-03-03,2024-03-04,2024-03-05'),
        doc('B2', 'A2', '2024-03-01', ',none,exchange_box,false,true,2024-03-01,2024-03-03,2024-03-02,2024-03-04,2024-03-05,2024-03-06'),
        doc('B3', 'A2', '2024-03-01', ',confidential,both,false,false,2024-03-01,2024-03-01,2024-03-01,2024-03-01,2024-03-01,2024-03-01'),
      ];
      return {
        'offices.csv': OFFICES,
        'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
        'documents.csv': DOC_HEAD + rows.join('\n') + '\n',
      };
    })(),
  );
  it('documents: process steps, broadcast, relays, paperless exactly at 0.95, and the veto', async () => {
    const { db, item, office, prefix } = await steps();
    expect(await item('A1', 'paperless')).toMatchObject({ value: 0.95, points: 5 });
    expect((await item('A2', 'doc_process')).points).toBeCloseTo(5 / 3, 12);
    expect(await item('A2', 'exchange_box')).toMatchObject({ value: 1, points: 4 });
    expect(await item('A2', 'relay_docs')).toMatchObject({ value: 2, points: 3 });
    // non-classified: B1, B2 via exchange box -> rate 1
    expect(await item('A2', 'paperless')).toMatchObject({ value: 1, points: 5 });
    const mine = `starts_with(office_id, '${prefix}')`;
    expect(await db.all(`SELECT office_id, row_id FROM vetoes WHERE ${mine}`)).toEqual([{ office_id: office('A2'), row_id: 'B3' }]);
    expect(await db.all(`SELECT row_id, detail FROM evidence WHERE indicator = 'doc_process' AND ${mine} ORDER BY row_id`)).toEqual([
      { row_id: 'B1', detail: 'issued 2024-03-01, missing step: checked' },
      { row_id: 'B2', detail: 'issued 2024-03-01, steps out of order' },
    ]);
  });

  const meetings = cases.add('meetings', {
    'offices.csv': OFFICES + 'A3,丙镇,乡镇\n',
    'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
    'meetings.csv':
      'meeting_id,office_id,held_on,duration_min,format\n' +
      'M1,A1,2023-05-01,60,regular\nM2,A1,2024-05-01,30,video\nM3,A1,2024-06-01,90,regular\n' +
      'M4,A2,2024-05-01,120,regular\nM5,A2,2024-05-02,120,regular\n',
  });
  it('meetings: no meetings at all, no baseline, exactly 60 and 120 minutes average, formats', async () => {
    const { item } = await meetings();
    expect(await item('A1', 'meeting_count')).toEqual({ value: 2, target: 1, points: 4.5, note: null });
    expect(await item('A1', 'meeting_length')).toMatchObject({ value: 60, points: 5 });
    expect(await item('A1', 'meeting_format')).toMatchObject({ value: 0.5, points: 5 });
    expect(await item('A2', 'meeting_count')).toEqual({ value: 2, target: null, points: 5, note: 'no baseline' });
    expect(await item('A2', 'meeting_length')).toMatchObject({ value: 120, points: 0 });
    expect(await item('A2', 'meeting_format')).toMatchObject({ value: 0, points: 0 });
    for (const id of ['meeting_length', 'meeting_format'])
      expect(await item('A3', id)).toMatchObject({ value: null, points: 5, note: 'no meetings' });
    expect(await item('A3', 'meeting_count')).toMatchObject({ points: 5, note: 'no baseline' });
  });

  const info = cases.add('info', {
    'offices.csv': OFFICES,
    'staff.csv':
      'person_id,office_id,name,birth_date,role,joined_on,left_on\n' +
      'P1,A1,张三,1980-01-01,staff,2010-01-01,\nP2,A1,李四,1980-01-01,staff,2010-01-01,2024-01-01\nP3,A2,王五,1980-01-01,staff,2010-01-01,2023-12-31\nP4,A2,赵六,1980-01-01,staff,2025-01-01,\n',
    'trainings.csv': 'person_id,trained_on\nP1,2024-02-01\nP2,2023-02-01\n',
    'submissions.csv':
      'submission_id,office_id,person_id,submitted_on,kind,adopted_level,leader_instruction\n' +
      Array.from(
        { length: 6 },
        (_, i) => `S${i},A1,P1,2024-02-01,information,${['national', 'province', 'city', 'county', 'none', ''][i]},${i === 0}`,
      ).join('\n') +
      '\nR1,A1,P1,2024-03-01,research,,false\nR2,A2,,2024-03-01,research,,false\nR3,A2,,2024-03-01,research,,false\nR4,A2,,2024-03-01,research,,false\n',
  });
  it('info and team: no active staff gives 0 and a note; a person who left last year is not active', async () => {
    const { item } = await info();
    // A1: 2 active staff (P2 left on 2024-01-01, still active in 2024) -> target 24, 6 submissions
    expect(await item('A1', 'info_quota')).toEqual({ value: 6, target: 24, points: 2.5, note: null });
    expect(await item('A1', 'info_adoption')).toEqual({ value: 5 + 3 + 1 + 0.5 + 2, target: 10, points: 10, note: null });
    expect(await item('A1', 'research')).toMatchObject({ value: 1, points: 2.5 });
    expect(await item('A1', 'training')).toMatchObject({ value: 0.5, points: 2.5 });
    expect(await item('A2', 'info_quota')).toEqual({ value: 0, target: 0, points: 0, note: 'no staff' });
    expect(await item('A2', 'training')).toEqual({ value: null, target: 1, points: 0, note: 'no staff' });
    expect(await item('A2', 'research')).toMatchObject({ value: 3, points: 5 });
  });

  const supervision = cases.add('supervision', {
    'offices.csv': OFFICES,
    'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
    'supervision.csv':
      'item_id,office_id,assigned_on,due_on,completed_on,feedback_on\n' +
      'I1,A1,2024-01-01,2024-03-01,2024-03-01,2024-03-04\n' + // on time, feedback exactly +3 days
      'I2,A1,2024-01-01,2024-03-01,2024-03-02,2024-03-06\n' + // late, feedback +4 days
      'I3,A1,2024-01-01,2024-11-30,,\n' + // open
      'I4,A1,2024-01-01,2024-12-31,2025-01-05,2025-01-05\n' + // completed after the year: overdue
      'I5,A1,2023-01-01,2023-06-01,2023-09-01,\n', // due last year: not counted
  });
  it('supervision: on time, late, open, feedback within 3 days, items due in another year', async () => {
    const { db, item, prefix } = await supervision();
    expect(await item('A1', 'on_time')).toMatchObject({ value: 0.25, points: 3 });
    expect((await item('A1', 'feedback')).points).toBeCloseTo(8 / 3, 12);
    expect(await item('A1', 'overdue_open')).toMatchObject({ value: 2, points: 2 });
    expect(await item('A2', 'on_time')).toEqual({ value: null, target: 1, points: 12, note: 'no items' });
    expect(await item('A2', 'feedback')).toEqual({ value: null, target: 1, points: 4, note: 'no completed items' });
    const mine = `starts_with(office_id, '${prefix}')`;
    expect(
      (await db.all(`SELECT row_id FROM evidence WHERE indicator = 'on_time' AND ${mine} ORDER BY row_id`)).map((r) => r.row_id),
    ).toEqual(['I2', 'I3', 'I4']);
  });

  const directors = cases.add('directors', {
    'offices.csv': OFFICES,
    'staff.csv':
      'person_id,office_id,name,birth_date,role,joined_on,left_on,director_since\n' +
      'D1,A1,十年,1978-12-31,director,2000-01-01,,2014-12-31\n' + // age 46, exactly 10 years -> yes
      'D2,A1,四五,1979-12-31,director,2000-01-01,,2010-01-01\n' + // age exactly 45 -> no
      'D3,A2,九年,1970-01-01,director,2000-01-01,,2015-01-01\n' + // 9 years -> no
      'D4,A2,离任,1970-01-01,director,2000-01-01,2023-06-30,2005-01-01\n' + // not active in 2024
      'D5,A2,副职,1970-01-01,deputy,2000-01-01,,2005-01-01\n', // not a director
  });
  it('director recommendations: exactly 10 years as director counts, age exactly 45 does not', async () => {
    const { db, prefix } = await directors();
    expect(await db.all(`SELECT person_id, age, director_years FROM recommendations WHERE starts_with(office_id, $1)`, [prefix])).toEqual([
      { person_id: 'D1', age: 46, director_years: 10 },
    ]);
  });
});
