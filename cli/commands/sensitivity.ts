/**
 * `kaoping sensitivity`: the weight-sensitivity analysis of a stored run
 * (pipeline/analyse.ts, with the report writer of reports/), then which
 * commendation decisions are fragile or contested, in words.
 */
import { analyseWeights, type WeightAnalysis } from '../../pipeline/analyse.ts';
import { InputError } from '../../pipeline/errors.ts';
import { fmt } from '../../words/common.ts';
import type { SensitivitySummary } from '../../pipeline/sensitivity.ts';
import { visible } from '../../pipeline/text.ts';
import { writeReport } from '../../reports/index.ts';

export interface SensitivityCliOptions {
  db: string;
  out?: string;
  year?: number;
  draws: string | number;
  spread: string | number;
  seed: string | number;
  lang: 'zh' | 'en';
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
  const done = await analyseWeights({ db: opts.db, out: opts.out, year: opts.year, draws, spread, seed, lang: opts.lang }, writeReport);
  const mismatches = done.summary.baseMismatches;
  if (mismatches > 0) {
    process.stderr.write(
      zh
        ? `kaoping: 注意:按原权重重新计算时有 ${mismatches} 个单位的名次或等次与已存结果不同(数据库中的得分可能在考评后被改动)。\n`
        : `kaoping: note: re-scoring with the scheme's own weights differs from the stored run for ${mismatches} offices ` +
            '(the stored points may have changed since the run).\n',
    );
  }
  process.stdout.write(formatSensitivity(done.summary, opts.lang) + resultWords(done, zh));
  return 0;
}

/** Where the results went, and what became of the report in OUT. */
function resultWords(done: WeightAnalysis, zh: boolean): string {
  const { csv, report, year } = done;
  let s = zh
    ? `结果: ${csv}(数据库表 sensitivity、sensitivity_dimensions,视图 v_sensitivity)\n`
    : `Results: ${csv} (database tables sensitivity, sensitivity_dimensions, view v_sensitivity)\n`;
  if (report && 'otherYear' in report) {
    s += zh
      ? `${report.dir} 是 ${report.otherYear} 年度的报告,未改写(分析的是 ${year} 年度)。\n`
      : `${report.dir} is the report of ${report.otherYear}, not of ${year}: left as it is.\n`;
  } else if (report) {
    s += zh ? `考评报告已更新(含稳健性分析): ${report.rewritten}\n` : `Report updated (with the robustness page): ${report.rewritten}\n`;
  }
  return s;
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
  lines.push(
    zh
      ? `${s.year} 年度权重敏感性分析:${s.offices} 个单位,${s.draws} 次抽样,各细则分值在 ${spread} 内独立浮动并按满分重新折算(随机种子 ${s.seed})。`
      : `Weight sensitivity ${s.year}: ${s.offices} offices, ${s.draws} draws, each item's maximum varied independently within ${spread} and rescaled to the total (seed ${s.seed}).`,
  );
  lines.push(
    zh
      ? `评优结论(获评先进 ${s.commended} 个,未获评 ${s.offices - s.commended} 个):稳定 ${v.stable} 个,脆弱 ${v.fragile} 个,有争议 ${v.contested} 个。`
      : `Commendation decisions (${s.commended} commended, ${s.offices - s.commended} not): ${v.stable} stable, ${v.fragile} fragile, ${v.contested} contested.`,
  );
  if (s.flagged.length > 0) {
    lines.push(zh ? '脆弱或有争议的结论(获评先进的概率):' : 'Fragile or contested decisions (probability of being commended):');
    for (const f of s.flagged.slice(0, MAX_LISTED)) {
      const verdict = zh ? (f.verdict === 'fragile' ? '脆弱' : '有争议') : f.verdict;
      lines.push(
        zh
          ? `  ${f.office_id} ${f.office_name}(${f.category},第 ${f.rank} 名,${f.commended ? '已获评先进' : '未获评'}):获评概率 ${pct(f.p_commended)},${verdict}`
          : `  ${f.office_id} ${f.office_name} (${f.category}, rank ${f.rank}, ${f.commended ? 'commended' : 'not commended'}): P(commended) ${pct(f.p_commended)}, ${verdict}`,
      );
    }
    if (s.flagged.length > MAX_LISTED) {
      lines.push(
        zh
          ? `  …… 另有 ${s.flagged.length - MAX_LISTED} 个,见 sensitivity.csv`
          : `  ... and ${s.flagged.length - MAX_LISTED} more, see sensitivity.csv`,
      );
    }
  } else {
    lines.push(zh ? '所有评优结论在权重浮动下都保持不变。' : 'Every commendation decision holds under the weight variations.');
  }
  return lines.map((l) => visible(l)).join('\n') + '\n'; // names from the data: control characters shown, never sent to the terminal
}
