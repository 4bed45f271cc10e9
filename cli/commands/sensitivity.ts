/**
 * `kaoping sensitivity`: Monte Carlo over the scheme's weights for a scored
 * year; stores `sensitivity`, `sensitivity_dimensions` and `v_sensitivity` in
 * the database, writes OUT/sensitivity.csv and prints which commendation
 * decisions are fragile or contested. When OUT holds the report of the run it
 * analysed (OUT/report/, of the same year by OUT/manifest.json), it writes
 * that report again, now with the robustness page and the marks on fragile
 * and contested decisions: into a sibling folder first, then swapped in by
 * renames, so a failure leaves the previous report as it was.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeReport } from '../../reports/index.ts';
import { Db } from '../../pipeline/db.ts';
import { InputError } from '../../pipeline/errors.ts';
import { stageOutput } from '../../pipeline/outdir.ts';
import { checkFile, claimDatabase, openDatabase, type DatabaseClaim } from '../../pipeline/dbfile.ts';
import { OUT_ENTRIES } from './run.ts';
import { refreshManifest } from '../../pipeline/fingerprint.ts';
import { settingsOfYear } from '../../pipeline/settings.ts';
import { latestScoredYear } from '../../pipeline/explain.ts';
import { fmt } from '../../pipeline/i18n.ts';
import { visible } from '../../pipeline/text.ts';
import { schemeForSensitivity, sensitivity, writeSensitivityCsv, type SensitivitySummary } from '../../pipeline/sensitivity.ts';

export interface SensitivityCliOptions {
  db: string; out?: string; year?: number; draws: string | number; spread: string | number; seed: string | number; lang: 'zh' | 'en';
}

/** Fragile and contested decisions listed in the summary; the rest are in the CSV. */
const MAX_LISTED = 30;

export async function runSensitivity(opts: SensitivityCliOptions): Promise<number> {
  const zh = opts.lang === 'zh';
  const draws = intOption('--draws', opts.draws, 1, 10_000);
  const seed = intOption('--seed', opts.seed, 0, Number.MAX_SAFE_INTEGER);
  const spread = Number(opts.spread);
  if (String(opts.spread).trim() === '' || !Number.isFinite(spread) || spread < 0 || spread > 1) {
    throw new InputError(`--spread ${opts.spread} is not a number between 0 and 1.`);
  }
  const out = opts.out ?? dirname(resolve(opts.db));
  if (!(await checkFile(resolve(opts.db), opts.db))) {
    throw new InputError(`The database ${opts.db} does not exist; run kaoping run first or pass --db.`, `数据库 ${opts.db} 不存在;请先运行 kaoping run,或用 --db 指定。`);
  }
  // OUT first, then the database: every command takes the two locks in this order
  const staged = await stageOutput(out, { db: opts.db });
  let dbClaim: DatabaseClaim | undefined;
  let db: Db | undefined;
  try {
    dbClaim = await claimDatabase(opts.db, { out: staged.target, outEntries: [...staged.owned, ...OUT_ENTRIES] });
    db = await openDatabase(dbClaim.target, opts.db);
    const d = db;
    const year = opts.year ?? (await latestScoredYear(db));
    const scheme = await schemeForSensitivity(db, year, opts.lang);
    const summary = await sensitivity(db, scheme, { year, draws, spread, seed });
    await writeSensitivityCsv(db, year, join(staged.dir, 'sensitivity.csv'));
    const csv = join(staged.target, 'sensitivity.csv');
    const lines: string[] = [];
    if (summary.baseMismatches > 0) {
      process.stderr.write(zh
        ? `kaoping: 注意:按原权重重新计算时有 ${summary.baseMismatches} 个单位的名次或等次与已存结果不同(数据库中的得分可能在考评后被改动)。\n`
        : `kaoping: note: re-scoring with the scheme's own weights differs from the stored run for ${summary.baseMismatches} offices (the stored points may have changed since the run).\n`);
    }
    lines.push(formatSensitivity(summary, opts.lang));
    lines.push(zh ? `结果: ${csv}(数据库表 sensitivity、sensitivity_dimensions,视图 v_sensitivity)\n`
      : `Results: ${csv} (database tables sensitivity, sensitivity_dimensions, view v_sensitivity)\n`);

    // the report of the analysed run, written again with the results (swapped in with the CSV)
    const report = join(staged.target, 'report');
    if (staged.owned.includes('report') && existsSync(report)) {
      const shown = await manifestYear(staged.target);
      if (shown !== undefined && shown !== year) {
        lines.push(zh ? `${report} 是 ${shown} 年度的报告,未改写(分析的是 ${year} 年度)。\n`
          : `${report} is the report of ${shown}, not of ${year}: left as it is.\n`);
      } else {
        try {
          await writeReport(d, scheme, year, join(staged.dir, 'report'), opts.lang, { settings: await settingsOfYear(d, year) });
        } catch (e) {
          throw new Error(`${report} was not rewritten (the previous report is unchanged): ${(e as Error)?.message ?? String(e)}`);
        }
        lines.push(zh ? `考评报告已更新(含稳健性分析): ${join(report, 'index.html')}\n`
          : `Report updated (with the robustness page): ${join(report, 'index.html')}\n`);
      }
    }
    // manifest.json follows what changed (the sensitivity tables, the report, sensitivity.csv), so verify still holds
    await staged.commit({ after: () => refreshManifest(staged.target, d, year) });
    db.close();
    db = undefined;
    await dbClaim.release();
    process.stdout.write(lines.join(''));
    return 0;
  } catch (e) {
    db?.close();
    await dbClaim?.release();
    await staged.abort();
    throw e;
  }
}

/** The year of the run whose outputs are in OUT (OUT/manifest.json), if it says. */
async function manifestYear(out: string): Promise<number | undefined> {
  try {
    const y = (JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { year?: unknown }).year;
    return typeof y === 'number' && Number.isInteger(y) ? y : undefined;
  } catch {
    return undefined;
  }
}

function intOption(name: string, v: string | number, min: number, max: number): number {
  const x = Number(v);
  if (String(v).trim() === '' || !Number.isInteger(x) || x < min || x > max) {
    throw new InputError(`${name} ${v} is not a whole number between ${min} and ${max}.`);
  }
  return x;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

export function formatSensitivity(s: SensitivitySummary, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const v = s.verdicts;
  const lines: string[] = [];
  const spread = `±${fmt(s.spread * 100).replace(/\.?0+$/, '')}%`;
  lines.push(zh
    ? `${s.year} 年度权重敏感性分析:${s.offices} 个单位,${s.draws} 次抽样,各细则分值在 ${spread} 内独立浮动并按满分重新折算(随机种子 ${s.seed})。`
    : `Weight sensitivity ${s.year}: ${s.offices} offices, ${s.draws} draws, each item's maximum varied independently within ${spread} and rescaled to the total (seed ${s.seed}).`);
  lines.push(zh
    ? `评优结论(获评先进 ${s.commended} 个,未获评 ${s.offices - s.commended} 个):稳定 ${v.stable} 个,脆弱 ${v.fragile} 个,有争议 ${v.contested} 个。`
    : `Commendation decisions (${s.commended} commended, ${s.offices - s.commended} not): ${v.stable} stable, ${v.fragile} fragile, ${v.contested} contested.`);
  if (s.flagged.length > 0) {
    lines.push(zh ? '脆弱或有争议的结论(获评先进的概率):' : 'Fragile or contested decisions (probability of being commended):');
    for (const f of s.flagged.slice(0, MAX_LISTED)) {
      const verdict = zh ? (f.verdict === 'fragile' ? '脆弱' : '有争议') : f.verdict;
      lines.push(zh
        ? `  ${f.office_id} ${f.office_name}(${f.category},第 ${f.rank} 名,${f.commended ? '已获评先进' : '未获评'}):获评概率 ${pct(f.p_commended)},${verdict}`
        : `  ${f.office_id} ${f.office_name} (${f.category}, rank ${f.rank}, ${f.commended ? 'commended' : 'not commended'}): P(commended) ${pct(f.p_commended)}, ${verdict}`);
    }
    if (s.flagged.length > MAX_LISTED) {
      lines.push(zh ? `  …… 另有 ${s.flagged.length - MAX_LISTED} 个,见 sensitivity.csv` : `  ... and ${s.flagged.length - MAX_LISTED} more, see sensitivity.csv`);
    }
  } else {
    lines.push(zh ? '所有评优结论在权重浮动下都保持不变。' : 'Every commendation decision holds under the weight variations.');
  }
  return lines.map((l) => visible(l)).join('\n') + '\n'; // names from the data: control characters shown, never sent to the terminal
}
