/**
 * Atomic output folders: a run writes everything into a staging folder next
 * to OUT and swaps it in only when everything succeeded, so a failed or
 * killed run leaves the previous OUT as it was.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface StagedOutput {
  /** the staging folder to write into */
  dir: string;
  /** swaps the staging folder in as OUT */
  commit(): Promise<void>;
  /** removes the staging folder */
  abort(): Promise<void>;
}

export async function stageOutput(out: string): Promise<StagedOutput> {
  const target = resolve(out);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const dir = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return {
    dir,
    async commit() {
      const old = join(parent, `.${basename(target)}.old-${process.pid}`);
      const had = await exists(target);
      if (had) await rename(target, old);
      await rename(dir, target);
      if (had) await rm(old, { recursive: true, force: true });
    },
    async abort() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
