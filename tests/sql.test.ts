/**
 * kaoping's own SQL: the fact macros every database has (rules.ts), and the
 * composition of a scheme's SQL into kaoping's (a query ending in a comment,
 * `$year` in a comment or a string). In-process, on real DuckDB databases.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../pipeline/contract.ts';
import { Db } from '../pipeline/db.ts';
import { InputError } from '../pipeline/errors.ts';
import { createFactMacros } from '../pipeline/rules.ts';
import { checkSchemeSql, readScheme } from '../pipeline/scheme.ts';
import { appraise, check, dataDir, OFFICES, ROOT, STAFF, tempDir } from './helpers.ts';

const DEFAULT = join(ROOT, 'metrics', 'default.yaml');

/** The default scheme with `edit` applied, written to a temp file. */
async function variant(edit: (s: any) => void): Promise<string> {
  const doc = parse(await readFile(DEFAULT, 'utf8'));
  edit(doc);
  const path = join(await tempDir(), 'variant.yaml');
  await writeFile(path, stringify(doc));
  return path;
}

const item = (s: any, id: string) => s.dimensions.flatMap((d: any) => d.items).find((i: any) => i.id === id);

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
      expect(await db.all(`SELECT s, kp_classified(s) AS c FROM (VALUES ('none'), ('internal'), ('secret'), ('confidential'), ('top_secret')) v(s)`))
        .toEqual([['none', false], ['internal', false], ['secret', true], ['confidential', true], ['top_secret', true]].map(([s, c]) => ({ s, c })));
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
    const uses = await variant((s) => { s.macros += 'CREATE OR REPLACE MACRO secret_docs(y) AS TABLE SELECT * FROM documents WHERE kp_classified(secrecy) AND kp_in_year(issued_on, y);\n'; });
    const { db } = await appraise({ 'offices.csv': OFFICES, 'staff.csv': STAFF }, 2024, uses);
    expect(Number(await db.scalar(`SELECT count(*) FROM secret_docs(2024)`))).toBe(0);
    db.close();
    for (const macro of ['kp_classified(secrecy) AS false', 'kp_mine(x) AS x']) {
      const scheme = await readScheme(await variant((s) => { s.macros += `CREATE OR REPLACE MACRO ${macro};\n`; }));
      const { db: d } = await check(await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF }));
      const e = await checkSchemeSql(d, scheme, 2024).then(() => undefined, (x: unknown) => x);
      d.close();
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/its macros may not define a macro named kp_\.\.\. \(statement 9\): those are kaoping's own/);
    }
  });
});
