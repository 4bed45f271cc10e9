/**
 * The report site (OUT/report/): static pages the appraisal team opens from
 * disk. Placeholder index page until the full site lands.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../pipeline/db.ts';
import type { Scheme } from '../pipeline/scheme.ts';

export async function writeReport(_db: Db, scheme: Scheme, year: number, dir: string, lang: 'zh' | 'en'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const index = join(dir, 'index.html');
  await writeFile(index, `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><meta charset="utf-8"><title>${year}</title><p>${scheme.id}</p></html>\n`);
  return index;
}
