#!/usr/bin/env node
// The kaoping command (bin/start.js: how it starts).
import { start } from './start.js';

const main = await start(process.argv);
process.exitCode = await main(process.argv);
