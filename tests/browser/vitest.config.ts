/**
 * The browser suite: the report site in real Chromium (Debian's, at
 * /usr/bin/chromium or $CHROMIUM), through playwright-core. Separate from the
 * main suite because it needs a browser:
 *   npx vitest run --config tests/browser/vitest.config.ts
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { testTmp } from '../global-setup.ts';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/browser/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // TMPDIR: the run's own temp folder, removed when the run ends (tests/global-setup.ts)
    globalSetup: ['tests/global-setup.ts'],
    env: { TMPDIR: testTmp() },
  },
});
