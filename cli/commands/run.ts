/**
 * `kaoping run`: the appraisal (pipeline/appraise.ts) with the report writers of reports/, then its summary in words.
 * With `--years 2023..2024`, each year of the range in turn into the same database, the last one's outputs in OUT
 * (pipeline/appraise.ts): the report's trend then has the earlier years (`npm start` does this on the sample).
 */
import { join, resolve } from 'node:path';
import { appraise, RejectedRows, type Appraisal, type AppraiseOptions } from '../../pipeline/appraise.ts';
import { feedbackLimit } from '../../pipeline/outputs.ts';
import { visible } from '../../pipeline/text.ts';
import { runWriters } from '../../reports/index.ts';
import { PAGE } from '../../reports/layout.ts';
import { cli, cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';
import { refuse } from '../errors.ts';
import { Progress } from '../progress.ts';
import { formatSummary, isSample } from './validate.ts';

export interface RunOptions extends AppraiseOptions {
  quiet?: boolean;
}

export async function runAppraisal(opts: RunOptions): Promise<number> {
  if (opts.years && opts.year !== undefined) throw refuse('bad.yearAndYears');
  const progress = new Progress(opts.quiet, opts.lang);
  const sample = isSample(opts.data);
  let a: Appraisal;
  try {
    a = await appraise(opts, runWriters(), progress.events());
  } catch (e) {
    if (e instanceof RejectedRows) process.stderr.write(formatSummary(e.checked, opts.lang, { sample }));
    throw e;
  } finally {
    progress.end();
  }
  const db = opts.db ? resolve(opts.db) : join(a.out, 'kaoping.duckdb');
  for (const year of a.earlier) process.stdout.write(`${cli(opts.lang, 'run.earlierYear', { year, db })}\n`);
  const notes = { sample, rejects: join(a.out, 'rejects.csv'), page: join(a.out, 'report', PAGE.quality) };
  process.stdout.write(formatSummary(a.checked, opts.lang, notes) + summaryWords(a, opts.lang));
  return 0;
}

/** Each category's outcome, then where the results, the report, the workbook and the documents are. */
function summaryWords(a: Appraisal, lang: Lang): string {
  const t = cliIn(lang);
  const { out, written: w } = a;
  const lines: string[] = [];
  if (a.reused !== undefined) lines.push(t('run.reused', { run: a.reused }));
  for (const c of a.categories) {
    lines.push(
      t('run.category', {
        category: visible(c.category), // a name from the data: control characters shown, never sent to the terminal
        offices: c.offices,
        excellent: c.excellent,
        quota: c.quota,
        overflow: c.overflow ? t('run.overflow', { n: c.overflow }) : '',
        vetoed: c.vetoed,
      }),
    );
  }
  lines.push(t('run.done', { year: a.year, scheme: lang === 'zh' ? a.scheme.title : a.scheme.title_en, out }));
  lines.push(t('run.report', { file: w.report }));
  lines.push(t('run.workbook', { file: w.workbook }));
  lines.push(t('run.documents', { publicity: w.publicity, notice: w.notice }));
  lines.push(w.feedback ? t('run.feedback', { dir: w.feedback }) : t('run.noFeedback', { limit: feedbackLimit(), out }));
  return lines.map((l) => `${l}\n`).join('');
}
