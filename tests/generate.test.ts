/**
 * The generator: same seed, same bytes; its output passes validation with no
 * rejects except the bad rows it was asked to inject (and exactly those); a
 * generated city has a real city's categories and spread of scores.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '../data/generate/index.ts';
import { check, cli, ROOT, tempDir } from './helpers.ts';

async function files(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const f of (await readdir(dir)).sort()) if (f !== '.kaoping') out[f] = await readFile(join(dir, f));
  return out;
}

describe('kaoping generate', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other bytes', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    for (const [dir, seed] of [
      [a, '5'],
      [b, '5'],
      [c, '6'],
    ]) {
      const r = await cli(['generate', '--offices', '120', '--years', '2023..2024', '--seed', seed, '--out', dir, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
    const [fa, fb, fc] = [await files(a), await files(b), await files(c)];
    expect(Object.keys(fa)).toEqual([
      'attendance.csv',
      'document_counts.csv',
      'documents.csv',
      'offices.csv',
      'staff.csv',
      'submissions.csv',
      'supervision.csv',
      'trainings.csv',
      '会议.csv',
    ]);
    for (const f of Object.keys(fa)) expect(fa[f].equals(fb[f]), f).toBe(true);
    expect(fa['documents.csv'].equals(fc['documents.csv'])).toBe(false);
  });

  it('passes validation with no rejects', async () => {
    const dir = await tempDir();
    await generate({ offices: 150, years: [2022, 2024], seed: 11, out: dir });
    const { result, rejects } = await check(dir);
    expect(rejects).toEqual([]);
    expect(result.files.find((f) => f.table === 'offices')!.loaded).toBe(150);
  });

  it('with bad rows, rejects exactly the rows it injected', async () => {
    const dir = await tempDir();
    const gen = await generate({ offices: 100, years: [2023, 2024], seed: 3, out: dir, bad: true });
    expect(gen.bad.length).toBeGreaterThan(0);
    const { rejects } = await check(dir);
    const got = [...new Set(rejects.map((r) => `${r.file}:${r.line}`))].sort();
    expect(got).toEqual([...new Set(gen.bad.map((b) => `${b.file}:${b.line}`))].sort());
  });
});

describe('a generated city', () => {
  it("has a real city's categories and a real spread of scores: few perfect totals, a tail, rare ties at the quota", async () => {
    const dir = await tempDir();
    await generate({ offices: 1500, years: [2023, 2024], seed: 1, out: dir });
    const { readScheme } = await import('../pipeline/scheme.ts');
    const { appraiseYear } = await import('../pipeline/appraise.ts');
    const scheme = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    const { db, rejects } = await check(dir, scheme.items);
    expect(rejects).toEqual([]);
    await appraiseYear(db, scheme, 2024, (table) => `${table}.csv`);

    // 乡镇 and 街道, the counties' 两办, their 党群 and 政府 offices, the city's own 党群 and 政府 offices
    const categories = await db.all<{ category: string; n: number }>(
      `SELECT category, count(*)::INT n FROM scores WHERE year = 2024 GROUP BY category ORDER BY n DESC`,
    );
    expect(categories.map((c) => c.category).sort()).toEqual(
      ['乡镇', '街道', '县级两办', '县级党群部门', '县级政府部门', '市直党群部门', '市直政府部门'].sort(),
    );
    const share = (names: string[]) => categories.filter((c) => names.includes(c.category)).reduce((a, c) => a + c.n, 0) / 1500;
    expect(categories[0].n / 1500).toBeLessThan(0.5); // no category is most of the city
    expect(Math.min(...categories.map((c) => c.n))).toBeGreaterThanOrEqual(20); // each has a quota of at least 4
    expect(share(['乡镇', '街道'])).toBeGreaterThan(0.15);
    expect(share(['乡镇', '街道'])).toBeLessThan(0.3);
    expect(share(['县级政府部门', '市直政府部门'])).toBeGreaterThan(share(['县级党群部门', '市直党群部门']));

    const spread = (await db.one<{ perfect: number; low: number; q1: number; median: number; q3: number; max: number }>(
      `SELECT count(*) FILTER (WHERE total = 100)::INT perfect, count(*) FILTER (WHERE total < 60 AND NOT vetoed)::INT low,
        quantile_cont(total, 0.25) q1, median(total) median, quantile_cont(total, 0.75) q3, max(total) max
       FROM scores WHERE year = 2024`,
    ))!;
    expect(spread.perfect).toBeLessThan(15); // under 1% of the offices at exactly 100.00
    expect(spread.max).toBeGreaterThan(97); // the best offices still come close
    expect(spread.median).toBeGreaterThan(84);
    expect(spread.median).toBeLessThan(92);
    expect(spread.q3 - spread.q1).toBeGreaterThan(5);
    expect(spread.q3 - spread.q1).toBeLessThan(12);
    expect(spread.low).toBeGreaterThan(0); // a tail: a few offices fail on points
    expect(spread.low).toBeLessThan(30); // but under 2%

    // at the quota boundary of each category: an office tied with the last one taken is rare
    const tied = await db.all<{ category: string; n: number }>(
      `WITH ordered AS (
         SELECT category, total, quota, row_number() OVER (PARTITION BY category ORDER BY total DESC) nth FROM scores
         WHERE year = 2024 AND NOT vetoed),
       boundary AS (SELECT category, total FROM ordered WHERE nth = quota)
       SELECT category, count(*)::INT n FROM ordered JOIN boundary USING (category, total) GROUP BY category HAVING count(*) > 1`,
    );
    expect(tied.length).toBeLessThanOrEqual(2);
    db.close();
  }, 120_000);
});

describe('the bundled sample', () => {
  it('rejects exactly the bad rows its README lists, and nothing else', async () => {
    const readme = await readFile(join(ROOT, 'data', 'sample', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## 故意错误的行'), readme.indexOf('## 规则案例'));
    const listed = [...section.matchAll(/^\| (\S+\.(?:csv|xlsx)) \| (\d+) \|/gm)].map((m) => `${m[1]}:${m[2]}`).sort();
    expect(listed.length).toBe(11);
    const { rejects } = await check(join(ROOT, 'data', 'sample'));
    expect([...new Set(rejects.map((r) => `${r.file}:${r.line}`))].sort()).toEqual(listed);
  });
});
