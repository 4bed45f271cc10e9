/**
 * Every temp folder a test run makes (tests/helpers.ts tempDir, the tests' own mkdtemp, the CLI processes they start,
 * Chromium's profile) goes under one folder of the run's own, the test processes' TMPDIR, removed when the run ends:
 * before, a run of the suite left about 1,000 folders and 1.7 GB in /tmp. A run that is killed leaves that one folder
 * (kaoping-tests-*). vitest.config.ts and tests/browser/vitest.config.ts set TMPDIR to it and name this file their
 * globalSetup; only the folder made here, in this process, is removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = globalThis as { kaopingTestTmp?: string };

/** The run's temp folder, made on first use (the config file asks for it once per process). */
export function testTmp(): string {
  return (made.kaopingTestTmp ??= mkdtempSync(join(tmpdir(), 'kaoping-tests-')));
}

/** vitest's globalSetup: nothing before the run; after it, the run's temp folder goes. */
export default function setup(): () => void {
  return () => {
    if (made.kaopingTestTmp) rmSync(made.kaopingTestTmp, { recursive: true, force: true });
  };
}
