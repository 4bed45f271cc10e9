/**
 * The `kaoping` command line, the only code that reads argv, prints and sets
 * exit codes. Each command (cli/commands/) is a thin shell over a library
 * function of pipeline/: options in, one call, words out. Errors become one
 * sentence on stderr and an exit code (0 ok, 2 bad usage or invalid input,
 * 1 unexpected), a stack only with --debug.
 *
 * Everything it prints is in the language of the command line: Chinese, or
 * English with `--lang en` (or KAOPING_LANG=en; the option wins), decided
 * before the commands are defined, since their help is in it too. The words
 * are words/cli.ts's; commander's own (headings, annotations, its usage
 * errors by their codes) are put into them here.
 */
import { Command, CommanderError, Help, Option } from 'commander';
import { setDiagnostics } from '../pipeline/diagnostics.ts';
import { InputError } from '../pipeline/errors.ts';
import { writeError } from '../pipeline/outdir.ts';
import { displayWidth, visible } from '../pipeline/text.ts';
import { VERSION } from '../pipeline/version.ts';
import { cli, type CliWord } from '../words/cli.ts';
import type { Lang, Vars } from '../words/index.ts';
import { refuse } from './errors.ts';

export async function main(argv: string[]): Promise<number> {
  // the library's diagnostic lines (KAOPING_TRACE, KAOPING_PAUSE_AT, KAOPING_REPORT_TIMING) go to stderr, looked up at each write
  setDiagnostics((text) => process.stderr.write(text));
  const args = argv.slice(2);
  const flag = langFlag(args);
  const env = process.env.KAOPING_LANG;
  const lang: Lang = isLang(flag) ? flag : isLang(env) ? env : 'zh';
  const t = (key: CliWord, vars?: Vars) => cli(lang, key, vars);
  if (flag === undefined && env && !isLang(env)) {
    process.stderr.write(`kaoping: ${t('usage.langEnv', { value: visible(env) })}\n`);
    return 2;
  }

  let current: Command | undefined; // the command being parsed, for the words of a usage error
  const program = new Command('kaoping')
    .description(t('help.program'))
    .version(VERSION, '-V, --version', t('opt.version'))
    .helpOption('-h, --help', t('opt.help'))
    .helpCommand(`help ${t('help.[command]')}`, t('opt.helpCommand'))
    .option('--debug', t('opt.debug'))
    // one --lang for every command, wherever it is written (commander reads the program's options anywhere)
    .addOption(choice(new Option(`--lang ${t('ph.lang')}`, t('opt.lang')), ['zh', 'en']).default(isLang(env) ? env : 'zh'))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} })
    .configureHelp(helpWords(lang))
    .hook('preSubcommand', (_program, sub) => {
      current = sub;
    });

  const year = (key: CliWord) => new Option(`--year ${t('ph.year')}`, t(key)).argParser(parseYear);
  let code = 0;
  // Each action imports its command when it runs: `--version`, `--help` and a usage error load no DuckDB, vega,
  // exceljs or docx (about a second of start-up), and `explain` or `query` none of the report writers.

  program
    .command('run')
    .description(t('help.run'))
    .option(`--data ${t('ph.dir')}`, t('opt.data'))
    .addOption(year('opt.year.data'))
    .addOption(new Option(`--years ${t('ph.years')}`, t('opt.years.run')).argParser(parseYears))
    .option(`--scheme ${t('ph.file')}`, t('opt.scheme'))
    .option(`--out ${t('ph.dir')}`, t('opt.out'), 'out')
    .option(`--db ${t('ph.file')}`, t('opt.db.run'))
    .option('--strict', t('opt.strict'))
    .option('--allow-links', t('opt.allowLinks'))
    .option('--quiet', t('opt.quiet'))
    .action(async (opts) => {
      const { runAppraisal } = await import('./commands/run.ts');
      code = await runAppraisal({ ...opts, lang });
    });

  program
    .command('validate')
    .description(t('help.validate'))
    .option(`--data ${t('ph.dir')}`, t('opt.data'))
    .option(`--out ${t('ph.dir')}`, t('opt.out'), 'out')
    .option('--allow-links', t('opt.allowLinks'))
    .option('--quiet', t('opt.quiet'))
    .action(async (opts) => {
      const { runValidate } = await import('./commands/validate.ts');
      code = await runValidate({ ...opts, lang });
    });

  program
    .command('generate')
    .description(t('help.generate'))
    .requiredOption(`--offices ${t('ph.n')}`, t('opt.offices'))
    .option(`--years ${t('ph.years')}`, t('opt.years.generate'), '2023..2024')
    .option(`--seed ${t('ph.n')}`, t('opt.seed'), '1')
    .requiredOption(`--out ${t('ph.dir')}`, t('opt.out.generate'))
    .option('--bad', t('opt.bad'))
    .option('--quiet', t('opt.quiet'))
    .action(async (opts) => {
      const { runGenerate } = await import('./commands/generate.ts');
      code = await runGenerate({ ...opts, lang });
    });

  program
    .command('explain')
    .description(t('help.explain'))
    .requiredOption(`--office ${t('ph.office')}`, t('opt.office.explain'))
    .addOption(year('opt.year.db'))
    .option(`--db ${t('ph.file')}`, t('opt.db'), 'out/kaoping.duckdb')
    .action(async (opts) => {
      const { runExplain } = await import('./commands/explain.ts');
      code = await runExplain({ ...opts, lang });
    });

  program
    .command('report')
    .description(t('help.report'))
    .requiredOption(`--office ${t('ph.office')}`, t('opt.office.explain'))
    .addOption(year('opt.year.db'))
    .option(`--out ${t('ph.dir')}`, t('opt.out.report'), 'out')
    .option(`--db ${t('ph.file')}`, t('opt.db.report'))
    .action(async (opts) => {
      const { runReport } = await import('./commands/report.ts');
      code = await runReport({ ...opts, lang });
    });

  program
    .command('sensitivity')
    .description(t('help.sensitivity'))
    .option(`--db ${t('ph.file')}`, t('opt.db'), 'out/kaoping.duckdb')
    .option(`--out ${t('ph.dir')}`, t('opt.out.sensitivity'))
    .addOption(year('opt.year.db'))
    .option(`--draws ${t('ph.n')}`, t('opt.draws'), '1000')
    .option(`--spread ${t('ph.spread')}`, t('opt.spread'), '0.2')
    .option(`--seed ${t('ph.n')}`, t('opt.seed'), '1')
    .action(async (opts) => {
      const { runSensitivity } = await import('./commands/sensitivity.ts');
      code = await runSensitivity({ ...opts, lang });
    });

  program
    .command('query')
    .description(t('help.query'))
    .argument(t('ph.sql'), t('arg.sql'))
    .option(`--db ${t('ph.file')}`, t('opt.db'), 'out/kaoping.duckdb')
    .option(`-f, --file ${t('ph.file')}`, t('opt.sqlFile'))
    .addOption(choice(new Option(`--format ${t('ph.format')}`, t('opt.format')), ['table', 'csv', 'json']).default('table'))
    .option(`--limit ${t('ph.n')}`, t('opt.limit'), '1000')
    .option('--allow-external', t('opt.allowExternal'))
    .action(async (sql, opts) => {
      const { runQueryCommand } = await import('./commands/query.ts');
      code = await runQueryCommand(sql, { ...opts, lang });
    });

  program
    .command('verify')
    .description(t('help.verify'))
    .option(`--out ${t('ph.dir')}`, t('opt.out.verify'), 'out')
    .option(`--data ${t('ph.dir')}`, t('opt.data.verify'))
    .action(async (opts) => {
      const { runVerify } = await import('./commands/verify.ts');
      code = await runVerify({ ...opts, lang });
    });

  program
    .command('compare')
    .description(t('help.compare'))
    .requiredOption(`--before ${t('ph.dir')}`, t('opt.before'))
    .requiredOption(`--after ${t('ph.dir')}`, t('opt.after'))
    .option(`--out ${t('ph.dir')}`, t('opt.out.compare'))
    .action(async (opts) => {
      const { runCompare } = await import('./commands/compare.ts');
      code = await runCompare({ ...opts, lang });
    });

  // `kaoping help <name>` of no command: the sentence of an unknown command (commander prints the whole help, exit 2)
  const words = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--lang');
  if (words[0] === 'help' && words[1] !== undefined && !program.commands.some((c) => c.name() === words[1])) {
    process.stderr.write(`kaoping: ${t('usage.unknownCommand', { name: visible(words[1]), suggestion: '' })}\n`);
    return 2;
  }
  try {
    await program.parseAsync(argv);
    return code;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // --help and --version end with 0; `kaoping` alone has printed the help on stderr
      if (caught.exitCode === 0) return 0;
      if (caught.code !== 'commander.help') process.stderr.write(`kaoping: ${usageWords(caught, current, lang)}\n`);
      return 2;
    }
    const debug = argv.includes('--debug');
    const e = userError(caught);
    if (e instanceof InputError) {
      process.stderr.write(`kaoping: ${e.text(lang)}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`kaoping: ${t('fail.unexpected', { message: oneLine(err?.message ?? String(e)) })}\n`);
    if (debug) process.stderr.write(`${err?.stack}\n`);
    else process.stderr.write(`kaoping: ${t('fail.debug')}\n`);
    return 1;
  }
}

function isLang(v: unknown): v is Lang {
  return v === 'zh' || v === 'en';
}

/** The value of the last `--lang X` or `--lang=X` before a `--`, as written. */
function langFlag(args: string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--lang') value = args[i + 1] ?? '';
    else if (args[i].startsWith('--lang=')) value = args[i].slice('--lang='.length);
  }
  return value;
}

/** An option taking one of `values`: commander's choices for the help, and a refusal in words for anything else. */
function choice(option: Option, values: string[]): Option {
  const name = option.long ?? option.flags;
  return option.choices(values).argParser((v: string) => {
    if (values.includes(v)) return v;
    const vars = (lang: Lang) => ({ option: name, value: visible(v), values: values.join(lang === 'zh' ? '、' : ', ') });
    throw new InputError(cli('en', 'usage.invalidChoice', vars('en')), cli('zh', 'usage.invalidChoice', vars('zh')));
  });
}

function parseYear(v: string): number {
  const y = Number(v);
  if (!isYear(y)) throw refuse('bad.year', { value: visible(v) });
  return y;
}

/** `--years 2023..2024` of run: every year of the range, in order. */
function parseYears(v: string): number[] {
  const m = /^(\d{4})\.\.(\d{4})$/.exec(v.trim());
  const [first, last] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!isYear(first) || !isYear(last) || first > last) throw refuse('bad.runYears', { value: visible(v) });
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function isYear(y: number): boolean {
  return Number.isInteger(y) && y >= 1950 && y <= 2100;
}

/** Commander's usage error as one sentence of words/cli.ts, by its code; the names come from its message and the command. */
function usageWords(e: CommanderError, command: Command | undefined, lang: Lang): string {
  const t = (key: CliWord, vars?: Vars) => cli(lang, key, vars);
  const quoted = [...e.message.matchAll(/'([^']*)'/g)].map((m) => visible(m[1]));
  const similar = /Did you mean (.+?)\?/.exec(e.message)?.[1];
  const suggestion = similar ? t('usage.suggestion', { name: visible(similar) }) : '';
  const name = command ? `kaoping ${command.name()}` : 'kaoping';
  switch (e.code) {
    case 'commander.unknownOption':
      return t('usage.unknownOption', { command: name, option: quoted[0], suggestion });
    case 'commander.unknownCommand':
      return t('usage.unknownCommand', { name: quoted[0], suggestion });
    case 'commander.missingMandatoryOptionValue':
      return t('usage.missingOption', { command: name, option: quoted[0] });
    case 'commander.optionMissingArgument':
      return t('usage.optionValueMissing', { option: quoted[0] });
    case 'commander.missingArgument':
      return t('usage.missingArgument', { command: name, name: quoted[0] });
    case 'commander.excessArguments': {
      const expected = command?.registeredArguments.length ?? 0;
      const extra = (command?.args ?? []).slice(expected).map((a) => visible(a));
      const vars = { command: name, expected, got: command?.args.length ?? 0, args: extra.join(' ') };
      return t(expected === 0 ? 'usage.noArguments' : 'usage.excessArguments', vars);
    }
    default:
      return t('usage.other', { message: visible(oneLine(e.message).replace(/^error: /, '')) });
  }
}

/**
 * Commander's help in the command line's language: its headings, the
 * `[options]` of usage lines, the choices and default annotations, and
 * widths that count a Chinese character as two columns, wrapping between
 * Chinese characters as well as at spaces. `--debug` and `--lang` are listed
 * under every command as global options.
 */
function helpWords(lang: Lang): Partial<Help> {
  const t = (key: CliWord, vars?: Vars) => cli(lang, key, vars);
  const heading = (s: string) => (HEADINGS.has(s) ? t(`help.${s}` as CliWord) : s);
  const placeholders = (s: string) => s.replace('[options]', t('help.[options]')).replace('[command]', t('help.[command]'));
  const quote = (v: unknown) => (lang === 'zh' ? String(v) : JSON.stringify(v));
  return {
    showGlobalOptions: true,
    styleTitle: heading,
    commandUsage(this: Help, cmd: Command) {
      return placeholders(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return placeholders(Help.prototype.subcommandTerm.call(this, cmd));
    },
    visibleGlobalOptions(this: Help, cmd: Command) {
      return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => o.long !== '--version');
    },
    optionDescription(option: Option) {
      const notes: string[] = [];
      if (option.argChoices) notes.push(t('help.choices', { values: option.argChoices.map(quote).join(t('help.valueSep')) }));
      if (option.defaultValue !== undefined && (option.required || option.optional)) {
        notes.push(t('help.default', { value: option.defaultValueDescription ?? quote(option.defaultValue) }));
      }
      if (notes.length === 0) return option.description;
      const annotations = t('help.annotations', { items: notes.join(t('help.annotationSep')) });
      return lang === 'zh' ? `${option.description}${annotations}` : `${option.description} ${annotations}`;
    },
    displayWidth: (s: string) => displayWidth(s),
    boxWrap(this: Help, text: string, width: number) {
      if (width < this.minWidthToWrap) return text;
      return text
        .split(/\r\n|\n/)
        .map((line) => wrapLine(line, width))
        .join('\n');
    },
  };
}

/** Commander's headings, each with its words in words/cli.ts (`help.Usage:` ...). */
const HEADINGS = new Set(['Usage:', 'Options:', 'Global Options:', 'Commands:', 'Arguments:']);

/** Pieces a line may break between: a word with the spaces before it, or one Chinese character with the punctuation it holds on to. */
const PIECE =
  /\s*(?:[(“‘《「『【〔]*[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6][),。、;:!?”’》」』】〕]*|[^\s\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+)/gu;

function wrapLine(line: string, width: number): string {
  const pieces = line.match(PIECE);
  if (!pieces) return '';
  const lines: string[] = [];
  let text = pieces[0];
  let used = displayWidth(text);
  for (const piece of pieces.slice(1)) {
    const w = displayWidth(piece);
    if (used + w <= width) {
      text += piece;
      used += w;
      continue;
    }
    lines.push(text);
    text = piece.trimStart();
    used = displayWidth(text);
  }
  lines.push(text);
  return lines.join('\n');
}

/** A failure of the machine the user can act on (disk full, read-only, no permission), as one sentence. */
function userError(e: unknown): unknown {
  if (e instanceof InputError) return e;
  const err = e as NodeJS.ErrnoException;
  if (['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'].includes(String(err?.code))) {
    const mapped = writeError(err, err.path ?? '');
    if (mapped !== err) return mapped;
  }
  if (/No space left on device/i.test(String(err?.message)))
    return writeError(Object.assign(new Error(), { code: 'ENOSPC' }), /"([^"]+)"/.exec(err.message)?.[1] ?? '');
  return e;
}

function oneLine(s: string): string {
  return s.split('\n')[0];
}
