/** The documentation users read stays true to the code. */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLES } from '../pipeline/contract.ts';
import { ROOT } from './helpers.ts';

describe('docs/data-contract.md', () => {
  it('lists every table, column, Chinese name, type and enum value of the contract', async () => {
    const doc = await readFile(join(ROOT, 'docs', 'data-contract.md'), 'utf8');
    for (const t of TABLES) {
      expect(doc).toContain(`### ${t.name} ${t.alias}`);
      for (const c of t.columns) {
        expect(doc).toContain(`| ${c.name} | ${c.alias} | ${c.type} |`);
        for (const [code, label] of Object.entries(c.values ?? {})) expect(doc).toContain(`${code} ${label}`);
      }
    }
  });
});
