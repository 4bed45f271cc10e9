/**
 * The generator: same seed, same bytes; its output passes validation with no
 * rejects except the bad rows it was asked to inject (and exactly those).
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '../data/generate/index.ts';
import { check, cli, tempDir } from './helpers.ts';

async function files(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const f of (await readdir(dir)).sort()) if (f !== '.kaoping') out[f] = await readFile(join(dir, f));
  return out;
}

describe('kaoping generate', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other bytes', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    for (const [dir, seed] of [
      [a, '5'],
      [b, '5'],
      [c, '6'],
    ]) {
      const r = await cli(['generate', '--offices', '120', '--years', '2023..2024', '--seed', seed, '--out', dir, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
    const [fa, fb, fc] = [await files(a), await files(b), await files(c)];
    expect(Object.keys(fa)).toEqual([
      'attendance.csv',
      'document_counts.csv',
      'documents.csv',
      'offices.csv',
      'staff.csv',
      'submissions.csv',
      'supervision.csv',
      'trainings.csv',
      '会议.csv',
    ]);
    for (const f of Object.keys(fa)) expect(fa[f].equals(fb[f]), f).toBe(true);
    expect(fa['documents.csv'].equals(fc['documents.csv'])).toBe(false);
  });

  it('passes validation with no rejects', async () => {
    const dir = await tempDir();
    await generate({ offices: 150, years: [2022, 2024], seed: 11, out: dir });
    const { result, rejects } = await check(dir);
    expect(rejects).toEqual([]);
    expect(result.files.find((f) => f.table === 'offices')!.loaded).toBe(150);
  });

  it('with bad rows, rejects exactly the rows it injected', async () => {
    const dir = await tempDir();
    const gen = await generate({ offices: 100, years: [2023, 2024], seed: 3, out: dir, bad: true });
    expect(gen.bad.length).toBeGreaterThan(0);
    const { rejects } = await check(dir);
    const got = [...new Set(rejects.map((r) => `${r.file}:${r.line}`))].sort();
    expect(got).toEqual([...new Set(gen.bad.map((b) => `${b.file}:${b.line}`))].sort());
  });
});

describe('the bundled sample', () => {
  it('rejects exactly the bad rows its README lists, and nothing else', async () => {
    const { ROOT } = await import('./helpers.ts');
    const readme = await readFile(join(ROOT, 'data', 'sample', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## 故意错误的行'), readme.indexOf('## 规则案例'));
    const listed = [...section.matchAll(/^\| (\S+\.(?:csv|xlsx)) \| (\d+) \|/gm)].map((m) => `${m[1]}:${m[2]}`).sort();
    expect(listed.length).toBe(11);
    const { rejects } = await check(join(ROOT, 'data', 'sample'));
    expect([...new Set(rejects.map((r) => `${r.file}:${r.line}`))].sort()).toEqual(listed);
  });
});
