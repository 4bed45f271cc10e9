/**
 * The `kaoping` command line, the only code that reads argv, prints and sets
 * exit codes. Each command (cli/commands/) is a thin shell over a library
 * function of pipeline/: options in, one call, words out. Errors become one
 * sentence on stderr and an exit code (0 ok, 2 bad usage or invalid input,
 * 1 unexpected), a stack only with --debug.
 */
import { Command, CommanderError, Option } from 'commander';
import { setDiagnostics } from '../pipeline/diagnostics.ts';
import { InputError } from '../pipeline/errors.ts';
import { writeError } from '../pipeline/outdir.ts';
import { VERSION } from '../pipeline/version.ts';

export async function main(argv: string[]): Promise<number> {
  // the library's diagnostic lines (KAOPING_TRACE, KAOPING_PAUSE_AT, KAOPING_REPORT_TIMING) go to stderr, looked up at each write
  setDiagnostics((text) => process.stderr.write(text));
  const program = new Command('kaoping')
    .description('考评 — yearly appraisal of offices: load, check, score, rank, report')
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const lang = () => new Option('--lang <lang>', 'language of reports and messages').choices(['zh', 'en']).default('zh');
  let code = 0;
  // Each action imports its command when it runs: `--version`, `--help` and a usage error load no DuckDB, vega,
  // exceljs or docx (about a second of start-up), and `explain` or `query` none of the report writers.

  program
    .command('run')
    .description('run the appraisal: load, check, score, rank, write outputs and the report')
    .option('--data <dir>', 'folder with the CSV exports (default: the bundled sample)')
    .option('--year <year>', 'appraisal year (default: the latest year in the data)', parseYear)
    .option('--scheme <file>', 'scheme YAML (default: metrics/default.yaml)')
    .option('--out <dir>', 'output folder', 'out')
    .option('--db <file>', 'DuckDB database file (default: OUT/kaoping.duckdb)')
    .option('--strict', 'fail when any row is rejected')
    .option('--allow-links', 'accept input files that are symbolic links')
    .option('--quiet', 'no progress messages')
    .addOption(lang())
    .action(async (opts) => {
      const { runAppraisal } = await import('./commands/run.ts');
      code = await runAppraisal(opts);
    });

  program
    .command('validate')
    .description('check the exports without scoring; writes OUT/rejects.csv')
    .option('--data <dir>', 'folder with the CSV exports (default: the bundled sample)')
    .option('--out <dir>', 'output folder', 'out')
    .option('--allow-links', 'accept input files that are symbolic links')
    .option('--quiet', 'no progress messages')
    .addOption(lang())
    .action(async (opts) => {
      const { runValidate } = await import('./commands/validate.ts');
      code = await runValidate(opts);
    });

  program
    .command('generate')
    .description('write deterministic synthetic exports of any size (same seed, same bytes)')
    .requiredOption('--offices <n>', 'number of offices')
    .option('--years <y1..y2>', 'first and last year', '2023..2024')
    .option('--seed <n>', 'random seed', '1')
    .requiredOption('--out <dir>', 'folder to write the CSV files into')
    .option('--bad', 'inject the deliberately bad rows (one set per county)')
    .option('--quiet', 'no progress messages')
    .action(async (opts) => {
      const { runGenerate } = await import('./commands/generate.ts');
      code = await runGenerate(opts);
    });

  program
    .command('explain')
    .description('why an office got each point, down to the rows that cost it points')
    .requiredOption('--office <id>', 'office id (单位编码)')
    .option('--year <year>', 'appraisal year (default: the latest scored year)', parseYear)
    .option('--db <file>', 'database of a run', 'out/kaoping.duckdb')
    .addOption(lang())
    .action(async (opts) => {
      const { runExplain } = await import('./commands/explain.ts');
      code = await runExplain(opts);
    });

  program
    .command('report')
    .description("write one office's report page on demand (a report of more offices than the office-page limit has none)")
    .requiredOption('--office <id>', 'office id (单位编码)')
    .option('--year <year>', 'appraisal year (default: the latest scored year)', parseYear)
    .option('--out <dir>', 'output folder of the run: the page goes into OUT/report/office/', 'out')
    .option('--db <file>', 'database of the run (default: OUT/kaoping.duckdb)')
    .addOption(lang())
    .action(async (opts) => {
      const { runReport } = await import('./commands/report.ts');
      code = await runReport(opts);
    });

  program
    .command('sensitivity')
    .description('how ranks and commendations move when the weights vary (Monte Carlo); writes OUT/sensitivity.csv')
    .option('--db <file>', 'database of a run', 'out/kaoping.duckdb')
    .option('--out <dir>', "output folder (default: the database's folder)")
    .option('--year <year>', 'appraisal year (default: the latest scored year)', parseYear)
    .option('--draws <n>', 'number of weight draws', '1000')
    .option('--spread <s>', "each item's maximum varies within ±spread (0.2 = ±20%)", '0.2')
    .option('--seed <n>', 'random seed', '1')
    .addOption(lang())
    .action(async (opts) => {
      const { runSensitivity } = await import('./commands/sensitivity.ts');
      code = await runSensitivity(opts);
    });

  program
    .command('query')
    .description('read-only SQL on the database (no SQL on a terminal: an interactive prompt; not a terminal: SQL from stdin)')
    .argument('[sql]', "SQL to run; several statements allowed, the last one's rows are printed")
    .option('--db <file>', 'database of a run', 'out/kaoping.duckdb')
    .option('-f, --file <file>', 'read the SQL from a file')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--limit <n>', 'table format: rows shown at most', '1000')
    .option('--allow-external', 'allow the SQL to read or write files outside the database')
    .action(async (sql, opts) => {
      const { runQueryCommand } = await import('./commands/query.ts');
      code = await runQueryCommand(sql, opts);
    });

  program
    .command('verify')
    .description('check that the outputs in OUT still belong to their inputs (manifest.json): exit 0 yes, 2 no')
    .option('--out <dir>', 'output folder of a run', 'out')
    .option('--data <dir>', 'data folder (default: the one recorded in the manifest)')
    .addOption(lang())
    .action(async (opts) => {
      const { runVerify } = await import('./commands/verify.ts');
      code = await runVerify(opts);
    });

  program
    .command('compare')
    .description('what changed between two runs (the published run and the run after appeals, or two schemes): offices, items, adjustments')
    .requiredOption('--before <dir>', 'output folder of the earlier run')
    .requiredOption('--after <dir>', 'output folder of the later run')
    .option('--out <dir>', 'folder to write compare.csv into (default: print the summary only)')
    .addOption(lang())
    .action(async (opts) => {
      const { runCompare } = await import('./commands/compare.ts');
      code = await runCompare(opts);
    });

  try {
    await program.parseAsync(argv);
    return code;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      return caught.exitCode === 0 ? 0 : 2;
    }
    const debug = argv.includes('--debug');
    const e = userError(caught);
    if (e instanceof InputError) {
      const i = argv.indexOf('--lang');
      process.stderr.write(`kaoping: ${e.text(i >= 0 && argv[i + 1] === 'en' ? 'en' : 'zh')}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`kaoping: unexpected failure: ${oneLine(err?.message ?? String(e))}\n`);
    if (debug) process.stderr.write(`${err?.stack}\n`);
    else process.stderr.write('kaoping: run again with --debug for details\n');
    return 1;
  }
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

function parseYear(v: string): number {
  const y = Number(v);
  if (!Number.isInteger(y) || y < 1950 || y > 2100) throw new InputError(`--year ${v} is not a year between 1950 and 2100.`);
  return y;
}

function oneLine(s: string): string {
  return s.split('\n')[0];
}
