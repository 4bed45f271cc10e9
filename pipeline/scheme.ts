/**
 * Schemes are data: a YAML file with dimensions, items (each a measure in SQL
 * plus one generic scoring rule), vetoes, tiers, quota, tie-breakers and the
 * individual and director rules. `readScheme` checks the structure and the
 * arithmetic (items add up to their dimension, dimensions to the total);
 * `checkSchemeSql` runs every query once against the loaded database and
 * checks the columns it returns. Every problem is one sentence naming the item.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { Db } from './db.ts';
import { InputError } from './errors.ts';

export const RULE_KINDS = ['linear', 'deduct', 'accumulate', 'deduct_over_baseline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface Rule {
  kind: RuleKind;
  /** linear: the value that earns 0 points / full points (a number or `target`) */
  zero?: number | 'target';
  full?: number | 'target';
  /** deduct, accumulate, deduct_over_baseline: points per unit */
  per_unit?: number;
  /** deduct_over_baseline: cap = floor(ratio × baseline) */
  ratio?: number;
  /** points for a row whose measure gives a note (no staff, no documents ...) */
  if_noted: 'full' | 'zero';
}

export interface Item {
  id: string;
  name: string;
  name_en: string;
  dimension: string;
  max: number;
  rule: Rule;
  measure: string;
  evidence?: string;
}

export interface Dimension {
  id: string;
  name: string;
  name_en: string;
  points: number;
  items: Item[];
}

export interface Veto {
  id: string;
  name: string;
  name_en: string;
  sql: string;
}

export interface Scheme {
  id: string;
  title: string;
  title_en: string;
  total: number;
  macros: string;
  dimensions: Dimension[];
  items: Item[];
  vetoes: Veto[];
  tiers: { excellent: number; good: number; pass: number };
  quota: { share: number; min: number };
  tie_breakers: string[];
  individuals: { name: string; top: number; sql: string };
  directors: { name: string; name_en: string; sql: string };
  diagnostics?: { sql: string };
  path: string;
  sha256: string;
  /** the scheme text the sha256 covers (the file, or the resolved YAML of an extending scheme) */
  text?: string;
}

const EPS = 1e-9;

export async function readScheme(path: string): Promise<Scheme> {
  const { doc, text } = await resolveScheme(path, []);
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { ...parseScheme(doc, path, sha256), text };
}

/**
 * Reads a scheme file and, when it says `extends: other.yaml`, merges it onto
 * that scheme: top-level keys replace the parent's; `dimensions` and their
 * `items` merge by id (given fields replace, `remove: true` drops one, new ids
 * are appended). `text` is the file itself, or for an extending scheme the
 * resolved scheme as YAML: what the sha256 covers and what a run records.
 */
async function resolveScheme(path: string, chain: string[]): Promise<{ doc: Record<string, unknown>; text: string }> {
  const file = basename(path);
  if (chain.includes(resolve(path))) throw new InputError(`Scheme ${file} extends itself through ${chain.map((c) => basename(c)).join(' -> ')}.`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`The scheme file ${path} cannot be read.`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new InputError(`The scheme ${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(`The scheme ${file} must be a YAML mapping.`);
  const d = doc as Record<string, unknown>;
  if (d.extends === undefined) return { doc: d, text };
  if (typeof d.extends !== 'string') throw new InputError(`Scheme ${file}: extends must name a scheme file.`);
  const parent = await resolveScheme(resolve(dirname(path), d.extends), [...chain, resolve(path)]);
  const merged = mergeScheme(parent.doc, d);
  return { doc: merged, text: stringify(merged, { lineWidth: 0 }) };
}

type Obj = Record<string, unknown>;

function mergeScheme(parent: Obj, child: Obj): Obj {
  const out: Obj = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    if (k === 'extends') continue;
    out[k] = k === 'dimensions' ? mergeById(parent.dimensions, v, (p, c) => {
      const m = { ...p, ...c };
      if (c.items !== undefined) m.items = mergeById(p.items, c.items, (pi, ci) => ({ ...pi, ...ci }));
      return m;
    }) : v;
  }
  return out;
}

function mergeById(parent: unknown, child: unknown, merge: (p: Obj, c: Obj) => Obj): Obj[] {
  const base = (Array.isArray(parent) ? parent : []) as Obj[];
  const over = (Array.isArray(child) ? child : []) as Obj[];
  const out = base.map((p) => {
    const c = over.find((x) => x?.id === p.id);
    return c ? merge(p, c) : p;
  });
  for (const c of over) if (!base.some((p) => p.id === c?.id)) out.push(c);
  return out.filter((x) => !x.remove).map(({ remove: _r, ...rest }) => rest);
}

/** Structure and arithmetic checks; returns the typed scheme. */
export function parseScheme(doc: unknown, path: string, sha256: string): Scheme {
  const file = basename(path);
  const fail = (msg: string): never => { throw new InputError(`Scheme ${file}: ${msg}.`); };
  const obj = (v: unknown, what: string): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${what} must be a mapping`);
  const str = (o: Record<string, unknown>, k: string, what: string, optional = false): string => {
    const v = o[k];
    if (v === undefined && optional) return '';
    return typeof v === 'string' && v.trim() !== '' ? v : fail(`${what} needs a text "${k}"`);
  };
  const num = (o: Record<string, unknown>, k: string, what: string): number => {
    const v = o[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : fail(`${what} needs a number "${k}" (got ${JSON.stringify(v)})`);
  };

  const root = obj(doc, 'the scheme');
  const id = str(root, 'id', 'the scheme');
  const total = num(root, 'total', 'the scheme');
  const dimsRaw = Array.isArray(root.dimensions) ? root.dimensions : fail('"dimensions" must be a list');
  const seen = new Set<string>();
  const dimensions: Dimension[] = dimsRaw.map((d, i) => {
    const dim = obj(d, `dimension ${i + 1}`);
    const did = str(dim, 'id', `dimension ${i + 1}`);
    if (seen.has(did)) fail(`the id ${did} is used twice`);
    seen.add(did);
    const points = num(dim, 'points', `dimension ${did}`);
    const itemsRaw = Array.isArray(dim.items) ? dim.items : fail(`dimension ${did} needs a list of "items"`);
    const items = itemsRaw.map((it, j) => {
      const o = obj(it, `item ${j + 1} of dimension ${did}`);
      const iid = str(o, 'id', `item ${j + 1} of dimension ${did}`);
      if (seen.has(iid)) fail(`the id ${iid} is used twice`);
      seen.add(iid);
      const what = `item ${iid}`;
      return {
        id: iid,
        name: str(o, 'name', what),
        name_en: str(o, 'name_en', what, true) || str(o, 'name', what),
        dimension: did,
        max: num(o, 'max', what),
        rule: parseRule(o.rule, what, fail),
        measure: str(o, 'measure', what),
        evidence: str(o, 'evidence', what, true) || undefined,
      } satisfies Item;
    });
    const sum = items.reduce((s, it) => s + it.max, 0);
    if (Math.abs(sum - points) > EPS) fail(`the items of dimension ${did} add up to ${sum} points, not its ${points}`);
    return { id: did, name: str(dim, 'name', `dimension ${did}`), name_en: str(dim, 'name_en', `dimension ${did}`, true) || did, points, items };
  });
  const dimSum = dimensions.reduce((s, d) => s + d.points, 0);
  if (Math.abs(dimSum - total) > EPS) fail(`the dimensions add up to ${dimSum} points, not the stated total ${total}`);

  const vetoes = (Array.isArray(root.vetoes) ? root.vetoes : root.vetoes === undefined ? [] : fail('"vetoes" must be a list')).map((v, i) => {
    const o = obj(v, `veto ${i + 1}`);
    const vid = str(o, 'id', `veto ${i + 1}`);
    return { id: vid, name: str(o, 'name', `veto ${vid}`), name_en: str(o, 'name_en', `veto ${vid}`, true) || vid, sql: str(o, 'sql', `veto ${vid}`) };
  });
  const tiersRaw = obj(root.tiers, '"tiers"');
  const tiers = { excellent: num(tiersRaw, 'excellent', 'tiers'), good: num(tiersRaw, 'good', 'tiers'), pass: num(tiersRaw, 'pass', 'tiers') };
  if (!(tiers.excellent >= tiers.good && tiers.good >= tiers.pass)) fail('tiers must satisfy excellent >= good >= pass');
  const quotaRaw = obj(root.quota, '"quota"');
  const quota = { share: num(quotaRaw, 'share', 'quota'), min: num(quotaRaw, 'min', 'quota') };
  if (quota.share < 0 || quota.share > 1) fail('quota share must be between 0 and 1');
  const tie = root.tie_breakers === undefined ? [] : Array.isArray(root.tie_breakers) ? root.tie_breakers : fail('"tie_breakers" must be a list');
  for (const t of tie) if (!dimensions.some((d) => d.id === t)) fail(`tie-breaker ${String(t)} is not a dimension id`);
  const ind = obj(root.individuals, '"individuals"');
  const dir = obj(root.directors, '"directors"');
  const diag = root.diagnostics === undefined ? undefined : { sql: str(obj(root.diagnostics, '"diagnostics"'), 'sql', 'diagnostics') };
  return {
    id,
    title: str(root, 'title', 'the scheme'),
    title_en: str(root, 'title_en', 'the scheme', true) || str(root, 'title', 'the scheme'),
    total,
    macros: str(root, 'macros', 'the scheme', true),
    dimensions,
    items: dimensions.flatMap((d) => d.items),
    vetoes,
    tiers,
    quota,
    tie_breakers: tie as string[],
    individuals: { name: str(ind, 'name', 'individuals', true) || '先进个人', top: num(ind, 'top', 'individuals'), sql: str(ind, 'sql', 'individuals') },
    directors: { name: str(dir, 'name', 'directors'), name_en: str(dir, 'name_en', 'directors', true) || str(dir, 'name', 'directors'), sql: str(dir, 'sql', 'directors') },
    diagnostics: diag,
    path,
    sha256,
  };
}

function parseRule(v: unknown, what: string, fail: (m: string) => never): Rule {
  if (!v || typeof v !== 'object') fail(`${what} needs a "rule"`);
  const r = v as Record<string, unknown>;
  const kind = r.kind as RuleKind;
  if (!RULE_KINDS.includes(kind)) fail(`${what} has the unknown rule kind ${JSON.stringify(r.kind)} (known: ${RULE_KINDS.join(', ')})`);
  const n = (k: string) => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? (r[k] as number) : fail(`${what}: rule ${kind} needs a number "${k}"`));
  const goal = (k: string) => (r[k] === 'target' ? 'target' : n(k));
  const ifNoted = r.if_noted === undefined ? 'full' : r.if_noted;
  if (ifNoted !== 'full' && ifNoted !== 'zero') fail(`${what}: if_noted must be full or zero`);
  const rule: Rule = { kind, if_noted: ifNoted };
  const allowed: Record<RuleKind, string[]> = {
    linear: ['zero', 'full'], deduct: ['per_unit'], accumulate: ['per_unit'], deduct_over_baseline: ['ratio', 'per_unit'],
  };
  for (const k of Object.keys(r)) {
    if (k !== 'kind' && k !== 'if_noted' && !allowed[kind].includes(k)) fail(`${what}: rule ${kind} has no parameter "${k}"`);
  }
  if (kind === 'linear') {
    rule.zero = goal('zero');
    rule.full = goal('full');
    if (rule.zero === rule.full) fail(`${what}: rule linear needs zero and full to differ`);
  } else {
    rule.per_unit = n('per_unit');
    if (kind === 'deduct_over_baseline') rule.ratio = n('ratio');
  }
  return rule;
}

/** Columns each kind of query must return (and may return). */
const MEASURE_REQUIRED = ['office_id', 'value'];
const MEASURE_OPTIONAL = ['target', 'baseline', 'note'];
export const EVIDENCE_COLUMNS = ['office_id', 'source', 'row_id', 'line', 'detail', 'detail_zh'];

/**
 * Runs the scheme's macros, then each query once with LIMIT 0 and checks its
 * columns, so a typo fails before anything is scored.
 */
export async function checkSchemeSql(db: Db, scheme: Scheme, year: number): Promise<void> {
  const file = basename(scheme.path);
  if (scheme.macros) {
    try {
      await db.run(scheme.macros);
    } catch (e) {
      throw new InputError(`Scheme ${file}: its macros fail: ${firstLine(e)}.`);
    }
  }
  // this_item is what evidence queries may read; an empty one is enough to check them
  await db.run(`CREATE OR REPLACE TEMP TABLE this_item (office_id VARCHAR, value DOUBLE, target DOUBLE, points DOUBLE, max_points DOUBLE)`);
  for (const it of scheme.items) {
    const cols = await columnsOf(db, it.measure, year, `item ${it.id}: its measure SQL`, file);
    const missing = MEASURE_REQUIRED.filter((c) => !cols.includes(c));
    const unknown = cols.filter((c) => !MEASURE_REQUIRED.includes(c) && !MEASURE_OPTIONAL.includes(c));
    if (missing.length || unknown.length) {
      throw new InputError(`Scheme ${file}: item ${it.id}: its measure returns the columns ${cols.join(', ')}, but must return office_id, value and optionally ${MEASURE_OPTIONAL.join(', ')}.`);
    }
    if (it.rule.kind === 'deduct_over_baseline' && !cols.includes('baseline')) {
      throw new InputError(`Scheme ${file}: item ${it.id}: rule deduct_over_baseline needs the measure to return a baseline column.`);
    }
    if ((it.rule.zero === 'target' || it.rule.full === 'target') && !cols.includes('target')) {
      throw new InputError(`Scheme ${file}: item ${it.id}: its rule uses target, so the measure must return a target column.`);
    }
    if (it.evidence) await expectColumns(db, it.evidence, year, EVIDENCE_COLUMNS, `item ${it.id}: its evidence SQL`, file);
  }
  for (const v of scheme.vetoes) await expectColumns(db, v.sql, year, EVIDENCE_COLUMNS, `veto ${v.id}`, file);
  await expectColumns(db, scheme.individuals.sql, year, ['person_id', 'points'], 'individuals', file);
  await expectColumns(db, scheme.directors.sql, year, ['person_id', 'age', 'director_years'], 'directors', file);
  if (scheme.diagnostics) {
    const cols = await columnsOf(db, scheme.diagnostics.sql, year, 'diagnostics', file);
    if (cols[0] !== 'office_id') throw new InputError(`Scheme ${file}: diagnostics must return office_id as its first column.`);
  }
}

async function expectColumns(db: Db, sql: string, year: number, expected: string[], what: string, file: string): Promise<void> {
  const cols = await columnsOf(db, sql, year, what, file);
  if (cols.join(',') !== expected.join(',')) {
    throw new InputError(`Scheme ${file}: ${what} returns the columns ${cols.join(', ')}, but must return ${expected.join(', ')}.`);
  }
}

/** The columns `sql` returns (it is bound, not run); a query that does not bind is one sentence naming `what`. */
export async function columnsOf(db: Db, sql: string, year: number, what: string, file: string): Promise<string[]> {
  try {
    const reader = await db.conn.runAndReadAll(`SELECT * FROM (${sql}) LIMIT 0`, yearParams(sql, year));
    return reader.columnNames();
  } catch (e) {
    throw new InputError(`Scheme ${file}: ${what} does not run: ${firstLine(e)}.`);
  }
}

/** Binds $year only where the query uses it (DuckDB rejects unused named parameters). */
export function yearParams(sql: string, year: number): Record<string, number> {
  return /\$year\b/.test(sql) ? { year } : {};
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0].replace(/\.$/, '');
}
