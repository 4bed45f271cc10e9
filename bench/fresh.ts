/**
 * The output folder of a bench script, emptied for a new measurement: only a
 * folder the bench scripts made (it holds their marker) or an empty one is
 * emptied. Any other existing path (a user's folder, the data, ".", a file)
 * is refused, so a mistyped argument deletes nothing.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MARKER = '.kaoping-bench';

export function freshFolder(path: string | undefined): string {
  if (!path) throw new Error('give the output folder (a new folder, or one a bench script made)');
  const dir = resolve(path);
  if (existsSync(dir)) {
    const ours = statSync(dir).isDirectory() && (readdirSync(dir).length === 0 || existsSync(join(dir, MARKER)));
    if (!ours) throw new Error(`${dir} exists and was not made by a bench script; give a new folder`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), '');
  return dir;
}
