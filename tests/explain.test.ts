/**
 * The appraisal year (pipeline/years.ts) and `kaoping explain` (pipeline/explain.ts, lookup.ts, words/units.ts), on real
 * runs: a small data folder with a stray typo date, the golden county (tests/cases/golden, its NOTES.md has the arithmetic
 * the expectations below are worked from) and the bundled sample. The golden transcripts of explain are in
 * tests/cases/golden/expected/explain-*.txt.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cli, dataDir, goldenRun, readCsv, ROOT, sampleRun, STAFF, tempDir, withEnv } from './helpers.ts';
import { appraisalYear, dataYears, defaultYear, scoredYear } from '../pipeline/years.ts';
import { readScheme } from '../pipeline/scheme.ts';
import { InputError } from '../pipeline/errors.ts';
import { Db } from '../pipeline/db.ts';
import { percent, quantity } from '../words/units.ts';

const docs = (office: string, dates: string[], from = 1) => dates.map((d, i) => `${office}-${from + i},${office},${d}`).join('\n') + '\n';
const months = (year: number, n: number) => Array.from({ length: n }, (_, i) => `${year}-${String((i % 12) + 1).padStart(2, '0')}-15`);

/**
 * Two towns, and two offices sharing a name. Documents: 20 in 2024 (10 each), 5 in 2023 (A1), and one typed 2031
 * instead of 2021 (A2): 26 dated rows, of which 2031 holds 1 (3.8%), 2023 5 (19.2%), 2024 20 (76.9%).
 */
const TYPO = {
  'offices.csv': 'office_id,name,category\nA1,甲镇党政办,乡镇\nA2,乙镇党政办,乡镇\nB1,同名办,乡镇\nB2,同名办,乡镇\n',
  'staff.csv': STAFF,
  'documents.csv':
    'doc_id,office_id,issued_on\n' +
    docs('A1', months(2024, 10)) +
    docs('A2', months(2024, 10)) +
    docs('A1', months(2023, 5), 11) +
    'A2-99,A2,2031-03-01\n',
};

describe('the appraisal year', () => {
  /** a run of TYPO without --year (no office pages, no feedback letters: its manifest, scores.csv and database are read) */
  let typo: string;
  beforeAll(async () => {
    typo = join(await tempDir(), 'out');
    const data = await dataDir(TYPO);
    const r = await withEnv({ KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' }, () =>
      cli(['run', '--data', data, '--out', typo, '--quiet']),
    );
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('counts the dated rows per year; a stray typo date does not become the default year, a given year with rows is taken', async () => {
    const { db } = await check(await dataDir(TYPO));
    try {
      expect(await dataYears(db)).toEqual([
        { year: 2023, rows: 5 },
        { year: 2024, rows: 20 },
        { year: 2031, rows: 1 },
      ]);
      expect(await appraisalYear(db)).toBe(2024); // the latest year any row falls in would be 2031
      expect(await appraisalYear(db, 2023)).toBe(2023);
      expect(await appraisalYear(db, 2031)).toBe(2031); // asked for, and a table has a row of it
      const e = await appraisalYear(db, 2030).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).text('zh')).toBe(
        '数据中没有 2030 年的记录(任何一张表都没有该年度带日期的数据),数据中的年度为 2023 年(5 行)、2024 年(20 行)、2031 年(1 行);' +
          '请用 --year 指定其中一年。',
      );
      expect((e as InputError).text('en')).toBe(
        'The data has no dated row in 2030 (no table has a record of that year); ' +
          'it holds 2023 (5 rows), 2024 (20 rows) and 2031 (1 row): pass one of these as --year.',
      );
    } finally {
      db.close();
    }
  });

  it('the default year: at least 10% of the dated rows, the latest such; without any, half the busiest year at least', () => {
    const y = (...rows: [number, number][]) => rows.map(([year, n]) => ({ year, rows: n }));
    expect(defaultYear(y([2023, 90], [2024, 10]))).toBe(2024); // exactly 10%
    expect(defaultYear(y([2023, 91], [2024, 9]))).toBe(2023); // 9%
    expect(defaultYear(y([2024, 1]))).toBe(2024);
    expect(defaultYear([])).toBeUndefined();
    // eleven years of 10 rows each (none holds 10% of 111) and a stray 2042: the latest year with 5 rows or more
    const spread = y(...Array.from({ length: 11 }, (_, i) => [2014 + i, 10] as [number, number]), [2042, 1]);
    expect(defaultYear(spread)).toBe(2024);
  });

  it('run without --year appraises 2024, not the typo year; run --year 2030 is one sentence and writes nothing', async () => {
    expect(JSON.parse(await readFile(join(typo, 'manifest.json'), 'utf8')).year).toBe(2024);
    expect(new Set(readCsv(await readFile(join(typo, 'scores.csv'), 'utf8')).map((s) => s.year))).toEqual(new Set(['2024']));
    const data = await dataDir(TYPO);

    const wrong = join(await tempDir(), 'out');
    for (const [lang, sentence] of [
      ['zh', /^kaoping: 数据中没有 2030 年的记录.*2023 年\(5 行\)、2024 年\(20 行\)、2031 年\(1 行\);请用 --year 指定其中一年。$/],
      ['en', /^kaoping: The data has no dated row in 2030 .*2023 \(5 rows\), 2024 \(20 rows\) and 2031 \(1 row\): pass one .* --year\.$/],
    ] as const) {
      const bad = await cli(['run', '--data', data, '--year', '2030', '--out', wrong, '--quiet', '--lang', lang]);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trimEnd()).toMatch(sentence);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(wrong)).toBe(false);
    }
  });

  it('names an office by a name two offices share: one sentence listing both', async () => {
    const out = typo;
    const r = await cli(['explain', '--db', join(out, 'kaoping.duckdb'), '--office', '同名办']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaoping: “同名办”对应 2024 年度考评结果中的 2 个单位:B1(同名办)、B2(同名办);请写明单位编码。\n');
    const en = await cli(['explain', '--db', join(out, 'kaoping.duckdb'), '--office', '同名办', '--lang', 'en']);
    expect(en.stderr).toBe(
      'kaoping: "同名办" names 2 offices of the 2024 results: B1 (同名办), B2 (同名办); give the office\'s code exactly.\n',
    );
    expect((await cli(['explain', '--db', join(out, 'kaoping.duckdb'), '--office', 'B2'])).stdout).toMatch(/^同名办 \(B2\)/);
  });
});

describe('the bundled sample', () => {
  let out: string;
  beforeAll(async () => {
    // `kaoping run --out OUT --quiet`, run once for the test files of this worker; a copy of its OUT
    const r = await sampleRun();
    out = r.out;
    expect(r.stdout).toContain('2024 年度考评完成');
  }, 180_000);

  it('run with no --year still appraises 2024 (the sample holds 2023 too)', async () => {
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).year).toBe(2024);
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      expect((await dataYears(db)).map((y) => y.year)).toEqual([2023, 2024]);
      expect(await scoredYear(db)).toBe(2024);
    } finally {
      db.close();
    }
  });

  it('run --year 2030 on the sample: one sentence naming 2023 and 2024, exit 2, nothing written', async () => {
    // into the database of the sample's run (a copy of it): the run reuses that run's load of the sample instead of
    // loading it again (~0.4 CPU-s), and the year is looked for in those loaded tables as after a load of its own; a
    // fresh run refusing a year is the TYPO case above. The database is left as it was.
    const db = join(out, 'kaoping.duckdb');
    const before = await readFile(db);
    const wrong = join(await tempDir(), 'out');
    const r = await cli(['run', '--year', '2030', '--db', db, '--out', wrong, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kaoping: 数据中没有 2030 年的记录.*数据中的年度为 2023 年\([\d,]+ 行\)、2024 年\([\d,]+ 行\);[^\n]*。\n$/);
    expect(existsSync(wrong)).toBe(false);
    expect((await readFile(db)).equals(before)).toBe(true);
  });

  it('evidence beyond 12 rows says how many and where all of them are; the query it gives lists every one', async () => {
    const db = join(out, 'kaoping.duckdb');
    for (const lang of ['zh', 'en'] as const) {
      const r = await cli(['explain', '--db', db, '--office', 'XZ022', '--lang', lang]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      const at = lines.findIndex((l) => l.includes('(doc_cap):'));
      const m = (lang === 'zh' ? /实测 (\d+) 件,上限 (\d+) 件/ : /value (\d+) documents, cap (\d+) documents/).exec(lines[at])!;
      const over = Number(m[1]) - Number(m[2]); // every document after the cap is a row of evidence
      expect(over).toBeGreaterThan(12);
      const evidence = lines[at + 2];
      const shown = evidence.match(/XZ022-2024-\d+/g)!;
      expect(shown).toHaveLength(12);
      expect(evidence).toMatch(lang === 'zh' ? new RegExp(` 等共 ${over} 条$`) : new RegExp(` and ${over - 12} more$`));
      const rest = lines[at + 3];
      expect(rest).toContain(
        lang === 'zh' ? `(其余 ${over - 12} 条见 results.xlsx 的“失分依据”表` : `(the other ${over - 12}: results.xlsx`,
      );
      const [, dbShown, sql] = /kaoping query --db (\S+) "([^"]+)"\)$/.exec(rest)!;
      expect(dbShown).toBe(db);
      const q = await cli(['query', '--db', dbShown, sql, '--format', 'csv']);
      expect(q.code, q.stderr).toBe(0);
      const rows = readCsv(q.stdout);
      expect(rows).toHaveLength(over);
      expect(rows.slice(0, 12).map((row) => row.row_id)).toEqual(shown);
    }
  });

  it('--office takes the code in any case or the name, and suggests the nearest when nothing matches', async () => {
    const db = join(out, 'kaoping.duckdb');
    const exact = await cli(['explain', '--db', db, '--office', 'XZ001']);
    expect(exact.stdout).toMatch(/^城关镇党政办 \(XZ001\) · 乡镇 · 2024 年度/);
    for (const given of ['xz001', '城关镇党政办', ' 城关镇党政办 ', 'ＸＺ００１']) {
      const r = await cli(['explain', '--db', db, '--office', given]);
      expect(r.stdout, given).toBe(exact.stdout);
    }
    const near = await cli(['explain', '--db', db, '--office', '城关镇党政办公室']);
    expect(near.code).toBe(2);
    expect(near.stderr).toBe('kaoping: 2024 年度考评结果中没有编码或名称为“城关镇党政办公室”的单位;是否要找 XZ001(城关镇党政办)?\n');
    const typo = await cli(['explain', '--db', db, '--office', 'XZ01', '--lang', 'en']);
    expect(typo.stderr).toBe(
      'kaoping: There is no office "XZ01" (code or name) in the 2024 results; ' +
        'did you mean XZ001 (城关镇党政办), XZ010 (杨店镇党政办) or XZ011 (马坊镇党政办)?\n',
    );
  });
});

describe('explain on the golden county', () => {
  let out: string;
  let db: string;
  const explain = (...args: string[]) => cli(['explain', '--db', db, ...args]);
  beforeAll(async () => {
    // `kaoping run --data GOLDEN --year 2024`, run once for the test files of this worker; a copy of its OUT
    out = (await goldenRun()).out;
    db = join(out, 'kaoping.duckdb');
  }, 120_000);

  it('counts as whole numbers with their unit, shares as percentages (T06, NOTES.md)', async () => {
    const r = await explain('--office', 'T06');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    for (const line of [
      // 2023 has 3 rows → cap floor(2.7) = 2; 8 in 2024, 6 over → 10 − 3
      '  发文总量控制 (doc_cap): 实测 8 件,上限 2 件,得分 7.00/10.00,失分 3.00',
      '  以文件落实文件 (relay_docs): 实测 6 件,得分 0.00/5.00,失分 5.00',
      // 2 of 8 compliant
      '  发文程序规范 (doc_process): 实测 25%,目标 100%,得分 1.25/5.00,失分 3.75',
      // 2023: 1 meeting, 2024: 4
      '  会议数量控制 (meeting_count): 实测 4 次,上限 1 次,得分 3.50/5.00,失分 1.50',
      // (150 + 120 + 180 + 130) / 4 = 145 minutes
      '  开短会 (meeting_length): 实测 145 分钟,目标 60 分钟,得分 0.00/5.00,失分 5.00',
      // 3 submissions of a target of 12 × 2 staff
      '  信息报送任务 (info_quota): 实测 3 条,目标 24 条,得分 1.25/10.00,失分 8.75',
      '  按期办结率 (on_time): 实测 25%,目标 100%,得分 3.00/12.00,失分 9.00',
      '  逾期未办结 (overdue_open): 实测 2 项,得分 2.00/4.00,失分 2.00',
      '  业务培训 (training): 实测 50%,目标 100%,得分 2.50/5.00,失分 2.50',
      '  上下班督查 (attendance): 实测 11 次,得分 0.00/5.00,失分 5.00',
    ]) {
      expect(lines).toContain(line);
    }
    const en = (await explain('--office', 'T06', '--lang', 'en')).stdout.split('\n');
    expect(en).toContain('  Short meetings (meeting_length): value 145 minutes, target 60 minutes, points 0.00/5.00, lost 5.00');
    expect(en).toContain('  Relaying superior documents (relay_docs): value 6 documents, points 0.00/5.00, lost 5.00');
    // T02's 9 of 10 documents in order, 2 of 5 meetings onsite or video; one relayed document
    const t02 = (await explain('--office', 'T02', '--lang', 'en')).stdout.split('\n');
    expect(t02).toContain('  Document procedure (doc_process): value 90%, target 100%, points 4.50/5.00, lost 0.50');
    expect(t02).toContain(
      '  Meeting formats (onsite, video, combined) (meeting_format): value 40%, target 50%, points 4.00/5.00, lost 1.00',
    );
    expect(t02).toContain('  Relaying superior documents (relay_docs): value 1 document, points 4.00/5.00, lost 1.00');
  });

  it('says why each office has its tier: the tier lines of the scheme (90 / 80 / 60) or the veto', async () => {
    const last = async (office: string, lang = 'zh') =>
      (await explain('--office', office, '--lang', lang)).stdout.trimEnd().split('\n').at(-1);
    // T06 22.50 fail, T04 61.08 pass, T09 80.00 good (exactly the good line), T08 90.00 beyond the quota of 2, D03 vetoed
    expect(await last('T06')).toBe('评优:总分 22.50 分,低于优秀线 90 分,不能评为优秀;低于合格线 60 分,等次为不合格。');
    expect(await last('T06', 'en')).toBe(
      'Commendation: the total 22.50 is below the excellence line of 90, so it cannot be excellent; ' +
        'it is below the pass line of 60, so it is graded fail.',
    );
    expect(await last('T04')).toBe('评优:总分 61.08 分,低于优秀线 90 分,不能评为优秀;低于良好线 80 分、不低于合格线 60 分,等次为合格。');
    expect(await last('T09')).toBe('评优:总分 80.00 分,低于优秀线 90 分,不能评为优秀;不低于良好线 80 分,等次为良好。');
    expect(await last('T08')).toMatch(/^评优:达到优秀线,但在本类别优秀候选中.*排第 4 位,在名额 2 个之外,定为良好。$/);
    expect(await last('D03')).toBe('评优:一票否决,等次为不合格,取消评优资格。');
  });

  it('the year: one sentence naming the appraised years, in Chinese by default, for explain, report and sensitivity', async () => {
    const zh = '数据库中没有 2023 年度的考评结果,已考评的年度为:2024(用 kaoping run --year 2023 考评该年度)。';
    const en = 'The database has no appraisal run for 2023; it holds 2024 (kaoping run --year 2023 appraises that year).';
    for (const args of [
      ['explain', '--db', db, '--office', 'T02', '--year', '2023'],
      ['report', '--out', out, '--office', 'T02', '--year', '2023'],
      ['sensitivity', '--db', db, '--year', '2023', '--draws', '10'],
    ]) {
      const r = await cli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(`kaoping: ${zh}\n`);
      expect((await cli([...args, '--lang', 'en'])).stderr).toBe(`kaoping: ${en}\n`);
    }
    expect(existsSync(join(out, 'sensitivity.csv'))).toBe(false);
    // without --year: the latest appraised year
    expect((await explain('--office', 'T02')).stdout).toMatch(/^河口镇党政办 \(T02\) · 乡镇 · 2024 年度/);
  });

  it('an unknown office without a near one: the query the sentence gives lists every office', async () => {
    const r = await explain('--office', 'NOPE');
    expect(r.code).toBe(2);
    const [, dbShown, sql] =
      /^kaoping: 2024 年度考评结果中没有编码或名称为“NOPE”的单位,也没有相近的;运行 kaoping query --db (\S+) "([^"]+)" 可列出全部单位。\n$/.exec(
        r.stderr,
      )!;
    const q = await cli(['query', '--db', dbShown, sql, '--format', 'csv']);
    expect(readCsv(q.stdout).map((o) => o.office_id)).toEqual([
      'D01',
      'D02',
      'D03',
      'D04',
      ...Array.from({ length: 10 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`),
    ]);
    expect((await explain('--office', '柳林')).stderr).toBe(
      'kaoping: 2024 年度考评结果中没有编码或名称为“柳林”的单位;是否要找 T06(柳林镇党政办)?\n',
    );
  });
});

describe("the scheme's unit of an item", () => {
  it('every item of the bundled schemes states one; a scheme extending the default inherits them', async () => {
    const def = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    expect(def.items.filter((it) => !it.unit).map((it) => it.id)).toEqual([]);
    expect(def.items.find((it) => it.id === 'doc_cap')).toMatchObject({ unit: '件', unit_en: 'documents' });
    expect(def.items.find((it) => it.id === 'on_time')).toMatchObject({ unit: '%', unit_en: '%' });
    const rb = await readScheme(join(ROOT, 'metrics', 'reduce-burden-2024.yaml'));
    expect(rb.items.find((it) => it.id === 'research')).toMatchObject({ unit: '篇', unit_en: 'reports' });
  });

  it('a unit that is not text is one sentence naming the item', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      [`extends: ${join(ROOT, 'metrics', 'default.yaml')}`, 'id: bad', 'dimensions:', '  - id: documents', '    items:']
        .concat(['      - id: doc_cap', '        unit: 5', ''])
        .join('\n'),
    );
    const e = await readScheme(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).text('en')).toBe('Scheme bad.yaml: item doc_cap needs a text "unit".');
    expect((e as InputError).text('zh')).toBe('考核细则 bad.yaml:指标 doc_cap 缺少文本 "unit"。');
  });

  it('a quantity is written with its unit: whole counts, two decimals at most, shares as percentages', () => {
    const doc = { unit: '件', unit_en: 'documents' };
    expect(quantity(16, doc, 'zh')).toBe('16 件');
    expect(quantity(16, doc, 'en')).toBe('16 documents');
    expect(quantity(1, doc, 'en')).toBe('1 document');
    expect(quantity(56.5, { unit: '分钟', unit_en: 'minutes' }, 'zh')).toBe('56.5 分钟');
    expect(quantity(56.333333, { unit: '分钟', unit_en: 'minutes' }, 'en')).toBe('56.33 minutes');
    expect(quantity(2.675, {}, 'zh')).toBe('2.68');
    expect(quantity(0.94, {}, 'zh')).toBe('0.94');
    expect(quantity(null, doc, 'zh')).toBe('');
    expect(quantity(0.9375, { unit: '%' }, 'en')).toBe('93.8%');
    expect([percent(0), percent(0.0004), percent(0.4), percent(2 / 3), percent(0.9996), percent(1)]).toEqual([
      '0%',
      '0.1%',
      '40%',
      '66.7%',
      '99.9%',
      '100%',
    ]);
  });
});
