/**
 * The database file a command writes (`--db`): what it may be, its lock, and
 * how a run replaces it. A run works on a copy and puts the copy in place
 * with one rename when everything succeeded, so a failed or killed run leaves
 * the database as it was; the lock (outdir.ts) keeps two commands from
 * writing one database at once, whatever their --out.
 */
import { copyFile, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Db } from './db.ts';
import { InputError } from './errors.ts';
import { lockDatabase, MARKER_DIR, processExists, realish, within, writeError } from './outdir.ts';

export interface DatabaseClaim {
  /** the database file, resolved */
  target: string;
  /** does it exist (a history to extend)? */
  existed: boolean;
  release(): Promise<void>;
}

/**
 * Checks `db` (a folder, a file that is not a DuckDB database, a database
 * open in another program: one sentence each), takes its lock, and brings a
 * write-ahead log left by another client into the file, so a copy of the file
 * is the whole database.
 */
export async function claimDatabase(
  db: string,
  where: { data?: string; out?: string; outEntries?: string[] } = {},
): Promise<DatabaseClaim> {
  if (db.trim() === '') {
    throw new InputError(
      '--db is empty (an unset shell variable?); name the database file.',
      '--db 为空(可能是未设置的环境变量);请指定数据库文件。',
    );
  }
  const target = await realish(resolve(db));
  if (where.data !== undefined && within(target, await realish(resolve(where.data)))) {
    throw new InputError(
      `--db ${db} lies inside the data folder; kaoping does not write there: put the database elsewhere.`,
      `--db ${db} 位于数据文件夹中;kaoping 不会写入数据文件夹,请把数据库放在别处。`,
    );
  }
  if (where.out !== undefined) {
    const out = await realish(resolve(where.out));
    if (within(target, out) && target !== join(out, 'kaoping.duckdb')) {
      const name = basename(target);
      if (dirname(target) !== out || name === MARKER_DIR || (where.outEntries ?? []).includes(name)) {
        throw new InputError(
          `--db ${db} would be overwritten by the outputs in ${out}; put it directly in that folder under a name of its own, or elsewhere.`,
          `--db ${db} 会被 ${out} 中的输出覆盖;请把它直接放在该文件夹中并另起文件名,或放在别处。`,
        );
      }
    }
  }
  const existed = await checkFile(target, db);
  await mkdir(dirname(target), { recursive: true }).catch((e) => {
    throw writeError(e, dirname(target));
  });
  const lock = await lockDatabase(target);
  try {
    // a copy left by a run killed while putting its database in place (we hold the lock: no one else is writing it)
    for (const e of await readdir(dirname(target))) {
      const pid = e.startsWith(`${basename(target)}.tmp-`) ? e.slice(basename(target).length + 5) : '';
      if (/^\d+$/.test(pid) && (Number(pid) === process.pid || !processExists(Number(pid))))
        await rm(join(dirname(target), e), { force: true });
    }
    if (existed) (await openDatabase(target, db)).close();
  } catch (e) {
    await lock.release();
    throw e;
  }
  return { target, existed, release: () => lock.release() };
}

/** Is `path` an existing DuckDB database (true), absent (false), or something else (one sentence)? */
export async function checkFile(path: string, shown = path): Promise<boolean> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return false;
  if (st.isDirectory()) {
    throw new InputError(
      `--db ${shown} is a folder; name a database file, e.g. ${join(shown, 'kaoping.duckdb')}.`,
      `--db ${shown} 是一个文件夹;请指定数据库文件,例如 ${join(shown, 'kaoping.duckdb')}。`,
    );
  }
  const head = Buffer.alloc(12);
  const fh = await open(path, 'r');
  const { bytesRead } = await fh.read(head, 0, 12, 0).finally(() => fh.close());
  if (bytesRead < 12 || head.subarray(8, 12).toString('latin1') !== 'DUCK') {
    throw new InputError(
      `--db ${shown} is not a DuckDB database; kaoping will not overwrite it: name a new file or a kaoping database.`,
      `--db ${shown} 不是 DuckDB 数据库文件;kaoping 不会覆盖它,请指定一个新文件或 kaoping 的数据库。`,
    );
  }
  return true;
}

/** Opens a database, turning DuckDB's refusals (locked by another program, unreadable) into one sentence. */
export async function openDatabase(path: string, shown = path, opts: Parameters<typeof Db.open>[1] = {}): Promise<Db> {
  try {
    return await Db.open(path, opts);
  } catch (e) {
    throw databaseError(e, shown);
  }
}

export function databaseError(e: unknown, shown: string): Error {
  const msg = String((e as Error)?.message ?? e);
  const holder = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(msg);
  if (holder || /Could not set lock on file/.test(msg)) {
    const who = holder ? `${basename(holder[1])}, process ${holder[2]}` : 'another program';
    const whoZh = holder ? `${basename(holder[1])},进程 ${holder[2]}` : '另一个程序';
    return new InputError(
      `The database ${shown} is open in another program (${who}); close it there and run again.`,
      `数据库 ${shown} 正被另一个程序打开(${whoZh});请先在那里关闭它,然后重试。`,
    );
  }
  if (/No space left on device/i.test(msg)) return writeError(Object.assign(new Error(msg), { code: 'ENOSPC' }), dirname(shown));
  if (/read-only|Permission denied/i.test(msg))
    return writeError(Object.assign(new Error(msg), { code: /read-only/i.test(msg) ? 'EROFS' : 'EACCES' }), shown);
  if (/not a valid DuckDB database|database file .* is not|Serialization|version/i.test(msg)) {
    return new InputError(
      `The database ${shown} cannot be opened by this kaoping (${msg.split('\n')[0]}).`,
      `此版本的 kaoping 无法打开数据库 ${shown}(${msg.split('\n')[0]})。`,
    );
  }
  return e as Error;
}

/** Puts the run's copy `work` in place of `target` with one rename (a copy first when they are on different disks). */
export async function installDatabase(work: string, target: string): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    await rename(work, tmp).catch(async (e) => {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      await copyFile(work, tmp);
      await rm(work, { force: true });
    });
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw writeError(e, target);
  }
}
