/** `kaoping validate`: load and check (pipeline/appraise.ts checkExports), print a per-file summary; exit 2 when rows were rejected. */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { checkExports, type CheckOptions } from '../../pipeline/appraise.ts';
import { formatTable } from '../../pipeline/text.ts';
import type { ValidateResult } from '../../pipeline/validate.ts';
import { SAMPLE_DATA } from '../../pipeline/version.ts';
import { cli, cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';
import { Progress } from '../progress.ts';

export interface ValidateOptions extends CheckOptions {
  quiet?: boolean;
}

export async function runValidate(opts: ValidateOptions): Promise<number> {
  const progress = new Progress(opts.quiet, opts.lang);
  const { checked, rejects } = await checkExports(opts, progress.events()).finally(() => progress.end());
  const sample = isSample(opts.data);
  let out = formatSummary(checked, opts.lang, { sample, rejects });
  if (sample && checked.rejectedRows > 0) out += `${cli(opts.lang, 'sample.validateExit')}\n`;
  process.stdout.write(out);
  return checked.rejectedRows > 0 ? 2 : 0;
}

/** Whether `data` (the --data given, or none) is the bundled sample, whose bad rows are there on purpose. */
export function isSample(data: string | undefined): boolean {
  if (data === undefined) return true;
  try {
    return realpathSync(data) === realpathSync(SAMPLE_DATA);
  } catch {
    return false;
  }
}

/** What the summary says besides the files: the data is the sample; where the rejects and the data-quality page are. */
export interface SummaryNotes {
  sample?: boolean;
  rejects?: string;
  page?: string;
}

/** The per-file summary table (rows = loaded + rejected for every file), title rows, warnings, and where the rejects are. */
export function formatSummary(r: ValidateResult, lang: Lang, notes: SummaryNotes = {}): string {
  const t = cliIn(lang);
  const head = [t('check.file'), t('check.encoding'), t('check.rows'), t('check.loaded'), t('check.rejected')];
  const rows = r.files.map((f) => [f.file, f.encoding, String(f.rows), String(f.loaded), String(f.rejected)]);
  const total = r.files.reduce((a, f) => [a[0] + f.rows, a[1] + f.loaded, a[2] + f.rejected], [0, 0, 0]);
  rows.push([t('check.total'), '', ...total.map(String)]);
  const lines: string[] = [];
  for (const f of r.files) for (const title of f.titles) lines.push(t('check.title', { file: f.file, line: title.line, text: title.text }));
  for (const w of r.warnings) lines.push(t('check.warning', { message: lang === 'zh' ? w.message_zh : w.message }));
  lines.push(r.rejectedRows > 0 ? t('check.rejectedRows', { n: r.rejectedRows }) : t('check.clean'));
  if (notes.sample && r.rejectedRows > 0) lines.push(t('sample.rejects', { n: r.rejectedRows, readme: sampleReadme() }));
  if (notes.rejects && notes.page && r.rejectedRows > 0) lines.push(t('check.rejectsAndPage', { file: notes.rejects, page: notes.page }));
  else if (notes.rejects && !notes.page) lines.push(t('check.rejects', { file: notes.rejects }));
  return formatTable(head, rows, [false, false, true, true, true]) + lines.map((l) => `${l}\n`).join('');
}

/** The sample's README (its bad rows, one by one), relative to the current folder when it is below it. */
function sampleReadme(): string {
  const file = join(SAMPLE_DATA, 'README.md');
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
