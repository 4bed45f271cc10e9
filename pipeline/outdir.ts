/**
 * Atomic output folders: a run writes everything into a staging folder next
 * to OUT and swaps it in only when everything succeeded, so a failed or
 * killed run leaves the previous OUT exactly as it was. A lock file next to
 * OUT keeps two runs from writing the same OUT at once; the lock and the
 * staging folder of a run that was killed are recognised (their process is
 * gone) and cleared by the next run, with no manual cleanup.
 */
import { open, readdir, readFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.ts';
import { pauseAt } from './pause.ts';

export interface StagedOutput {
  /** the staging folder to write into */
  dir: string;
  /** swaps the staging folder in as OUT and releases the lock */
  commit(): Promise<void>;
  /** removes the staging folder and releases the lock */
  abort(): Promise<void>;
}

export async function stageOutput(out: string): Promise<StagedOutput> {
  const target = resolve(out);
  const parent = dirname(target);
  const name = basename(target);
  await mkdir(parent, { recursive: true });
  const lock = join(parent, `.${name}.lock`);
  await takeLock(lock, target);
  await clearStale(parent, name);
  const dir = join(parent, `.${name}.tmp-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const release = () => rm(lock, { force: true });
  return {
    dir,
    async commit() {
      const old = join(parent, `.${name}.old-${process.pid}`);
      const had = await exists(target);
      if (had) await rename(target, old);
      await pauseAt('swap');
      try {
        await rename(dir, target);
      } catch (e) {
        if (had) await rename(old, target).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
        await release();
        throw e;
      }
      if (had) await rm(old, { recursive: true, force: true });
      await release();
    },
    async abort() {
      await rm(dir, { recursive: true, force: true });
      await release();
    },
  };
}

/** Creates the lock file exclusively; a lock whose process is gone is taken over. */
async function takeLock(lock: string, target: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(lock, 'wx');
      await fh.write(String(process.pid));
      await fh.close();
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (pid && alive(pid)) {
        throw new InputError(`Another kaoping run (process ${pid}) is writing ${target}; wait for it to finish or choose another --out.`,
          `另一个 kaoping 运行(进程 ${pid})正在写入 ${target};请等它结束,或换一个 --out。`);
      }
      await rm(lock, { force: true }); // left by a run that was killed
    }
  }
  throw new InputError(`Could not lock ${target}; another kaoping run may be starting.`);
}

/** Removes staging and old folders left by killed runs of this OUT (when an earlier swap was cut short, restores OUT). */
async function clearStale(parent: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  const entries = await readdir(parent);
  for (const e of entries) {
    const m = e.startsWith(prefix) ? /^(tmp|old)-(\d+)$/.exec(e.slice(prefix.length)) : null;
    if (!m || alive(Number(m[2]))) continue;
    const path = join(parent, e);
    if (m[1] === 'old' && !(await exists(join(parent, name)))) {
      await rename(path, join(parent, name)); // killed between the two renames: the old OUT comes back
    } else {
      await rm(path, { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
