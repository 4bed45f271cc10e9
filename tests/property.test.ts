/**
 * Property tests (fast-check): the parsers of dates, booleans and enums
 * against a reference, and whole random files: the loader never crashes and
 * loaded + rejected always equals the rows in the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { listValue } from '@duckdb/node-api';
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

/** What `expr` makes of each of `texts`, in one query (as the loader parses a column): text -> value. */
async function parseAll(expr: string, texts: (string | null)[]): Promise<Map<string | null, unknown>> {
  const rows = await db.all<{ i: number; v: unknown }>(
    `SELECT i, ${expr} AS v FROM (SELECT i, kp_text(t) AS s FROM (SELECT unnest($1::VARCHAR[]) AS t, generate_subscripts($1::VARCHAR[], 1) AS i))`,
    [listValue(texts)],
  );
  expect(rows).toHaveLength(texts.length);
  return new Map(rows.map((r) => [texts[r.i - 1], r.v]));
}

/**
 * fc.assert of `property` for `numRuns` cases of `arb`, each given what `expr` makes of its text. The texts are parsed
 * in one query instead of one query a case: the same cases (the same seed) are generated twice, first to collect their
 * texts, then to check each against its parse; a text not collected (one fast-check makes while it shrinks a failing
 * case) is parsed on its own.
 */
async function assertParsed<V>(
  arb: fc.Arbitrary<V>,
  expr: string,
  text: (v: V) => string | null,
  property: (v: V, parsed: unknown) => void,
  numRuns: number,
): Promise<void> {
  const seed = (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const texts: (string | null)[] = [];
  fc.assert(
    fc.property(arb, (v) => {
      texts.push(text(v));
    }),
    { numRuns, seed },
  );
  const parsed = await parseAll(expr, texts);
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      const s = text(v);
      property(v, parsed.has(s) ? parsed.get(s) : await parse(expr, s));
    }),
    { numRuns, seed },
  );
}

describe('parsers', () => {
  it('every valid date in each of the four spellings parses to itself', async () => {
    const spelled = ([d, spelling, pad]: [Date, number, boolean]) => {
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const p = (n: number) => (pad ? String(n).padStart(2, '0') : String(n));
      const text = [`${y}-${p(m)}-${p(day)}`, `${y}/${p(m)}/${p(day)}`, `${y}.${p(m)}.${p(day)}`, `${y}年${p(m)}月${p(day)}日`][spelling];
      return ` ${text} `;
    };
    await assertParsed(
      fc.tuple(
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
      ),
      'kp_date(s)',
      spelled,
      ([d], parsed) => {
        expect(parsed).toBe(d.toISOString().slice(0, 10));
      },
      300,
    );
  });

  it('any text either is no date or is one of the four spellings of the date it gives', async () => {
    const spellings = /^\s*(\d{1,4})(?:-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})|\.(\d{1,2})\.(\d{1,2})|年(\d{1,2})月(\d{1,2})日)\s*$/;
    await assertParsed(
      fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{2,4}[-/.年][0-9]{1,3}[-/.月][0-9]{1,3}日?$/)),
      'kp_date(s)',
      (s) => s,
      (s, parsed) => {
        const got = parsed as string | null;
        if (got === null) return;
        const m = spellings.exec(s);
        expect(m, s).not.toBeNull();
        const nums = m!.slice(1).filter(Boolean).map(Number);
        expect(got).toBe(`${String(nums[0]).padStart(4, '0')}-${String(nums[1]).padStart(2, '0')}-${String(nums[2]).padStart(2, '0')}`);
      },
      500,
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
    await assertParsed(
      fc.oneof(fc.constantFrom('true', 'FALSE', ' 1', '0 ', '是', '否', 'y', 'N', 'Yes', '', ' ', 't'), fc.string({ maxLength: 5 })),
      'kp_bool(s)',
      (s) => s,
      (s, parsed) => {
        if (/[\t\n\r\u3000]/.test(s)) return; // kp_text trims these too; the reference trims spaces only
        expect(parsed).toBe(ref(s));
      },
      300,
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
    await assertParsed(
      fc.oneof(
        fc.constantFrom(...Object.keys(secrecy.values!), ...Object.values(secrecy.values!), 'SECRET', ' 机密 ', 'Top_Secret', ''),
        fc.string({ maxLength: 6 }),
      ),
      parseExpr(secrecy, 's'),
      (s) => s,
      (s, parsed) => {
        if (/[\t\n\r\u3000]/.test(s)) return;
        expect(parsed).toBe(ref(s));
      },
      300,
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
          // up to 40 rows a file, as written (fast-check's default size would stop at 10)
          { maxLength: 40, size: 'max' },
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
            const checked = await check(dir);
            checked.db.close();
            result = checked.result;
          } catch (e) {
            expect(e).toBeInstanceOf(InputError); // file-level problems only, never a crash
            return;
          }
          const f = result.files.find((x) => x.table === 'submissions')!;
          expect(f.rows).toBe(lines.length);
          expect(f.loaded + f.rejected).toBe(f.rows);
        },
      ),
      // 20 files of up to 40 rows: more rows than 40 files of up to 10 (the loader's cost is the file's, ~80 statements
      // whatever its rows; the rows are what vary), with 20 header orders and both line ends all but surely
      { numRuns: 20 },
    );
  });
});
