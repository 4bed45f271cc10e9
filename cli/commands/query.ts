/**
 * `kaoping query`: read-only SQL on a run's database. SQL from the argument,
 * -f FILE, or stdin; on a terminal without SQL, a small prompt with history,
 * multi-line statements ending in `;`, `.tables`, `.schema NAME`, `.quit`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Db, sqlString } from '../../pipeline/db.ts';
import { visible } from '../../pipeline/text.ts';
import { InputError } from '../../pipeline/errors.ts';
import { checkFile, openDatabase } from '../../pipeline/dbfile.ts';
import { OutputClosed, runQuery, type Format, type QueryOptions } from '../../pipeline/query.ts';
import { noRunDatabase } from '../../pipeline/runs.ts';
import { cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';
import { refuse } from '../errors.ts';

export interface QueryCommandOptions {
  db: string;
  file?: string;
  format: Format;
  limit: string;
  allowExternal?: boolean;
  lang: Lang;
}

/**
 * stdout closed by its reader (`kaoping query ... | head`): EPIPE. Noted
 * here instead of thrown at whoever writes next, so the command stops
 * writing and ends quietly with exit 0, as a Unix filter does.
 */
let outputError: NodeJS.ErrnoException | undefined;
let watching = false;
function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    outputError ??= e;
  });
}

function checkOutput(): void {
  if (!outputError && !process.stdout.destroyed) return;
  if (!outputError || outputError.code === 'EPIPE' || outputError.code === 'ERR_STREAM_DESTROYED') throw new OutputClosed();
  throw outputError;
}

async function write(s: string): Promise<void> {
  checkOutput();
  if (!process.stdout.write(s)) {
    // 'drain' when the reader catches up; 'error' or 'close' when it has gone
    await new Promise<void>((resolve) => {
      const done = () => {
        for (const ev of ['drain', 'error', 'close']) process.stdout.off(ev, done);
        resolve();
      };
      for (const ev of ['drain', 'error', 'close']) process.stdout.on(ev, done);
    });
  }
  checkOutput();
}

export async function runQueryCommand(sqlArg: string | undefined, opts: QueryCommandOptions): Promise<number> {
  if (!existsSync(opts.db)) throw noRunDatabase(opts.db);
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) throw refuse('bad.limit', { value: visible(opts.limit) });
  let sql = sqlArg;
  if (opts.file)
    sql = await readFile(opts.file, 'utf8').catch(() => {
      throw refuse('bad.sqlFile', { file: visible(opts.file!) });
    });
  watchStdout();
  await checkFile(opts.db);
  const db = await openDatabase(opts.db, opts.db, { readOnly: true, noExternalAccess: !opts.allowExternal });
  try {
    if (sql === undefined && process.stdin.isTTY) return await repl(db, limit, !!opts.allowExternal, opts.lang);
    if (sql === undefined) sql = await readStdin();
    await query(
      db,
      sql,
      { format: opts.format, limit, write, allowExternal: opts.allowExternal, terminal: !!process.stdout.isTTY },
      opts.lang,
    );
    return 0;
  } catch (e) {
    if (e instanceof OutputClosed) return 0;
    throw e;
  } finally {
    db.close();
  }
}

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s;
}

/** runQuery, and under a table how many rows there were. */
async function query(db: Db, sql: string, opts: QueryOptions, lang: Lang): Promise<void> {
  const t = cliIn(lang);
  const rows = await runQuery(db, sql, opts);
  if (opts.format !== 'table') return;
  const shown = Math.min(rows, opts.limit);
  await write(`${rows > shown ? t('query.limited', { rows, shown }) : rows === 1 ? t('query.row') : t('query.rows', { rows })}\n`);
}

/** An error inside the prompt, in words: a refusal in the command line's language, anything else as DuckDB said it. */
function errorWords(e: unknown, lang: Lang): string {
  return visible(e instanceof InputError ? e.text(lang) : (e as Error).message);
}

async function repl(db: Db, limit: number, allowExternal: boolean, lang: Lang): Promise<number> {
  const t = cliIn(lang);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'kaoping> ', historySize: 500 });
  process.stdout.write(`${t('query.banner')}\n`);
  rl.prompt();
  let buffer = '';
  for await (const line of rl) {
    const trimmed = line.trim();
    if (buffer === '' && trimmed.startsWith('.')) {
      const [cmd, arg] = trimmed.split(/\s+/, 2);
      try {
        if (cmd === '.quit' || cmd === '.exit') break;
        else if (cmd === '.help') await write(t('query.help'));
        else if (cmd === '.tables')
          await query(
            db,
            `SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`,
            { format: 'table', limit: 1000, write },
            lang,
          );
        else if (cmd === '.schema' && arg)
          await query(
            db,
            `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${sqlString(arg)} ORDER BY ordinal_position`,
            { format: 'table', limit: 1000, write },
            lang,
          );
        else await write(`${t('query.unknown', { command: visible(cmd) })}\n`);
      } catch (e) {
        if (e instanceof OutputClosed) throw e;
        await write(`${errorWords(e, lang)}\n`);
      }
      rl.prompt();
      continue;
    }
    buffer += (buffer ? '\n' : '') + line;
    if (!trimmed.endsWith(';')) {
      rl.setPrompt('     -> ');
      rl.prompt();
      continue;
    }
    try {
      await query(db, buffer, { format: 'table', limit, write, allowExternal }, lang);
    } catch (e) {
      if (e instanceof OutputClosed) throw e;
      await write(`${errorWords(e, lang)}\n`);
    }
    buffer = '';
    rl.setPrompt('kaoping> ');
    rl.prompt();
  }
  rl.close();
  // a terminal that sent EOF before .quit was read leaves stdin's handle
  // open and flowing, which would keep the process alive
  process.stdin.destroy();
  return 0;
}
