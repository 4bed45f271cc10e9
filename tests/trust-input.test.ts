/**
 * Trusting the input: cases from the "trust" issue (numbered as there) where
 * a file was read differently from what it says, or differently depending on
 * what else the file holds. Every case is a real file read by the real
 * loader (and, where the stored database matters, the real CLI).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cli, dataDir, gb18030, OFFICES, ROOT, STAFF, tempDir, withEnv } from './helpers.ts';
import { appraiseYear } from '../pipeline/appraise.ts';
import { readScheme } from '../pipeline/scheme.ts';
import { Db } from '../pipeline/db.ts';
import { load } from '../pipeline/load.ts';
import { probeFile } from '../pipeline/scan.ts';
import { InputError } from '../pipeline/errors.ts';
import { table } from '../pipeline/contract.ts';

const BOM = '\uFEFF';
const rows = (r: { file: string; line: number; column: string; reason: string }[]) => r.map((x) => [x.file, x.line, x.column, x.reason]);

describe('8. unknown extra columns are kept in the database, as text', () => {
  /** Extra columns whose names clash, in any case, with each other or with kaoping's own columns. */
  const clashing = {
    'offices.csv': 'office_id,name,category,Note,note,_LINE,run_id,_text,name__v\nA1,甲镇,乡镇,a,b,c,d,e,f\n',
    'staff.csv': STAFF.replace(/A2/g, 'A1'),
  };
  /**
   * `kaoping run` of those files into a new OUT, once for the two tests: the second test reads its stored database;
   * the first runs again in a copy of that OUT (all_offices exists, with other extra columns), as a second run would.
   * Both runs write no office pages or feedback letters: only their databases are read.
   */
  const lean = <T>(f: () => Promise<T>) => withEnv({ KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' }, f);
  let clashRun: Promise<string> | undefined;
  const firstRun = () =>
    (clashRun ??= (async () => {
      const out = join(await tempDir(), 'out');
      const r = await lean(async () => cli(['run', '--data', await dataDir(clashing), '--year', '2024', '--out', out, '--quiet']));
      expect(r.code, r.stderr).toBe(0);
      return out;
    })());

  it('in the typed table during the run, and in all_<table> and the <table> view of the stored database', async () => {
    const out = join(await tempDir(), 'out');
    // a first run (of the files of the next test: extra columns of its own) creates all_offices; this run's extras,
    // which that run did not have, are added to it
    await cp(await firstRun(), out, { recursive: true, verbatimSymlinks: true });
    const files = {
      'offices.csv': 'office_id,name,category,备注,页数\nA1,甲镇,乡镇,x,12\nA2,乙镇,乡镇,,007\n',
      'staff.csv': STAFF,
      'documents.csv': 'doc_id,office_id,issued_on,Remark\nD1,A1,2024-03-01,急件\n',
    };
    const { db } = await check(await dataDir(files));
    expect(await db.all(`SELECT office_id, "备注", "页数" FROM offices ORDER BY office_id`)).toEqual([
      { office_id: 'A1', 备注: 'x', 页数: '12' },
      { office_id: 'A2', 备注: null, 页数: '007' },
    ]);
    db.close();
    const r = await lean(async () => cli(['run', '--data', await dataDir(files), '--year', '2024', '--out', out, '--quiet']));
    expect(r.code, r.stderr).toBe(0);
    const stored = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      expect(await stored.all(`SELECT office_id, "备注", "页数" FROM all_offices ORDER BY office_id`)).toEqual([
        { office_id: 'A1', 备注: 'x', 页数: '12' },
        { office_id: 'A2', 备注: null, 页数: '007' },
      ]);
      expect(await stored.all(`SELECT office_id, "备注", "页数" FROM offices ORDER BY office_id`)).toEqual([
        { office_id: 'A1', 备注: 'x', 页数: '12' },
        { office_id: 'A2', 备注: null, 页数: '007' },
      ]);
      expect(await stored.all(`SELECT doc_id, Remark FROM documents`)).toEqual([{ doc_id: 'D1', Remark: '急件' }]);
      const types = await stored.all(`SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_name IN ('all_offices', 'all_documents') AND column_name IN ('备注', '页数', 'Remark') ORDER BY ALL`);
      expect(types).toEqual([
        { table_name: 'all_documents', column_name: 'Remark', data_type: 'VARCHAR' },
        { table_name: 'all_offices', column_name: '备注', data_type: 'VARCHAR' },
        { table_name: 'all_offices', column_name: '页数', data_type: 'VARCHAR' },
      ]);
    } finally {
      stored.close();
    }
  });

  it("extra columns whose names clash, in any case, with each other or with kaoping's own columns are kept under other names", async () => {
    const { db, rejects } = await check(await dataDir(clashing));
    expect(rejects).toEqual([]);
    const cols = (await db.all<{ column_name: string }>(`DESCRIBE offices`)).map((c) => c.column_name);
    expect(cols).toEqual([
      '_line',
      'office_id',
      'name',
      'category',
      'region',
      'Note',
      'note_extra',
      '_LINE_extra',
      'run_id_extra',
      '_text_extra',
      'name__v_extra',
    ]);
    expect(await db.one(`SELECT _line, "Note", note_extra, "_LINE_extra", run_id_extra, _text_extra, name__v_extra FROM offices`)).toEqual({
      _line: 2,
      Note: 'a',
      note_extra: 'b',
      _LINE_extra: 'c',
      run_id_extra: 'd',
      _text_extra: 'e',
      name__v_extra: 'f',
    });
    db.close();
    const stored = await Db.open(join(await firstRun(), 'kaoping.duckdb'), { readOnly: true });
    try {
      expect(await stored.one(`SELECT _line, run_id, "Note", note_extra, run_id_extra FROM all_offices`)).toMatchObject({
        _line: 2,
        Note: 'a',
        note_extra: 'b',
        run_id_extra: 'd',
      });
    } finally {
      stored.close();
    }
  });
});

describe('9. a blank before an opening quote (or after a closing one): one reading, for the scanner and DuckDB', () => {
  it('a hand-edited row `O4, "四办, 东片",乡镇` is one quoted field: it loads as 四办, 东片', async () => {
    const { db, rejects, result } = await check(
      await dataDir({
        'offices.csv':
          'office_id,name,category\nA1,甲镇,乡镇\nO4, "四办, 东片",乡镇\nO5,  "五办, 西片"  , 乡镇\nO6,\t"六办,\n北片"\t,乡镇\nO7,"七办" ,乡镇\n',
        'staff.csv': STAFF.replace(/A2/g, 'A1'),
      }),
    );
    expect(rejects).toEqual([]);
    expect(await db.all(`SELECT _line, office_id, name, category FROM offices ORDER BY _line`)).toEqual([
      { _line: 2, office_id: 'A1', name: '甲镇', category: '乡镇' },
      { _line: 3, office_id: 'O4', name: '四办, 东片', category: '乡镇' },
      { _line: 4, office_id: 'O5', name: '五办, 西片', category: '乡镇' },
      { _line: 5, office_id: 'O6', name: '六办,\n北片', category: '乡镇' },
      { _line: 7, office_id: 'O7', name: '七办', category: '乡镇' },
    ]);
    expect(result.files[0]).toMatchObject({ rows: 5, loaded: 5, rejected: 0 });
  });

  it('the same row against a header of four columns is a rejected row (three fields), never a failed run', async () => {
    const dir = await dataDir({
      'offices.csv': 'office_id,name,category,region\nA1,甲镇,乡镇,东\nO4, "四办, 东片",乡镇\nO5, "五办" 西片,乡镇,西\nA2,乙镇,乡镇,南\n',
      'staff.csv': STAFF,
    });
    const { rejects, result } = await check(dir);
    expect(rows(rejects)).toEqual([
      ['offices.csv', 3, '', 'the row has 3 fields but the header has 4'],
      ['offices.csv', 4, '', 'text follows a closing quote (an unescaped " inside a quoted field)'],
    ]);
    expect(result.files[0]).toMatchObject({ rows: 4, loaded: 2, rejected: 2 });
    const r = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'out'), '--lang', 'en']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe('');
  });

  it('a quote after other text stays literal text, as before', async () => {
    const { db, rejects } = await check(
      await dataDir({
        'offices.csv': 'office_id,name,category\nA1,甲 "镇",乡镇\nA2,5" 软盘 ,乡镇\n',
        'staff.csv': STAFF,
      }),
    );
    expect(rejects).toEqual([]);
    expect(await db.all(`SELECT name FROM offices ORDER BY _line`)).toEqual([{ name: '甲 "镇"' }, { name: '5" 软盘' }]);
  });

  it('random rows of quotes, blanks and commas: the loader reads every row as the contract says, whichever pass reads the file', async () => {
    const blank = fc.constantFrom('', '', ' ', '  ', '\t');
    const text = fc.constantFrom('', 'a', '甲乙', 'x y', ' a ', 'a"b', '"', '""', ',', '\n', 'a, b');
    const field = fc.oneof(
      text.filter((s) => !/[",\n]/.test(s)),
      fc.tuple(blank, text, blank).map(([l, s, r]) => `${l}"${s.replaceAll('"', '""')}"${r}`),
      fc.tuple(blank, text, blank, text).map(([l, s, r, after]) => `${l}"${s.replaceAll('"', '""')}"${r}${after}`),
    );
    const record = fc.oneof(
      { weight: 3, arbitrary: fc.array(field, { minLength: 3, maxLength: 5 }).map((f) => f.join(',')) },
      {
        weight: 1,
        arbitrary: fc.array(fc.constantFrom('a', '甲', ' ', '\t', '"', ',', '""', ' "', '" '), { maxLength: 10 }).map((t) => t.join('')),
      },
    );
    // and files without a quote: with every record of the header's four fields the fast pass reads them, with one of
    // another number it gives up and the full scan reads them (of the files above, 1 in 170 has no quote)
    const plain = (fields: number, more: number) =>
      fc.array(
        fc
          .array(
            text.filter((s) => !/[",\n]/.test(s)),
            { minLength: fields, maxLength: fields + more },
          )
          .map((f) => f.join(',')),
        { minLength: 1, maxLength: 30, size: 'max' },
      );
    // files of up to 30 records (fast-check's default size would stop at 10)
    const file = fc.oneof(
      { weight: 4, arbitrary: fc.array(record, { maxLength: 30, size: 'max' }) },
      { weight: 1, arbitrary: plain(3, 0) },
      { weight: 1, arbitrary: plain(2, 2) },
    );
    await fc.assert(
      fc.asyncProperty(file, async (records) => {
        const body = records.map((r, i) => `R${i},${r}`).join('\n') + '\n';
        const expected = reference('office_id,name,category,region\n' + body, 4);
        // the loader alone (load, not check: the checks after it, half the cost of a case, read nothing of its reading);
        // its structural rejects are the rows validate puts into rejects as check 'structure', one each (the cases above
        // and below check those rows in the rejects table)
        const db = await Db.open(':memory:');
        let loaded;
        try {
          loaded = await load(
            db,
            await dataDir({
              'offices.csv': 'office_id,name,category,region\n' + body,
              'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
            }),
          );
        } catch (e) {
          db.close();
          expect(e).toBeInstanceOf(InputError); // a file-level problem, never a failed run
          return;
        }
        const trim = (s: string) => s.replace(/^[ \t\n\r\u3000]+|[ \t\n\r\u3000]+$/g, '') || null;
        const raw = await db.all<{ _line: number }>(`SELECT _line, office_id, name, category, region FROM raw_offices ORDER BY _line`);
        expect(raw).toEqual(
          expected
            .filter((r) => r.fields)
            .map((r) => ({
              _line: r.line,
              office_id: trim(r.fields![0]),
              name: trim(r.fields![1]),
              category: trim(r.fields![2]),
              region: trim(r.fields![3]),
            })),
        );
        expect(loaded.files.find((f) => f.table === 'offices')!.structural.map((r) => r.line)).toEqual(
          expected.filter((r) => !r.fields).map((r) => r.line),
        );
        db.close();
      }),
      // 20 files of ~15 records: ~13 with quotes (~200 records, as many as 40 files of up to 10 had), ~3 read by the fast
      // pass and ~3 it gives up on; a file costs the loader ~60 statements whatever its records, so this halves the test
      { numRuns: 20 },
    );
  });

  it('a header cell with a blank before its quote is read the same way', async () => {
    const { db, rejects } = await check(
      await dataDir({
        'offices.csv': 'office_id, "name" ,category\nA1,甲镇,乡镇\n',
        'staff.csv': STAFF.replace(/A2/g, 'A1'),
      }),
    );
    expect(rejects).toEqual([]);
    expect(await db.all(`SELECT office_id, name FROM offices`)).toEqual([{ office_id: 'A1', name: '甲镇' }]);
  });
});

/**
 * The contract's reading of a CSV text (docs/data-contract.md, "Quotes"),
 * written plainly for the test: each record after the header with its first
 * physical line and its fields, or no fields when it is malformed (another
 * number of fields than the header's, text after a closing quote, a quote
 * never closed). LF line ends only.
 */
function reference(text: string, columns: number): { line: number; fields?: string[] }[] {
  const out: { line: number; fields?: string[] }[] = [];
  let i = 0,
    line = 1;
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  while (i < text.length) {
    if (text[i] === '\n') {
      i++;
      line++;
      continue;
    } // a blank line
    const first = line;
    const fields: string[] = [];
    let bad = false;
    for (;;) {
      // one field, then a comma (next field) or the record's end
      let j = i;
      while (blank(text[j])) j++;
      let value = '';
      if (text[j] === '"') {
        j++;
        let closed = false;
        while (j < text.length) {
          if (text[j] === '"' && text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          if (text[j] === '"') {
            closed = true;
            j++;
            break;
          }
          if (text[j] === '\n') line++;
          value += text[j++];
        }
        if (!closed) {
          bad = true;
          i = j;
          break;
        }
        while (blank(text[j])) j++;
        if (j < text.length && text[j] !== ',' && text[j] !== '\n') {
          bad = true; // text after the closing quote: the rest of the field is read as unquoted text
          while (j < text.length && text[j] !== ',' && text[j] !== '\n') j++;
        }
      } else {
        j = i;
        while (j < text.length && text[j] !== ',' && text[j] !== '\n') value += text[j++];
      }
      fields.push(value);
      i = j;
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (first === 1) continue; // the header
    out.push(bad || fields.length !== columns ? { line: first } : { line: first, fields });
  }
  return out;
}

describe('10. a GB18030 file that starts with a UTF-8 BOM', () => {
  it('the BOM is not text: the first column (secrecy) maps, and the secret document still vetoes', async () => {
    const docs = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      gb18030('密级,文号,单位编码,发文日期,传输方式\r\n秘密,D1,A1,2024-03-01,公文交换箱\r\n'),
    ]);
    const docsEn = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      gb18030('secrecy,doc_id,office_id,issued_on,channel\r\n秘密,D1,A1,2024-03-01,公文交换箱\r\n'),
    ]);
    const scheme = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    for (const d of [docs, docsEn]) {
      const { db, result, rejects } = await check(
        await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, '发文.csv': d }),
        scheme.items,
      );
      expect(rejects).toEqual([]);
      expect(result.files.find((f) => f.table === 'documents')).toMatchObject({ encoding: 'gb18030', rows: 1, loaded: 1 });
      expect((await db.all<{ column_name: string }>(`DESCRIBE documents`)).map((c) => c.column_name)).toEqual([
        '_line',
        ...table('documents').columns.map((c) => c.name),
      ]);
      expect(await db.all(`SELECT doc_id, secrecy, channel FROM documents`)).toEqual([
        { doc_id: 'D1', secrecy: 'secret', channel: 'exchange_box' },
      ]);
      if (d === docsEn) {
        // scored and ranked as `kaoping run` does (in memory): the secret document sent through the exchange box vetoes A1
        await appraiseYear(db, scheme, 2024, (table) => `${table}.csv`);
        expect(await db.all(`SELECT office_id, veto FROM vetoes WHERE year = 2024`)).toEqual([
          { office_id: 'A1', veto: 'classified_via_exchange_box' },
        ]);
      }
      db.close();
    }
  });
});

describe('11. integer columns take plain integers only', () => {
  it('12.5, 2023.5, 0x10, 1e1, 1_0, 0b1, full-width digits and 1,000 are rejected as not whole numbers, never rounded', async () => {
    const { db, rejects } = await check(
      await dataDir({
        'offices.csv': OFFICES,
        'staff.csv': STAFF,
        'meetings.csv':
          'meeting_id,office_id,held_on,duration_min\n' +
          'M1,A1,2024-01-01,12.5\nM2,A1,2024-01-01,0x10\nM3,A1,2024-01-01,1e1\nM4,A1,2024-01-01,1_0\nM5,A1,2024-01-01,0b1\nM6,A1,2024-01-01,１２\nM7,A1,2024-01-01,"1,000"\n' +
          'M8,A1,2024-01-01, 7 \nM9,A1,2024-01-01,+5\nM10,A1,2024-01-01,0090\nM11,A1,2024-01-01,-5\nM12,A1,2024-01-01,5.\nM13,A1,2024-01-01,.5\nM14,A1,2024-01-01,- 5\n',
        'document_counts.csv': 'office_id,year,documents\nA1,2023.5,3\nA1,2024,1e2\nA2,2024,12\n',
      }),
    );
    expect(rejects.map((r) => [r.file, r.line, r.column, r.check, r.value])).toEqual([
      ['document_counts.csv', 2, 'year', 'type', '2023.5'],
      ['document_counts.csv', 3, 'documents', 'type', '1e2'],
      ['meetings.csv', 2, 'duration_min', 'type', '12.5'],
      ['meetings.csv', 3, 'duration_min', 'type', '0x10'],
      ['meetings.csv', 4, 'duration_min', 'type', '1e1'],
      ['meetings.csv', 5, 'duration_min', 'type', '1_0'],
      ['meetings.csv', 6, 'duration_min', 'type', '0b1'],
      ['meetings.csv', 7, 'duration_min', 'type', '１２'],
      ['meetings.csv', 8, 'duration_min', 'type', '1,000'],
      ['meetings.csv', 12, 'duration_min', 'range', '-5'],
      ['meetings.csv', 13, 'duration_min', 'type', '5.'],
      ['meetings.csv', 14, 'duration_min', 'type', '.5'],
      ['meetings.csv', 15, 'duration_min', 'type', '- 5'],
    ]);
    expect(rejects.find((r) => r.value === '12.5')!.reason).toBe('duration_min 12.5 is not a whole number');
    expect(rejects.find((r) => r.value === '12.5')!.reason_zh).toBe('时长分钟(duration_min)“12.5”不是整数');
    // spaces around are trimmed as everywhere; an optional sign; leading zeros are the same number
    expect(await db.all(`SELECT meeting_id, duration_min FROM meetings ORDER BY _line`)).toEqual([
      { meeting_id: 'M8', duration_min: 7 },
      { meeting_id: 'M9', duration_min: 5 },
      { meeting_id: 'M10', duration_min: 90 },
    ]);
    expect(await db.all(`SELECT office_id, year, documents FROM document_counts`)).toEqual([
      { office_id: 'A2', year: 2024, documents: 12 },
    ]);
  });
});

describe('12. file names match case-insensitively in both scripts', () => {
  it('单位.CSV, 人员.Csv and 发文.CSV are found like DOCUMENTS.CSV', async () => {
    const { result } = await check(
      await dataDir({
        '单位.CSV': OFFICES,
        '人员.Csv': STAFF,
        '发文.CSV': 'doc_id,office_id,issued_on\nD1,A1,2024-01-01\n',
        'MEETINGS.CSV': 'meeting_id,office_id,held_on,duration_min\nM1,A1,2024-01-01,30\n',
      }),
    );
    expect(result.files.map((f) => [f.table, f.file, f.loaded])).toEqual([
      ['offices', '单位.CSV', 2],
      ['staff', '人员.Csv', 2],
      ['documents', '发文.CSV', 1],
      ['meetings', 'MEETINGS.CSV', 1],
    ]);
  });

  it('发文.CSV next to documents.csv is the one error naming both', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      '发文.CSV': 'doc_id,office_id,issued_on\n',
      'documents.csv': 'doc_id,office_id,issued_on\n',
    });
    const e = await check(dir).then(
      () => null,
      (err) => err,
    );
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(
      /^(documents\.csv \/ 发文\.CSV|发文\.CSV \/ documents\.csv): both hold the documents table; keep one of them$/,
    );
  });
});

describe('13. a trailing comma gets the same verdict whatever else is in the file', () => {
  const head = 'person_id,trained_on,course\n';
  const trailing = 'P1,2024-01-01,a,\nP2,2024-01-02,b,\n';
  const ok = 'P2,2024-01-03,c\nP1,2024-01-04,\n';
  it('rejected for its extra field both in a simple file (fast pass) and in a file with a blank line (full scan)', async () => {
    const verdicts = [];
    for (const content of [
      head + trailing + ok,
      head + trailing + '\n' + ok,
      head + trailing.replace('b,', 'b,""') + ok.replace('c', '"c"'),
    ]) {
      const { db, rejects, result } = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.csv': content }));
      verdicts.push({
        rejects: rows(rejects),
        loaded: await db.all(`SELECT person_id, course FROM trainings ORDER BY person_id`),
        counts: [result.files[2].rows, result.files[2].loaded, result.files[2].rejected],
      });
    }
    expect(verdicts[0]).toEqual({
      rejects: [
        ['trainings.csv', 2, '', 'the row has 4 fields but the header has 3'],
        ['trainings.csv', 3, '', 'the row has 4 fields but the header has 3'],
      ],
      loaded: [
        { person_id: 'P1', course: null },
        { person_id: 'P2', course: 'c' },
      ],
      counts: [4, 2, 2],
    });
    // the blank line moves the last two rows down one line, nothing else
    expect(verdicts[1].rejects).toEqual(verdicts[0].rejects);
    expect(verdicts[1].loaded).toEqual(verdicts[0].loaded);
    expect(verdicts[2]).toEqual(verdicts[0]);
  });

  it('the simple file really takes the fast pass', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'in.csv'), head + 'P1,2024-01-01,a,\n' + ok);
    expect(await probeFile(join(dir, 'in.csv'), join(dir, 'copy.csv'))).not.toBeNull();
  });

  it('a header that ends with a comma too: every row has the same (empty) extra column and loads', async () => {
    const { db, rejects } = await check(
      await dataDir({
        'offices.csv': OFFICES,
        'staff.csv': STAFF,
        'trainings.csv': 'person_id,trained_on,course,\nP1,2024-01-01,a,\nP2,2024-01-02,b,\n',
      }),
    );
    expect(rejects).toEqual([]);
    expect(await db.all(`SELECT person_id, course, column4 FROM trainings ORDER BY person_id`)).toEqual([
      { person_id: 'P1', course: 'a', column4: null },
      { person_id: 'P2', course: 'b', column4: null },
    ]);
  });
});

describe('14. a header repeated inside a file is a rejected row, not data', () => {
  const repeated = 'the row repeats the header row (files pasted together?)';
  it('two UTF-8-with-BOM exports concatenated (copy /b a.csv+b.csv): the second header is rejected, not an office named "name"', async () => {
    const second = 'office_id,name,category\nA3,丙镇,乡镇\n';
    const { db, rejects, result } = await check(await dataDir({ 'offices.csv': BOM + OFFICES + BOM + second, 'staff.csv': STAFF }));
    expect(rows(rejects)).toEqual([['offices.csv', 4, '', repeated]]);
    expect(rejects[0].reason_zh).toBe('该行重复了表头(文件拼接?)');
    expect(rejects[0].value).toBe('office_id,name,category');
    expect(await db.all(`SELECT office_id FROM offices ORDER BY _line`)).toEqual([
      { office_id: 'A1' },
      { office_id: 'A2' },
      { office_id: 'A3' },
    ]);
    expect(result.files[0]).toMatchObject({ rows: 4, loaded: 3, rejected: 1 });
  });

  it('with spaces, quotes, other case or the Chinese names; in a table with typed columns it is one reject, not one per cell', async () => {
    const variants = [
      'office_id,name,category',
      ' office_id , name ,category ',
      '"office_id","name","category"',
      'OFFICE_ID,Name,CATEGORY',
      '单位编码,单位名称,考核类别',
      `${BOM} 单位编码 ,"单位名称",category`,
      'name,office_id,category',
    ];
    const { rejects, result } = await check(
      await dataDir({ 'offices.csv': OFFICES + variants.join('\n') + '\nA3,丙镇,乡镇\n', 'staff.csv': STAFF }),
    );
    expect(rows(rejects)).toEqual(variants.map((_, i) => ['offices.csv', 4 + i, '', repeated]));
    expect(result.files[0]).toMatchObject({ rows: 3 + variants.length, loaded: 3, rejected: variants.length });

    const docs =
      BOM +
      'doc_id,office_id,issued_on,secrecy,broadcast\nD1,A1,2024-01-01,秘密,是\n' +
      BOM +
      '文号,单位编码,发文日期,密级,是否普发\nD2,A1,2024-01-02,,\n' +
      'doc_id,office_id,issued_on,secrecy,broadcast\n';
    const gbDocs = gb18030('文号,单位编码,发文日期\r\nD1,A1,2024-01-01\r\n文号,单位编码,发文日期\r\nD2,A1,2024-01-02\r\n');
    for (const [name, content] of [
      ['documents.csv', docs],
      ['发文.csv', gbDocs],
    ] as const) {
      const got = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, [name]: content }));
      expect(rows(got.rejects)).toEqual([[name, 3, '', repeated], ...(name === 'documents.csv' ? [[name, 5, '', repeated]] : [])]);
      expect(await got.db.all(`SELECT doc_id FROM documents ORDER BY _line`)).toEqual([{ doc_id: 'D1' }, { doc_id: 'D2' }]);
    }
  });

  it('a row that only mentions a column name is data', async () => {
    const { db, rejects } = await check(await dataDir({ 'offices.csv': OFFICES + 'name,office_id,乡镇\n', 'staff.csv': STAFF }));
    expect(rejects).toEqual([]);
    expect(await db.scalar(`SELECT count(*) FROM offices`)).toBe(3);
  });
});

describe('15. many structurally bad rows are rejected in bulk', () => {
  it('50,000 rows with a wrong number of fields: every one rejected with its line, the good rows loaded', async () => {
    // a simple file (no quote, no blank line): the fast pass's strict read fails and the full scan finds the rows
    const lines = ['person_id,trained_on,course'];
    for (let i = 0; i < 50_000; i++) lines.push(i % 5 === 4 ? `P1,2024-01-0${(i % 9) + 1}` : `P${(i % 2) + 1},2024-01-01,第${i}期,多余`);
    for (let i = 0; i < 1_000; i++) lines.push(`P${(i % 2) + 1},2024-02-01,ok${i}`);
    const { db, result } = await check(
      await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF, 'trainings.csv': lines.join('\n') + '\n' }),
    );
    expect(result.files.find((f) => f.table === 'trainings')).toMatchObject({ rows: 51_000, loaded: 1_000, rejected: 50_000 });
    expect(
      await db.all(`SELECT "check", reason, count(*) AS n, min(line) AS first, max(line) AS last FROM rejects GROUP BY ALL ORDER BY first`),
    ).toEqual([
      { check: 'structure', reason: 'the row has 4 fields but the header has 3', n: 40_000, first: 2, last: 50_000 },
      { check: 'structure', reason: 'the row has 2 fields but the header has 3', n: 10_000, first: 6, last: 50_001 },
    ]);
    expect(await db.one(`SELECT "table", file, line, "column", value, reason_zh FROM rejects WHERE line = 12345`)).toEqual({
      table: 'trainings',
      file: 'trainings.csv',
      line: 12345,
      column: '',
      value: 'P2,2024-01-01,第12343期,多余',
      reason_zh: '该行有4个字段,表头有3个',
    });
  });
});

describe('16. a file holding only a BOM is empty', () => {
  for (const [name, content] of [
    ['a UTF-8 BOM', BOM],
    ['a BOM and line breaks', BOM + '\r\n\r\n'],
  ] as const) {
    it(name, async () => {
      const dir = await dataDir({ 'offices.csv': content, 'staff.csv': STAFF });
      const r = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'out'), '--lang', 'en']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('kaoping: offices.csv: is empty: it has no header row\n');
    });
  }
  it('a BOM then a blank line then the header: the header is found', async () => {
    const { result } = await check(await dataDir({ 'offices.csv': BOM + '\n' + OFFICES, 'staff.csv': STAFF }));
    expect(result.files[0]).toMatchObject({ rows: 2, loaded: 2 });
  });
});
