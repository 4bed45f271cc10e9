#!/usr/bin/env node
// The kaoping command. The code is TypeScript, run through tsx so a fresh
// checkout needs no build step (`npm ci && npx kaoping ...`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
