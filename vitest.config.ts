import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { testTmp } from './tests/global-setup.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // a process per worker, not per thread: the in-process CLI calls (tests/helpers.ts inProcess) change the
    // current folder, which worker threads cannot
    pool: 'forks',
    // a worker per core (vitest's default leaves one core to itself: on this 2-core machine that is one worker, and
    // the suite ran one file at a time); the tests wait on DuckDB and child processes often enough to share. Not one
    // more: the suite is bound by CPU, and with a third worker npm test took 144 s against 137 s with two
    maxWorkers: availableParallelism(),
    // each worker keeps its modules from one test file to the next instead of importing the CLI, DuckDB, Vega,
    // exceljs and docx again for every file (1-3 s a file here). Safe because no test mocks a module or leaves
    // global state behind: the in-process CLI restores the current folder and stdout/stderr.
    isolate: false,
    // removes the run's temp folder when it ends
    globalSetup: ['tests/global-setup.ts'],
    // one DuckDB thread per database in the tests (the runs here are small: with a thread per core, two workers on two
    // cores kept four threads busy, about 10% more CPU for the suite); trust.test.ts compares a run with DuckDB's
    // default against one with this, byte for byte. KAOPING_THREADS set outside wins.
    // SOURCE_DATE_EPOCH: one report date (2025-01-15) for every run in the suite, so a run shared by a worker's files
    // (helpers.ts sharedRun) and a test's own run of the same inputs give the same pages whatever the order of the files
    // TMPDIR: the run's own temp folder, removed when the run ends (tests/global-setup.ts)
    env: {
      TMPDIR: testTmp(),
      KAOPING_THREADS: process.env.KAOPING_THREADS ?? '1',
      SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? String(Date.UTC(2025, 0, 15, 12) / 1000),
    },
  },
});
