/**
 * Hostile input: each case has a clear outcome, and nothing escapes the
 * output folder or reaches SQL as code.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cli, dataDir, OFFICES, readCsv, STAFF, tempDir } from './helpers.ts';

const HEAD = 'office_id,name,category\n';

/** Office names that a spreadsheet would run as formulas (F1-F6), and a staff row with a bad date to make a reject. */
const FORMULA_OFFICES = 'F1,=HYPERLINK("http://x"),乡镇\nF2,+1,乡镇\nF3,-2,乡镇\nF4,@SUM(A1),乡镇\nF5,"\tTAB",乡镇\nF6,"\rCR",乡镇\n';
const FORMULA_STAFF = STAFF.replace(/A1|A2/g, 'F1').replace(/^.*\n/, '') + 'P9,F1,=1+1,1980-01-01,staff,2010-13-01\n';
/** SQL metacharacters as office ids, names and categories, and as the ids and names of staff. */
const EVIL = [`'); DROP TABLE offices; --`, `" OR 1=1 --`, `\\'\\"`, '$year', '{}; SELECT 1', '%s%n'];
const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const EVIL_OFFICES = EVIL.map((e, i) => `${q(e)},${q(`${e}名`)},"类${i % 2}"`).join('\n') + '\n';
const EVIL_STAFF = EVIL.map((e, i) => `${q(`p${e}`)},${q(e)},${q(e)},1980-01-0${i + 1},staff,2010-01-01`).join('\n') + '\n';
/** Office ids that are paths, or too long for a file name. */
const PATHS = ['../x', 'a/b', 'c\\d', 'e'.repeat(300), '..', '.'];
const PATH_OFFICES = PATHS.map((id, i) => `"${id}",名${i},乡镇`).join('\n') + '\n';

describe('hostile input', () => {
  /**
   * One `kaoping run --lang en` of all three kinds of hostile offices together (each test below looks at its own: they
   * do not meet, every item is scored per office), into OUT in a folder of its own; run once for the three tests.
   */
  let hostileRun: Promise<{ parent: string; out: string }> | undefined;
  const run = () =>
    (hostileRun ??= (async () => {
      const dir = await dataDir({
        'offices.csv': HEAD + FORMULA_OFFICES + EVIL_OFFICES + PATH_OFFICES,
        'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n' + FORMULA_STAFF + EVIL_STAFF,
      });
      const parent = await tempDir();
      const out = join(parent, 'out');
      const r = await cli(['run', '--data', dir, '--year', '2024', '--out', out, '--quiet', '--lang', 'en']);
      expect(r.code, r.stderr).toBe(0);
      return { parent, out };
    })());
  const ALL = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', ...EVIL, ...PATHS].sort();
  const scores = async () => readCsv(await readFile(join((await run()).out, 'scores.csv'), 'utf8'));

  it('formula cells are neutralised in every CSV kaoping writes', async () => {
    const { out } = await run();
    const names = (await scores())
      .filter((s) => /^F\d$/.test(s.office_id))
      .map((s) => s.office_name)
      .sort();
    // leading tab and CR are trimmed when loading, like spaces; the rest get a ' in front
    expect(names).toEqual(['CR', 'TAB', "'+1", "'-2", '\'=HYPERLINK("http://x")', "'@SUM(A1)"].sort());
    for (const f of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv']) {
      for (const row of readCsv(await readFile(join(out, f), 'utf8'))) {
        for (const v of Object.values(row)) expect(v, `${f}: ${v}`).not.toMatch(/^[=+@\t\r]|^-[^\d]/);
      }
    }
    const rejects = readCsv(await readFile(join(out, 'rejects.csv'), 'utf8'));
    expect(rejects).toHaveLength(1);
    expect(rejects[0].reason).toBe('joined_on 2010-13-01 is not a date (2023-03-05, 2023/3/5, 2023.3.5 or 2023年3月5日)');
  });

  it('SQL metacharacters in every text field are data, never code', async () => {
    const dir = await dataDir({
      'offices.csv': HEAD + EVIL_OFFICES,
      'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n' + EVIL_STAFF,
    });
    const { db, rejects } = await check(dir);
    expect(rejects).toEqual([]);
    expect((await db.all<{ office_id: string }>(`SELECT office_id FROM offices ORDER BY _line`)).map((r) => r.office_id)).toEqual(EVIL);
    db.close();
    // the run: every office is in scores.csv, with its id as it was
    const { out } = await run();
    expect((await scores()).map((s) => s.office_id).sort()).toEqual(ALL);
    const explain = await cli(['explain', '--db', join(out, 'kaoping.duckdb'), '--office', EVIL[0], '--lang', 'en']);
    expect(explain.code).toBe(0);
    expect(explain.stdout.split('\n')[0]).toContain(`(${EVIL[0]})`);
  });

  it('office ids with ../, /, \\ and 300 characters stay data; every file kaoping writes is inside OUT', async () => {
    const { parent } = await run();
    expect(await readdir(parent)).toEqual(['out']);
    expect((await scores()).map((s) => s.office_id).sort()).toEqual(ALL);
  });

  it('a 50 MB single line is one rejected row; the rows around it load', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'trainings.csv': Buffer.concat([
        Buffer.from('person_id,trained_on,course\nP1,2024-01-01,a\nP1,2024-01-02,'),
        big,
        Buffer.from('\nP2,2024-01-03,c\n'),
      ]),
    });
    const { rejects, result } = await check(dir);
    expect(rejects.map((r) => [r.line, r.check, r.reason])).toEqual([[3, 'structure', 'the row is longer than 8 MiB']]);
    expect(result.files.find((f) => f.table === 'trainings')).toMatchObject({ rows: 3, loaded: 2, rejected: 1 });
  });

  it('a file of random bytes is one file-level error', async () => {
    let x = 12345;
    const bytes = Buffer.from(Buffer.alloc(1 << 20, 0).map(() => (x = (x * 1103515245 + 12345) >>> 0) >>> 24));
    const dir = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': bytes });
    const r = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'o'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kaoping: staff\.csv: (is neither UTF-8 nor GB18030 text|looks like UTF-16)/);
  });

  it('UTF-16 without a BOM is one file-level error', async () => {
    const dir = await dataDir({ 'offices.csv': Buffer.from(OFFICES, 'utf16le'), 'staff.csv': STAFF });
    const r = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'o'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kaoping: offices\.csv: looks like UTF-16 text/);
  });

  it('a NUL byte rejects its row only', async () => {
    const dir = await dataDir({
      'offices.csv': HEAD + 'A1,甲\0镇,乡镇\nA2,乙镇,乡镇\n',
      'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
    });
    const { rejects } = await check(dir);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[2, 'the row contains a NUL byte']]);
  });

  // a header repeated mid-file is a rejected row, not an office called "name": trust-input.test.ts, case 14 (its plain
  // repeat among the variants, and two exports pasted together)

  it('10,000 columns: the contract columns load, the others are kept', async () => {
    const extra = Array.from({ length: 9997 }, (_, i) => `x${i}`);
    const dir = await dataDir({
      'offices.csv':
        [
          'office_id,name,category,' + extra.join(','),
          'A1,甲镇,乡镇,' + extra.map(() => '1').join(','),
          'A2,乙镇,乡镇,' + extra.map(() => '').join(','),
        ].join('\n') + '\n',
      'staff.csv': STAFF,
    });
    const { db, rejects } = await check(dir);
    expect(rejects).toEqual([]);
    expect(await db.all(`SELECT office_id, x0, x9996 FROM offices ORDER BY office_id`)).toEqual([
      { office_id: 'A1', x0: '1', x9996: '1' },
      { office_id: 'A2', x0: null, x9996: null },
    ]);
  });

  it('a symbolic link is refused unless allowed', async () => {
    const dir = await dataDir({ 'offices.csv': OFFICES });
    await symlink('/etc/passwd', join(dir, 'staff.csv'));
    const r = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'o'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kaoping: staff.csv: is a symbolic link; kaoping reads only regular files inside the data folder (use --allow-links to permit it)\n',
    );
    const allowed = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'o'), '--allow-links', '--lang', 'en']);
    expect(allowed.code).toBe(2);
    expect(allowed.stderr).toMatch(/^kaoping: staff\.csv: is missing the required columns person_id/);
  });
});
