/**
 * Checks: each rule of the data contract produces the right reject, references
 * cascade through rejected rows, and loaded + rejected = rows for every file.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cli, dataDir, OFFICES, readCsv, STAFF, tempDir } from './helpers.ts';
import { TABLES } from '../pipeline/contract.ts';
import { checksFor } from '../pipeline/validate.ts';
import { createEmptyRaw } from '../pipeline/load.ts';

describe('each check rejects the row it should, with a reason', () => {
  it('required, type, enum, range, order, unique and reference checks', async () => {
    const dir = await dataDir({
      'offices.csv': 'office_id,name,category\nA1,甲镇,乡镇\nA1,重复,乡镇\nA3,,乡镇\n',
      'staff.csv':
        'person_id,office_id,name,birth_date,role,joined_on,left_on\n' +
        'P1,A1,张三,1980-01-02,主任,2010-01-01,\n' +
        'P2,A9,李四,1980-01-02,staff,2010-01-01,\n' + // unknown office
        'P3,A1,王五,1980-01-02,boss,2010-01-01,\n' + // enum
        'P4,A1,赵六,1980-01-02,staff,2010-01-01,2009-12-31\n' + // left before joined
        'P5,A1,钱七,1949-12-31,staff,2010-01-01,\n', // date range
      'meetings.csv':
        'meeting_id,office_id,held_on,duration_min,format\n' +
        'M1,A1,2024-01-01,0,regular\nM2,A1,2024-01-01,1441,regular\nM3,A1,2024-01-01,1,regular\nM4,A1,2024-01-01,1440,现场会\nM5,A1,2024-01-01,九十,regular\nM1,A1,2024-01-02,30,video\n',
      'supervision.csv':
        'item_id,office_id,assigned_on,due_on,completed_on\nS1,A1,2024-03-01,2024-02-01,\nS2,A1,2024-03-01,2024-04-01,2024-02-28\nS3,A1,2024-03-01,2024-04-01,2024-03-01\n',
      'document_counts.csv': 'office_id,year,documents\nA1,2023,10\nA1,2023,11\nA1,1949,3\nA1,2024,-1\n',
    });
    const { rejects, result } = await check(dir);
    const got = rejects.map((r) => `${r.file}:${r.line}:${r.column}:${r.check}`);
    expect(got).toEqual([
      'document_counts.csv:3:office_id, year:unique',
      'document_counts.csv:4:year:range',
      'document_counts.csv:5:documents:range',
      'meetings.csv:2:duration_min:range',
      'meetings.csv:3:duration_min:range',
      'meetings.csv:6:duration_min:type',
      'meetings.csv:7:meeting_id:unique',
      'offices.csv:3:office_id:unique',
      'offices.csv:4:name:required',
      'staff.csv:3:office_id:reference',
      'staff.csv:4:role:type',
      'staff.csv:5:left_on:order',
      'staff.csv:6:birth_date:range',
      'supervision.csv:2:due_on:order',
      'supervision.csv:3:completed_on:order',
    ]);
    const byKey = (k: string) => rejects.find((r) => `${r.file}:${r.line}:${r.column}:${r.check}` === k)!;
    expect(byKey('offices.csv:3:office_id:unique').reason).toBe('duplicate office_id A1: first at line 2');
    expect(byKey('offices.csv:3:office_id:unique').reason_zh).toBe('单位编码“A1”重复,首次出现在第2行');
    expect(byKey('staff.csv:3:office_id:reference').reason).toBe('office_id A9 is not in offices.csv');
    expect(byKey('staff.csv:5:left_on:order').reason).toBe('left_on 2009-12-31 is before joined_on 2010-01-01');
    expect(byKey('meetings.csv:3:duration_min:range').reason).toBe('duration_min 1441 is outside 1..1440');
    for (const f of result.files) expect(f.loaded + f.rejected).toBe(f.rows);
    expect(result.files.find((f) => f.table === 'meetings')).toMatchObject({ rows: 6, loaded: 2, rejected: 4 });
  });

  it('a reference to a rejected row cascades and says where that row was rejected', async () => {
    const dir = await dataDir({
      'offices.csv': 'office_id,name,category\nA1,甲镇,乡镇\nA2,,乡镇\n',
      'staff.csv':
        'person_id,office_id,name,birth_date,role,joined_on\nP1,A1,张三,1980-02-30,staff,2010-01-01\nP2,A2,李四,1980-01-01,staff,2010-01-01\nP3,A1,王五,1980-01-01,staff,2010-01-01\n',
      'trainings.csv': 'person_id,trained_on\nP1,2024-01-01\nP2,2024-01-01\nP3,2024-01-01\n',
      'submissions.csv':
        'submission_id,office_id,person_id,submitted_on,kind\nS1,A2,,2024-01-01,information\nS2,A1,P1,2024-01-01,information\nS3,A1,,2024-01-01,information\n',
    });
    const { rejects, result, db } = await check(dir);
    const reasons = rejects.filter((r) => r.check === 'reference').map((r) => `${r.file}:${r.line} ${r.reason}`);
    expect(reasons).toEqual([
      'staff.csv:3 office_id A2 refers to a row rejected at offices.csv line 3',
      'submissions.csv:2 office_id A2 refers to a row rejected at offices.csv line 3',
      'submissions.csv:3 person_id P1 refers to a row rejected at staff.csv line 2',
      'trainings.csv:2 person_id P1 refers to a row rejected at staff.csv line 2',
      'trainings.csv:3 person_id P2 refers to a row rejected at staff.csv line 3',
    ]);
    expect(await db.all(`SELECT person_id FROM trainings`)).toEqual([{ person_id: 'P3' }]);
    expect(result.files.map((f) => [f.table, f.rows, f.loaded, f.rejected])).toEqual([
      ['offices', 2, 1, 1],
      ['staff', 3, 1, 2],
      ['submissions', 3, 1, 2],
      ['trainings', 3, 1, 2],
    ]);
  });

  it('every check of the contract is a query that runs on an empty table', async () => {
    const { db } = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF }));
    for (const t of TABLES) {
      await createEmptyRaw(db, t);
      for (const c of checksFor(t)) expect(await db.all(c.sql)).toEqual([]);
    }
  });
});

describe('kaoping validate', () => {
  it('prints the per-file summary, writes rejects.csv and exits 2 when rows were rejected', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF + 'P3,A1,王五,1980-01-02,staff,2010-13-01\n',
      'document_counts.csv': 'office_id,year,documents\nA1,2024,5\n',
      'documents.csv': 'doc_id,office_id,issued_on\nD1,A1,2024-01-01\n',
    });
    const out = join(await tempDir(), 'out');
    const r = await cli(['validate', '--data', dir, '--out', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/staff\.csv\s+utf-8\s+3\s+2\s+1/);
    expect(r.stdout).toMatch(/warning: meetings\.csv \(会议\.csv\) is missing: read as no rows/);
    expect(r.stdout).toMatch(/warning: document_counts says office A1 issued 5 documents in 2024, but documents\.csv has 1 rows/);
    expect(r.stdout).toMatch(/1 rows rejected; for every file loaded \+ rejected = rows/);
    const csv = await readFile(join(out, 'rejects.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFfile,line,column,value,reason\n')).toBe(true);
    expect(readCsv(csv)).toEqual([
      {
        file: 'staff.csv',
        line: '4',
        column: 'joined_on',
        value: '2010-13-01',
        reason: 'joined_on 2010-13-01 is not a date (2023-03-05, 2023/3/5, 2023.3.5 or 2023年3月5日)',
      },
    ]);
  });

  it('exits 0 on clean data and writes an empty rejects.csv; reasons are Chinese by default', async () => {
    const dir = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF });
    const out = join(await tempDir(), 'out');
    const r = await cli(['validate', '--data', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/全部数据行已载入,没有拒收/);
    expect(await readFile(join(out, 'rejects.csv'), 'utf8')).toBe('\uFEFFfile,line,column,value,reason\n');
  });
});
