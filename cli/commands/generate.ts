/** `kaoping generate`: deterministic synthetic exports at any size (data/generate.ts), written into OUT whole or not at all. */
import { generate } from '../../data/generate.ts';
import { visible } from '../../pipeline/text.ts';
import { intoOutput } from '../../pipeline/outputs.ts';
import { cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';
import { refuse } from '../errors.ts';
import { Progress } from '../progress.ts';

export async function runGenerate(opts: {
  offices: string;
  years: string;
  seed: string;
  out: string;
  bad?: boolean;
  quiet?: boolean;
  lang: Lang;
}): Promise<number> {
  const t = cliIn(opts.lang);
  const offices = Number(opts.offices);
  if (!Number.isInteger(offices) || offices < 1) throw refuse('bad.offices', { value: visible(opts.offices) });
  const m = /^(\d{4})\.\.(\d{4})$/.exec(opts.years);
  if (!m || Number(m[1]) > Number(m[2])) throw refuse('bad.years', { value: visible(opts.years) });
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw refuse('bad.seed', { value: visible(opts.seed) });
  const progress = new Progress(opts.quiet, opts.lang);
  const result = await intoOutput(opts.out, (dir) =>
    progress.time('generate', () =>
      generate({
        offices,
        years: [Number(m[1]), Number(m[2])],
        seed,
        out: dir,
        bad: opts.bad,
        onOffice: (n) => progress.update(t('progress.offices', { n: n.toLocaleString('en'), of: offices.toLocaleString('en') })),
      }),
    ),
  );
  const rows = Object.values(result.files).reduce((a, b) => a + b, 0);
  const files = Object.entries(result.files)
    .map(([file, n]) => t('generate.file', { file, rows: n }))
    .join(t('help.valueSep'));
  const bad = result.bad.length ? t('generate.bad', { n: result.bad.length }) : '';
  process.stdout.write(`${t('generate.done', { out: opts.out, files, rows, bad })}\n`);
  return 0;
}
