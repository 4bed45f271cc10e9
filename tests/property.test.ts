/**
 * Property tests (fast-check): the parsers of dates, booleans and enums
 * against a reference, and whole random files: the loader never crashes and
 * loaded + rejected always equals the rows in the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Db } from '../pipeline/db.ts';
import { table } from '../pipeline/contract.ts';
import { createParsers, parseExpr } from '../pipeline/parse.ts';
import { check, dataDir, OFFICES, STAFF } from './helpers.ts';
import { InputError } from '../pipeline/errors.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
  await createParsers(db);
});
afterAll(() => db.close());

const parse = async (expr: string, s: string | null) => db.scalar(`SELECT ${expr} FROM (SELECT kp_text($1::VARCHAR) AS s)`, [s]);

describe('parsers', () => {
  it('every valid date in each of the four spellings parses to itself', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (d, spelling, pad) => {
          const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
          const p = (n: number) => (pad ? String(n).padStart(2, '0') : String(n));
          const text = [`${y}-${p(m)}-${p(day)}`, `${y}/${p(m)}/${p(day)}`, `${y}.${p(m)}.${p(day)}`, `${y}年${p(m)}月${p(day)}日`][
            spelling
          ];
          expect(await parse('kp_date(s)', ` ${text} `)).toBe(d.toISOString().slice(0, 10));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any text either is no date or is one of the four spellings of the date it gives', async () => {
    const spellings = /^\s*(\d{1,4})(?:-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})|\.(\d{1,2})\.(\d{1,2})|年(\d{1,2})月(\d{1,2})日)\s*$/;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{2,4}[-/.年][0-9]{1,3}[-/.月][0-9]{1,3}日?$/)), async (s) => {
        const got = (await parse('kp_date(s)', s)) as string | null;
        if (got === null) return;
        const m = spellings.exec(s);
        expect(m, s).not.toBeNull();
        const nums = m!.slice(1).filter(Boolean).map(Number);
        expect(got).toBe(`${String(nums[0]).padStart(4, '0')}-${String(nums[1]).padStart(2, '0')}-${String(nums[2]).padStart(2, '0')}`);
      }),
      { numRuns: 500 },
    );
  });

  it('booleans: the documented words, any case, empty = false, anything else is no value', async () => {
    const ref = (s: string) => {
      const t = s.trim().toLowerCase();
      if (t === '') return false;
      if (['true', '1', '是', 'y'].includes(t)) return true;
      if (['false', '0', '否', 'n'].includes(t)) return false;
      return null;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('true', 'FALSE', ' 1', '0 ', '是', '否', 'y', 'N', 'Yes', '', ' ', 't'), fc.string({ maxLength: 5 })),
        async (s) => {
          if (/[\t\n\r\u3000]/.test(s)) return; // kp_text trims these too; the reference trims spaces only
          expect(await parse('kp_bool(s)', s)).toBe(ref(s));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('enums: the English code (any case) or the Chinese label, else no value; empty gives the default', async () => {
    const secrecy = table('documents').columns.find((c) => c.name === 'secrecy')!;
    const ref = (s: string) => {
      const t = s.trim();
      if (t === '') return 'none';
      for (const [code, label] of Object.entries(secrecy.values!)) if (t.toLowerCase() === code || t === label) return code;
      return null;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...Object.keys(secrecy.values!), ...Object.values(secrecy.values!), 'SECRET', ' 机密 ', 'Top_Secret', ''),
          fc.string({ maxLength: 6 }),
        ),
        async (s) => {
          if (/[\t\n\r\u3000]/.test(s)) return;
          expect(await parse(parseExpr(secrecy, 's'), s)).toBe(ref(s));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A CSV field: sometimes quoted (always when it needs to be). */
const field = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('A1', 'P1', '2024-03-01', '2024/3/1', '2024年3月1日', '是', '秘密', '', ' ', '""', ',', '\n', '甲,乙', '"x"'),
);
const serialize = (f: string, forceQuote: boolean) =>
  forceQuote || /[",\r\n]/.test(f) || /^\s|\s$/.test(f) ? `"${f.replaceAll('"', '""')}"` : f;

describe('whole files', () => {
  it('random rows and garbage never crash the loader, and loaded + rejected = rows', async () => {
    const cols = ['submission_id', 'office_id', 'person_id', 'submitted_on', 'kind', 'adopted_level', 'leader_instruction'];
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(cols, { minLength: cols.length, maxLength: cols.length }),
        fc.array(
          fc.oneof(
            { weight: 4, arbitrary: fc.record({ fields: fc.array(field, { minLength: 5, maxLength: 9 }), quote: fc.boolean() }) },
            {
              weight: 1,
              arbitrary: fc
                .string({ minLength: 1, maxLength: 30 })
                .filter((s) => !/["\r\n]/.test(s) && s.trim() !== '')
                .map((s) => ({ garbage: s })),
            },
          ),
          { maxLength: 40 },
        ),
        fc.constantFrom('\n', '\r\n'),
        async (header, records, eol) => {
          const lines = records.map((r) => ('garbage' in r ? r.garbage : r.fields.map((f) => serialize(f, r.quote)).join(',')));
          const dir = await dataDir({
            'offices.csv': OFFICES,
            'staff.csv': STAFF,
            'submissions.csv': [header.join(','), ...lines].join(eol) + eol,
          });
          let result;
          try {
            result = (await check(dir)).result;
          } catch (e) {
            expect(e).toBeInstanceOf(InputError); // file-level problems only, never a crash
            return;
          }
          const f = result.files.find((x) => x.table === 'submissions')!;
          expect(f.rows).toBe(lines.length);
          expect(f.loaded + f.rejected).toBe(f.rows);
        },
      ),
      { numRuns: 40 },
    );
  });
});
