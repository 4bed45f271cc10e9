/**
 * `kaoping sensitivity`: the weight-sensitivity analysis of a stored run
 * (pipeline/analyse.ts, with the report writer of reports/), then which
 * commendation decisions are fragile or contested, in words.
 */
import { analyseWeights, type WeightAnalysis } from '../../pipeline/analyse.ts';
import { agreementPct, fmt } from '../../words/common.ts';
import { STABLE_AGREEMENT, type SensitivitySummary } from '../../pipeline/sensitivity.ts';
import { visible } from '../../pipeline/text.ts';
import { writeReport } from '../../reports/index.ts';
import { cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';
import { refuse } from '../errors.ts';

export interface SensitivityCliOptions {
  db: string;
  out?: string;
  year?: number;
  draws: string | number;
  spread: string | number;
  seed: string | number;
  lang: Lang;
}

/** Fragile and contested decisions listed in the summary; the rest are in the CSV. */
const MAX_LISTED = 30;

export async function runSensitivity(opts: SensitivityCliOptions): Promise<number> {
  const t = cliIn(opts.lang);
  const draws = intOption('--draws', opts.draws, 1, 10_000);
  const seed = intOption('--seed', opts.seed, 0, Number.MAX_SAFE_INTEGER);
  const spread = Number(opts.spread);
  if (String(opts.spread).trim() === '' || !Number.isFinite(spread) || spread < 0 || spread > 1) {
    throw refuse('bad.spread', { value: visible(String(opts.spread)) });
  }
  const done = await analyseWeights({ db: opts.db, out: opts.out, year: opts.year, draws, spread, seed, lang: opts.lang }, writeReport);
  const mismatches = done.summary.baseMismatches;
  if (mismatches > 0) process.stderr.write(`kaoping: ${t('sensitivity.mismatch', { n: mismatches })}\n`);
  process.stdout.write(formatSensitivity(done.summary, opts.lang) + resultWords(done, opts.lang));
  return 0;
}

/** Where the results went, and what became of the report in OUT. */
function resultWords(done: WeightAnalysis, lang: Lang): string {
  const t = cliIn(lang);
  const { csv, report, year } = done;
  let s = `${t('sensitivity.results', { file: csv })}\n`;
  if (report && 'otherYear' in report) s += `${t('sensitivity.otherYear', { dir: report.dir, other: report.otherYear, year })}\n`;
  else if (report) s += `${t('sensitivity.report', { file: report.rewritten })}\n`;
  return s;
}

function intOption(name: string, v: string | number, min: number, max: number): number {
  const x = Number(v);
  if (String(v).trim() === '' || !Number.isInteger(x) || x < min || x > max) {
    throw refuse('bad.intRange', { name, value: visible(String(v)), min, max });
  }
  return x;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

export function formatSensitivity(s: SensitivitySummary, lang: Lang): string {
  const t = cliIn(lang);
  const v = s.verdicts;
  const lines: string[] = [];
  const spread = `±${fmt(s.spread * 100).replace(/\.?0+$/, '')}%`;
  lines.push(t('sensitivity.head', { year: s.year, offices: s.offices, draws: s.draws, spread, seed: s.seed }));
  lines.push(
    t('sensitivity.verdicts', {
      commended: s.commended,
      others: s.offices - s.commended,
      stable: v.stable,
      fragile: v.fragile,
      contested: v.contested,
    }),
  );
  if (s.flagged.length > 0) {
    lines.push(t('sensitivity.flaggedHead', { stable: pct(STABLE_AGREEMENT) }));
    for (const f of s.flagged.slice(0, MAX_LISTED)) {
      lines.push(
        t('sensitivity.flagged', {
          id: f.office_id,
          name: f.office_name,
          category: f.category,
          rank: f.rank,
          decision: t(f.commended ? 'sensitivity.commended' : 'sensitivity.notCommended'),
          p: pct(f.p_commended),
          agree: agreementPct(f.agreement),
          verdict: t(f.verdict === 'fragile' ? 'sensitivity.fragile' : 'sensitivity.contested'),
        }),
      );
    }
    if (s.flagged.length > MAX_LISTED) lines.push(t('sensitivity.more', { n: s.flagged.length - MAX_LISTED }));
  } else {
    lines.push(t('sensitivity.allStable'));
  }
  return lines.map((l) => visible(l)).join('\n') + '\n'; // names from the data: control characters shown, never sent to the terminal
}
