/**
 * Loading: encodings, headers, line numbers, structural problems and the
 * file-level errors. Each case is a small real file read by the real loader.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cli, dataDir, gb18030, OFFICES, STAFF, tempDir } from './helpers.ts';

describe('encodings and dialect', () => {
  it('reads a GB18030 file with Chinese headers and a Chinese file name', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      '人员.csv': gb18030(
        '人员编码,单位编码,姓名,出生日期,职务,到岗日期\r\nP1,A1,张三,1980年1月2日,主任,2010/1/1\r\nP2,A2,欧阳娜娜,1990.5.6,工作人员,2015-01-01\r\n',
      ),
    });
    const { db, result, rejects } = await check(dir);
    expect(rejects).toEqual([]);
    const staff = result.files.find((f) => f.table === 'staff')!;
    expect(staff).toMatchObject({ file: '人员.csv', encoding: 'gb18030', rows: 2, loaded: 2, rejected: 0 });
    expect(await db.all(`SELECT person_id, name, role, birth_date, joined_on FROM staff ORDER BY person_id`)).toEqual([
      { person_id: 'P1', name: '张三', role: 'director', birth_date: '1980-01-02', joined_on: '2010-01-01' },
      { person_id: 'P2', name: '欧阳娜娜', role: 'staff', birth_date: '1990-05-06', joined_on: '2015-01-01' },
    ]);
  });

  it('reads UTF-8 with a BOM, CRLF line ends and columns in any order with surrounding spaces', async () => {
    const dir = await dataDir({
      'offices.csv': '\uFEFF category , 单位名称 ,office_id,备注\r\n乡镇,甲镇,A1,x\r\n乡镇,乙镇,A2,\r\n',
      'staff.csv': STAFF,
    });
    const { db, result, rejects } = await check(dir);
    expect(rejects).toEqual([]);
    expect(result.files[0]).toMatchObject({ encoding: 'utf-8', rows: 2, loaded: 2 });
    expect(await db.all(`SELECT office_id, name, category, "备注" FROM offices ORDER BY office_id`)).toEqual([
      { office_id: 'A1', name: '甲镇', category: '乡镇', 备注: 'x' },
      { office_id: 'A2', name: '乙镇', category: '乡镇', 备注: null },
    ]);
  });

  it('counts the lines of a quoted multi-line field, so a bad row after it gets its physical line', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'trainings.csv':
        'person_id,trained_on,course\nP1,2024-03-01,"公文写作,\n第一期\n(三天)"\nP2,2024-13-01,保密\n\nP1,2024-04-01,"引号""内"\n',
    });
    const { db, result, rejects } = await check(dir);
    expect(rejects.map((r) => [r.file, r.line, r.column, r.value, r.check])).toEqual([
      ['trainings.csv', 5, 'trained_on', '2024-13-01', 'type'],
    ]);
    expect(await db.all(`SELECT _line, course FROM trainings ORDER BY _line`)).toEqual([
      { _line: 2, course: '公文写作,\n第一期\n(三天)' },
      { _line: 7, course: '引号"内' },
    ]);
    expect(result.files.find((f) => f.table === 'trainings')).toMatchObject({ rows: 3, loaded: 2, rejected: 1 });
  });

  it('reads the four date spellings, and rejects others', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'trainings.csv':
        'person_id,trained_on\nP1,2023-03-05\nP1,2023/3/5\nP1,2023.3.5\nP1,2023年3月5日\nP1,5/3/2023\nP1,2023-02-30\nP1,2023-3/5\n',
    });
    const { db, rejects } = await check(dir);
    expect(await db.all(`SELECT DISTINCT trained_on FROM trainings`)).toEqual([{ trained_on: '2023-03-05' }]);
    expect(rejects.map((r) => [r.line, r.value])).toEqual([
      [6, '5/3/2023'],
      [7, '2023-02-30'],
      [8, '2023-3/5'],
    ]);
  });

  it('reads booleans and enums in English or Chinese', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'documents.csv':
        'doc_id,office_id,issued_on,secrecy,channel,broadcast,relays_superior\n' +
        'D1,A1,2024-01-01,秘密,公文交换箱,是,否\nD2,A1,2024-01-01,,paper,Y,n\nD3,A1,2024-01-01,Internal,both,TRUE,0\nD4,A1,2024-01-01,none,纸质,,1\nD5,A1,2024-01-01,none,fax,maybe,1\n',
    });
    const { db, rejects } = await check(dir);
    expect(await db.all(`SELECT doc_id, secrecy, channel, broadcast, relays_superior FROM documents ORDER BY doc_id`)).toEqual([
      { doc_id: 'D1', secrecy: 'secret', channel: 'exchange_box', broadcast: true, relays_superior: false },
      { doc_id: 'D2', secrecy: 'none', channel: 'paper', broadcast: true, relays_superior: false },
      { doc_id: 'D3', secrecy: 'internal', channel: 'both', broadcast: true, relays_superior: false },
      { doc_id: 'D4', secrecy: 'none', channel: 'paper', broadcast: false, relays_superior: true },
    ]);
    expect(rejects.map((r) => [r.line, r.column, r.check])).toEqual([
      [6, 'broadcast', 'type'],
      [6, 'channel', 'type'],
    ]);
  });

  it('rejects rows with the wrong number of fields and a quote error, with their lines', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'trainings.csv': 'person_id,trained_on,course\nP1,2024-01-01\nP1,2024-01-01,a,b\nP1,2024-01-01,"x"y\nP2,2024-01-01,ok\n',
    });
    const { result, rejects } = await check(dir);
    expect(rejects.map((r) => [r.line, r.check, r.reason])).toEqual([
      [2, 'structure', 'the row has 2 fields but the header has 3'],
      [3, 'structure', 'the row has 4 fields but the header has 3'],
      [4, 'structure', 'text follows a closing quote (an unescaped " inside a quoted field)'],
    ]);
    expect(result.files.find((f) => f.table === 'trainings')).toMatchObject({ rows: 4, loaded: 1, rejected: 3 });
  });

  it('keeps a row count for an unterminated quote: the broken tail is one rejected row', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'trainings.csv': 'person_id,trained_on,course\nP1,2024-01-01,ok\nP2,2024-01-01,"never closed\nP1,2024-02-01,lost\n',
    });
    const { result, rejects } = await check(dir);
    expect(rejects.map((r) => [r.line, r.check])).toEqual([[3, 'structure']]);
    expect(result.files.find((f) => f.table === 'trainings')).toMatchObject({ rows: 2, loaded: 1, rejected: 1 });
  });
});

describe('file-level errors end the run with one sentence and exit 2', () => {
  it('the sentence is Chinese by default', async () => {
    const dir = await dataDir({ 'offices.csv': 'office_id,name\nA1,x\n', 'staff.csv': STAFF });
    const r = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaoping: offices.csv:缺少必需的列 category (考核类别)\n');
  });

  const cases: [string, Record<string, string | Buffer>, RegExp][] = [
    ['missing offices.csv', { 'staff.csv': STAFF }, /^kaoping: offices\.csv: is missing from .*; it is required/],
    ['missing staff.csv', { 'offices.csv': OFFICES }, /^kaoping: staff\.csv: is missing/],
    [
      'a missing required column',
      { 'offices.csv': 'office_id,name\nA1,x\n', 'staff.csv': STAFF },
      /^kaoping: offices\.csv: is missing the required column category \(考核类别\)/,
    ],
    ['an empty file', { 'offices.csv': '', 'staff.csv': STAFF }, /^kaoping: offices\.csv: is empty/],
    [
      'bytes that are neither UTF-8 nor GB18030',
      { 'offices.csv': OFFICES, 'staff.csv': Buffer.from([0x70, 0x65, 0x72, 0xff, 0xff, 0x0a]) },
      /^kaoping: staff\.csv: is neither UTF-8 nor GB18030/,
    ],
    [
      'a UTF-16 file',
      { 'offices.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(OFFICES, 'utf16le')]), 'staff.csv': STAFF },
      /^kaoping: offices\.csv: is UTF-16 encoded/,
    ],
  ];
  for (const [name, files, message] of cases) {
    it(name, async () => {
      const dir = await dataDir(files);
      const out = join(await tempDir(), 'out');
      const r = await cli(['validate', '--data', dir, '--out', out, '--lang', 'en']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      // no partial output
      await expect(readFile(join(out, 'rejects.csv'))).rejects.toThrow();
      const run = await cli(['run', '--data', dir, '--out', out]);
      expect(run.code).toBe(2);
      await expect(readFile(join(out, 'scores.csv'))).rejects.toThrow();
    });
  }
});
