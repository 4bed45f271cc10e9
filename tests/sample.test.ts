/**
 * data/sample is exactly what its generator makes: data/make-sample.ts is run
 * in this process, into a temp folder, and every file it writes (the CSV
 * files, 上下班督查.xlsx and README.md, which make-sample.ts writes too, from
 * the same run) must equal the checked-in file byte for byte, with no file
 * missing or extra on either side.
 *
 * make-sample.ts writes next to itself (data/sample, from its own
 * import.meta.url) as soon as it is imported. So that the test never touches
 * the checked-in folder, node:url's fileURLToPath is wrapped for this import:
 * make-sample.ts's own URL maps to <temp>/data/make-sample.ts, every other URL
 * as before. Everything else — the generator, the workbook, the README — runs
 * as `npm run sample` runs it.
 */
import { describe, expect, it, vi } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

const SAMPLE = join(ROOT, 'data', 'sample');
const SCRIPT = join(ROOT, 'data', 'make-sample.ts');

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

describe('data/sample', () => {
  it('is byte for byte what data/make-sample.ts makes', async () => {
    const temp = await tempDir('kaoping-sample-');
    vi.doMock('node:url', async (importOriginal) => {
      const url = await importOriginal<typeof import('node:url')>();
      const fileURLToPath = (u: string | URL) => {
        const path = url.fileURLToPath(u);
        return path === SCRIPT ? join(temp, 'data', 'make-sample.ts') : path;
      };
      return { ...url, default: { ...url, fileURLToPath }, fileURLToPath };
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import('../data/make-sample.ts');
    } finally {
      log.mockRestore();
      vi.doUnmock('node:url');
    }
    const made = join(temp, 'data', 'sample');
    const files = await listing(SAMPLE);
    expect(await listing(made)).toEqual(files);
    expect(files).toContain('README.md');
    const differ: string[] = [];
    for (const f of files) if (!(await readFile(join(made, f))).equals(await readFile(join(SAMPLE, f)))) differ.push(f);
    expect(differ, 'files in data/sample that npm run sample would change').toEqual([]);
  });
});
