/**
 * End to end on a hand-checked dataset: tests/golden/data was scored by hand
 * from the rules (the arithmetic is in tests/golden/NOTES.md) and
 * `kaoping run` must reproduce tests/golden/expected byte for byte.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, ROOT, tempDir } from './helpers.ts';

const GOLDEN = join(ROOT, 'tests', 'golden');

describe('golden dataset, scored by hand', () => {
  let out: string;
  let stdout: string;
  beforeAll(async () => {
    out = join(await tempDir(), 'out');
    const r = await cli(['run', '--data', join(GOLDEN, 'data'), '--year', '2024', '--out', out, '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    stdout = r.stdout;
  });

  for (const file of ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv']) {
    it(`${file} matches the hand-worked expectation exactly`, async () => {
      const got = await readFile(join(out, file), 'utf8');
      const want = await readFile(join(GOLDEN, 'expected', file), 'utf8');
      expect(got).toBe(want);
    });
  }

  it('reports the quota overflow of an unbroken tie', () => {
    expect(stdout).toMatch(/县级部门: 4 offices, 2 excellent \(quota 1, 1 over it by an unbroken tie\), 1 vetoed/);
  });

  it('explains the vetoed office and a commended office, in Chinese and in English', async () => {
    const db = join(out, 'kaoping.duckdb');
    const vetoZh = await cli(['explain', '--db', db, '--office', 'D03']);
    expect(vetoZh.code).toBe(0);
    expect(vetoZh.stdout).toMatch(/一票否决:涉密文件经公文交换箱传输 —— documents\.csv 第 \d+ 行,编号 \S+(秘密文件经公文交换箱传输)/);
    expect(vetoZh.stdout).toMatch(/评优:一票否决,取消评优资格。/);
    expect(vetoZh.stdout).toMatch(/等次:不合格/);
    const vetoEn = await cli(['explain', '--db', db, '--office', 'D03', '--lang', 'en']);
    expect(vetoEn.stdout).toMatch(/!! Veto: Classified document sent through the exchange box — documents\.csv line \d+/);
    expect(vetoEn.stdout).toMatch(/rank 4 of 4 in its category; tier: fail; not commended/);

    const winner = await cli(['explain', '--db', db, '--office', 'T02']);
    expect(winner.stdout).toMatch(/获评先进办公室/);
    expect(winner.stdout).toMatch(/排第 2 位,名额 2 个,评为优秀/);
    expect(winner.stdout).toMatch(/发文总量控制 \(doc_cap\): 实测 \S+,目标 \S+,得分 9\.50\/10\.00,失分 0\.50/);
    const loser = await cli(['explain', '--db', db, '--office', 'T03', '--lang', 'en']);
    expect(loser.stdout).toMatch(/number 3 among the candidates of its category \(by total, then by the Supervision, Information and research subtotals\), beyond the quota of 2; graded good/);
    const tied = await cli(['explain', '--db', db, '--office', 'D01', '--lang', 'en']);
    expect(tied.stdout).toMatch(/fully tied with others, so the quota is exceeded by 1/);
  });

  it('explain names an unknown office in one sentence and exits 2', async () => {
    const r = await cli(['explain', '--db', join(out, 'kaoping.duckdb'), '--office', 'NOPE', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('kaoping: There is no office NOPE in the 2024 results.');
  });
});
