// How the kaoping command starts (bin/kaoping.js, and a test's process that runs the CLI several times): the code is
// TypeScript, run through tsx so a fresh checkout needs no build step (`npm ci && npx kaoping ...`).
import { register } from 'tsx/esm/api';

/**
 * The CLI's `main`, loaded for the command in `argv`. The commands that write a report load Vega's hundred-odd ES
 * modules: imported here, before tsx's loader is registered, they load without going through its hooks, about half
 * their start-up (0.3 s here). Other commands (--version, help, query, explain) load none of it.
 */
export async function start(argv) {
  const command = argv.slice(2).find((a) => !a.startsWith('-'));
  if (['run', 'report', 'sensitivity'].includes(command)) await Promise.all([import('vega'), import('vega-lite')]);
  register();
  return (await import('../cli/main.ts')).main;
}
