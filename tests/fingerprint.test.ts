/**
 * The manifest's report fingerprint: the report writer hashes every file as
 * it writes it, and the run takes those hashes only when they are exactly the
 * folder's files; otherwise the folder is read back.
 */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { folderFingerprint, writtenFingerprint } from '../pipeline/fingerprint.ts';
import { writeReportWithStats } from '../reports/index.ts';
import { appraise, ROOT, tempDir } from './helpers.ts';

const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

async function golden(): Promise<Record<string, Buffer>> {
  const names = ['offices.csv', 'staff.csv', 'documents.csv', 'meetings.csv', 'submissions.csv', 'supervision.csv', 'trainings.csv'];
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(GOLDEN, n))])));
}

describe('report fingerprint', () => {
  it("the report writer's hashes are the folder's, and a list that is not the folder's is not taken", async () => {
    const { db, scheme } = await appraise(await golden(), 2024);
    const dir = join(await tempDir(), 'report');
    const { stats } = await writeReportWithStats(db, scheme, 2024, dir, 'zh', { svg: false });
    db.close();
    const read = await folderFingerprint(dir);
    expect(Object.keys(stats.files).length).toBeGreaterThan(10);
    expect(stats.files).toEqual(read.files);
    expect(await writtenFingerprint(dir, stats.files)).toEqual(read);
    // a file the writer did not list (the user's, or one written behind its back): the folder is read
    await writeFile(join(dir, 'extra.html'), 'x');
    const withExtra = await writtenFingerprint(dir, stats.files);
    expect(withExtra.files['extra.html']).toBeDefined();
    expect(withExtra).toEqual(await folderFingerprint(dir));
    // a listed file that is not there: the folder is read
    const listed = { ...stats.files, 'gone.html': '0'.repeat(64) };
    expect((await writtenFingerprint(dir, listed)).files['gone.html']).toBeUndefined();
    // no list: the folder is read
    expect(await writtenFingerprint(dir, undefined)).toEqual(await folderFingerprint(dir));
  });
});
