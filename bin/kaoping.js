#!/usr/bin/env node
// The kaoping command. The code is TypeScript, run through tsx so a fresh
// checkout needs no build step (`npm ci && npx kaoping ...`).
import { register } from 'tsx/esm/api';

// The commands that write a report load Vega's hundred-odd ES modules. Imported here, before tsx's loader is
// registered, they load without going through its hooks: about half their start-up (0.3 s here). Other commands
// (--version, help, query, explain) load none of it.
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (['run', 'report', 'sensitivity'].includes(command)) await Promise.all([import('vega'), import('vega-lite')]);
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
