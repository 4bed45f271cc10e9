/**
 * The generator lives in data/generate/ (one module per table); this file
 * keeps the old import path working for cli/commands/generate.ts and the
 * tests that import '../data/generate.ts'.
 */
export * from './generate/index.ts';
