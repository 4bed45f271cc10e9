/**
 * kaoping compare (pipeline/compare.ts, cli/commands/compare.ts): two runs of
 * the same small data, without and with adjustments (the 公示 run and the run
 * after the appeals), and the same data under two schemes (what-if). The
 * expected rows are worked out by hand from appraisal-rules.md.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { appendFile, cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, dataDir, readCsv, ROOT, tempDir } from './helpers.ts';

const SUB_HEAD = 'submission_id,office_id,person_id,submitted_on,kind,adopted_level,leader_instruction\n';
const DOC_HEAD =
  'doc_id,office_id,issued_on,secrecy,channel,broadcast,relays_superior,' +
  'drafted_on,checked_on,countersigned_on,signed_on,proofread_on,printed_on\n';

/**
 * Five township offices, so the excellence quota is max(1, floor(0.2 × 5)) = 1.
 * T1, T2, T3: one active person, trained; 12 information submissions, one adopted nationally with a leader's
 * instruction (5 + 2). Under the default scheme: documents 30 + meetings 15 + info (10 + 7 + 0) + supervision 20
 * + team (5 + 5) = 92. T3 also sent a confidential document through the exchange box (it costs no points:
 * no 2023 baseline, full process, not broadcast, no non-classified document): vetoed.
 * T4, T5: nobody: info 0, training 0: 70.
 * Ranks: T1 and T2 1st, tied on total, supervision and info: both excellent (one over the quota); T4, T5 3rd;
 * T3 5th, fail.
 */
const OFFICES = ['T1', 'T2', 'T3', 'T4', 'T5'];
const STAFFED = ['T1', 'T2', 'T3'];
const subs = (o: string) =>
  Array.from({ length: 12 }, (_, i) => `${o}-S${i},${o},${o}-P,2024-03-01,information,${i ? 'none' : 'national'},${i === 0}`);
const FILES = {
  'offices.csv': 'office_id,name,category\n' + OFFICES.map((o) => `${o},${o}镇,乡镇`).join('\n') + '\n',
  'staff.csv':
    'person_id,office_id,name,birth_date,role,joined_on\n' +
    STAFFED.map((o) => `${o}-P,${o},${o}人,1985-01-01,staff,2015-01-01`).join('\n') +
    '\n',
  'submissions.csv': SUB_HEAD + STAFFED.flatMap(subs).join('\n') + '\n',
  'trainings.csv': 'person_id,trained_on\n' + STAFFED.map((o) => `${o}-P,2024-05-01`).join('\n') + '\n',
  'documents.csv': DOC_HEAD + 'T3-D1,T3,2024-04-01,confidential,exchange_box,false,false' + ',2024-04-01'.repeat(6) + '\n',
};
/**
 * After the appeals: T3's document was misfiled (excluded: no veto, still 92); T2 loses a point on on_time (91).
 * T1 and T3 tie at 92 on total, supervision and info: both excellent; T2 3rd, good; T4, T5 4th.
 */
const ADJUSTMENTS =
  '调整编号,年度,单位编码,调整方式,数据表,记录编号,考核项目,调整分值,调整理由,决定人,决定日期\n' +
  'TZ1,2024,T3,剔除记录,发文,T3-D1,,,密级录入错误,考评组,2025-01-20\n' +
  'TZ2,2024,T2,加减分,,,按期办结率,-1,督办件逾期,考评组,2025-01-20\n';

const COLUMNS =
  'office_id,office_name,category,total_before,total_after,rank_before,rank_after,tier_before,tier_after,' +
  'commended_before,commended_after,items_changed,adjustments';

/**
 * `kaoping run` of 2024 into `out`, without office pages and feedback letters (KAOPING_OFFICE_PAGES_LIMIT=0 and
 * KAOPING_FEEDBACK_LIMIT=0, set in this process while it runs): compare reads the run's manifest and CSVs only
 */
async function run(data: string, out: string, ...more: string[]): Promise<void> {
  const env = { KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' };
  const old = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const r = await cli(['run', '--data', data, '--year', '2024', '--out', out, '--quiet', ...more]);
    expect(r.code, r.stderr).toBe(0);
  } finally {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const sha = async (f: string) =>
  createHash('sha256')
    .update(await readFile(f))
    .digest('hex');

let published: string, final: string, reduced: string, work: string;

beforeAll(async () => {
  work = await tempDir('kaoping-compare-');
  const before = await dataDir(FILES);
  const after = await dataDir({ ...FILES, '复核调整.csv': ADJUSTMENTS });
  [published, final, reduced] = [join(work, 'published'), join(work, 'final'), join(work, 'reduced')];
  await run(before, published);
  await run(after, final);
  await run(before, reduced, '--scheme', join(ROOT, 'metrics', 'reduce-burden-2024.yaml'));
});

describe('kaoping compare: the published run and the run after the appeals', () => {
  it('compare.csv: a row per office whose total, rank, tier or commendation changed, with its items and adjustments', async () => {
    const hashes = await Promise.all(['scores.csv', 'indicators.csv', 'manifest.json'].map((f) => sha(join(published, f))));
    const out = join(work, 'cmp');
    const r = await cli(['compare', '--before', published, '--after', final, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = (await readFile(join(out, 'compare.csv'), 'utf8')).replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe(COLUMNS);
    // T1 is unchanged (92, 1st, excellent, commended), so not listed; by rank after, then office
    expect(readCsv(text)).toEqual([
      {
        office_id: 'T3',
        office_name: 'T3镇',
        category: '乡镇',
        total_before: '92.00',
        total_after: '92.00',
        rank_before: '5',
        rank_after: '1',
        tier_before: 'fail',
        tier_after: 'excellent',
        commended_before: 'false',
        commended_after: 'true',
        items_changed: '',
        adjustments: 'TZ1',
      },
      {
        office_id: 'T2',
        office_name: 'T2镇',
        category: '乡镇',
        total_before: '92.00',
        total_after: '91.00',
        rank_before: '1',
        rank_after: '3',
        tier_before: 'excellent',
        tier_after: 'good',
        commended_before: 'true',
        commended_after: 'false',
        items_changed: 'on_time 12.00→11.00',
        adjustments: 'TZ2',
      },
      ...['T4', 'T5'].map((o) => ({
        office_id: o,
        office_name: `${o}镇`,
        category: '乡镇',
        total_before: '70.00',
        total_after: '70.00',
        rank_before: '3',
        rank_after: '4',
        tier_before: 'pass',
        tier_after: 'pass',
        commended_before: 'false',
        commended_after: 'false',
        items_changed: '',
        adjustments: '',
      })),
    ]);
    // the run folders are only read
    expect(await Promise.all(['scores.csv', 'indicators.csv', 'manifest.json'].map((f) => sha(join(published, f))))).toEqual(hashes);
    // the summary, in Chinese by default
    expect(r.stdout.trim().split('\n')).toEqual([
      `比较 ${published}(2024 年度,默认考核细则 (办公室工作年度考评) (default),5 个单位)与 ${final}(2024 年度,默认考核细则 (办公室工作年度考评) (default),5 个单位)。`,
      '总分、名次、等次或表彰结果有变化的单位:4 个,其中等次变化 2 个。',
      '新进入表彰名单(1 个):T3镇(T3)',
      '退出表彰名单(1 个):T2镇(T2)',
      `逐单位变化: ${join(out, 'compare.csv')}`,
    ]);
  });

  it('prints the summary in English with --lang en, and writes nothing without --out', async () => {
    const r = await cli(['compare', '--before', published, '--after', final, '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').slice(1)).toEqual([
      'Offices whose total, rank, tier or commendation changed: 4; of them 2 changed tier.',
      'Now commended (1): T3镇(T3)',
      'No longer commended (1): T2镇(T2)',
      'Add --out DIR to write compare.csv, office by office.',
    ]);
    expect(r.stdout.split('\n')[0]).toBe(
      `Compared ${published} (2024, 默认考核细则 (办公室工作年度考评) (default), 5 offices) with ${final} ` +
        '(2024, 默认考核细则 (办公室工作年度考评) (default), 5 offices).',
    );
    for (const dir of [published, final]) expect(existsSync(join(dir, 'compare.csv'))).toBe(false);
  });

  it('the other way round: the same offices, before and after swapped', async () => {
    const out = join(work, 'cmp-back');
    const r = await cli(['compare', '--before', final, '--after', published, '--out', out, '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(await readFile(join(out, 'compare.csv'), 'utf8'));
    expect(rows.map((x) => [x.office_id, x.rank_before, x.rank_after, x.items_changed, x.adjustments])).toEqual([
      ['T2', '3', '1', 'on_time 11.00→12.00', 'TZ2'],
      ['T4', '4', '3', '', ''],
      ['T5', '4', '3', '', ''],
      ['T3', '1', '5', '', 'TZ1'],
    ]);
    expect(r.stdout).toContain('Now commended (1): T2镇(T2)');
    expect(r.stdout).toContain('No longer commended (1): T3镇(T3)');
  });
});

describe('kaoping compare: a run folder from before adjustments', () => {
  it('reads an adjustments.csv only when the manifest records it', async () => {
    // a folder whose manifest lists no adjustments.csv (as a run before adjustments wrote it), with the file put in later
    const older = join(await tempDir(), 'older');
    await cp(final, older, { recursive: true });
    const manifest = JSON.parse(await readFile(join(older, 'manifest.json'), 'utf8'));
    delete manifest.outputs['adjustments.csv'];
    await writeFile(join(older, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const out = join(work, 'cmp-older');
    const r = await cli(['compare', '--before', published, '--after', older, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(await readFile(join(out, 'compare.csv'), 'utf8'));
    expect(rows.map((x) => [x.office_id, x.adjustments])).toEqual([
      ['T3', ''],
      ['T2', ''],
      ['T4', ''],
      ['T5', ''],
    ]);
  });
});

describe('kaoping compare: the same data under two schemes', () => {
  it('default vs reduce-burden-2024: the totals that moved, an item of one scheme only shown as -', async () => {
    const out = join(work, 'cmp-schemes');
    const r = await cli(['compare', '--before', published, '--after', reduced, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // reduce-burden-2024: info_quota out of 15 (12 of 12: 15), info_adoption removed: info 15, total 90 for T1, T2, T3;
    // T4, T5 still 70. Ranks and tiers stay: T1, T2 both excellent, T3 vetoed.
    const items = 'info_adoption 7.00→-; info_quota 10.00→15.00';
    const row = (o: string, rank: string, tier: string, commended: string) => ({
      office_id: o,
      office_name: `${o}镇`,
      category: '乡镇',
      total_before: '92.00',
      total_after: '90.00',
      rank_before: rank,
      rank_after: rank,
      tier_before: tier,
      tier_after: tier,
      commended_before: commended,
      commended_after: commended,
      items_changed: items,
      adjustments: '',
    });
    expect(readCsv(await readFile(join(out, 'compare.csv'), 'utf8'))).toEqual([
      row('T1', '1', 'excellent', 'true'),
      row('T2', '1', 'excellent', 'true'),
      row('T3', '5', 'fail', 'false'),
    ]);
    expect(r.stdout.trim().split('\n').slice(1)).toEqual([
      '两次运行所用的考核细则不同。',
      '总分、名次、等次或表彰结果有变化的单位:3 个,其中等次变化 0 个。',
      '新进入表彰名单:无',
      '退出表彰名单:无',
      `逐单位变化: ${join(out, 'compare.csv')}`,
    ]);
    expect(r.stdout).toContain('减负版考核细则(2024) (reduce-burden-2024)');
  });
});

describe('kaoping compare refuses what is not a run folder as its run wrote it', () => {
  const refused = (r: { code: number; stdout: string; stderr: string }) => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr.trim();
  };

  it('a data folder, or no folder at all, as --before: exit 2, one sentence', async () => {
    const data = await dataDir(FILES);
    expect(refused(await cli(['compare', '--before', data, '--after', final]))).toBe(
      `kaoping: --before ${data} 中没有可读的 manifest.json,不是 kaoping run 的结果文件夹。`,
    );
    expect(refused(await cli(['compare', '--before', data, '--after', final, '--lang', 'en']))).toBe(
      `kaoping: --before ${data} holds no readable manifest.json, so it is not the output of a kaoping run.`,
    );
    expect(refused(await cli(['compare', '--before', join(work, 'nowhere'), '--after', final, '--lang', 'en']))).toContain(
      'is not a folder a kaoping run wrote',
    );
  });

  it('a run folder whose scores.csv or adjustments.csv was edited after the run: exit 2, one sentence, nothing written', async () => {
    for (const file of ['scores.csv', 'adjustments.csv']) {
      const edited = join(await tempDir(), 'edited');
      await cp(final, edited, { recursive: true });
      await appendFile(join(edited, file), '\n');
      const out = join(await tempDir(), 'cmp');
      const message = refused(await cli(['compare', '--before', edited, '--after', published, '--out', out, '--lang', 'en']));
      expect(message).toContain(`${file} is not the file its run wrote`);
      expect(await readdir(out).catch(() => [])).toEqual([]);
    }
  });
});
