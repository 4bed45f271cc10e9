import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

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
    // the suite ran one file at a time); the tests wait on DuckDB and child processes often enough to share
    maxWorkers: availableParallelism(),
    // each worker keeps its modules from one test file to the next instead of importing the CLI, DuckDB, Vega,
    // exceljs and docx again for every file (1-3 s a file here). Safe because no test mocks a module or leaves
    // global state behind: the in-process CLI restores the current folder and stdout/stderr, and the one
    // environment variable a test file sets for good (report.test.ts: SOURCE_DATE_EPOCH) only fixes the
    // report date, which no other test compares with today's.
    isolate: false,
    // one DuckDB thread per database in the tests (the runs here are small: with a thread per core, two workers on two
    // cores kept four threads busy, about 10% more CPU for the suite); trust.test.ts compares a run with DuckDB's
    // default against one with this, byte for byte. KAOPING_THREADS set outside wins.
    env: { KAOPING_THREADS: process.env.KAOPING_THREADS ?? '1' },
  },
});
