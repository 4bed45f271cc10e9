/**
 * Weight sensitivity: Monte Carlo over the scheme's item maxima and the
 * one-at-a-time dimension removal, on real DuckDB databases. Hand-built
 * cases set every scheme item's points directly (each dimension's items get
 * the same achieved fraction); the golden dataset goes through the real
 * pipeline into a database file and the real CLI.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Db, sqlString } from '../pipeline/db.ts';
import { load } from '../pipeline/load.ts';
import { rank } from '../pipeline/rank.ts';
import { checkSchemeSql, readScheme, type Scheme } from '../pipeline/scheme.ts';
import { score } from '../pipeline/score.ts';
import { sensitivity, writeSensitivityCsv } from '../pipeline/sensitivity.ts';
import { validate } from '../pipeline/validate.ts';
import { createFormatters } from '../pipeline/write.ts';
import { appraise, cli, readCsv, ROOT, tempDir } from './helpers.ts';

const YEAR = 2024;
const DIMS = ['documents', 'meetings', 'info', 'supervision', 'team'] as const;
type Dim = (typeof DIMS)[number];
/** id, category, points per dimension (out of 30, 15, 25, 20, 10), vetoed */
type Office = [id: string, category: string, points: Record<Dim, number>, vetoed?: boolean];

/** The runs row `kaoping run` records (schemeOfYear reads the scheme back from it). */
async function recordRun(db: Db, scheme: Scheme, year: number): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS runs (run_id INTEGER, year INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP,
    tool_version VARCHAR, scheme_id VARCHAR, scheme_file VARCHAR, scheme_sha256 VARCHAR, scheme_yaml VARCHAR, data_dir VARCHAR, inputs JSON)`);
  await db.run(
    `INSERT INTO runs (run_id, year, scheme_id, scheme_file, scheme_sha256, scheme_yaml)
                SELECT coalesce(max(run_id), 0) + 1, $1, $2, $3, $4, $5 FROM runs`,
    [year, scheme.id, scheme.path, scheme.sha256, scheme.text ?? ''],
  );
}

/** A ranked year whose item points are chosen: every real scheme item gets points = its max × the dimension's fraction. */
async function handBuilt(offices: Office[]): Promise<{ db: Db; scheme: Scheme }> {
  const { db, scheme } = await appraise(
    {
      'offices.csv': 'office_id,name,category\n' + offices.map((o) => `${o[0]},${o[0]}办,${o[1]}`).join('\n') + '\n',
      'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\n',
    },
    YEAR,
  );
  await db.run(`DELETE FROM indicators; DELETE FROM vetoes`);
  const dimPoints = new Map(scheme.dimensions.map((d) => [d.id, d.points]));
  for (const [id, , pts, vetoed] of offices) {
    for (const [seq, it] of scheme.items.entries()) {
      const fraction = pts[it.dimension as Dim] / dimPoints.get(it.dimension)!;
      await db.run(
        `INSERT INTO indicators (year, office_id, dimension, indicator, seq, points, max_points) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [YEAR, id, it.dimension, it.id, seq + 1, fraction * it.max, it.max],
      );
    }
    if (vetoed) await db.run(`INSERT INTO vetoes (year, office_id, veto) VALUES ($1, $2, 'x')`, [YEAR, id]);
  }
  await rank(db, scheme, YEAR);
  await recordRun(db, scheme, YEAR);
  return { db, scheme };
}

/** handBuilt(CASE) and goldenDb(), each made once for this file as a database file; each test opens a copy of its own */
let caseFile: string, caseScheme: Scheme, goldenFile: string;
beforeAll(async () => {
  const { db, scheme } = await handBuilt(CASE);
  caseFile = join(await tempDir('kaoping-sens-'), 'case.duckdb');
  try {
    await db.run(`ATTACH ${sqlString(caseFile)} AS hand_built; COPY FROM DATABASE memory TO hand_built; DETACH hand_built`);
  } finally {
    db.close();
  }
  caseScheme = scheme;
  goldenFile = (await goldenDb()).path;
}, 120_000);

/** the databases a test opened, closed after it */
const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A copy of handBuilt(CASE), opened. */
async function caseDb(): Promise<{ db: Db; scheme: Scheme }> {
  const path = join(await tempDir('kaoping-sens-'), 'case.duckdb');
  await copyFile(caseFile, path);
  const db = await Db.open(path);
  opened.push(db);
  return { db, scheme: caseScheme };
}

/** A copy of goldenDb() in a folder of its own (sensitivity.csv is written beside it). */
async function goldenCopy(): Promise<{ dir: string; path: string }> {
  const dir = await tempDir('kaoping-sens-');
  const path = join(dir, 'kaoping.duckdb');
  await copyFile(goldenFile, path);
  return { dir, path };
}

/** The golden dataset scored by the real pipeline into a database file, as `kaoping run` leaves it (without the report). */
async function goldenDb(): Promise<{ dir: string; path: string }> {
  const dir = await tempDir('kaoping-sens-');
  const path = join(dir, 'kaoping.duckdb');
  const db = await Db.open(path);
  try {
    await validate(db, await load(db, join(ROOT, 'tests', 'cases', 'golden', 'data')));
    const scheme = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    await checkSchemeSql(db, scheme, YEAR);
    await score(db, scheme, YEAR);
    await rank(db, scheme, YEAR);
    await createFormatters(db);
    await recordRun(db, scheme, YEAR);
  } finally {
    db.close();
  }
  return { dir, path };
}

const full = (o: Partial<Record<Dim, number>> = {}): Record<Dim, number> => ({
  documents: 30,
  meetings: 15,
  info: 25,
  supervision: 20,
  team: 10,
  ...o,
});

interface SensRow {
  office_id: string;
  rank: number;
  tier: string;
  commended: boolean;
  rank_median: number;
  rank_p05: number;
  rank_p95: number;
  p_excellent: number;
  p_good: number;
  p_pass: number;
  p_fail: number;
  p_commended: number;
  verdict: string;
}

async function rows(db: Db): Promise<Map<string, SensRow>> {
  const r = await db.all<SensRow>(`SELECT * FROM sensitivity WHERE year = ${YEAR} ORDER BY office_id`);
  return new Map(r.map((x) => [x.office_id, x]));
}

// Category X: A is strong on documents, B on supervision; 0.1 apart at the quota boundary (quota 1 of 6).
// V is vetoed with the best total. Category Y: L leads by far.
const CASE: Office[] = [
  ['A', 'X', full({ supervision: 15.1 })], // 95.1
  ['B', 'X', full({ documents: 25 })], // 95.0
  ['C', 'X', full({ info: 10, team: 5 })], // 80
  ['E', 'X', full({ documents: 20, info: 15 })], // 80
  ['F', 'X', full({ documents: 15, supervision: 10, team: 5 })], // 70
  ['V', 'X', full(), true], // 100, vetoed
  ['L', 'Y', full({ team: 9 })], // 99
  ['M', 'Y', full({ documents: 18, info: 15 })], // 78
  ['N', 'Y', full({ info: 10, supervision: 12 })], // 77
  ['P', 'Y', full({ documents: 10, meetings: 5, info: 10 })], // 55
  ['Q', 'Y', full({ supervision: 5, team: 0 })], // 75
];

describe('kaoping sensitivity: Monte Carlo over the weights', () => {
  it('spread 0 reproduces the base ranks and tiers with probability 1 (golden data: ties, veto, exact thresholds)', async () => {
    const { dir, path } = await goldenCopy();
    const fingerprint = async () => {
      const db = await Db.open(path, { readOnly: true });
      try {
        return await db.all(`SELECT (SELECT hash(list(s ORDER BY s.office_id)) FROM scores s) AS scores,
          (SELECT hash(list(q ORDER BY q.category)) FROM quota q) AS quota,
          (SELECT hash(list(i ORDER BY i.office_id, i.seq)) FROM indicators i) AS indicators`);
      } finally {
        db.close();
      }
    };
    const before = await fingerprint();
    const res = await cli(['sensitivity', '--db', path, '--spread', '0', '--draws', '50', '--lang', 'en']);
    expect(await fingerprint()).toEqual(before); // the run's result tables are left as they were
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('14 stable, 0 fragile, 0 contested');
    const csv = await readFile(join(dir, 'sensitivity.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text.split('\n')[0]).toBe('\uFEFFyear,office_id,rank_median,rank_p05,rank_p95,p_excellent,p_commended,verdict');
    const db = await Db.open(path, { readOnly: true });
    try {
      const base = await db.all<{ office_id: string; rank: number; tier: string; commended: boolean }>(
        `SELECT office_id, rank, tier, commended FROM scores WHERE year = ${YEAR} ORDER BY category, rank, office_id`,
      );
      const expected = base.map((b) => ({
        year: String(YEAR),
        office_id: b.office_id,
        rank_median: b.rank.toFixed(2),
        rank_p05: b.rank.toFixed(2),
        rank_p95: b.rank.toFixed(2),
        p_excellent: b.tier === 'excellent' ? '1.00' : '0.00',
        p_commended: b.commended ? '1.00' : '0.00',
        verdict: 'stable',
      }));
      expect(readCsv(text)).toEqual(expected);
      const s = await rows(db);
      for (const b of base) {
        const r = s.get(b.office_id)!;
        expect([r.rank, r.tier, r.commended]).toEqual([b.rank, b.tier, b.commended]);
        expect([r.p_excellent, r.p_good, r.p_pass, r.p_fail]).toEqual(
          ['excellent', 'good', 'pass', 'fail'].map((t) => (t === b.tier ? 1 : 0)),
        );
      }
      // the golden data's unresolved tie: D01 and D02 are both commended in the base run
      expect(s.get('D01')!.p_commended).toBe(1);
      expect(s.get('D02')!.p_commended).toBe(1);
    } finally {
      db.close();
    }
  });

  it('spread 0 on hand-built points: every draw is the base run', async () => {
    const { db, scheme } = await caseDb();
    const summary = await sensitivity(db, scheme, { year: YEAR, draws: 20, spread: 0, seed: 1 });
    expect(summary.baseMismatches).toBe(0);
    expect(summary.verdicts).toEqual({ stable: CASE.length, fragile: 0, contested: 0 });
    const base = await db.all<{ office_id: string; rank: number; commended: boolean }>(
      `SELECT office_id, rank, commended FROM scores ORDER BY office_id`,
    );
    const s = await rows(db);
    for (const b of base) {
      const r = s.get(b.office_id)!;
      expect([r.rank_p05, r.rank_median, r.rank_p95, r.p_commended]).toEqual([b.rank, b.rank, b.rank, b.commended ? 1 : 0]);
    }
  });

  it('two offices that swap under plausible weights at the quota boundary are fragile or contested; a clear leader is stable', async () => {
    const { db, scheme } = await caseDb();
    const base = new Map(
      (
        await db.all<{ office_id: string; total: number; rank: number; commended: boolean }>(
          `SELECT office_id, total, rank, commended FROM scores`,
        )
      ).map((r) => [r.office_id, r]),
    );
    expect([base.get('A')!.total, base.get('A')!.rank, base.get('A')!.commended]).toEqual([95.1, 1, true]);
    expect([base.get('B')!.total, base.get('B')!.rank, base.get('B')!.commended]).toEqual([95, 2, false]);

    const summary = await sensitivity(db, scheme, { year: YEAR, draws: 400, spread: 0.2, seed: 1 });
    const s = await rows(db);
    const a = s.get('A')!,
      b = s.get('B')!;
    expect(['fragile', 'contested']).toContain(a.verdict);
    expect(['fragile', 'contested']).toContain(b.verdict);
    expect(a.p_commended).toBeGreaterThan(0.1);
    expect(a.p_commended).toBeLessThan(0.9);
    expect(a.p_commended + b.p_commended).toBeCloseTo(1, 9); // exactly one of them per draw
    expect(a.rank_p05).toBe(1);
    expect(a.rank_p95).toBe(2);
    // the clear leader, the far-behind offices and the vetoed office never change
    expect(s.get('L')).toMatchObject({ verdict: 'stable', p_commended: 1, p_excellent: 1, rank_median: 1, rank_p05: 1, rank_p95: 1 });
    for (const id of ['C', 'E', 'F', 'M', 'N', 'P', 'Q']) expect(s.get(id)).toMatchObject({ verdict: 'stable', p_commended: 0 });
    expect(s.get('V')).toMatchObject({ verdict: 'stable', p_commended: 0, p_fail: 1, rank_p05: 6, rank_p95: 6 });
    // probabilities of the four tiers add up to 1; the interval holds the median
    for (const r of s.values()) {
      expect(r.p_excellent + r.p_good + r.p_pass + r.p_fail).toBeCloseTo(1, 9);
      expect(r.rank_p05).toBeLessThanOrEqual(r.rank_median);
      expect(r.rank_median).toBeLessThanOrEqual(r.rank_p95);
    }
    // 55 is far below the pass line whatever the weights
    expect(s.get('P')).toMatchObject({ p_fail: 1 });
    expect(summary.flagged.map((f) => f.office_id).sort()).toEqual(['A', 'B']);
    expect(summary.verdicts.stable).toBe(CASE.length - 2);
  });

  it('the one-at-a-time table: removing the dimension an office is strongest on lowers its rank', async () => {
    const { db, scheme } = await caseDb();
    await sensitivity(db, scheme, { year: YEAR, draws: 10, spread: 0.2, seed: 1 });
    const dims = await db.all<{ office_id: string; dimension: string; rank_without: number; rank_change: number }>(
      `SELECT office_id, dimension, rank_without, rank_change FROM sensitivity_dimensions WHERE year = ${YEAR} ORDER BY office_id, dimension`,
    );
    expect(dims).toHaveLength(CASE.length * DIMS.length);
    const get = (o: string, d: string) => dims.find((x) => x.office_id === o && x.dimension === d)!;
    // A leads B only through documents (30 vs 25): without documents B is first
    expect(get('A', 'documents')).toEqual({ office_id: 'A', dimension: 'documents', rank_without: 2, rank_change: 1 });
    expect(get('B', 'documents')).toMatchObject({ rank_without: 1, rank_change: -1 });
    // without supervision (A's weak spot) A keeps first place
    expect(get('A', 'supervision')).toMatchObject({ rank_without: 1, rank_change: 0 });
    // the vetoed office stays last whatever is removed
    for (const d of DIMS) expect(get('V', d)).toMatchObject({ rank_without: 6, rank_change: 0 });
  });

  it('is deterministic: same seed gives identical bytes, a different seed different numbers', async () => {
    const { dir, path } = await goldenCopy();
    const csv = () => readFile(join(dir, 'sensitivity.csv'));
    expect((await cli(['sensitivity', '--db', path, '--draws', '300', '--seed', '7'])).code).toBe(0);
    const first = await csv();
    expect((await cli(['sensitivity', '--db', path, '--draws', '300', '--seed', '7'])).code).toBe(0);
    expect((await csv()).equals(first)).toBe(true);
    expect((await cli(['sensitivity', '--db', path, '--draws', '300', '--seed', '8'])).code).toBe(0);
    const other = await csv();
    expect(other.equals(first)).toBe(false);
    expect(readCsv(other.toString()).map((r) => r.office_id)).toEqual(readCsv(first.toString()).map((r) => r.office_id));
  });

  it('does not depend on the batch size or the thread count', async () => {
    const { db, scheme } = await caseDb();
    const dir = await tempDir('kaoping-sens-');
    // 40 draws: one batch by default, 40 of one draw, 6 of 7 draws (the last one short)
    const run = async (name: string, batchRows?: number) => {
      await sensitivity(db, scheme, { year: YEAR, draws: 40, spread: 0.3, seed: 3, batchRows });
      await writeSensitivityCsv(db, YEAR, join(dir, name));
      return readFile(join(dir, name));
    };
    await db.run('SET threads = 4'); // the tests' databases have one (vitest.config.ts)
    const reference = await run('a.csv');
    // the draws disagree with each other (A and B swap), so the batches' results have something to get wrong
    expect(readCsv(reference.toString()).filter((r) => !['0.00', '1.00'].includes(r.p_commended))).toHaveLength(2);
    expect((await run('b.csv', CASE.length)).equals(reference)).toBe(true); // one draw per batch
    await db.run('SET threads = 1');
    expect((await run('c.csv', 7 * CASE.length)).equals(reference)).toBe(true);
  });

  it('re-running replaces the year; the view shows names and flags an analysis older than the latest run', async () => {
    const { db, scheme } = await caseDb();
    await sensitivity(db, scheme, { year: YEAR, draws: 10, spread: 0.2, seed: 1 });
    await sensitivity(db, scheme, { year: YEAR, draws: 20, spread: 0.1, seed: 2 });
    expect(await db.all(`SELECT count(*)::INTEGER AS n, min(draws) AS draws, min(spread) AS spread FROM sensitivity`)).toEqual([
      { n: CASE.length, draws: 20, spread: 0.1 },
    ]);
    expect(Number(await db.scalar(`SELECT count(*) FROM sensitivity_dimensions`))).toBe(CASE.length * DIMS.length);
    expect(Number(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'sens_%'`))).toBe(0);
    expect(await db.one(`SELECT office_name, category, total, outdated FROM v_sensitivity WHERE office_id = 'L'`)).toEqual({
      office_name: 'L办',
      category: 'Y',
      total: 99,
      outdated: false,
    });
    await recordRun(db, scheme, YEAR);
    expect(await db.scalar(`SELECT bool_and(outdated) FROM v_sensitivity`)).toBe(true);
  });

  it('prints a summary listing the fragile and contested decisions, in zh by default and en on request', async () => {
    const { path } = await goldenCopy();
    const zh = await cli(['sensitivity', '--db', path, '--draws', '200']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/14 个单位,200 次抽样/);
    expect(zh.stdout).toMatch(/稳定 \d+ 个,脆弱 \d+ 个,有争议 \d+ 个/);
    expect(zh.stdout).toMatch(/D01 县发改局办公室\(县级部门,第 1 名,已获评先进\):(脆弱|有争议),结论一致 \d+%\(获评概率 \d+%\)/);
    // the number beside a verdict is the one it reads: the share of draws agreeing with the decision (脆弱 50-89%, 有争议 under 50%)
    const flagged = [...zh.stdout.matchAll(/:(脆弱|有争议),结论一致 (<1|\d+)%/g)];
    expect(flagged.length).toBeGreaterThan(0);
    for (const [, verdict, agree] of flagged) {
      const n = agree === '<1' ? 0 : Number(agree);
      if (verdict === '脆弱') expect(n >= 50 && n < 90, `脆弱 ${n}%`).toBe(true);
      else expect(n, `有争议 ${n}%`).toBeLessThan(50);
    }
    const en = await cli(['sensitivity', '--db', path, '--draws', '200', '--lang', 'en']);
    expect(en.stdout).toMatch(/Weight sensitivity 2024: 14 offices, 200 draws/);
    expect(en.stdout).toMatch(/T03 石桥镇党政办 \(乡镇, rank 2, not commended\): (fragile|contested), agree \d+% \(P\(commended\) \d+%\)/);
    expect(en.stdout).toContain('sensitivity.csv');
  });

  it('exits 2 with one sentence when the year has no run, the database is missing or an option is wrong', async () => {
    const { path } = await goldenCopy();
    const noYear = await cli(['sensitivity', '--db', path, '--year', '2020', '--lang', 'en']);
    expect(noYear.code).toBe(2);
    expect(noYear.stderr.trim().split('\n')).toHaveLength(1);
    expect(noYear.stderr).toContain('no appraisal run for 2020');
    const noDb = await cli(['sensitivity', '--db', join(await tempDir(), 'none.duckdb')]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/数据库 .*none\.duckdb 不存在/);
    for (const bad of [
      ['--spread', '1.5'],
      ['--spread', 'x'],
      ['--draws', '0'],
      ['--draws', '2.5'],
      ['--seed', '-1'],
    ]) {
      const r = await cli(['sensitivity', '--db', path, ...bad]);
      expect(r.code, `${bad.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    // the stored results were not touched by the failed calls
    const db = await Db.open(path, { readOnly: true });
    try {
      expect(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'sensitivity%'`)).toBe(0);
    } finally {
      db.close();
    }
  });
});
