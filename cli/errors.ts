/** The command line's own refusals: an InputError (exit 2) carrying both languages of a words/cli.ts entry. */
import { InputError } from '../pipeline/errors.ts';
import { cliBoth, type CliWord } from '../words/cli.ts';
import type { Vars } from '../words/index.ts';

export function refuse(key: CliWord, vars: Vars = {}): InputError {
  const w = cliBoth(key, vars);
  return new InputError(w.en, w.zh);
}
