/**
 * Adjustments (复核调整, appraisal-rules.md "Adjustments"; data-contract.md
 * "adjustments 复核调整"): exclusions and points adjustments on small
 * hand-built data, each expected number worked out by hand from the rules of
 * the default scheme; and every check of the table, a rejected row with its
 * line and a reason.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { appraise, ROOT, tempDir, Together } from './helpers.ts';

const ADJ_HEAD = 'adjustment_id,year,office_id,action,source,row_id,indicator,points,reason,decided_by,decided_on\n';
/** One row of the adjustments file: an exclusion or a points adjustment, decided by 考评组 on 2025-01-20. */
const exclude = (id: string, year: number, office: string, source: string, row: string, reason = '经复核剔除') =>
  `${id},${year},${office},exclude,${source},${row},,,${reason},考评组,2025-01-20`;
const points = (id: string, year: number, office: string, indicator: string, pts: string, reason = '经复核调整') =>
  `${id},${year},${office},points,,,${indicator},${pts},${reason},考评组,2025-01-20`;
const adjustments = (...rows: string[]) => ADJ_HEAD + rows.join('\n') + '\n';
/** The same header as a team's spreadsheet has it. */
const ZH_HEAD = '调整编号,年度,单位编码,调整方式,数据表,记录编号,考核项目,调整分值,调整理由,决定人,决定日期\n';

const DOC_HEAD =
  'doc_id,office_id,issued_on,secrecy,channel,broadcast,relays_superior,' +
  'drafted_on,checked_on,countersigned_on,signed_on,proofread_on,printed_on\n';
/** A document with all six process dates on its day, not broadcast, relaying nothing. */
const doc = (id: string, office: string, date: string, secrecy = 'none', channel = 'exchange_box') =>
  `${id},${office},${date},${secrecy},${channel},false,false,${date},${date},${date},${date},${date},${date}`;
const docs = (rows: string[]) => DOC_HEAD + rows.join('\n') + '\n';
const SUB_HEAD = 'submission_id,office_id,person_id,submitted_on,kind,adopted_level,leader_instruction\n';
const NO_STAFF = 'person_id,office_id,name,birth_date,role,joined_on\n';
const STAFF_A = NO_STAFF + 'P1,A1,张三,1980-01-02,staff,2010-01-01\nP2,A2,李四,1990-05-06,staff,2015-01-01\n';
const OFFICES_A = 'office_id,name,category\nA1,甲镇,乡镇\nA2,乙镇,乡镇\n';

type Outcome = { office_id: string; total: number; vetoed: boolean; tier: string; rank: number; commended: boolean };
type Appraised = Awaited<ReturnType<typeof appraise>>;
/** The year's outcome of each office; `prefix`: only the offices whose id starts with it, named without it. */
const outcomes = async (db: Appraised['db'], year = 2024, prefix = '') =>
  (
    await db.all<Outcome>(
      `SELECT office_id, total, vetoed, tier, rank::INTEGER AS rank, commended FROM scores
       WHERE year = $1 AND starts_with(office_id, $2) ORDER BY office_id`,
      [year, prefix],
    )
  ).map((o) => ({ ...o, office_id: o.office_id.slice(prefix.length) }));

describe('exclusions', () => {
  /** Each test's data before its adjustments, appraised together; and with them, together. */
  const befores = new Together();
  const afters = new Together();

  // A2 sends a confidential document through the exchange box (B3): vetoed. Without any staff
  // or submissions both offices score documents 30 + meetings 15 + info 0 + supervision 20 + team 5
  // (training 0, no staff; attendance 5) = 70: pass, unless vetoed.
  const files = {
    'offices.csv': OFFICES_A,
    'staff.csv': NO_STAFF,
    'documents.csv': docs([doc('B1', 'A2', '2024-03-01'), doc('B3', 'A2', '2024-03-02', 'confidential')]),
  };
  const vetoBefore = befores.add('veto', files);
  const vetoAfter = afters.add('veto', {
    ...files,
    'adjustments.csv': adjustments(exclude('TZ1', 2024, 'A2', 'documents', 'B3', '密级录入错误')),
  });

  it('an exclusion of the vetoing document lifts the veto; the row stays in its table, marked in excluded_rows', async () => {
    const before = await vetoBefore();
    expect(await before.db.all(`SELECT office_id, row_id FROM vetoes WHERE starts_with(office_id, $1)`, [before.prefix])).toEqual([
      { office_id: before.office('A2'), row_id: 'B3' },
    ]);
    expect(await outcomes(before.db, 2024, before.prefix)).toEqual([
      { office_id: 'A1', total: 70, vetoed: false, tier: 'pass', rank: 1, commended: false },
      { office_id: 'A2', total: 70, vetoed: true, tier: 'fail', rank: 2, commended: false },
    ]);

    const { db, item, prefix, mine } = await vetoAfter();
    expect(mine(await db.all(`SELECT * FROM vetoes`))).toEqual([]);
    // same total (B3 cost no points), no veto: ranked with A1 (competition ranking: both 1st)
    expect(await outcomes(db, 2024, prefix)).toEqual([
      { office_id: 'A1', total: 70, vetoed: false, tier: 'pass', rank: 1, commended: false },
      { office_id: 'A2', total: 70, vetoed: false, tier: 'pass', rank: 1, commended: false },
    ]);
    // the items no longer see B3: one document issued in 2024, not two
    expect((await item('A2', 'doc_cap')).value).toBe(1);
    expect((await before.item('A2', 'doc_cap')).value).toBe(2);
    // marked, with its adjustment, file and physical line (header = 1), and still loaded
    expect(
      mine(await db.all(`SELECT year, adjustment_id, office_id, source, row_id, file, line::INTEGER AS line FROM excluded_rows`)),
    ).toEqual([{ year: 2024, adjustment_id: 'TZ1', office_id: 'A2', source: 'documents', row_id: 'B3', file: 'documents.csv', line: 3 }]);
    expect(await db.all(`SELECT doc_id FROM documents WHERE starts_with(office_id, $1) ORDER BY doc_id`, [prefix])).toEqual([
      { doc_id: 'B1' },
      { doc_id: 'B3' },
    ]);
    expect(mine(await db.all(`SELECT adjustment_id, action, source, row_id, indicator, points, reason FROM adjustments_applied`))).toEqual([
      { adjustment_id: 'TZ1', action: 'exclude', source: 'documents', row_id: 'B3', indicator: null, points: null, reason: '密级录入错误' },
    ]);
  });

  const capFiles = (() => {
    const rows: string[] = [];
    // A1: 10 documents in 2023 (cap 9) and 9 in 2024: at the cap, full points
    for (let i = 0; i < 10; i++) rows.push(doc(`A1-23-${i}`, 'A1', '2023-06-01'));
    for (let i = 0; i < 9; i++) rows.push(doc(`A1-24-${i}`, 'A1', '2024-06-01'));
    // A2: 2023 only as a document_counts total of 20 (cap 18); 19 rows in 2024: one over the cap
    for (let i = 0; i < 19; i++) rows.push(doc(`A2-24-${i}`, 'A2', '2024-06-01'));
    // A3: 2 rows of 2023 and a document_counts total of 20 for 2023 too (the rows count: cap floor(1.8) = 1); 19 in 2024
    for (let i = 0; i < 2; i++) rows.push(doc(`A3-23-${i}`, 'A3', '2023-06-01'));
    for (let i = 0; i < 19; i++) rows.push(doc(`A3-24-${i}`, 'A3', '2024-06-01'));
    return {
      'offices.csv': OFFICES_A + 'A3,丙镇,乡镇\n',
      'staff.csv': NO_STAFF,
      'documents.csv': docs(rows),
      'document_counts.csv': 'office_id,year,documents\nA2,2023,20\nA3,2023,20\n',
    };
  })();
  const capBefore = befores.add('cap', capFiles);
  const capAfter = afters.add('cap', {
    ...capFiles,
    'adjustments.csv': adjustments(
      exclude('TZ1', 2024, 'A1', 'documents', 'A1-23-0'),
      exclude('TZ2', 2024, 'A2', 'documents', 'A2-24-0'),
      exclude('TZ3', 2024, 'A3', 'documents', 'A3-23-0'),
      exclude('TZ4', 2024, 'A3', 'documents', 'A3-23-1'),
    ),
  });

  it('a document of Y-1 excluded in Y lowers the cap; all of Y-1 excluded leaves 0, not document_counts', async () => {
    const before = await capBefore();
    expect(await before.item('A1', 'doc_cap')).toEqual({ value: 9, target: 9, points: 10, note: null });
    expect(await before.item('A2', 'doc_cap')).toEqual({ value: 19, target: 18, points: 9.5, note: null });
    // 19 - 1 = 18 over the cap: 10 - 0.5 × 18 = 1
    expect(await before.item('A3', 'doc_cap')).toEqual({ value: 19, target: 1, points: 1, note: null });

    const { db, item, office, mine } = await capAfter();
    // A1: 9 documents in 2023 -> cap floor(8.1) = 8; 9 in 2024, one over: 9.5
    expect(await item('A1', 'doc_cap')).toEqual({ value: 9, target: 8, points: 9.5, note: null });
    // the one over the cap is the 9th document of 2024
    expect(await db.all(`SELECT row_id FROM evidence WHERE office_id = $1 AND indicator = 'doc_cap'`, [office('A1')])).toEqual([
      { row_id: 'A1-24-8' },
    ]);
    // A2: an exclusion in 2024 leaves 2023's total in place (cap 18); 18 documents in 2024: full points
    expect(await item('A2', 'doc_cap')).toEqual({ value: 18, target: 18, points: 10, note: null });
    // A3: no document left in 2023 -> 0 (not the total of 20, which would give cap 18 and 9.5): no baseline, full points
    expect(await item('A3', 'doc_cap')).toEqual({ value: 19, target: null, points: 10, note: 'no baseline' });
    // the yearly totals are back once the year is appraised
    expect(mine(await db.all(`SELECT office_id, documents FROM document_counts ORDER BY office_id`))).toEqual([
      { office_id: 'A2', documents: 20 },
      { office_id: 'A3', documents: 20 },
    ]);
  });

  const submissionFiles = {
    'offices.csv': OFFICES_A,
    'staff.csv': STAFF_A,
    'submissions.csv':
      SUB_HEAD +
      'S1,A1,P1,2024-02-01,information,national,false\n' + // 5
      'S2,A1,P1,2024-03-01,information,province,true\n' + // 3 + 2 for the instruction
      'S3,A1,P1,2024-04-01,research,none,false\n' + // 0 + 1 for research
      'S4,A2,P2,2024-05-01,information,city,false\n', // 1
  };
  const submissionBefore = befores.add('submission', submissionFiles);
  const submissionAfter = afters.add('submission', {
    ...submissionFiles,
    'adjustments.csv': adjustments(exclude('TZ1', 2024, 'A1', 'submissions', 'S2')),
  });

  it("an excluded submission changes an individual's points and the office's items", async () => {
    const before = await submissionBefore();
    // (the other folders appraised with it have no staff: these are all the year's candidates)
    expect(await before.db.all(`SELECT rank::INTEGER AS rank, person_id, points FROM individuals ORDER BY rank`)).toEqual([
      { rank: 1, person_id: 'P1', points: 11 },
      { rank: 2, person_id: 'P2', points: 1 },
    ]);
    const { db, item, prefix } = await submissionAfter();
    // P1: 5 + 1 = 6
    expect(await db.all(`SELECT rank::INTEGER AS rank, person_id, points FROM individuals ORDER BY rank`)).toEqual([
      { rank: 1, person_id: 'P1', points: 6 },
      { rank: 2, person_id: 'P2', points: 1 },
    ]);
    // A1's adoption: 5 + 5 = 10 before, 5 after; its quota: 2 information submissions of 12, then 1 of 12
    expect(await before.item('A1', 'info_adoption')).toMatchObject({ value: 10, points: 10 });
    expect(await item('A1', 'info_adoption')).toMatchObject({ value: 5, points: 5 });
    expect((await before.item('A1', 'info_quota')).points).toBeCloseTo((10 * 2) / 12, 12);
    expect((await item('A1', 'info_quota')).points).toBeCloseTo(10 / 12, 12);
    expect(
      await db.all(`SELECT source, row_id, file, line::INTEGER AS line FROM excluded_rows WHERE starts_with(office_id, $1)`, [prefix]),
    ).toEqual([{ source: 'submissions', row_id: 'S2', file: 'submissions.csv', line: 3 }]);
  });
});

describe('points adjustments', () => {
  it('clamp(points + Σ, 0, max): at max and at 0, by id or Chinese name, summed; one changing nothing is applied', async () => {
    const { db, item } = await appraise(
      {
        'offices.csv': OFFICES_A,
        'staff.csv': STAFF_A,
        // A1: adoption 5 + 3 + 1 = 9, quota 3 of 12 (2.5)
        'submissions.csv':
          SUB_HEAD +
          'S1,A1,P1,2024-02-01,information,national,false\nS2,A1,P1,2024-03-01,information,province,false\n' +
          'S3,A1,P1,2024-04-01,information,city,false\n',
        // A2: 6 records, 5 - 0.5 × 6 = 2
        'attendance.csv':
          'record_id,office_id,person_id,recorded_on,kind\n' +
          Array.from({ length: 6 }, (_, i) => `R${i},A2,P2,2024-0${i + 1}-10,late`).join('\n') +
          '\n',
        'adjustments.csv': adjustments(
          points('TZ1', 2024, 'A1', '信息采用', '1.5'), // 9 + 1.5 = 10.5 -> 10 (the item's maximum)
          points('TZ2', 2024, 'A2', 'attendance', '-3'), // 2 - 3 = -1 -> 0
          points('TZ3', 2024, 'A1', 'relay_docs', '1'), // already at its maximum 5: no change, still applied
          points('TZ4', 2024, 'A2', 'research', '1.25'), // 0 + 1.25 - 0.25 = 1
          points('TZ5', 2024, 'A2', '调研报告', '-0.25'),
        ),
      },
      2024,
    );
    const adj = (office: string, indicator: string) =>
      db.scalar(`SELECT adjustment FROM indicators WHERE year = 2024 AND office_id = $1 AND indicator = $2`, [office, indicator]);
    expect(await item('A1', 'info_adoption')).toMatchObject({ value: 9, points: 10 });
    expect(await adj('A1', 'info_adoption')).toBe(1);
    expect(await item('A2', 'attendance')).toMatchObject({ value: 6, points: 0 });
    expect(await adj('A2', 'attendance')).toBe(-2);
    expect(await item('A1', 'relay_docs')).toMatchObject({ points: 5 });
    expect(await adj('A1', 'relay_docs')).toBe(0);
    expect(await item('A2', 'research')).toMatchObject({ value: 0, points: 1 });
    expect(await adj('A2', 'research')).toBe(1);
    // an item without an adjustment: 0
    expect(await adj('A1', 'attendance')).toBe(0);
    // every valid adjustment counts as applied, the item resolved to its id
    expect(await db.all(`SELECT adjustment_id, office_id, indicator, points FROM adjustments_applied ORDER BY adjustment_id`)).toEqual([
      { adjustment_id: 'TZ1', office_id: 'A1', indicator: 'info_adoption', points: 1.5 },
      { adjustment_id: 'TZ2', office_id: 'A2', indicator: 'attendance', points: -3 },
      { adjustment_id: 'TZ3', office_id: 'A1', indicator: 'relay_docs', points: 1 },
      { adjustment_id: 'TZ4', office_id: 'A2', indicator: 'research', points: 1.25 },
      { adjustment_id: 'TZ5', office_id: 'A2', indicator: 'research', points: -0.25 },
    ]);
    // totals from the adjusted items. A1: documents 30, meetings 15, info 2.5 + 10 + 0, supervision 20, team 0 + 5 = 82.5;
    // A2: 30 + 15 + (0 + 0 + 1) + 20 + (0 + 0) = 66
    expect((await outcomes(db)).map((o) => [o.office_id, o.total, o.tier])).toEqual([
      ['A1', 82.5, 'good'],
      ['A2', 66, 'pass'],
    ]);
    expect(await db.all(`SELECT office_id, info, team FROM scores ORDER BY office_id`)).toEqual([
      { office_id: 'A1', info: 12.5, team: 5 },
      { office_id: 'A2', info: 1, team: 0 },
    ]);
  });

  it('an adjustment of another year is loaded and ignored; its own year applies it', async () => {
    const rows: string[] = [];
    // A1: 10 documents in 2023, 10 in 2024: cap 9, one over (9.5)
    for (let i = 0; i < 10; i++) rows.push(doc(`A1-23-${i}`, 'A1', '2023-06-01'), doc(`A1-24-${i}`, 'A1', '2024-06-01'));
    const { db, scheme, item } = await appraise(
      {
        'offices.csv': OFFICES_A,
        'staff.csv': NO_STAFF,
        'documents.csv': docs(rows),
        'adjustments.csv': adjustments(
          exclude('TZ2023-1', 2023, 'A1', 'documents', 'A1-23-0'), // for the 2023 appraisal only: not the 2024 baseline
          points('TZ2023-2', 2023, 'A1', 'attendance', '-2'),
        ),
      },
      2024,
    );
    expect(await db.all(`SELECT * FROM rejects`)).toEqual([]);
    expect(await item('A1', 'doc_cap')).toEqual({ value: 10, target: 9, points: 9.5, note: null });
    expect(await item('A1', 'attendance')).toMatchObject({ points: 5 });
    expect(await db.scalar(`SELECT count(*) FROM adjustments_applied WHERE year = 2024`)).toBe(0);
    expect(await db.scalar(`SELECT count(*) FROM excluded_rows WHERE year = 2024`)).toBe(0);

    // the 2023 appraisal applies them: 9 documents in 2023 (no 2022 baseline), attendance 5 - 2 = 3
    const { appraiseYear } = await import('../pipeline/appraise.ts');
    await appraiseYear(db, scheme, 2023, (t) => `${t}.csv`);
    const in2023 = (indicator: string) =>
      db.one(
        `SELECT value, points, adjustment FROM indicators
      WHERE year = 2023 AND office_id = 'A1' AND indicator = $1`,
        [indicator],
      );
    expect(await in2023('doc_cap')).toEqual({ value: 9, points: 10, adjustment: 0 });
    expect(await in2023('attendance')).toEqual({ value: 0, points: 3, adjustment: -2 });
    // and leaves 2024's results as they were
    expect(await item('A1', 'doc_cap')).toEqual({ value: 10, target: 9, points: 9.5, note: null });
  });

  it('a tie at the quota boundary resolved by adjustments: the tie-breakers read the adjusted subtotals', async () => {
    // 5 offices: quota max(1, floor(0.2 × 5)) = 1. T1 and T2 alike: 1 active person, trained, 12 information
    // submissions, one adopted nationally: documents 30 + meetings 15 + info (10 + 5 + 0) + supervision 20 + team (5 + 5) = 90.
    // T3..T5 have nobody: info 0, training 0: 70.
    const ids = ['T1', 'T2', 'T3', 'T4', 'T5'];
    const sub = (o: string) =>
      Array.from({ length: 12 }, (_, i) => `${o}-S${i},${o},${o}-P,2024-03-01,information,${i ? 'none' : 'national'},false`);
    const files = {
      'offices.csv': 'office_id,name,category\n' + ids.map((o) => `${o},${o}镇,乡镇`).join('\n') + '\n',
      'staff.csv': NO_STAFF + ['T1', 'T2'].map((o) => `${o}-P,${o},${o}人,1985-01-01,staff,2015-01-01`).join('\n') + '\n',
      'submissions.csv': SUB_HEAD + [...sub('T1'), ...sub('T2')].join('\n') + '\n',
      'trainings.csv': 'person_id,trained_on\nT1-P,2024-05-01\nT2-P,2024-05-01\n',
    };
    const before = await appraise(files, 2024);
    // tied on total, supervision and info: both taken, one over the quota
    expect((await outcomes(before.db)).filter((o) => o.total >= 90).map((o) => [o.office_id, o.total, o.rank, o.tier])).toEqual([
      ['T1', 90, 1, 'excellent'],
      ['T2', 90, 1, 'excellent'],
    ]);
    expect(await before.db.one(`SELECT quota, excellent, overflow FROM quota`)).toEqual({ quota: 1, excellent: 2, overflow: 1 });

    // T2: on_time 12 - 1 = 11 (supervision 19), info_adoption 5 + 1 = 6 (info 16): still 90, but behind T1 on supervision
    const { db, item } = await appraise(
      {
        ...files,
        'adjustments.csv': adjustments(points('TZ1', 2024, 'T2', 'on_time', '-1'), points('TZ2', 2024, 'T2', '信息采用', '1')),
      },
      2024,
    );
    expect(await item('T2', 'on_time')).toMatchObject({ points: 11 });
    expect(await db.all(`SELECT office_id, total, supervision, info FROM scores WHERE total >= 90 ORDER BY office_id`)).toEqual([
      { office_id: 'T1', total: 90, supervision: 20, info: 15 },
      { office_id: 'T2', total: 90, supervision: 19, info: 16 },
    ]);
    expect((await outcomes(db)).filter((o) => o.total >= 90).map((o) => [o.office_id, o.rank, o.tier, o.commended])).toEqual([
      ['T1', 1, 'excellent', true],
      ['T2', 1, 'good', false],
    ]);
    expect(await db.one(`SELECT quota, excellent, overflow FROM quota`)).toEqual({ quota: 1, excellent: 1, overflow: 0 });
  });
});

describe('checks of the adjustments table', () => {
  it('rejects each bad row with its line and a reason, and applies only the valid rows', async () => {
    // documents.csv: D1 and D5 of A1 (lines 2, 3), D2 of A2 (line 4), D3 with no valid date (line 5, rejected), D6 of A2
    const files = {
      'offices.csv': OFFICES_A,
      'staff.csv': NO_STAFF,
      'documents.csv': docs([
        doc('D1', 'A1', '2024-03-01'),
        doc('D5', 'A1', '2024-03-02'),
        doc('D2', 'A2', '2024-03-01'),
        doc('D3', 'A1', '2024-02-30'),
        doc('D6', 'A2', '2024-03-03'),
      ]),
      // a team's export: the Chinese header and the Chinese labels of the enums
      'adjustments.csv':
        ZH_HEAD +
        [
          'TZ01,2024,A1,剔除记录,发文,D1,,,误录,考评组,2025-01-20', // 2 valid
          'TZ02,2024,A1,剔除记录,发文,NOPE,,,误录,考评组,2025-01-20', // 3 not a row of documents.csv
          'TZ03,2024,A1,剔除记录,发文,D2,,,误录,考评组,2025-01-20', // 4 a row of A2
          'TZ04,2024,A1,剔除记录,发文,D3,,,误录,考评组,2025-01-20', // 5 a rejected row
          'TZ05,2024,A1,加减分,,,信息质量,1,补记,考评组,2025-01-20', // 6 not an item
          'TZ06,2024,A1,剔除记录,发文,D5,doc_cap,,误录,考评组,2025-01-20', // 7 indicator given for an exclusion
          'TZ07,2024,A1,加减分,发文,,doc_cap,1,补记,考评组,2025-01-20', // 8 source given for points
          'TZ08,2024,A1,剔除记录,发文,D1,,,再次剔除,考评组,2025-01-21', // 9 a second exclusion of D1 in 2024
          'TZ09,2024,A1,加减分,,,doc_cap,0,补记,考评组,2025-01-20', // 10 points 0
          'TZ10,2024,A1,加减分,,,doc_cap,1.255,补记,考评组,2025-01-20', // 11 3 decimals
          'TZ11,2023,A1,剔除记录,发文,D1,,,误录,考评组,2025-01-20', // 12 valid: another year, not a duplicate
          'TZ12,2024,A1,加减分,,,发文总量控制,-0.5,扣分,考评组,2025-01-20', // 13 valid: the item by its Chinese name
          'TZ13,2024,,剔除记录,发文,D6,,,误录,考评组,2025-01-20', // 14 no office: that reason alone
        ].join('\n') +
        '\n',
    };
    const { db, item } = await appraise(files, 2024, join(ROOT, 'metrics', 'default.yaml'));
    const rejects = await db.all<{ line: number; column: string; value: string; reason: string; reason_zh: string }>(
      `SELECT line::INTEGER AS line, "column", value, reason, reason_zh FROM rejects WHERE "table" = 'adjustments'
       ORDER BY line, "column"`,
    );
    expect(rejects.map((r) => [r.line, r.column, r.value, r.reason])).toEqual([
      [3, 'row_id', 'NOPE', 'row_id NOPE is not a row of documents.csv'],
      [4, 'row_id', 'D2', 'row_id D2 of documents.csv belongs to office A2, not A1'],
      [
        5,
        'row_id',
        'D3',
        'row_id D3 refers to a row rejected at documents.csv line 5; a rejected row is not scored, so it cannot be excluded',
      ],
      [
        6,
        'indicator',
        '信息质量',
        'indicator 信息质量 is not an item of the scheme in use (an item id such as doc_cap or its Chinese name)',
      ],
      [7, 'indicator', 'doc_cap', 'indicator doc_cap is given, but an adjustment by exclude takes no indicator'],
      [8, 'source', 'documents', 'source documents is given, but an adjustment by points takes no source'],
      [9, 'row_id', 'D1', 'duplicate exclusion of documents row D1 in 2024: first at line 2'],
      [10, 'points', '0.00', 'points 0 changes nothing: give a non-zero number'],
      [11, 'points', '1.255', expect.stringContaining('a number with at most 2 decimals')],
      [14, 'office_id', null, 'office_id is required but empty'],
    ]);
    // every reason is a sentence, in both languages
    expect(rejects.filter((r) => !r.reason || !r.reason_zh)).toEqual([]);
    // the Chinese reasons say the same
    expect(rejects.find((r) => r.line === 5)!.reason_zh).toContain('已被拒收');
    expect(rejects.find((r) => r.line === 4)!.reason_zh).toContain('属于单位A2');
    expect(
      await db.one(`SELECT rows::INTEGER AS rows, loaded::INTEGER AS loaded, rejected::INTEGER AS rejected
      FROM input_files WHERE "table" = 'adjustments'`),
    ).toEqual({ rows: 13, loaded: 3, rejected: 10 });
    // only the valid rows of 2024 are applied: D1 excluded, doc_cap - 0.5
    expect(await db.all(`SELECT adjustment_id, indicator FROM adjustments_applied ORDER BY adjustment_id`)).toEqual([
      { adjustment_id: 'TZ01', indicator: null },
      { adjustment_id: 'TZ12', indicator: 'doc_cap' },
    ]);
    expect(await db.all(`SELECT row_id FROM excluded_rows`)).toEqual([{ row_id: 'D1' }]);
    // A1: D5 alone in 2024 (D1 excluded, D3 rejected), no baseline: 10 - 0.5
    expect(await item('A1', 'doc_cap')).toEqual({ value: 1, target: null, points: 9.5, note: 'no baseline' });
  });

  it('a name several items of the scheme share is rejected (give the id); the id is applied', async () => {
    const scheme = join(await tempDir(), 'twins.yaml');
    await writeFile(
      scheme,
      `extends: ${join(ROOT, 'metrics', 'default.yaml')}\nid: twins\ndimensions:\n  - id: team\n    items:\n` +
        '      - { id: training, name: 队伍建设 }\n      - { id: attendance, name: 队伍建设 }\n',
    );
    const { db, item } = await appraise(
      {
        'offices.csv': OFFICES_A,
        'staff.csv': NO_STAFF,
        'adjustments.csv': adjustments(points('TZ1', 2024, 'A1', '队伍建设', '1'), points('TZ2', 2024, 'A1', 'attendance', '-1')),
      },
      2024,
      scheme,
    );
    expect(await db.all(`SELECT line::INTEGER AS line, "column", reason FROM rejects`)).toEqual([
      {
        line: 2,
        column: 'indicator',
        reason: 'indicator 队伍建设 is the name of several items of the scheme in use (training, attendance): give the item id',
      },
    ]);
    expect(await item('A1', 'attendance')).toMatchObject({ points: 4 });
    expect(await item('A1', 'training')).toMatchObject({ points: 0 });
  });
});
