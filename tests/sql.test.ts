/**
 * kaoping's own SQL: the fact macros every database has (rules.ts), and the
 * composition of a scheme's SQL into kaoping's (a query ending in a comment,
 * `$year` in a comment or a string). In-process, on real DuckDB databases.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../pipeline/contract.ts';
import { Db } from '../pipeline/db.ts';
import { InputError } from '../pipeline/errors.ts';
import { createFactMacros } from '../pipeline/rules.ts';
import { checkSchemeSql, readScheme } from '../pipeline/scheme.ts';
import { appraise, check, dataDir, OFFICES, schemeItem as item, schemeVariant as variant, STAFF } from './helpers.ts';

describe('the fact macros (rules.ts), one definition each', () => {
  it('kp_label gives every enum code its label from the data contract, NULL for none', async () => {
    const db = await Db.open(':memory:');
    try {
      await createFactMacros(db);
      for (const t of TABLES) {
        for (const c of t.columns.filter((x) => x.values)) {
          for (const [code, label] of Object.entries(c.values!)) {
            expect(await db.scalar(`SELECT kp_label($1, $2, $3)`, [t.name, c.name, code]), `${t.name}.${c.name}.${code}`).toBe(label);
          }
        }
      }
      expect(await db.scalar(`SELECT kp_label('documents', 'secrecy', NULL)`)).toBeNull();
      expect(await db.scalar(`SELECT kp_label('documents', 'secrecy', 'other')`)).toBeNull();
      expect(await db.scalar(`SELECT kp_label('documents', 'channel', 'paper') || '传输'`)).toBe('纸质传输');
    } finally {
      db.close();
    }
  });

  it('classified, active in a year, overdue at year end', async () => {
    const db = await Db.open(':memory:');
    try {
      await createFactMacros(db);
      const truth = (sql: string) => db.scalar<boolean>(`SELECT ${sql}`);
      const levels = ['none', 'internal', 'secret', 'confidential', 'top_secret'];
      expect(await db.all(`SELECT s, kp_classified(s) AS c FROM unnest(${JSON.stringify(levels).replaceAll('"', "'")}) v(s)`)).toEqual(
        levels.map((s) => ({ s, c: !['none', 'internal'].includes(s) })),
      );
      expect(await truth(`kp_active(DATE '2024-12-31', NULL, 2024)`)).toBe(true);
      expect(await truth(`kp_active(DATE '2025-01-01', NULL, 2024)`)).toBe(false);
      expect(await truth(`kp_active(DATE '2010-01-01', DATE '2024-01-01', 2024)`)).toBe(true);
      expect(await truth(`kp_active(DATE '2010-01-01', DATE '2023-12-31', 2024)`)).toBe(false);
      expect(await truth(`kp_overdue_at_year_end(DATE '2024-06-30', NULL, 2024)`)).toBe(true);
      expect(await truth(`kp_overdue_at_year_end(DATE '2024-06-30', DATE '2025-01-01', 2024)`)).toBe(true);
      expect(await truth(`kp_overdue_at_year_end(DATE '2024-06-30', DATE '2024-12-31', 2024)`)).toBe(false);
      expect(await truth(`kp_overdue_at_year_end(DATE '2023-06-30', NULL, 2024)`)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('a scheme may use them but not define its own kp_ macro', async () => {
    const uses = await variant((s) => {
      s.macros +=
        'CREATE OR REPLACE MACRO secret_docs(y) AS TABLE\n' +
        '  SELECT * FROM documents WHERE kp_classified(secrecy) AND kp_in_year(issued_on, y);\n';
    });
    const { db } = await appraise({ 'offices.csv': OFFICES, 'staff.csv': STAFF }, 2024, uses);
    expect(Number(await db.scalar(`SELECT count(*) FROM secret_docs(2024)`))).toBe(0);
    db.close();
    for (const macro of ['kp_classified(secrecy) AS false', 'kp_mine(x) AS x']) {
      const scheme = await readScheme(
        await variant((s) => {
          s.macros += `CREATE OR REPLACE MACRO ${macro};\n`;
        }),
      );
      const { db: d } = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF }));
      const e = await checkSchemeSql(d, scheme, 2024).then(
        () => undefined,
        (x: unknown) => x,
      );
      d.close();
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/its macros may not define a macro named kp_\.\.\. \(statement 9\): those are kaoping's own/);
    }
  });
});

describe("a scheme's SQL inside kaoping's", () => {
  const files = {
    'offices.csv': OFFICES,
    'staff.csv': STAFF,
    'submissions.csv':
      'submission_id,office_id,person_id,submitted_on,kind,adopted_level,leader_instruction\n' +
      'S1,A1,P1,2024-03-01,research,city,true\nS2,A1,P1,2023-03-01,research,,false\nS3,A2,P2,2024-04-01,research,,false\n',
  };

  it('every query may end in a -- comment (kaoping wraps it on lines of its own)', async () => {
    const scheme = await variant((s) => {
      item(s, 'research').measure += '-- the research reports of the year';
      item(s, 'research').measure = item(s, 'research').measure.replace(/\n-- /, ' -- ');
      item(s, 'attendance').evidence = item(s, 'attendance').evidence.trimEnd() + ' -- every record costs points';
      s.vetoes[0].sql = s.vetoes[0].sql.trimEnd() + ' -- classified through the box';
      s.individuals.sql = s.individuals.sql.trimEnd() + ' -- candidates';
      s.directors.sql = s.directors.sql.trimEnd() + ' -- directors';
      s.diagnostics.sql = s.diagnostics.sql.trimEnd() + ' -- three fewers';
    });
    const research = item(parse(await readFile(scheme, 'utf8')), 'research').measure.trimEnd();
    expect(research).toMatch(/GROUP BY o\.office_id -- the research reports of the year$/);
    const { db, item: points } = await appraise(files, 2024, scheme);
    try {
      expect(await points('A1', 'research')).toMatchObject({ value: 1, points: 2.5 });
      expect(await points('A2', 'research')).toMatchObject({ value: 1, points: 2.5 });
      expect(Number(await db.scalar(`SELECT count(*) FROM individuals WHERE year = 2024`))).toBe(2);
      expect(Number(await db.scalar(`SELECT count(*) FROM diagnostics WHERE year = 2024`))).toBe(2);
    } finally {
      db.close();
    }
  });

  it('$year in a comment or a string literal is not a parameter; where the query uses it, it is the year', async () => {
    const scheme = await variant((s) => {
      // no $year at all, but the text holds it: a regex would bind a parameter the statement does not have
      item(s, 'research').measure = "SELECT office_id, length('$year') AS value -- not $year\nFROM offices /* nor $year */";
      item(s, 'attendance').measure = "SELECT office_id, $year - 2020 + length('$year') AS value FROM offices -- $year - 2020 + 5";
    });
    const { db, item: points } = await appraise(files, 2024, scheme);
    try {
      expect(await points('A1', 'research')).toMatchObject({ value: 5 });
      expect(await points('A1', 'attendance')).toMatchObject({ value: 9 });
    } finally {
      db.close();
    }
  });

  it('db.ts binds a named parameter only where the statement has it, statement by statement', async () => {
    const db = await Db.open(':memory:');
    try {
      expect(await db.all(`SELECT $year AS a, '$year' AS b -- $other`, { year: 2024, other: 1, unused: 'x' })).toEqual([
        { a: 2024, b: '$year' },
      ]);
      expect(await db.all(`SELECT 1 AS one`, { year: 2024 })).toEqual([{ one: 1 }]);
      await db.run(`CREATE TEMP TABLE t AS SELECT $year AS year; INSERT INTO t SELECT $year + $step`, { year: 2024, step: 1 });
      expect(await db.all(`SELECT year FROM t ORDER BY year`)).toEqual([{ year: 2024 }, { year: 2025 }]);
      expect(await db.all(`SELECT column_type FROM (DESCRIBE t)`)).toEqual([{ column_type: 'INTEGER' }]);
      expect(await db.columns(`SELECT $year AS y, 2 AS z -- a comment`, { year: 1 })).toEqual(['y', 'z']);
      await expect(db.all(`SELECT $missing AS m`, { year: 2024 })).rejects.toThrow(/missing/);
    } finally {
      db.close();
    }
  });
});
