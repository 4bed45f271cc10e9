/**
 * `kaoping compare --before OUT1 --after OUT2 [--out DIR]`: what changed
 * between two runs (pipeline/compare.ts) — the published run and the run
 * after the appeals, or the same data under two schemes. Prints a summary;
 * with --out, writes DIR/compare.csv.
 */
import { compareRuns, type ComparedOffice } from '../../pipeline/compare.ts';
import { visible } from '../../pipeline/text.ts';
import { cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';

/** Offices named one by one in the summary at most; compare.csv has them all. */
const MAX_NAMED = 20;

export async function runCompare(opts: { before: string; after: string; out?: string; lang: Lang }): Promise<number> {
  const t = cliIn(opts.lang);
  const c = await compareRuns(opts.before, opts.after, opts.out);
  const lines: string[] = [];
  const scheme = (r: typeof c.before) => (r.scheme.title ? `${r.scheme.title} (${r.scheme.id})` : r.scheme.id);
  lines.push(
    t('compare.head', {
      before: c.before.dir,
      beforeYear: c.before.year,
      beforeScheme: scheme(c.before),
      beforeOffices: c.offices.before,
      after: c.after.dir,
      afterYear: c.after.year,
      afterScheme: scheme(c.after),
      afterOffices: c.offices.after,
    }),
  );
  if (c.before.scheme.sha256 !== c.after.scheme.sha256) lines.push(t('compare.schemes'));
  lines.push(t('compare.changed', { changed: c.changed, tier: c.tierChanged }));
  lines.push(listed(t('compare.entered'), c.entered, opts.lang));
  lines.push(listed(t('compare.left'), c.left, opts.lang));
  if (c.file) lines.push(t('compare.file', { file: c.file }));
  else if (c.changed > 0) lines.push(t('compare.hint'));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

function listed(label: string, offices: ComparedOffice[], lang: Lang): string {
  const t = cliIn(lang);
  if (offices.length === 0) return t('compare.none', { label });
  const names = offices.slice(0, MAX_NAMED).map((o) => t('compare.office', { name: visible(o.office_name), id: visible(o.office_id) }));
  const more = offices.length > MAX_NAMED ? t('compare.more', { n: offices.length, more: offices.length - MAX_NAMED }) : '';
  return t('compare.list', { label, n: offices.length, names: names.join(t('compare.sep')), more });
}
