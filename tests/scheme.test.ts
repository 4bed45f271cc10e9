/**
 * Schemes are data: a broken scheme is one sentence naming the item (exit 2),
 * and a scheme that extends another changes only what it says.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readScheme } from '../pipeline/scheme.ts';
import {
  cli,
  dataDir,
  OFFICES,
  ROOT,
  schemeItem as item,
  schemeVariant as variant,
  STAFF,
  tempDir,
  toDimensionsOf,
  withEnv,
} from './helpers.ts';

const DEFAULT = join(ROOT, 'metrics', 'default.yaml');
const GOLDEN = join(ROOT, 'tests', 'cases', 'golden');

describe('a broken scheme is refused with one sentence naming the item', () => {
  // [name, the edit, the sentence, for a query: the item whose dimensions alone are kept]
  const cases: [string, (s: any) => void, RegExp, string?][] = [
    [
      'unknown rule kind',
      (s) => {
        item(s, 'research').rule = { kind: 'bonus', per_unit: 1 };
      },
      /item research has the unknown rule kind "bonus"/,
    ],
    [
      'items not adding up to the dimension',
      (s) => {
        item(s, 'relay_docs').max = 6;
      },
      /the items of dimension documents add up to 31 points, not its 30/,
    ],
    [
      'dimensions not adding up to the total',
      (s) => {
        s.total = 110;
      },
      /the dimensions add up to 100 points, not the stated total 110/,
    ],
    [
      'a missing rule parameter',
      (s) => {
        item(s, 'attendance').rule = { kind: 'deduct' };
      },
      /item attendance: rule deduct needs a number "per_unit"/,
    ],
    [
      'SQL that does not run',
      (s) => {
        item(s, 'on_time').measure = 'SELECT office_id, count(*) AS value FROM no_such_table GROUP BY 1';
      },
      /item on_time: its measure SQL does not run: Catalog Error: Table with name no_such_table does not exist/,
      'on_time',
    ],
    [
      'SQL that returns the wrong columns',
      (s) => {
        item(s, 'feedback').measure = 'SELECT office_id, 1 AS score FROM offices';
      },
      /item feedback: its measure returns the columns office_id, score, but must return office_id, value/,
      'feedback',
    ],
    [
      'a measure with two rows for an office',
      (s) => {
        item(s, 'research').measure = 'SELECT office_id, 1 AS value FROM offices UNION ALL SELECT office_id, 2 AS value FROM offices';
      },
      /item research: its measure returns more than one row for office /,
      'research',
    ],
    [
      'a measure that fails while it runs',
      (s) => {
        item(s, 'research').measure = "SELECT office_id, CAST('x' || office_id AS INTEGER) AS value FROM offices";
      },
      /item research: its measure SQL fails: Conversion Error/,
      'research',
    ],
    [
      'evidence with the wrong columns',
      (s) => {
        item(s, 'attendance').evidence = 'SELECT office_id FROM attendance';
      },
      /item attendance: its evidence SQL returns the columns office_id, but must return office_id, source, row_id, line, detail, detail_zh/,
      'attendance',
    ],
  ];
  for (const [name, edit, message, cut] of cases) {
    it(name, async () => {
      const scheme = await variant((s) => {
        edit(s);
        if (cut) toDimensionsOf(cut)(s);
      });
      const out = join(await tempDir(), 'out');
      const r = await cli([
        'run',
        '--data',
        await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF }),
        '--year',
        '2024',
        '--scheme',
        scheme,
        '--out',
        out,
        '--lang',
        'en',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      await expect(readFile(join(out, 'scores.csv'))).rejects.toThrow();
    });
  }
});

describe('schemes extend schemes', () => {
  it('reduce-burden-2024 changes the document cap and information items only', async () => {
    const base = await readScheme(DEFAULT);
    const rb = await readScheme(join(ROOT, 'metrics', 'reduce-burden-2024.yaml'));
    expect(rb.id).toBe('reduce-burden-2024');
    expect(rb.total).toBe(100);
    const info = rb.dimensions.find((d) => d.id === 'info')!;
    expect(info.items.map((i) => [i.id, i.max])).toEqual([
      ['info_quota', 15],
      ['research', 10],
    ]);
    expect(rb.items.find((i) => i.id === 'doc_cap')!.rule).toMatchObject({ kind: 'deduct_over_baseline', ratio: 1 });
    // everything else is the default's
    expect(rb.items.find((i) => i.id === 'on_time')).toEqual(base.items.find((i) => i.id === 'on_time'));
    expect(rb.vetoes).toEqual(base.vetoes);
    // the information measures of the scheme do not look at adoption or instructions
    for (const it of info.items) expect(it.measure).not.toMatch(/adopted_level|leader_instruction/);
    expect(rb.individuals.sql).not.toMatch(/adopted_level|leader_instruction/);
    expect(rb.sha256).not.toBe(base.sha256);
  });
});

describe('the second bundled scheme on the golden data', () => {
  it('gives different, explainable results: the doc cap is last year, info counts submissions only', async () => {
    // a: what the default scheme's run of the golden data (2024) writes: tests/cases/golden/expected (cases.test.ts
    // checks such a run against it byte for byte)
    const [a, b] = [join(GOLDEN, 'expected'), join(await tempDir(), 'rb')];
    // no office pages, no feedback letters: only the CSVs, the manifest and the database are read here
    const r = await withEnv({ KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' }, () =>
      cli([
        'run',
        '--data',
        join(GOLDEN, 'data'),
        '--year',
        '2024',
        '--out',
        b,
        '--quiet',
        '--scheme',
        join(ROOT, 'metrics', 'reduce-burden-2024.yaml'),
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const { readCsv } = await import('./helpers.ts');
    const scores = async (dir: string) => new Map(readCsv(await readFile(join(dir, 'scores.csv'), 'utf8')).map((s) => [s.office_id, s]));
    const [sa, sb] = [await scores(a), await scores(b)];
    expect(sb.size).toBe(sa.size);
    const changed = [...sa.keys()].filter((id) => sa.get(id)!.total !== sb.get(id)!.total);
    expect(changed.length).toBeGreaterThan(sa.size / 2);
    const items = readCsv(await readFile(join(b, 'indicators.csv'), 'utf8'));
    expect(new Set(items.map((i) => i.indicator)).has('info_adoption')).toBe(false);
    // the cap is 100 % of last year: target = last year's documents, not 90 % of them
    const capA = readCsv(await readFile(join(a, 'indicators.csv'), 'utf8')).find(
      (i) => i.office_id === 'T02' && i.indicator === 'doc_cap',
    )!;
    const capB = items.find((i) => i.office_id === 'T02' && i.indicator === 'doc_cap')!;
    expect(Number(capB.target)).toBeGreaterThan(Number(capA.target));
    expect(Number(capB.points)).toBeGreaterThanOrEqual(Number(capA.points));
    const manifest = JSON.parse(await readFile(join(b, 'manifest.json'), 'utf8'));
    expect(manifest.scheme.id).toBe('reduce-burden-2024');
    const explain = await cli(['explain', '--db', join(b, 'kaoping.duckdb'), '--office', 'T02']);
    expect(explain.stdout).toContain('减负版考核细则(2024)');
    expect(explain.stdout).toContain(`发文只减不增 (doc_cap): 实测 ${Number(capB.value)} 件,上限 ${Number(capB.target)} 件`);
    expect(explain.stdout).toMatch(/信息报送任务 \(info_quota\): .*得分 [\d.]+\/15\.00/);
    expect(explain.stdout).not.toContain('info_adoption');
  });
});
