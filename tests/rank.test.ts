/**
 * Ranking, tiers, quota and tie-breakers, commendations and individuals.
 * Item points are set directly so each case is exact.
 */
import { describe, expect, it } from 'vitest';
import { rank } from '../pipeline/rank.ts';
import { appraise } from './helpers.ts';

type Office = [
  id: string,
  category: string,
  documents: number,
  meetings: number,
  info: number,
  supervision: number,
  team: number,
  vetoed?: boolean,
];

async function ranked(offices: Office[]) {
  const { db, scheme } = await appraise(
    {
      'offices.csv': 'office_id,name,category\n' + offices.map((o) => `${o[0]},${o[0]}名,${o[1]}`).join('\n') + '\n',
      'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
    },
    2024,
  );
  await db.run(`DELETE FROM indicators; DELETE FROM vetoes`);
  const dims = ['documents', 'meetings', 'info', 'supervision', 'team'];
  for (const o of offices) {
    for (const [i, d] of dims.entries()) {
      await db.run(
        `INSERT INTO indicators (year, office_id, dimension, indicator, seq, points, max_points) VALUES (2024, $1, $2, $2, $3, $4, 30)`,
        [o[0], d, i, o[2 + i] as number],
      );
    }
    if (o[7]) await db.run(`INSERT INTO vetoes (year, office_id, veto) VALUES (2024, $1, 'x')`, [o[0]]);
  }
  await rank(db, scheme, 2024);
  const rows = await db.all<{ office_id: string; total: number; rank: number; tier: string; commended: boolean; vetoed: boolean }>(
    `SELECT office_id, total, rank, tier, commended, vetoed FROM scores ORDER BY category, rank, office_id`,
  );
  const quota = await db.all(`SELECT category, offices, quota, eligible, excellent, overflow FROM quota ORDER BY category`);
  return { rows, quota, db };
}

describe('rank, tiers and the excellence quota', () => {
  it('competition ranks, vetoed last, thresholds, a quota tie broken by the supervision subtotal', async () => {
    const { rows, quota } = await ranked([
      ['O1', 'X', 30, 15, 20, 20, 10], // 95
      ['O2', 'X', 30, 15, 17, 20, 10], // 92, supervision 20
      ['O3', 'X', 30, 15, 20, 17, 10], // 92, supervision 17 -> loses the tie-break
      ['O4', 'X', 30, 15, 25, 20, 9, true], // 99 but vetoed
      ['O5', 'X', 30, 15, 15, 20, 10], // exactly 90: eligible, beyond the quota -> good
      ['O6', 'X', 30, 15, 5, 20, 10], // exactly 80 -> good
      ['O7', 'X', 30, 15, 4.99, 20, 10], // 79.99 -> pass
      ['O8', 'X', 10, 15, 5, 20, 10], // exactly 60 -> pass
      ['O9', 'X', 10, 15, 4.99, 20, 10], // 59.99 -> fail
      ['O10', 'X', 30, 15, 10, 20, 10], // 85 -> good
    ]);
    expect(rows.map((r) => [r.office_id, r.total, r.rank, r.tier, r.commended])).toEqual([
      ['O1', 95, 1, 'excellent', true],
      ['O2', 92, 2, 'excellent', true],
      ['O3', 92, 2, 'good', false],
      ['O5', 90, 4, 'good', false],
      ['O10', 85, 5, 'good', false],
      ['O6', 80, 6, 'good', false],
      ['O7', 79.99, 7, 'pass', false],
      ['O8', 60, 8, 'pass', false],
      ['O9', 59.99, 9, 'fail', false],
      ['O4', 99, 10, 'fail', false],
    ]);
    expect(quota).toEqual([{ category: 'X', offices: 10, quota: 2, eligible: 4, excellent: 2, overflow: 0 }]);
  });

  it('a tie the tie-breakers cannot resolve takes both offices and reports the overflow', async () => {
    const { rows, quota } = await ranked([
      ['Y1', 'Y', 30, 15, 20, 18, 10], // 93, sup 18, info 20
      ['Y2', 'Y', 30, 14, 20, 18, 11], // 93, same supervision and info subtotals
      ['Y3', 'Y', 30, 15, 21, 17, 10], // 93, loses on supervision
      ['Y4', 'Y', 10, 10, 10, 10, 10, true],
      ['Y5', 'Y', 20, 10, 10, 10, 10],
    ]);
    expect(rows.map((r) => [r.office_id, r.rank, r.tier, r.commended])).toEqual([
      ['Y1', 1, 'excellent', true],
      ['Y2', 1, 'excellent', true],
      ['Y3', 1, 'good', false],
      ['Y5', 4, 'pass', false],
      ['Y4', 5, 'fail', false],
    ]);
    expect(quota).toEqual([{ category: 'Y', offices: 5, quota: 1, eligible: 3, excellent: 2, overflow: 1 }]);
  });

  it('ranks within each category; the quota is at least one; vetoed offices rank among themselves', async () => {
    const { rows } = await ranked([
      ['A', '乡镇', 30, 15, 25, 20, 10],
      ['B', '乡镇', 30, 15, 25, 20, 9, true],
      ['C', '乡镇', 30, 15, 25, 20, 8, true],
      ['D', '县级部门', 20, 15, 25, 20, 10],
    ]);
    expect(rows.map((r) => [r.office_id, r.rank, r.tier])).toEqual([
      ['A', 1, 'excellent'],
      ['B', 2, 'fail'],
      ['C', 3, 'fail'],
      ['D', 1, 'excellent'],
    ]);
  });

  it('the total is the sum of unrounded items, rounded; ranks use the rounded total', async () => {
    // 89.994 + 0.002 rounds to 90.00 for both offices; unrounded they differ
    const { rows } = await ranked([
      ['R1', 'Z', 30, 15, 24.996, 20, 0.0],
      ['R2', 'Z', 30, 15, 24.995, 20, 0.0001],
    ]);
    expect(rows.map((r) => [r.office_id, r.total, r.rank])).toEqual([
      ['R1', 90, 1],
      ['R2', 90, 1],
    ]);
  });
});

describe('advanced individuals (先进个人)', () => {
  it('top 10 by points with ties at the 10th included, vetoed offices and inactive persons excluded', async () => {
    const staff = ['person_id,office_id,name,birth_date,role,joined_on,left_on'];
    const subs = ['submission_id,office_id,person_id,submitted_on,kind,adopted_level,leader_instruction'];
    // P01..P12 in A1 with 12..1 city-level adoptions -> points 12..1, except P10 and P11 both 3
    const counts = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 1];
    counts.forEach((n, i) => {
      const id = `P${String(i + 1).padStart(2, '0')}`;
      staff.push(`${id},A1,人${i + 1},1980-01-01,staff,2010-01-01,`);
      for (let k = 0; k < n; k++) subs.push(`${id}-${k},A1,${id},2024-05-01,information,city,false`);
    });
    staff.push('V1,A2,否决,1980-01-01,staff,2010-01-01,', 'L1,A1,离开,1980-01-01,staff,2010-01-01,2023-12-31');
    subs.push(
      'V1-0,A2,V1,2024-05-01,information,national,true',
      'L1-0,A1,L1,2024-05-01,research,province,true',
      'P12-r,A1,P12,2024-06-01,research,,false',
    );
    const { db } = await appraise(
      {
        'offices.csv': 'office_id,name,category\nA1,甲,乡镇\nA2,乙,乡镇\n',
        'staff.csv': staff.join('\n') + '\n',
        'submissions.csv': subs.join('\n') + '\n',
        'documents.csv': 'doc_id,office_id,issued_on,secrecy,channel\nD1,A2,2024-01-01,secret,exchange_box\n',
      },
      2024,
    );
    const rows = await db.all<{ rank: number; person_id: string; points: number }>(
      `SELECT rank, person_id, points FROM individuals ORDER BY points DESC, person_id`,
    );
    expect(rows.map((r) => [r.rank, r.person_id, r.points])).toEqual([
      [1, 'P01', 12],
      [2, 'P02', 11],
      [3, 'P03', 10],
      [4, 'P04', 9],
      [5, 'P05', 8],
      [6, 'P06', 7],
      [7, 'P07', 6],
      [8, 'P08', 5],
      [9, 'P09', 4],
      [10, 'P10', 3],
      [10, 'P11', 3],
    ]);
  });
});

describe('rules.ts: one ranking over scenarios, and the same rules in words', () => {
  const rules = { tiers: { excellent: 90, good: 80, pass: 60 }, quota: { share: 0.2, min: 1 }, tie_breakers: ['supervision'] };

  it('ranks each scenario on its own: the same offices, other totals, other outcomes', async () => {
    const { Db } = await import('../pipeline/db.ts');
    const { rankingSql, tierName } = await import('../pipeline/rules.ts');
    const db = await Db.open(':memory:');
    try {
      // scenario 1: A leads; scenario 2: A and B tie on total, B wins on the tie-breaker; V is vetoed in both
      const totals = `SELECT * FROM (VALUES
        (1, 'A', 'X', false, 95.0, 18.0, 1), (1, 'B', 'X', false, 92.0, 20.0, 1), (1, 'V', 'X', true, 99.0, 20.0, 1), (1, 'C', 'X', false, 59.99, 1.0, 1),
        (2, 'A', 'X', false, 93.0, 18.0, 1), (2, 'B', 'X', false, 93.0, 20.0, 1), (2, 'V', 'X', true, 99.0, 20.0, 1), (2, 'C', 'X', false, 80.0, 1.0, 1)
      ) v(scenario, office, category, vetoed, total, tb1, quota)`;
      const rows = await db.all<{
        scenario: number;
        office: string;
        rank: number;
        excellence_order: number | null;
        tier: string;
        commended: boolean;
      }>(`
        SELECT scenario, office, rank::INTEGER AS rank, excellence_order::INTEGER AS excellence_order, ${tierName('tier')} AS tier, commended
        FROM (${rankingSql(rules, totals)}) ORDER BY scenario, rank, office`);
      expect(rows.map((r) => [r.scenario, r.office, r.rank, r.excellence_order, r.tier, r.commended])).toEqual([
        [1, 'A', 1, 1, 'excellent', true],
        [1, 'B', 2, 2, 'good', false],
        [1, 'C', 3, null, 'fail', false],
        [1, 'V', 4, null, 'fail', false],
        [2, 'A', 1, 2, 'good', false],
        [2, 'B', 1, 1, 'excellent', true],
        [2, 'C', 3, null, 'good', false],
        [2, 'V', 4, null, 'fail', false],
      ]);
    } finally {
      db.close();
    }
  });

  it("order 'tiers' (the sensitivity's draws) gives every office the run's rank, tier and commended: 3,000 random scenarios full of ties", async () => {
    const { Db } = await import('../pipeline/db.ts');
    const { rankingSql } = await import('../pipeline/rules.ts');
    const db = await Db.open(':memory:');
    try {
      // totals and tie-breakers from a few values, so ties are everywhere: across the quota boundary, inside it,
      // above it, among the vetoed; two to eight offices of one or two categories, a quota of 1 to 3 each
      let seed = 20261201;
      const next = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
      const rows: string[] = [];
      for (let sc = 1; sc <= 3000; sc++) {
        const quota = [1 + next(3), 1 + next(3)];
        for (let o = 0, n = 2 + next(7); o < n; o++) {
          const c = next(2);
          const total = [95, 92.5, 92.5, 90, 89.99, 80, 59][next(7)];
          rows.push(`(${sc}, ${o}, ${c}, ${next(5) === 0}, ${total}, ${[20, 18, 18.0000001, 18][next(4)]}, ${quota[c]})`);
        }
      }
      await db.run(`CREATE TABLE t AS SELECT * FROM (VALUES ${rows.join(', ')}) v(scenario, office, category, vetoed, total, tb1, quota)`);
      const outcome = (order: 'exact' | 'tiers') =>
        db.all<{ scenario: number; office: number; rank: number; above: boolean | null; tier: number; commended: boolean }>(`
          SELECT scenario, office, rank::INTEGER AS rank, excellence_order > quota AS above, tier::INTEGER AS tier, commended
          FROM (${rankingSql(rules, 'SELECT * FROM t', { order })}) JOIN t USING (scenario, office) ORDER BY scenario, office`);
      const [exact, tiers] = [await outcome('exact'), await outcome('tiers')];
      expect(tiers).toEqual(exact);
      // the cases that need the tie-breakers happened: ties across the boundary, some broken and some not
      const across = await db.scalar(`
        SELECT count(*) FROM (${rankingSql(rules, 'SELECT * FROM t')}) r JOIN t USING (scenario, office)
        WHERE r.excellence_order IS NOT NULL AND r.rank <= t.quota AND r.excellence_order > t.quota`);
      expect(Number(across)).toBeGreaterThan(50);
    } finally {
      db.close();
    }
  });

  it('states the tiers, quota, tie-breakers and the veto in whole sentences (the methodology and office pages, explain)', async () => {
    const { tiersWords, vetoWords, quotaWords } = await import('../pipeline/rules.ts');
    const { readScheme } = await import('../pipeline/scheme.ts');
    const { join } = await import('node:path');
    const { ROOT } = await import('./helpers.ts');
    const scheme = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    expect(tiersWords(scheme, 'zh')).toBe(
      '优秀:总分不低于 90 分且未被否决,按排名评定,每个类别的优秀名额为本类别单位数的20%(向下取整),至少1个;' +
        '在名额边界并列时依次比较督查督办、信息调研小计;良好:不低于 80 分;合格:不低于 60 分;不合格:低于 60 分或被一票否决。' +
        '同分的单位名次相同,其后的名次顺延(如两个单位并列第2名,下一个单位为第4名);未被否决单位排在前面。',
    );
    expect(tiersWords(scheme, 'en')).toBe(
      'Excellent: total at least 90, not vetoed, in rank order, and at most the quota of each category: 20% of the offices ' +
        'of the category (rounded down), at least 1; ties at the quota boundary are broken by the Supervision, Information and ' +
        'research subtotals; good: at least 80; pass: at least 60; fail: below 60 or vetoed. Offices with the same total share ' +
        'a rank and the next rank is skipped (two offices tied at rank 2, the next is rank 4); non-vetoed offices come first.',
    );
    expect(vetoWords('zh')).toBe('分数照常计算,但等次定为不合格,取消评优资格,排在本类别所有未被否决单位之后。');
    expect(quotaWords(scheme.quota, 'zh')).toBe('本类别单位数的20%(向下取整),至少1个');
  });
});
