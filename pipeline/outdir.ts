/**
 * OUT belongs to kaoping, and nothing else does.
 *
 * An output folder is accepted when it does not exist yet, is empty, or holds
 * the marker `.kaoping/owner.json` that kaoping leaves in every folder it
 * writes. The marker lists the entries kaoping wrote there; kaoping replaces
 * or removes those and nothing else (a `--db` or any other file a user keeps
 * beside them is never touched). Anything else — a folder holding other
 * files, the data folder or a folder containing it, the current folder or a
 * folder containing it, a file — is refused with one sentence before anything
 * is written.
 *
 * A command writes into a staging folder inside OUT (`.kaoping/stage-*`) and
 * moves its entries in when everything succeeded, one rename each, inside
 * OUT, so OUT itself is never renamed (it may be a mount point). The marker
 * records a swap before it starts, so a swap cut short by a kill is rolled
 * back by the next command: a failed or killed command leaves OUT as it was.
 * A lock (`.kaoping/lock`) keeps two commands from writing one OUT at once; a
 * lock whose process is gone, or whose process id now belongs to another
 * process, is taken over.
 */
import { randomBytes } from 'node:crypto';
import { constants, readFileSync } from 'node:fs';
import { access, link, lstat, mkdir, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from './errors.ts';
import { pauseAt } from './pause.ts';

/** The folder inside OUT that holds kaoping's marker, lock and staging folders. */
export const MARKER_DIR = '.kaoping';
const OWNER = 'owner.json';

interface Owner {
  tool: 'kaoping';
  /** entries of OUT that kaoping wrote */
  entries: string[];
  /** a swap in progress: what to undo if its process is gone */
  swap?: { token: string; before: string[]; replaced: string[]; incoming: string[] };
}

export interface Guard {
  /** the data folder: OUT may not be it, contain it or lie inside it */
  data?: string;
  /** the database the command writes: it may be the one file already in OUT */
  db?: string;
  /** what the command is called in messages (defaults to --out) */
  option?: string;
}

export interface StagedOutput {
  /** OUT, resolved */
  target: string;
  /** the staging folder: what is written here becomes OUT's entries on commit */
  dir: string;
  /** a working folder that is never committed (spill files, scratch databases) */
  scratch: string;
  /** the entries of OUT kaoping wrote before this command */
  owned: string[];
  /**
   * Moves the staged entries into OUT. `replace`: every entry kaoping wrote
   * earlier goes (except `keep`); otherwise only the entries staged again are replaced.
   * `after` runs once they are in, before the lock is released.
   */
  commit(opts?: { replace?: boolean; keep?: string[]; after?: () => Promise<unknown> }): Promise<void>;
  /** removes the staging folder (and OUT, if this command created it and it holds nothing else) */
  abort(): Promise<void>;
}

/** Claims OUT for a command that writes into it: checks ownership, takes the lock, clears what killed commands left. */
export async function stageOutput(out: string, guard: Guard = {}): Promise<StagedOutput> {
  const target = await claimable(out, guard);
  const created = await makeDirs(target).catch(async (e) => {
    throw writeError(await whyNot(e, target), target);
  });
  const internal = join(target, MARKER_DIR);
  const fresh = !(await exists(internal)); // an empty OUT: what is made here goes again if the command fails
  await mkdir(internal, { recursive: true }).catch((e) => {
    throw writeError(e, target);
  });
  let lock: Lock;
  const undo = async () => {
    if (created) await removeCreated(target, created);
    else if (fresh) await rm(internal, { recursive: true, force: true });
  };
  try {
    lock = await takeLock(join(internal, 'lock'), target, guard.option ?? '--out');
  } catch (e) {
    if (!(e instanceof InputError && /Another kaoping/.test(e.message))) await undo();
    throw e;
  }
  try {
    const owner = await recover(target);
    if (!(await exists(join(internal, OWNER)))) await writeOwner(target, owner);
    const dir = join(internal, `stage-${lock.token}`);
    const scratch = join(internal, `scratch-${lock.token}`);
    await mkdir(dir);
    await mkdir(scratch);
    const cleanup = async () => {
      await rm(dir, { recursive: true, force: true });
      await rm(scratch, { recursive: true, force: true });
    };
    return {
      target,
      dir,
      scratch,
      owned: owner.entries,
      async commit(opts = {}) {
        try {
          await swapIn(target, dir, lock.token, owner, opts.replace ?? false, new Set(opts.keep ?? []));
          await opts.after?.(); // still under the lock: e.g. manifest.json brought up to date with what was swapped in
        } finally {
          await cleanup();
          await lock.release();
        }
      },
      async abort() {
        await cleanup();
        await lock.release();
        if (owner.entries.length === 0) await undo();
      },
    };
  } catch (e) {
    await lock.release();
    await undo();
    throw e;
  }
}

/** The lock of a database file (`<db>.kaoping-lock` beside it), for every command that writes the database. */
export async function lockDatabase(db: string): Promise<{ release(): Promise<void> }> {
  const path = resolve(db);
  return takeLock(`${path}.kaoping-lock`, path, '--db');
}

/** Why OUT may not be written, as one sentence; or its resolved path when it may. Touches nothing. */
async function claimable(out: string, guard: Guard): Promise<string> {
  const option = guard.option ?? '--out';
  if (out.trim() === '') {
    throw new InputError(
      `${option} is empty (an unset shell variable?); name the output folder.`,
      `${option} 为空(可能是未设置的环境变量);请指定输出文件夹。`,
    );
  }
  const target = await realish(resolve(out));
  const cwd = await realish(process.cwd());
  if (within(cwd, target)) {
    throw new InputError(
      `${option} ${out} is the current folder or contains it; kaoping writes only into a folder of its own: name a new folder, e.g. ${option} out.`,
      `${option} ${out} 是当前文件夹或包含当前文件夹;kaoping 只写入自己的文件夹,请指定一个新的文件夹,例如 ${option} out。`,
    );
  }
  if (guard.data !== undefined) {
    const data = await realish(resolve(guard.data));
    if (within(data, target) || within(target, data)) {
      throw new InputError(
        `${option} ${out} is the data folder, contains it or lies inside it; write the outputs to a folder of their own.`,
        `${option} ${out} 是数据文件夹、包含数据文件夹或位于其中;请把输出写到单独的文件夹。`,
      );
    }
  }
  const st = await lstat(target).catch(() => undefined);
  if (!st) return target;
  if (!st.isDirectory()) {
    throw new InputError(
      `${option} ${out} is a file, not a folder; kaoping will not replace it: name a folder.`,
      `${option} ${out} 是一个文件而不是文件夹;kaoping 不会替换它,请指定一个文件夹。`,
    );
  }
  let entries = await readdir(target).catch((e) => {
    throw writeError(e, target);
  });
  if (guard.db !== undefined) {
    const db = await realish(resolve(guard.db));
    if (dirname(db) === target)
      entries = entries.filter((e) => ![basename(db), `${basename(db)}.wal`, `${basename(db)}.kaoping-lock`].includes(e));
  }
  if (entries.length === 0) return target;
  if (entries.includes(MARKER_DIR) && (await readOwner(target)) !== undefined) return target;
  if (entries.includes(MARKER_DIR) && (await internalOnly(target))) return target;
  const shown = entries
    .filter((e) => e !== MARKER_DIR)
    .slice(0, 3)
    .join(', ');
  throw new InputError(
    `${option} ${out} already holds files kaoping did not write (${shown}${entries.length > 3 ? ', …' : ''}); to keep them safe nothing was written: name a new or empty folder.`,
    `${option} ${out} 中已有不是 kaoping 写入的文件(${shown.replaceAll(', ', '、')}${entries.length > 3 ? ' 等' : ''});为保护这些文件,没有写入任何内容:请指定一个新的或空的文件夹。`,
  );
}

/** `.kaoping` holds only what a command left while it created the folder (no marker yet): kaoping's own. */
async function internalOnly(target: string): Promise<boolean> {
  const all = await readdir(target);
  if (all.length !== 1) return false;
  const st = await lstat(join(target, MARKER_DIR));
  if (!st.isDirectory()) return false;
  return (await readdir(join(target, MARKER_DIR))).every((e) => /^(lock|lock\.\S+|stage-\S+|scratch-\S+|old-\S+)$/.test(e));
}

async function readOwner(target: string): Promise<Owner | undefined> {
  const dirStat = await lstat(join(target, MARKER_DIR)).catch(() => undefined);
  if (!dirStat?.isDirectory()) return undefined;
  try {
    const o = JSON.parse(await readFile(join(target, MARKER_DIR, OWNER), 'utf8')) as Owner;
    if (o?.tool !== 'kaoping' || !Array.isArray(o.entries) || !o.entries.every(safeEntry)) return undefined;
    return o;
  } catch {
    return undefined;
  }
}

/** An entry name kaoping can own: one plain name directly in OUT. */
function safeEntry(e: unknown): e is string {
  return typeof e === 'string' && e !== '' && e !== '.' && e !== '..' && e !== MARKER_DIR && !e.includes('/') && !e.includes('\\');
}

async function writeOwner(target: string, o: Owner): Promise<void> {
  const file = join(target, MARKER_DIR, OWNER);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(o, null, 1) + '\n');
  await rename(tmp, file);
}

/**
 * Called with the lock held: undoes a swap whose command was killed, and
 * removes the staging folders commands left (their processes are gone, or
 * they would hold the lock).
 */
async function recover(target: string): Promise<Owner> {
  const internal = join(target, MARKER_DIR);
  let owner = (await readOwner(target)) ?? { tool: 'kaoping', entries: [] };
  if (owner.swap) {
    const { token, before, replaced, incoming } = owner.swap;
    const stage = join(internal, `stage-${token}`),
      old = join(internal, `old-${token}`);
    for (const name of incoming) {
      if (!(await exists(join(stage, name)))) await rm(join(target, name), { recursive: true, force: true });
    }
    for (const name of replaced) {
      if (await exists(join(old, name))) await rename(join(old, name), join(target, name));
    }
    owner = { tool: 'kaoping', entries: before };
    await writeOwner(target, owner);
  }
  for (const e of await readdir(internal)) {
    if (/^(stage|scratch|old)-/.test(e) || /^owner\.json\.tmp-/.test(e)) await rm(join(internal, e), { recursive: true, force: true });
  }
  // the lock of a database kept in OUT, left by a command that was killed
  for (const e of await readdir(target)) {
    if (!e.endsWith('.kaoping-lock')) continue;
    const l = await readLock(join(target, e));
    if (l && !holds(l)) await unlink(join(target, e)).catch(() => undefined);
  }
  return owner;
}

async function swapIn(target: string, stage: string, token: string, owner: Owner, replace: boolean, keep: Set<string>): Promise<void> {
  const incoming = (await readdir(stage)).filter(safeEntry);
  const present = new Set(await readdir(target));
  const owned = new Set(owner.entries);
  const foreign = incoming.filter((n) => present.has(n) && !owned.has(n));
  if (foreign.length > 0) {
    throw new InputError(
      `${join(target, foreign[0])} was not written by kaoping, so it was not replaced and no output changed; move it away and run again.`,
      `${join(target, foreign[0])} 不是 kaoping 写入的,因此没有替换它,输出也未改动;请把它移走后重试。`,
    );
  }
  const going = replace
    ? owner.entries.filter((n) => !keep.has(n) || incoming.includes(n))
    : owner.entries.filter((n) => incoming.includes(n));
  const replaced = going.filter((n) => present.has(n));
  const final = replace
    ? [...new Set([...owner.entries.filter((n) => keep.has(n)), ...incoming])]
    : [...new Set([...owner.entries, ...incoming])];
  const old = join(target, MARKER_DIR, `old-${token}`);
  await writeOwner(target, {
    tool: 'kaoping',
    entries: [...new Set([...owner.entries, ...incoming])],
    swap: { token, before: owner.entries, replaced, incoming },
  });
  await mkdir(old);
  for (const n of replaced) await rename(join(target, n), join(old, n));
  await pauseAt('swap');
  for (const n of incoming) await rename(join(stage, n), join(target, n));
  await writeOwner(target, { tool: 'kaoping', entries: final.sort() });
  await rm(old, { recursive: true, force: true });
}

/** Removes OUT (and the parents mkdir created) when this command created it and it holds nothing but kaoping's folder. */
async function removeCreated(target: string, created: string): Promise<void> {
  await rm(join(target, MARKER_DIR), { recursive: true, force: true });
  for (let d = target; within(d, created); d = dirname(d)) {
    if (
      !(await rmdir(d).then(
        () => true,
        () => false,
      )) ||
      d === created
    )
      break;
  }
}

// ---------------------------------------------------------------- locks

interface Lock {
  token: string;
  release(): Promise<void>;
}
interface LockInfo {
  pid: number;
  start: string | null;
  token: string;
  host: string;
}

/** Tokens of the locks this process holds: a lock naming this process but not one of these is stale. */
const held = new Set<string>();

/**
 * Creates `path` exclusively, with its content in one step (a hard link of a
 * written file), so a lock is never seen half written. A lock whose process
 * has gone, or whose process id belongs to another process now (the start
 * time differs, or it names this process, which does not hold it), is taken over.
 */
async function takeLock(path: string, what: string, option: string): Promise<Lock> {
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const info: LockInfo = { pid: process.pid, start: startTime(process.pid), token, host: hostname() };
  const tmp = `${path}.${token}`;
  await writeFile(tmp, JSON.stringify(info)).catch((e) => {
    throw writeError(e, dirname(path));
  });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, path);
        held.add(token);
        return {
          token,
          async release() {
            held.delete(token);
            const now = await readLock(path);
            if (now?.token === token) await unlink(path).catch(() => undefined);
          },
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(e, dirname(path));
      }
      const other = await readLock(path);
      if (other && holds(other)) {
        throw new InputError(
          `Another kaoping run (process ${other.pid}) is writing ${what}; wait for it to finish or choose another ${option}.`,
          `另一个 kaoping 运行(进程 ${other.pid})正在写入 ${what};请等它结束,或换一个 ${option}。`,
        );
      }
      if (!other) {
        // unreadable: a lock of an older kaoping, or one being replaced this instant
        const st = await stat(path).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs < 2000) {
          await sleep(200);
          continue;
        }
      }
      // stale: move it aside under a name of our own, so two takers cannot both remove a fresh lock
      const aside = `${path}.stale-${token}`;
      if (
        await rename(path, aside).then(
          () => true,
          () => false,
        )
      ) {
        const moved = await readLock(aside);
        if (moved && other && moved.token !== other.token && holds(moved)) {
          await link(aside, path).catch(() => undefined); // a fresh lock taken meanwhile: put it back
        }
        await unlink(aside).catch(() => undefined);
      }
    }
    throw new InputError(
      `Could not lock ${what}; another kaoping run may be starting.`,
      `无法锁定 ${what};可能有另一个 kaoping 运行正在启动。`,
    );
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    if (/^\d+$/.test(text.trim())) return { pid: Number(text.trim()), start: null, token: '', host: hostname() }; // older kaoping
    const o = JSON.parse(text) as LockInfo;
    return Number.isInteger(o?.pid) ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Is the lock's process still the one that took it? */
function holds(l: LockInfo): boolean {
  if (l.host !== hostname()) return true; // another machine's process: cannot tell, assume it runs
  if (l.pid === process.pid) return held.has(l.token);
  if (!processExists(l.pid)) return false;
  const now = startTime(l.pid);
  return l.start === null || now === null || now === l.start;
}

/** Is there a process `pid` (ours to signal or not)? */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The start time of a process (Linux /proc; null elsewhere): tells a reused process id from the one that took a lock. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- paths

/** Is `inner` the folder `outer` or inside it? */
export function within(inner: string, outer: string): boolean {
  const r = relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The real path of `p`, following links in the part of it that exists. */
export async function realish(p: string): Promise<string> {
  let head = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(head), ...rest.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return p;
      rest.push(basename(head));
      head = up;
    }
  }
}

/** A write that failed for a reason the user can act on (read-only, no permission, full disk): one sentence. */
export function writeError(e: unknown, where: string): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new InputError(
      `${where} cannot be written (${code === 'EROFS' ? 'read-only file system' : 'no permission'}); choose a folder you can write to.`,
      `无法写入 ${where}(${code === 'EROFS' ? '只读文件系统' : '没有写入权限'});请换一个可写的文件夹。`,
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new InputError(
      `The disk holding ${where} is full; free some space and run again (nothing was changed).`,
      `${where} 所在的磁盘已满;请腾出空间后重试(未改动任何内容)。`,
    );
  }
  if (code === 'ENOTDIR') {
    return new InputError(
      `${where} lies under a file, not a folder; choose another path.`,
      `${where} 位于一个文件之下而不是文件夹中;请换一个路径。`,
    );
  }
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EIO' || code === 'EEXIST') {
    return new InputError(`${where} cannot be written (${code}); choose another folder.`, `无法写入 ${where}(${code});请换一个文件夹。`);
  }
  return e as Error;
}

/**
 * mkdir -p, one folder at a time (Node's recursive mkdir loops for ever under
 * /proc); returns the first folder it created, like mkdir -p.
 */
export async function makeDirs(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  let d = dir;
  while (!(await exists(d))) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) {
    await mkdir(m).catch((e) => {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    });
  }
  return missing[0];
}

/** mkdir -p reports ENOENT on a read-only disk: ask the nearest existing folder why. */
async function whyNot(e: unknown, target: string): Promise<unknown> {
  if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT') return e;
  let d = dirname(target);
  while (!(await exists(d)) && dirname(d) !== d) d = dirname(d);
  return access(d, constants.W_OK).then(
    () => e,
    (why) => why,
  );
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
