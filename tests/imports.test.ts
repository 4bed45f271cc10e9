/**
 * The architecture, checked: imports run one way (cli/ → pipeline/, reports/, data/; reports/ and data/ →
 * pipeline/; pipeline/ → pipeline/ only; every layer → words/, the words catalog, which imports nothing) and no module imports itself back through others, not even
 * through a type-only import (Tarjan's strongly connected components over the import lines).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers.ts';

const ALLOWED: Record<string, string[]> = {
  cli: ['cli', 'pipeline', 'reports', 'data', 'words'],
  reports: ['reports', 'pipeline', 'words'],
  data: ['data', 'pipeline', 'words'],
  pipeline: ['pipeline', 'words'],
  words: ['words'],
};

function sources(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const d of Object.keys(ALLOWED)) walk(join(ROOT, d));
  return files;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const top = (p: string) => relative(ROOT, p).split('/')[0];

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of sources()) {
    const deps = [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(f), m[1] ?? m[2]));
    graph.set(resolve(f), deps);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  let i = 0;
  const idx = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(relative(ROOT, w));
      } while (w !== v);
      if (c.length > 1) found.push(c);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('the code layout', () => {
  const graph = importGraph();

  it('imports run one way: nothing in pipeline/ imports cli/, reports/ or data/', () => {
    const wrong = [...graph].flatMap(([f, deps]) =>
      deps.filter((d) => !ALLOWED[top(f)].includes(top(d))).map((d) => `${relative(ROOT, f)} -> ${relative(ROOT, d)}`),
    );
    expect(graph.size).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('would see a cycle and a wrong-way import (the checks can fail)', () => {
    const a = join(ROOT, 'pipeline', 'a.ts'),
      b = join(ROOT, 'pipeline', 'b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toHaveLength(1);
    expect(ALLOWED[top(a)].includes(top(join(ROOT, 'reports', 'x.ts')))).toBe(false);
  });
});
