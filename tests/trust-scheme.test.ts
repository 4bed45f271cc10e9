/**
 * A scheme is data, and kaoping trusts none of it: its SQL reads only the
 * loaded tables (no file, no other table, no COPY or ATTACH, not even
 * through a macro or by breaking out of the parentheses kaoping puts it in);
 * every number means what it says (no negative maxima, no 1e300); its
 * dimension ids cannot overwrite a column of scores.csv; and a measure that
 * gives NaN or ±Infinity is refused instead of reaching the totals. Each
 * refusal is one sentence naming the item, exit 2, nothing written. Real
 * scheme files in temp folders, the real CLI and the real modules.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../pipeline/errors.ts';
import { Db } from '../pipeline/db.ts';
import { checkSchemeSql, readScheme } from '../pipeline/scheme.ts';
import { appraiseYear } from '../pipeline/appraise.ts';
import { createFormatters, writeResultCsvs } from '../pipeline/write.ts';
import {
  check,
  cli,
  dataDir,
  OFFICES,
  readCsv,
  ROOT,
  schemeItem as item,
  schemeVariant as variant,
  STAFF,
  tempDir,
  toDimensionsOf,
} from './helpers.ts';

const DEFAULT = join(ROOT, 'metrics', 'default.yaml');
const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

/** A folder outside OUT holding a file a scheme must not read, and where one must not write. */
async function outside() {
  const dir = await tempDir('kaoping-outside-');
  const csv = join(dir, 'secret.csv');
  await writeFile(csv, 'office_id,value\nA1,4242\nA2,4242\n');
  await writeFile(join(dir, 'secret.txt'), 'top secret 4242\n');
  return { dir, csv, txt: join(dir, 'secret.txt') };
}

/** Runs the small dataset with `scheme`; returns the result and the OUT folder. */
async function runWith(scheme: string, lang: 'en' | 'zh' = 'en') {
  const out = join(await tempDir(), 'out');
  const data = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF });
  const r = await cli(['run', '--data', data, '--year', '2024', '--scheme', scheme, '--out', out, '--lang', lang, '--quiet']);
  return { ...r, out };
}

/** Refused: exit 2, one line naming what, nothing written to OUT. */
function expectRefused(r: { code: number; stderr: string; out: string }, message: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(existsSync(join(r.out, 'scores.csv'))).toBe(false);
  expect(existsSync(join(r.out, 'indicators.csv'))).toBe(false);
  expect(r.stderr).not.toContain('4242');
}

/**
 * The small dataset loaded and checked once, for the cases that kaoping refuses while it checks the scheme's SQL
 * (checkSchemeSql, before anything is scored): those differ from the default scheme in one query only, and the check
 * writes nothing but kaoping's and the scheme's macros (the same in each of them) and an empty this_item.
 */
let loaded: Promise<Db> | undefined;
/**
 * The small dataset loaded and checked once more, for the cases scored as `kaoping run` scores them (appraiseYear:
 * the scheme's check, score and rank of 2024). Each case's appraisal replaces the year's results of the one before
 * (score deletes the year's indicators, evidence and vetoes first; rank replaces the year's scores), so every case
 * is scored from the loaded tables alone, as in a run of its own; the load and check (the same for every case) are
 * done once instead of once a case.
 */
let scoring: Promise<Db> | undefined;
afterAll(async () => {
  (await loaded)?.close();
  (await scoring)?.close();
});
const loadSmall = () =>
  dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF })
    .then((dir) => check(dir))
    .then((r) => r.db);

/** `scheme` scored and ranked for 2024 on the small dataset, as a run does (the database is shared: read it before the next case). */
async function scoredBy(scheme: string): Promise<Db> {
  const db = await (scoring ??= loadSmall());
  await appraiseYear(db, await readScheme(scheme), 2024, (table) => `${table}.csv`);
  return db;
}

/** `indicator` of `office` as the appraisal on the shared database left it. */
const indicator = async (db: Db, office: string, id: string) =>
  db.one(`SELECT value, target, points, note FROM indicators WHERE year = 2024 AND office_id = $1 AND indicator = $2`, [office, id]);

/** The InputError the real pipeline (the scheme's check, score, rank) throws for `scheme` on the small dataset. */
async function refusedBy(scheme: string): Promise<InputError> {
  return oneSentence(
    await scoredBy(scheme).then(
      () => undefined,
      (x: unknown) => x,
    ),
  );
}

/** The InputError the scheme check throws for `scheme` on that database (it must throw one). */
async function refusedByCheck(scheme: string): Promise<InputError> {
  const db = await (loaded ??= loadSmall());
  return oneSentence(
    await readScheme(scheme)
      .then((s) => checkSchemeSql(db, s, 2024))
      .then(
        () => undefined,
        (x: unknown) => x,
      ),
  );
}

/** `e` is an InputError of one sentence in each language that does not show the secret. */
function oneSentence(e: unknown): InputError {
  expect(e).toBeInstanceOf(InputError);
  const err = e as InputError;
  expect(err.message.split('\n')).toHaveLength(1);
  expect(err.zh?.split('\n')).toHaveLength(1);
  expect(err.message).not.toContain('4242');
  return err;
}

describe('17: a scheme reads only the loaded tables and no file', () => {
  const measures: [string, (o: Awaited<ReturnType<typeof outside>>) => string, RegExp][] = [
    [
      'read_text',
      (o) => `SELECT office_id, length(t.content) AS value FROM offices, read_text('${o.txt}') t`,
      /item research: its measure SQL calls the table function read_text\('.*secret\.txt'\), but a scheme's SQL may read only the loaded tables \(offices, staff, documents/,
    ],
    [
      'a file named in FROM (replacement scan)',
      (o) => `SELECT office_id, value FROM '${o.csv}'`,
      /item research: its measure SQL reads the file '.*secret\.csv', but a scheme's SQL may read only the loaded tables/,
    ],
    [
      '/etc/passwd named in FROM',
      () => `SELECT o.office_id, (SELECT count(*) FROM '/etc/passwd') AS value FROM offices o`,
      /item research: its measure SQL reads the file '\/etc\/passwd'/,
    ],
    [
      'read_csv',
      (o) => `SELECT office_id, value FROM read_csv('${o.csv}')`,
      /item research: its measure SQL calls the table function read_csv\('.*secret\.csv'\)/,
    ],
    [
      'glob',
      (o) => `SELECT o.office_id, (SELECT count(*) FROM glob('${o.dir}/*')) AS value FROM offices o`,
      /item research: its measure SQL calls the table function glob\(/,
    ],
    [
      'read_blob',
      (o) => `SELECT o.office_id, (SELECT max(size) FROM read_blob('${o.txt}')) AS value FROM offices o`,
      /calls the table function read_blob\(/,
    ],
    [
      'parquet_scan',
      (o) => `SELECT office_id, 1 AS value FROM offices WHERE EXISTS (SELECT 1 FROM parquet_scan('${o.dir}/x.parquet'))`,
      /calls the table function parquet_scan\(/,
    ],
    ['query_table', () => `SELECT office_id, 1 AS value FROM query_table('offices')`, /calls the table function query_table\('offices'\)/],
    [
      'a table of the database that is not an input',
      () => `SELECT o.office_id, (SELECT count(*) FROM rejects) AS value FROM offices o`,
      /item research: its measure SQL reads the table rejects, but a scheme's SQL may read only the loaded tables/,
    ],
    ['a qualified table name', () => `SELECT office_id, 1 AS value FROM main.offices`, /reads the table main\.offices/],
    [
      'the engine settings',
      () => `SELECT office_id, length(current_setting('home_directory')) AS value FROM offices`,
      /item research: its measure SQL calls current_setting\(\), which reads the engine's settings or state/,
    ],
    [
      'this_item outside evidence',
      () => `SELECT office_id, 1 AS value FROM this_item`,
      /item research: its measure SQL reads the table this_item/,
    ],
    [
      'DESCRIBE',
      () => `SELECT column_name AS office_id, 1 AS value FROM (DESCRIBE offices)`,
      /item research: its measure SQL uses DESCRIBE or SUMMARIZE, but a scheme's SQL may read only/,
    ],
    [
      'a function of an extension that is not loaded',
      () => `SELECT office_id, st_x(st_point(1, 2)) AS value FROM offices`,
      /item research: its measure SQL calls st_\w+\(\), which is neither a built-in function nor one of the scheme's macros/,
    ],
  ];
  for (const [name, sql, message] of measures) {
    it(`a measure: ${name}`, async () => {
      const o = await outside();
      const e = await refusedByCheck(
        await variant((s) => {
          item(s, 'research').measure = sql(o);
          toDimensionsOf('research')(s);
        }),
      );
      expect(e.message).toMatch(message);
      expect(e.zh).toMatch(/^考核细则 variant\.yaml:指标 research 的计分 SQL\(measure\)/);
    });
  }

  it('the CLI: exit 2, one sentence in English or Chinese naming the item and what it tried, nothing written', async () => {
    const o = await outside();
    const scheme = await variant((s) => {
      item(s, 'research').measure = `SELECT office_id, length(content) AS value FROM offices, read_text('${o.txt}')`;
      toDimensionsOf('research')(s);
    });
    expectRefused(
      await runWith(scheme),
      /^kaoping: Scheme variant\.yaml: item research: its measure SQL calls the table function read_text\('.*secret\.txt'\), but a scheme's SQL may read only the loaded tables \(offices, staff, documents, document_counts, meetings, submissions, supervision, trainings, attendance\), its own WITH queries and macros, and no file \(table functions allowed: range, generate_series, unnest and the scheme's table macros\)\.\n$/,
    );
    expectRefused(
      await runWith(scheme, 'zh'),
      /^kaoping: 考核细则 variant\.yaml:指标 research 的计分 SQL\(measure\)调用了表函数 read_text\('.*secret\.txt'\),但考核细则的 SQL 只能读取已载入的表\(offices、staff、.*\)、自身的 WITH 子查询和宏,不得读写文件\(允许的表函数:range、generate_series、unnest 及本考核细则定义的表宏\)。\n$/,
    );
    // and without the check the file's content reaches the outputs: a replacement scan of a CSV
    const csv = await runWith(
      await variant((s) => {
        item(s, 'research').measure = `SELECT office_id, value FROM '${o.csv}'`;
        toDimensionsOf('research')(s);
      }),
    );
    expectRefused(csv, /item research: its measure SQL reads the file '.*secret\.csv'/);
  });

  it('evidence, a veto, individuals, directors and diagnostics are checked as well', async () => {
    const o = await outside();
    const read = `SELECT * FROM read_csv('${o.csv}')`;
    const cases: [(s: any) => void, RegExp][] = [
      [
        (s) => {
          item(s, 'attendance').evidence =
            `SELECT office_id, 'x' AS source, 'x' AS row_id, 1 AS line, content AS detail, content AS detail_zh FROM offices, read_text('${o.txt}')`;
        },
        /item attendance: its evidence SQL calls the table function read_text/,
      ],
      [
        (s) => {
          s.vetoes[0].sql = `SELECT office_id, 'x' AS source, 'x' AS row_id, 1 AS line, 'x' AS detail, 'x' AS detail_zh FROM (${read})`;
        },
        /veto classified_via_exchange_box calls the table function read_csv/,
      ],
      [
        (s) => {
          s.individuals.sql = `SELECT office_id AS person_id, value AS points FROM (${read})`;
        },
        /individuals calls the table function read_csv/,
      ],
      [
        (s) => {
          s.directors.sql = `SELECT office_id AS person_id, 50 AS age, 12 AS director_years FROM '${o.csv}'`;
        },
        /directors reads the file '.*secret\.csv'/,
      ],
      [
        (s) => {
          s.diagnostics.sql = `SELECT office_id, value FROM (${read})`;
        },
        /diagnostics calls the table function read_csv/,
      ],
    ];
    for (const [edit, message] of cases) {
      const e = await refusedByCheck(
        await variant((s) => {
          edit(s);
          toDimensionsOf('attendance')(s);
        }),
      );
      expect(e.message).toMatch(message);
    }
  });

  it('macros may not COPY, ATTACH or create anything but macros', async () => {
    const o = await outside();
    const cases: [string, RegExp, string][] = [
      [
        `COPY (SELECT * FROM offices) TO '${o.dir}/copied.csv'`,
        /its macros(: statement \d+ tries to read or write a file \(Permission Error| may only define macros \(CREATE MACRO\), but statement \d+ is COPY)/,
        'copied.csv',
      ],
      [
        `ATTACH '${o.dir}/attached.duckdb' AS elsewhere`,
        /its macros may only define macros \(CREATE MACRO\), but statement \d+ is ATTACH/,
        'attached.duckdb',
      ],
      [
        `CREATE OR REPLACE TABLE offices AS SELECT 'A1' AS office_id, 'x' AS name, 'x' AS category`,
        /its macros may only define macros \(CREATE MACRO\), but statement \d+ creates something else/,
        '',
      ],
      [
        `CREATE VIEW leak AS SELECT * FROM read_text('${o.txt}')`,
        /its macros(: statement \d+ tries to read or write a file| may only define macros)/,
        '',
      ],
      [`SET enable_external_access = true`, /its macros may only define macros \(CREATE MACRO\), but statement \d+ is SET/, ''],
      [`INSTALL spatial`, /its macros may only define macros \(CREATE MACRO\), but statement \d+ is/, ''],
    ];
    for (const [statement, message, written] of cases) {
      const e = await refusedBy(
        await variant((s) => {
          s.macros = `${s.macros}\n${statement};\n`;
          toDimensionsOf('research')(s);
        }),
      );
      expect(e.message).toMatch(message);
      if (written) expect(existsSync(join(o.dir, written)), written).toBe(false);
    }
    // the CLI, with the real database file in OUT's staging folder
    const r = await runWith(
      await variant((s) => {
        s.macros += `ATTACH '${o.dir}/attached.duckdb' AS elsewhere;\nCOPY (SELECT 1 AS a) TO '${o.dir}/copied.csv';\n`;
        toDimensionsOf('research')(s);
      }),
    );
    expectRefused(r, /^kaoping: Scheme variant\.yaml: its macros may only define macros \(CREATE MACRO\), but statement 9 is ATTACH\.\n$/);
    expect(existsSync(join(o.dir, 'attached.duckdb'))).toBe(false);
    expect(existsSync(join(o.dir, 'copied.csv'))).toBe(false);
  });

  it('a macro body is checked: a table macro or a scalar macro that reads a file is refused, naming the macro', async () => {
    const o = await outside();
    // DuckDB binds a table macro when it is created: where no file can be reached, that fails
    const table = await refusedBy(
      await variant((s) => {
        s.macros += `CREATE OR REPLACE MACRO leak() AS TABLE SELECT * FROM read_csv('${o.csv}');\n`;
        item(s, 'research').measure = 'SELECT office_id, value FROM leak()';
        toDimensionsOf('research')(s);
      }),
    );
    expect(table.message).toMatch(
      /^Scheme variant\.yaml: its macros: statement 9 tries to read or write a file \(Permission Error: Cannot access file ".*secret\.csv"/,
    );
    const later = await refusedBy(
      await variant((s) => {
        s.macros += `CREATE OR REPLACE MACRO leak(f) AS TABLE SELECT * FROM read_text(f);\n`;
        item(s, 'research').measure = `SELECT office_id, 1 AS value FROM offices WHERE EXISTS (SELECT 1 FROM leak('${o.txt}'))`;
        toDimensionsOf('research')(s);
      }),
    );
    expect(later.message).toMatch(
      /^Scheme variant\.yaml: its macro leak calls the table function read_text\(\), but a scheme's SQL may read only/,
    );
    const scalar = await refusedBy(
      await variant((s) => {
        s.macros += `CREATE OR REPLACE MACRO leak(x) AS (SELECT max(value) FROM '${o.csv}' WHERE office_id = x);\n`;
        item(s, 'research').measure = 'SELECT office_id, leak(office_id) AS value FROM offices';
        toDimensionsOf('research')(s);
      }),
    );
    expect(scalar.message).toMatch(
      /^Scheme variant\.yaml: its macros: statement 9 tries to read or write a file \(Permission Error: Cannot access file ".*secret\.csv"/,
    );
    // a macro whose file is a parameter binds only where it is called: its body is checked
    const blob = await refusedBy(
      await variant((s) => {
        s.macros += `CREATE OR REPLACE MACRO leak(f) AS (SELECT max(size) FROM read_blob(f));\n`;
        item(s, 'research').measure = `SELECT office_id, leak('${o.txt}') AS value FROM offices`;
        toDimensionsOf('research')(s);
      }),
    );
    expect(blob.message).toMatch(
      /^Scheme variant\.yaml: its macro leak calls the table function read_blob\(\), but a scheme's SQL may read only/,
    );
    expect(blob.zh).toMatch(/^考核细则 variant\.yaml:宏 leak 调用了表函数 read_blob\(\),但考核细则的 SQL 只能读取/);
    const named = await refusedBy(
      await variant((s) => {
        s.macros += `CREATE OR REPLACE MACRO leak(f) AS (SELECT count(*) FROM 'elsewhere.csv' WHERE f);\n`;
        item(s, 'research').measure = 'SELECT office_id, leak(true) AS value FROM offices';
        toDimensionsOf('research')(s);
      }),
    );
    expect(named.message).toMatch(/its macros: statement 9 tries to read or write a file|its macro leak reads the file 'elsewhere\.csv'/);
  });

  it('a measure cannot break out of the parentheses kaoping puts it in to run a COPY', async () => {
    const o = await outside();
    const r = await runWith(
      await variant((s) => {
        item(s, 'research').measure =
          `SELECT office_id, 1 AS value FROM offices) x; COPY (SELECT 1 AS a) TO '${o.dir}/breakout.csv'; SELECT * FROM (SELECT 1`;
        toDimensionsOf('research')(s);
      }),
    );
    expectRefused(r, /item research: its measure SQL does not run: Parser Error/);
    expect(existsSync(join(o.dir, 'breakout.csv'))).toBe(false);
  });

  it('a scheme that is not one SELECT is refused, and so is a trailing semicolon that would end the subquery kaoping wraps it in', async () => {
    const many = await refusedByCheck(
      await variant((s) => {
        item(s, 'research').measure = 'SELECT office_id, 1 AS value FROM offices; SELECT office_id, 2 AS value FROM offices';
        toDimensionsOf('research')(s);
      }),
    );
    expect(many.message).toMatch(/item research: its measure SQL must be one SELECT query, not 2 statements/);
    const copy = await refusedByCheck(
      await variant((s) => {
        item(s, 'research').measure = `COPY offices TO '/tmp/kaoping-never.csv'`;
        toDimensionsOf('research')(s);
      }),
    );
    expect(copy.message).toMatch(/item research: its measure SQL must be one SELECT query \(a scheme may not COPY, ATTACH/);
    expect(existsSync('/tmp/kaoping-never.csv')).toBe(false);
    // (a trailing -- comment is fine: kaoping wraps a query on lines of its own, tests/sql.test.ts)
    const semicolon = await refusedByCheck(
      await variant((s) => {
        item(s, 'research').measure = 'SELECT office_id, 1 AS value FROM offices;';
        toDimensionsOf('research')(s);
      }),
    );
    expect(semicolon.message).toMatch(/item research: its measure SQL does not run as a subquery: Parser Error/);
  });

  it('what a scheme may do still works: WITH queries, range, generate_series, unnest, its own macros', async () => {
    const scheme = await variant((s) => {
      s.macros += 'CREATE OR REPLACE MACRO halves(n) AS TABLE SELECT range / 2 AS h FROM range(n);\n';
      item(s, 'research').measure = `
        WITH counted AS (SELECT office_id, count(*) AS n FROM submissions WHERE in_year(submitted_on, $year) AND kind = 'research' GROUP BY ALL),
             pad AS (SELECT unnest([0, 0]) AS z, (SELECT count(*) FROM generate_series(1, 3)) - 3 AS zero, (SELECT sum(h) FROM halves(1)) AS none)
        SELECT o.office_id, coalesce(c.n, 0) + (SELECT max(zero) FROM pad) AS value
        FROM offices o LEFT JOIN counted c USING (office_id)`;
    });
    // the golden data checked, scored and ranked with it, and scores.csv written, as `kaoping run --lang en` does
    // (only scores.csv is looked at: the run's workbook, documents, report and store are left out)
    const s = await readScheme(scheme);
    const { db } = await check(GOLDEN, s.items);
    const b = await tempDir();
    try {
      await appraiseYear(db, s, 2024, (table) => `${table}.csv`);
      await createFormatters(db);
      await writeResultCsvs(db, s, 2024, b, 'en');
    } finally {
      db.close();
    }
    // the same scores as the default scheme's: tests/cases/golden/expected is what it gives (cases.test.ts)
    expect(await readFile(join(b, 'scores.csv'), 'utf8')).toBe(
      await readFile(join(ROOT, 'tests', 'cases', 'golden', 'expected', 'scores.csv'), 'utf8'),
    );
  });

  it('the bundled schemes pass the check (and score as before: see golden.test.ts and report.test.ts)', async () => {
    for (const scheme of [
      DEFAULT,
      join(ROOT, 'metrics', 'reduce-burden-2024.yaml'),
      join(ROOT, 'tests', 'cases', 'golden-report', 'scheme.yaml'),
    ]) {
      const db = await scoredBy(scheme);
      expect(Number(await db.scalar('SELECT count(*) FROM scores'))).toBe(2);
      // scored with this scheme: its items, and no other
      const items = (await readScheme(scheme)).items.map((i) => i.id).sort();
      expect((await db.all<{ i: string }>(`SELECT DISTINCT indicator AS i FROM indicators ORDER BY 1`)).map((r) => r.i)).toEqual(items);
    }
  });
});

/** The InputError readScheme throws for the scheme `edit` makes (it must throw one). */
async function refusal(edit: (s: any) => void): Promise<InputError> {
  const path = await variant(edit);
  const e = await readScheme(path).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('18: every number of a scheme is checked against what it means', () => {
  const cases: [string, (s: any) => void, string, string][] = [
    [
      'a negative per_unit (11 of 5 points)',
      (s) => {
        item(s, 'attendance').rule.per_unit = -1;
      },
      'dimensions[team].items[attendance].rule.per_unit',
      '-1',
    ],
    [
      'a negative maximum',
      (s) => {
        item(s, 'on_time').max = -30;
      },
      'dimensions[supervision].items[on_time].max',
      '-30',
    ],
    [
      'a maximum of 1e300',
      (s) => {
        item(s, 'on_time').max = 1e300;
      },
      'dimensions[supervision].items[on_time].max',
      '1e+300',
    ],
    [
      'a maximum of 0',
      (s) => {
        item(s, 'on_time').max = 0;
      },
      'dimensions[supervision].items[on_time].max',
      '0',
    ],
    [
      'a NaN maximum',
      (s) => {
        item(s, 'on_time').max = NaN;
      },
      'dimensions[supervision].items[on_time].max',
      'NaN',
    ],
    [
      'a negative dimension',
      (s) => {
        s.dimensions[0].points = -30;
      },
      'dimensions[documents].points',
      '-30',
    ],
    [
      'a total of 0',
      (s) => {
        s.total = 0;
      },
      'total',
      '0',
    ],
    [
      'a total of 1e300',
      (s) => {
        s.total = 1e300;
      },
      'total',
      '1e+300',
    ],
    [
      'a negative individuals.top',
      (s) => {
        s.individuals.top = -1;
      },
      'individuals.top',
      '-1',
    ],
    [
      'a fractional individuals.top',
      (s) => {
        s.individuals.top = 2.5;
      },
      'individuals.top',
      '2.5',
    ],
    [
      'a negative quota.min',
      (s) => {
        s.quota.min = -5;
      },
      'quota.min',
      '-5',
    ],
    [
      'a fractional quota.min',
      (s) => {
        s.quota.min = 1.5;
      },
      'quota.min',
      '1.5',
    ],
    [
      'a quota.share above 1',
      (s) => {
        s.quota.share = 1.5;
      },
      'quota.share',
      '1.5',
    ],
    [
      'a negative ratio',
      (s) => {
        item(s, 'doc_cap').rule.ratio = -0.5;
      },
      'dimensions[documents].items[doc_cap].rule.ratio',
      '-0.5',
    ],
    [
      'a ratio of 1e20',
      (s) => {
        item(s, 'doc_cap').rule.ratio = 1e20;
      },
      'dimensions[documents].items[doc_cap].rule.ratio',
      '100000000000000000000',
    ],
    [
      'accumulate with per_unit 0 (target = max / 0)',
      (s) => {
        item(s, 'research').rule.per_unit = 0;
      },
      'dimensions[info].items[research].rule.per_unit',
      '0',
    ],
    [
      'a linear zero of 1e300',
      (s) => {
        item(s, 'meeting_length').rule.zero = 1e300;
      },
      'dimensions[meetings].items[meeting_length].rule.zero',
      '1e+300',
    ],
    [
      'a tier above the total',
      (s) => {
        s.tiers.excellent = 150;
      },
      'tiers.excellent',
      '150',
    ],
    [
      'a negative tier',
      (s) => {
        s.tiers.pass = -10;
      },
      'tiers.pass',
      '-10',
    ],
  ];
  for (const [name, edit, path, value] of cases) {
    it(name, async () => {
      const e = await refusal(edit);
      expect(e.message).toContain(`Scheme variant.yaml: ${path} is ${value}, but must be `);
      expect(e.message).toMatch(/\.$/);
      expect(e.message.length).toBeLessThan(200);
      expect(e.zh).toContain(`考核细则 variant.yaml:${path} 为 ${value},应为`);
      expect(e.zh).toMatch(/。$/);
    });
  }

  it('the CLI refuses them with exit 2 and one sentence, before loading anything', async () => {
    const r = await runWith(
      await variant((s) => {
        item(s, 'attendance').rule.per_unit = -1;
      }),
    );
    expectRefused(
      r,
      /^kaoping: Scheme variant\.yaml: dimensions\[team\]\.items\[attendance\]\.rule\.per_unit is -1, but must be a number from 0 to 10000 \(points per unit\)\.\n$/,
    );
    const big = await runWith(
      await variant((s) => {
        item(s, 'on_time').max = 1e300;
      }),
      'zh',
    );
    expectRefused(
      big,
      /^kaoping: 考核细则 variant\.yaml:dimensions\[supervision\]\.items\[on_time\]\.max 为 1e\+300,应为大于 0 且不超过 10000 的数\(分值\)。\n$/,
    );
  });

  it('deduct and deduct_over_baseline accept per_unit 0, and the bounds themselves', async () => {
    const path = await variant((s) => {
      item(s, 'attendance').rule.per_unit = 0;
      item(s, 'doc_cap').rule.ratio = 0;
      s.quota = { share: 1, min: 0 };
      s.individuals.top = 0;
      s.tiers = { excellent: 100, good: 0, pass: 0 };
    });
    const scheme = await readScheme(path);
    expect(scheme.items.find((i) => i.id === 'attendance')!.rule.per_unit).toBe(0);
  });
});

describe('19: a dimension id cannot be a column kaoping writes to scores.csv', () => {
  const rename = (from: string, to: string) => (s: any) => {
    s.dimensions.find((d: any) => d.id === from).id = to;
    s.tie_breakers = s.tie_breakers.map((t: string) => (t === from ? to : t));
  };
  for (const id of [
    'total',
    'rank',
    'tier',
    'commended',
    'vetoed',
    'office_name',
    'year',
    'Total',
    'total_raw',
    'quota',
    'excellence_order',
  ]) {
    it(`a dimension called ${id}`, async () => {
      const e = await refusal(rename('team', id));
      expect(e.message).toMatch(
        new RegExp(
          `^Scheme variant\\.yaml: the dimension id ${id} cannot be used, because its (unrounded )?subtotal would be the column ${id}(_raw)? of scores, which kaoping writes itself \\(year, office_id, office_name, category, total, vetoed, tier, rank, commended, \\.\\.\\.\\)\\.$`,
          'i',
        ),
      );
      expect(e.zh).toMatch(new RegExp(`^考核细则 variant\\.yaml:维度编号 ${id} 不能使用`));
    });
  }

  it('two dimensions whose columns collide (x and x_raw, or names differing in case)', async () => {
    const raw = await refusal((s) => {
      rename('team', 'info_raw')(s);
    });
    expect(raw.message).toBe(
      'Scheme variant.yaml: the dimension ids info and info_raw collide: both would write the column info_raw of scores (names are compared without case).',
    );
    const cased = await refusal((s) => {
      rename('team', 'INFO')(s);
    });
    expect(cased.message).toMatch(/the dimension ids info and INFO collide: both would write the column INFO of scores/);
  });

  it('diagnostics cannot return a year column (the diagnostics table has one already)', async () => {
    const e = await refusedByCheck(
      await variant((s) => {
        s.diagnostics.sql = 'SELECT office_id, 2020 AS Year FROM offices';
        toDimensionsOf('research')(s);
      }),
    );
    expect(e.message).toBe(
      'Scheme variant.yaml: diagnostics returns a column Year, but kaoping writes the year of the diagnostics itself.',
    );
    expect(e.zh).toBe('考核细则 variant.yaml:诊断(diagnostics)的 SQL 返回了列 Year,而诊断表的年度列由 kaoping 自己写入。');
  });

  it('the CLI refuses a dimension called rank with exit 2 instead of writing a broken scores.csv', async () => {
    const r = await runWith(await variant(rename('team', 'rank')));
    expectRefused(r, /^kaoping: Scheme variant\.yaml: the dimension id rank cannot be used/);
  });
});

describe('24: a measure that gives NaN or ±Infinity is refused; NULL counts as 0', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'NaN',
      'research',
      `SELECT office_id, 'nan'::DOUBLE AS value FROM offices`,
      /Scheme item research: its measure returns the value NaN for office A1, but it must be a finite number \(NULL counts as 0\)\./,
    ],
    [
      'Infinity',
      'attendance',
      `SELECT office_id, CASE WHEN office_id = 'A2' THEN 'inf'::DOUBLE ELSE 1 END AS value FROM offices`,
      /Scheme item attendance: its measure returns the value Infinity for office A2/,
    ],
    [
      '-Infinity',
      'meeting_length',
      `SELECT office_id, '-inf'::DOUBLE AS value FROM offices`,
      /Scheme item meeting_length: its measure returns the value -Infinity for office A1/,
    ],
    [
      'a NaN target',
      'info_quota',
      `SELECT office_id, 1 AS value, 'nan'::DOUBLE AS target FROM offices`,
      /Scheme item info_quota: its measure gives the target NaN for office A1/,
    ],
    [
      'a NaN baseline',
      'doc_cap',
      `SELECT office_id, 1 AS value, 'nan'::DOUBLE AS baseline FROM offices`,
      /Scheme item doc_cap: its measure returns the baseline NaN for office A1/,
    ],
    [
      'a -Infinity baseline',
      'meeting_count',
      `SELECT office_id, 1 AS value, '-inf'::DOUBLE AS baseline FROM offices`,
      /Scheme item meeting_count: its measure returns the baseline -Infinity for office A1/,
    ],
  ];
  for (const [name, id, sql, message] of cases) {
    it(name, async () => {
      const e = await refusedBy(
        await variant((s) => {
          item(s, id).measure = sql;
          toDimensionsOf(id)(s);
        }),
      );
      expect(e.message).toMatch(message);
      expect(e.zh).toMatch(
        new RegExp(
          `^考核细则指标 ${id}:计分 SQL (返回的 (value|baseline) 为|得出的目标值\\(target\\)为) -?(NaN|Infinity)\\(单位 A[12]\\),应为有限数值(\\(NULL 按 0 计\\))?。$`,
        ),
      );
    });
  }

  it('the CLI: exit 2 and one sentence naming the item, not "unexpected failure" (exit 1)', async () => {
    const scheme = await variant((s) => {
      item(s, 'research').measure = `SELECT office_id, 'nan'::DOUBLE AS value FROM offices`;
      toDimensionsOf('research')(s);
    });
    const en = await runWith(scheme);
    expectRefused(
      en,
      /^kaoping: Scheme item research: its measure returns the value NaN for office A1, but it must be a finite number \(NULL counts as 0\)\.\n$/,
    );
    expectRefused(
      await runWith(scheme, 'zh'),
      /^kaoping: 考核细则指标 research:计分 SQL 返回的 value 为 NaN\(单位 A1\),应为有限数值\(NULL 按 0 计\)。\n$/,
    );
  });

  it('a NULL value, like an office the measure leaves out, is scored as 0 and shown empty, as metrics/README.md says', async () => {
    const path = await variant((s) => {
      // attendance: deduct 0.5 per record from 5; research: accumulate 2.5 per report up to 5
      item(s, 'attendance').measure = `SELECT office_id, NULL::DOUBLE AS value FROM offices WHERE office_id = 'A1'`;
      item(s, 'research').measure = `SELECT office_id, NULL AS value FROM offices WHERE office_id = 'A1'`;
      toDimensionsOf('attendance', 'research')(s);
    });
    const db = await scoredBy(path);
    for (const office of ['A1', 'A2']) {
      expect(await indicator(db, office, 'attendance')).toMatchObject({ value: null, points: 5 });
      expect(await indicator(db, office, 'research')).toMatchObject({ value: null, points: 0 });
    }
    // indicators.csv as a run's write stage writes it (no run: a NULL value goes through the report and the documents in
    // every run, as for an item with no rows): value is a number column, an empty cell is its NULL
    const dir = await tempDir();
    await createFormatters(db);
    await writeResultCsvs(db, await readScheme(path), 2024, dir, 'en');
    const rows = readCsv(await readFile(join(dir, 'indicators.csv'), 'utf8'));
    const of = (id: string) => rows.filter((x) => x.indicator === id).map((x) => [x.office_id, x.value, x.points]);
    expect(of('attendance')).toEqual([
      ['A1', '', '5.00'],
      ['A2', '', '5.00'],
    ]);
    expect(of('research')).toEqual([
      ['A1', '', '0.00'],
      ['A2', '', '0.00'],
    ]);
  });

  it('a NULL, 0 or negative baseline is no baseline: full points and the note "no baseline"', async () => {
    const path = await variant((s) => {
      item(s, 'meeting_count').measure = `SELECT office_id, 3 AS value, CASE office_id WHEN 'A1' THEN -2 END AS baseline FROM offices`;
      toDimensionsOf('meeting_count')(s);
    });
    const db = await scoredBy(path);
    for (const office of ['A1', 'A2'])
      expect(await indicator(db, office, 'meeting_count')).toMatchObject({ value: 3, target: null, points: 5, note: 'no baseline' });
  });
});
