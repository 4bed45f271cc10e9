/** `kaoping generate`: deterministic synthetic exports at any size (data/generate.ts), written into OUT whole or not at all. */
import { generate } from '../../data/generate.ts';
import { InputError } from '../../pipeline/errors.ts';
import { intoOutput } from '../../pipeline/outputs.ts';
import { Progress } from '../progress.ts';

export async function runGenerate(opts: {
  offices: string;
  years: string;
  seed: string;
  out: string;
  bad?: boolean;
  quiet?: boolean;
}): Promise<number> {
  const offices = Number(opts.offices);
  if (!Number.isInteger(offices) || offices < 1) throw new InputError(`--offices ${opts.offices} is not a positive whole number.`);
  const m = /^(\d{4})\.\.(\d{4})$/.exec(opts.years);
  if (!m || Number(m[1]) > Number(m[2])) throw new InputError(`--years ${opts.years} is not a range like 2023..2024.`);
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new InputError(`--seed ${opts.seed} is not a whole number.`);
  const progress = new Progress(opts.quiet);
  const result = await intoOutput(opts.out, (dir) =>
    progress.time('generate', () =>
      generate({
        offices,
        years: [Number(m[1]), Number(m[2])],
        seed,
        out: dir,
        bad: opts.bad,
        onOffice: (n) => progress.update(`${n.toLocaleString('en')} of ${offices.toLocaleString('en')} offices`),
      }),
    ),
  );
  const rows = Object.values(result.files).reduce((a, b) => a + b, 0);
  const files = Object.entries(result.files)
    .map(([f, n]) => `${f} ${n}`)
    .join(', ');
  process.stdout.write(`${opts.out}: ${files} (${rows} rows${result.bad.length ? `, ${result.bad.length} bad` : ''})\n`);
  return 0;
}
