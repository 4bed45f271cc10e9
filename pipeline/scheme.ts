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
import { DuckDBConnection, DuckDBInstance, StatementType } from '@duckdb/node-api';
import { TABLES } from './contract.ts';
import { Db, ident, runNamed, subquery } from './db.ts';
import { InputError } from './errors.ts';
import { createFactMacros, FACT_MACROS } from './rules.ts';
import { createTableSql, THIS_ITEM } from './schema.ts';

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
  /**
   * what the item's value and target count, written after a number (件, 分钟), or '%': the value is a share (0..1), shown as
   * a percentage (words/units.ts); `unit_en` the English (a plural noun; default: `unit`)
   */
  unit?: string;
  unit_en?: string;
  /**
   * what the measure counts where it weighs rows or computes a target (采用级别的分值, 目标 = 12 × 在岗人数), in the
   * scheme's words, written beside the SQL that does it; shown before the rule (score.ts ruleWords). `counts_en`: English
   */
  counts?: string;
  counts_en?: string;
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
  individuals: { name: string; top: number; sql: string } & Described;
  directors: { name: string; name_en: string; sql: string } & Described;
  /** `columns`: labels of the columns its SQL returns (a column without one shows its own name) */
  diagnostics?: { sql: string; columns?: Labels };
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
  if (chain.includes(resolve(path))) {
    const through = chain.map((c) => basename(c)).join(' -> ');
    throw new InputError(`Scheme ${file} extends itself through ${through}.`, `考核细则 ${file} 经由 ${through} 继承了自身。`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`The scheme file ${path} cannot be read.`, `无法读取考核细则文件 ${path}。`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw new InputError(`The scheme ${file} is not valid YAML: ${why}`, `考核细则 ${file} 不是有效的 YAML:${why}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(`The scheme ${file} must be a YAML mapping.`, `考核细则 ${file} 应为 YAML 映射(键: 值)。`);
  const d = doc as Record<string, unknown>;
  if (d.extends === undefined) return { doc: d, text };
  if (typeof d.extends !== 'string')
    throw new InputError(`Scheme ${file}: extends must name a scheme file.`, `考核细则 ${file}:extends 应写明一个考核细则文件。`);
  const parent = await resolveScheme(resolve(dirname(path), d.extends), [...chain, resolve(path)]);
  const merged = mergeScheme(parent.doc, d);
  return { doc: merged, text: stringify(merged, { lineWidth: 0 }) };
}

type Obj = Record<string, unknown>;

function mergeScheme(parent: Obj, child: Obj): Obj {
  const out: Obj = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    if (k === 'extends') continue;
    out[k] =
      k === 'dimensions'
        ? mergeById(parent.dimensions, v, (p, c) => {
            const m = { ...p, ...c };
            if (c.items !== undefined) m.items = mergeById(p.items, c.items, (pi, ci) => ({ ...pi, ...ci }));
            return m;
          })
        : v;
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

/** An English and a Chinese text (for one sentence of an error). */
type Words = [en: string, zh: string];

/**
 * Bounds of every number a scheme states, by what it means. Points (the
 * total, a dimension's points, an item's maximum, points per unit) are at
 * most POINTS_LIMIT (a 1000-point scheme, 千分制, is the largest in use); a
 * count (quota.min, individuals.top) is a whole number up to COUNT_LIMIT.
 */
export const POINTS_LIMIT = 10_000;
export const COUNT_LIMIT = 1_000_000;
/** linear zero/full are measured values (any sign), bounded so the arithmetic stays exact */
export const VALUE_LIMIT = 1e9;
/** deduct_over_baseline ratio: the cap as a multiple of last year */
export const RATIO_LIMIT = 10;

interface Bound {
  min: number;
  max: number;
  /** the minimum itself is not allowed (a maximum of 0 points means nothing) */
  above?: boolean;
  integer?: boolean;
  meaning: Words;
}

const POINTS: Bound = { min: 0, max: POINTS_LIMIT, above: true, meaning: ['points', '分值'] };
const PER_UNIT: Bound = { min: 0, max: POINTS_LIMIT, meaning: ['points per unit', '每单位分值'] };
const PER_UNIT_POSITIVE: Bound = { ...PER_UNIT, above: true };
const RATIO: Bound = { min: 0, max: RATIO_LIMIT, meaning: ['the cap as a multiple of the baseline', '上限占基数的倍数'] };
const VALUE: Bound = { min: -VALUE_LIMIT, max: VALUE_LIMIT, meaning: ['a measured value', '实测值'] };
const SHARE: Bound = { min: 0, max: 1, meaning: ['a share of the offices in a category', '类别内单位数的比例'] };
const COUNT = (meaning: Words): Bound => ({ min: 0, max: COUNT_LIMIT, integer: true, meaning });

function boundWords(b: Bound): Words {
  const lo = b.above ? [`above ${b.min}`, `大于 ${b.min}`] : [`from ${b.min}`, `${b.min}`];
  return b.integer
    ? [`a whole number from ${b.min} to ${b.max} (${b.meaning[0]})`, `${b.min} 到 ${b.max} 之间的整数(${b.meaning[1]})`]
    : b.above
      ? [`a number ${lo[0]} and at most ${b.max} (${b.meaning[0]})`, `${lo[1]} 且不超过 ${b.max} 的数(${b.meaning[1]})`]
      : [`a number ${lo[0]} to ${b.max} (${b.meaning[0]})`, `${lo[1]} 到 ${b.max} 之间的数(${b.meaning[1]})`];
}

/**
 * The columns rank.ts writes to `scores` besides the dimension subtotals
 * (and the names of its working columns): a dimension id may not be one of
 * them, and a dimension's own columns (`<id>`, `<id>_raw`, and the working
 * `<id>_rounded`) may not collide with another's. DuckDB compares names
 * without regard to case.
 */
export const SCORES_COLUMNS = [
  'year',
  'office_id',
  'office_name',
  'category',
  'total',
  'vetoed',
  'tier',
  'rank',
  'commended',
  'total_raw',
  'excellence_order',
  'quota',
  'total_rounded',
  'category_offices',
];

/** Structure and arithmetic checks; returns the typed scheme. */
export function parseScheme(doc: unknown, path: string, sha256: string): Scheme {
  const file = basename(path);
  const fail = (en: string, zh: string): never => {
    throw new InputError(`Scheme ${file}: ${en}.`, `考核细则 ${file}:${zh}。`);
  };
  const obj = (v: unknown, what: Words): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : fail(`${what[0]} must be a mapping`, zj(what[1], `应为映射(键: 值)`));
  const str = (o: Record<string, unknown>, k: string, what: Words, optional = false): string => {
    const v = o[k];
    if (v === undefined && optional) return '';
    return typeof v === 'string' && v.trim() !== '' ? v : fail(`${what[0]} needs a text "${k}"`, zj(what[1], `缺少文本 "${k}"`));
  };
  /** a number at `key` of `o` (its key path in the scheme is `at`), within `b` */
  const num = (o: Record<string, unknown>, k: string, what: Words, at: string, b: Bound): number => {
    const v = o[k];
    if (typeof v !== 'number') {
      fail(`${what[0]} needs a number "${k}" (got ${shown(v)})`, zj(what[1], `的 "${k}" 应为数字(实际为 ${shown(v)})`));
    }
    return bounded(v as number, at, b, fail);
  };
  const S: Words = ['the scheme', '考核细则'];

  const root = obj(doc, S);
  const id = str(root, 'id', S);
  const total = num(root, 'total', S, 'total', { ...POINTS, meaning: ['the total points', '总分'] });
  const dimsRaw = Array.isArray(root.dimensions) ? root.dimensions : fail('"dimensions" must be a list', '"dimensions" 应为列表');
  const seen = new Set<string>();
  // the columns of scores, lower-cased -> who owns them
  const columns = new Map<string, string>(SCORES_COLUMNS.map((c) => [c, '']));
  const dimensions: Dimension[] = dimsRaw.map((d, i) => {
    const dim = obj(d, [`dimension ${i + 1}`, `第 ${i + 1} 个维度`]);
    const did = str(dim, 'id', [`dimension ${i + 1}`, `第 ${i + 1} 个维度`]);
    if (seen.has(did)) fail(`the id ${did} is used twice`, `编号 ${did} 重复使用`);
    seen.add(did);
    for (const [col, role] of [
      [did, ['its subtotal', '其小计']],
      [`${did}_raw`, ['its unrounded subtotal', '其未取整小计']],
      [`${did}_rounded`, ['its rounded subtotal', '其取整小计']],
    ] as [string, Words][]) {
      const owner = columns.get(col.toLowerCase());
      if (owner === '') {
        fail(
          `the dimension id ${did} cannot be used, because ${role[0]} would be the column ${col} of scores, which kaoping writes itself (${SCORES_COLUMNS.slice(0, 9).join(', ')}, ...)`,
          `维度编号 ${did} 不能使用:${role[1]}将成为 scores 的列 ${col},而该列由 kaoping 自己写入(${SCORES_COLUMNS.slice(0, 9).join('、')} 等)`,
        );
      }
      if (owner !== undefined) {
        fail(
          `the dimension ids ${owner} and ${did} collide: both would write the column ${col} of scores (names are compared without case)`,
          `维度编号 ${owner} 与 ${did} 冲突:两者都会写入 scores 的列 ${col}(列名不区分大小写)`,
        );
      }
      columns.set(col.toLowerCase(), did);
    }
    const dimWhat: Words = [`dimension ${did}`, `维度 ${did}`];
    const at = `dimensions[${did}]`;
    const points = num(dim, 'points', dimWhat, `${at}.points`, POINTS);
    const itemsRaw = Array.isArray(dim.items)
      ? dim.items
      : fail(`dimension ${did} needs a list of "items"`, `维度 ${did} 缺少指标列表 "items"`);
    const items = itemsRaw.map((it, j) => {
      const o = obj(it, [`item ${j + 1} of dimension ${did}`, `维度 ${did} 的第 ${j + 1} 个指标`]);
      const iid = str(o, 'id', [`item ${j + 1} of dimension ${did}`, `维度 ${did} 的第 ${j + 1} 个指标`]);
      if (seen.has(iid)) fail(`the id ${iid} is used twice`, `编号 ${iid} 重复使用`);
      seen.add(iid);
      const what: Words = [`item ${iid}`, `指标 ${iid}`];
      const itemAt = `${at}.items[${iid}]`;
      const unit = str(o, 'unit', what, true);
      const counts = str(o, 'counts', what, true);
      return {
        id: iid,
        name: str(o, 'name', what),
        name_en: str(o, 'name_en', what, true) || str(o, 'name', what),
        dimension: did,
        max: num(o, 'max', what, `${itemAt}.max`, POINTS),
        rule: parseRule(o.rule, what, `${itemAt}.rule`, fail),
        measure: str(o, 'measure', what),
        evidence: str(o, 'evidence', what, true) || undefined,
        ...(unit ? { unit, unit_en: str(o, 'unit_en', what, true) || unit } : {}),
        ...(counts ? { counts, counts_en: str(o, 'counts_en', what, true) || counts } : {}),
      } satisfies Item;
    });
    const sum = items.reduce((s, it) => s + it.max, 0);
    if (Math.abs(sum - points) > EPS) {
      fail(
        `the items of dimension ${did} add up to ${sum} points, not its ${points}`,
        `维度 ${did} 的指标合计 ${sum} 分,而不是该维度的 ${points} 分`,
      );
    }
    return { id: did, name: str(dim, 'name', dimWhat), name_en: str(dim, 'name_en', dimWhat, true) || did, points, items };
  });
  const dimSum = dimensions.reduce((s, d) => s + d.points, 0);
  if (Math.abs(dimSum - total) > EPS) {
    fail(`the dimensions add up to ${dimSum} points, not the stated total ${total}`, `各维度合计 ${dimSum} 分,而不是写明的总分 ${total}`);
  }

  const vetoesRaw = Array.isArray(root.vetoes)
    ? root.vetoes
    : root.vetoes === undefined
      ? []
      : fail('"vetoes" must be a list', '"vetoes" 应为列表');
  const vetoes = vetoesRaw.map((v, i) => {
    const o = obj(v, [`veto ${i + 1}`, `第 ${i + 1} 个一票否决项`]);
    const vid = str(o, 'id', [`veto ${i + 1}`, `第 ${i + 1} 个一票否决项`]);
    const what: Words = [`veto ${vid}`, `一票否决项 ${vid}`];
    return { id: vid, name: str(o, 'name', what), name_en: str(o, 'name_en', what, true) || vid, sql: str(o, 'sql', what) };
  });
  const T: Words = ['tiers', '等次线 tiers'];
  const tiersRaw = obj(root.tiers, ['"tiers"', '"tiers"']);
  const tier = (k: string) => num(tiersRaw, k, T, `tiers.${k}`, { min: 0, max: total, meaning: ['points of the total', '总分中的分数'] });
  const tiers = { excellent: tier('excellent'), good: tier('good'), pass: tier('pass') };
  if (!(tiers.excellent >= tiers.good && tiers.good >= tiers.pass))
    fail('tiers must satisfy excellent >= good >= pass', '等次线应满足 excellent >= good >= pass');
  const Q: Words = ['quota', '优秀名额 quota'];
  const quotaRaw = obj(root.quota, ['"quota"', '"quota"']);
  const quota = {
    share: num(quotaRaw, 'share', Q, 'quota.share', SHARE),
    min: num(quotaRaw, 'min', Q, 'quota.min', COUNT(['offices', '单位数'])),
  };
  const tie =
    root.tie_breakers === undefined
      ? []
      : Array.isArray(root.tie_breakers)
        ? root.tie_breakers
        : fail('"tie_breakers" must be a list', '"tie_breakers" 应为列表');
  for (const t of tie)
    if (!dimensions.some((d) => d.id === t))
      fail(`tie-breaker ${String(t)} is not a dimension id`, `并列排序依据 ${String(t)} 不是维度编号`);
  const I: Words = ['individuals', '先进个人 individuals'];
  const D: Words = ['directors', '主任待遇 directors'];
  const ind = obj(root.individuals, ['"individuals"', '"individuals"']);
  const dir = obj(root.directors, ['"directors"', '"directors"']);
  const diagRaw = root.diagnostics === undefined ? undefined : obj(root.diagnostics, ['"diagnostics"', '"diagnostics"']);
  const diag =
    diagRaw === undefined
      ? undefined
      : { sql: str(diagRaw, 'sql', ['diagnostics', '诊断 diagnostics']), ...diagnosticColumns(diagRaw, fail) };
  return {
    id,
    title: str(root, 'title', S),
    title_en: str(root, 'title_en', S, true) || str(root, 'title', S),
    total,
    macros: str(root, 'macros', S, true),
    dimensions,
    items: dimensions.flatMap((d) => d.items),
    vetoes,
    tiers,
    quota,
    tie_breakers: tie as string[],
    individuals: {
      name: str(ind, 'name', I, true) || '先进个人',
      top: num(ind, 'top', I, 'individuals.top', COUNT(['persons named', '评选人数'])),
      sql: str(ind, 'sql', I),
      ...described(ind, I, fail),
    },
    directors: {
      name: str(dir, 'name', D),
      name_en: str(dir, 'name_en', D, true) || str(dir, 'name', D),
      sql: str(dir, 'sql', D),
      ...described(dir, D, fail),
    },
    diagnostics: diag,
    path,
    sha256,
  };
}

/**
 * What the report pages say a part of the scheme does (individuals,
 * directors): optional, in the scheme's words, since only the scheme knows
 * what its SQL counts. `description_en` is the English; without it the
 * English pages show `description`.
 */
export interface Described {
  description?: string;
  description_en?: string;
}

type Fail = (en: string, zh: string) => never;
type Labels = Record<string, { name: string; name_en: string }>;

function described(o: Record<string, unknown>, what: Words, fail: Fail): Described {
  const text = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    return fail(`${what[0]}: "${k}" must be a text`, zj(what[1], `的 "${k}" 应为文本`));
  };
  const description = text('description');
  const description_en = text('description_en') ?? description;
  return description === undefined ? {} : { description, description_en };
}

/** diagnostics.columns: column name -> { name, name_en } (name_en defaults to name). */
function diagnosticColumns(o: Record<string, unknown>, fail: Fail): { columns?: Labels } {
  if (o.columns === undefined) return {};
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  if (!isMap(o.columns)) return fail('diagnostics: "columns" must be a mapping', '诊断 diagnostics:"columns" 应为映射(键: 值)');
  const columns: Labels = {};
  for (const [c, v] of Object.entries(o.columns)) {
    if (!isMap(v) || !isText(v.name) || !(v.name_en === undefined || isText(v.name_en))) {
      fail(
        `diagnostics: column ${c} needs a text "name" (and may have "name_en")`,
        `诊断 diagnostics:列 ${c} 应有文本 "name"(可另有 "name_en")`,
      );
    }
    const label = v as { name: string; name_en?: string };
    columns[c] = { name: label.name, name_en: label.name_en ?? label.name };
  }
  return { columns };
}

/** Chinese text after a name: a space between a Latin name (指标 doc_cap) and a Chinese word, as elsewhere in kaoping. */
function zj(a: string, b: string): string {
  return /[A-Za-z0-9_]$/.test(a) && /^[\u4e00-\u9fff]/.test(b) ? `${a} ${b}` : a + b;
}

/** A value as a scheme author wrote it, for a message. */
function shown(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

/** `v` if it is within `b`; else one sentence naming the key path `at` and the value. */
function bounded(v: number, at: string, b: Bound, fail: (en: string, zh: string) => never): number {
  const ok = (b.above ? v > b.min : v >= b.min) && v <= b.max && (!b.integer || Number.isInteger(v));
  if (!ok) {
    const [en, zh] = boundWords(b);
    fail(`${at} is ${shown(v)}, but must be ${en}`, `${at} 为 ${shown(v)},应为${zh}`);
  }
  return v;
}

function parseRule(v: unknown, what: Words, at: string, fail: (en: string, zh: string) => never): Rule {
  if (!v || typeof v !== 'object') fail(`${what[0]} needs a "rule"`, zj(what[1], `缺少计分规则 "rule"`));
  const r = v as Record<string, unknown>;
  const kind = r.kind as RuleKind;
  if (!RULE_KINDS.includes(kind)) {
    fail(
      `${what[0]} has the unknown rule kind ${JSON.stringify(r.kind)} (known: ${RULE_KINDS.join(', ')})`,
      zj(what[1], `的计分规则 ${JSON.stringify(r.kind)} 未知(可用:${RULE_KINDS.join('、')})`),
    );
  }
  const n = (k: string, b: Bound): number => {
    if (typeof r[k] !== 'number') {
      fail(`${what[0]}: rule ${kind} needs a number "${k}"`, `${what[1]}:计分规则 ${kind} 需要数字参数 "${k}"`);
    }
    return bounded(r[k] as number, `${at}.${k}`, b, fail);
  };
  const goal = (k: string) => (r[k] === 'target' ? 'target' : n(k, VALUE));
  const ifNoted = r.if_noted === undefined ? 'full' : r.if_noted;
  if (ifNoted !== 'full' && ifNoted !== 'zero')
    fail(`${what[0]}: if_noted must be full or zero`, `${what[1]}:if_noted 只能是 full 或 zero`);
  const rule: Rule = { kind, if_noted: ifNoted };
  const allowed: Record<RuleKind, string[]> = {
    linear: ['zero', 'full'],
    deduct: ['per_unit'],
    accumulate: ['per_unit'],
    deduct_over_baseline: ['ratio', 'per_unit'],
  };
  for (const k of Object.keys(r)) {
    if (k !== 'kind' && k !== 'if_noted' && !allowed[kind].includes(k)) {
      fail(`${what[0]}: rule ${kind} has no parameter "${k}"`, `${what[1]}:计分规则 ${kind} 没有参数 "${k}"`);
    }
  }
  if (kind === 'linear') {
    rule.zero = goal('zero');
    rule.full = goal('full');
    if (rule.zero === rule.full)
      fail(`${what[0]}: rule linear needs zero and full to differ`, `${what[1]}:计分规则 linear 的 zero 与 full 不能相同`);
  } else {
    // accumulate divides by per_unit (target = max / per_unit), so it must be above 0
    rule.per_unit = n('per_unit', kind === 'accumulate' ? PER_UNIT_POSITIVE : PER_UNIT);
    if (kind === 'deduct_over_baseline') rule.ratio = n('ratio', RATIO);
  }
  return rule;
}

/** Columns each kind of query must return (and may return). */
const MEASURE_REQUIRED = ['office_id', 'value'];
const MEASURE_OPTIONAL = ['target', 'baseline', 'note'];
export const EVIDENCE_COLUMNS = ['office_id', 'source', 'row_id', 'line', 'detail', 'detail_zh'];

/** What to call each query of a scheme in a message, in English and Chinese. */
export const queryWords = {
  measure: (id: string): Words => [`item ${id}: its measure SQL`, `指标 ${id} 的计分 SQL(measure)`],
  evidence: (id: string): Words => [`item ${id}: its evidence SQL`, `指标 ${id} 的证据 SQL(evidence)`],
  veto: (id: string): Words => [`veto ${id}`, `一票否决项 ${id} 的 SQL`],
  individuals: ['individuals', '先进个人(individuals)的 SQL'] as Words,
  directors: ['directors', '主任待遇(directors)的 SQL'] as Words,
  diagnostics: ['diagnostics', '诊断(diagnostics)的 SQL'] as Words,
};

/** The columns each item's measure returns (by item id), as checkSchemeSql found them: score reads them instead of asking again. */
export type MeasureColumns = Map<string, string[]>;

/**
 * Runs the scheme's macros, then each query once with LIMIT 0 and checks its
 * columns, so a typo fails before anything is scored. First of all, before
 * any of the scheme's SQL runs in `db`, `checkSchemeAccess` makes sure it
 * reads only the loaded tables and no file. Returns the measures' columns.
 */
export async function checkSchemeSql(db: Db, scheme: Scheme, year: number): Promise<MeasureColumns> {
  const file = basename(scheme.path);
  const fail = (what: Words, en: string, zh: string): never => {
    throw new InputError(`Scheme ${file}: ${what[0]} ${en}.`, `考核细则 ${file}:${zj(what[1], zh)}。`);
  };
  await checkSchemeAccess(db, scheme, year);
  // kaoping's own macros first: the scheme's are written in its terms (active_staff(y) is kp_active_staff(y))
  await createFactMacros(db);
  if (scheme.macros) {
    try {
      await db.run(scheme.macros);
    } catch (e) {
      fail(['its macros', '其宏(macros)'], `fail: ${firstLine(e)}`, `执行失败:${firstLine(e)}`);
    }
  }
  // this_item is what evidence queries may read; an empty one is enough to check them
  await db.run(createTableSql('this_item', THIS_ITEM, 'temp'));
  const measureColumns: MeasureColumns = new Map();
  for (const it of scheme.items) {
    const what = queryWords.measure(it.id);
    const cols = await columnsOf(db, it.measure, year, what, file);
    measureColumns.set(it.id, cols);
    const missing = MEASURE_REQUIRED.filter((c) => !cols.includes(c));
    const unknown = cols.filter((c) => !MEASURE_REQUIRED.includes(c) && !MEASURE_OPTIONAL.includes(c));
    if (missing.length || unknown.length) {
      fail(
        [`item ${it.id}: its measure`, what[1]],
        `returns the columns ${cols.join(', ')}, but must return office_id, value and optionally ${MEASURE_OPTIONAL.join(', ')}`,
        `返回的列为 ${cols.join(', ')},应返回 office_id、value,以及可选的 ${MEASURE_OPTIONAL.join('、')}`,
      );
    }
    if (it.rule.kind === 'deduct_over_baseline' && !cols.includes('baseline')) {
      fail(
        [`item ${it.id}:`, `指标 ${it.id}:`],
        'rule deduct_over_baseline needs the measure to return a baseline column',
        '计分规则 deduct_over_baseline 要求计分 SQL 返回 baseline 列',
      );
    }
    if ((it.rule.zero === 'target' || it.rule.full === 'target') && !cols.includes('target')) {
      fail(
        [`item ${it.id}:`, `指标 ${it.id}:`],
        'its rule uses target, so the measure must return a target column',
        '计分规则用到 target,计分 SQL 须返回 target 列',
      );
    }
    if (it.evidence) await expectColumns(db, it.evidence, year, EVIDENCE_COLUMNS, queryWords.evidence(it.id), file);
  }
  for (const v of scheme.vetoes) await expectColumns(db, v.sql, year, EVIDENCE_COLUMNS, queryWords.veto(v.id), file);
  await expectColumns(db, scheme.individuals.sql, year, ['person_id', 'points'], queryWords.individuals, file);
  await expectColumns(db, scheme.directors.sql, year, ['person_id', 'age', 'director_years'], queryWords.directors, file);
  if (scheme.diagnostics) {
    const cols = await columnsOf(db, scheme.diagnostics.sql, year, queryWords.diagnostics, file);
    if (cols[0] !== 'office_id')
      fail(['diagnostics', queryWords.diagnostics[1]], 'must return office_id as its first column', '的第一列应为 office_id');
    // the diagnostics table is (year, ...these columns): a second year would be renamed year_1 without a word
    const yearColumn = cols.find((c) => c.toLowerCase() === 'year');
    if (yearColumn) {
      fail(
        ['diagnostics', queryWords.diagnostics[1]],
        `returns a column ${yearColumn}, but kaoping writes the year of the diagnostics itself`,
        `返回了列 ${yearColumn},而诊断表的年度列由 kaoping 自己写入`,
      );
    }
  }
  return measureColumns;
}

async function expectColumns(db: Db, sql: string, year: number, expected: string[], what: Words, file: string): Promise<void> {
  const cols = await columnsOf(db, sql, year, what, file);
  if (cols.join(',') !== expected.join(',')) {
    throw new InputError(
      `Scheme ${file}: ${what[0]} returns the columns ${cols.join(', ')}, but must return ${expected.join(', ')}.`,
      `考核细则 ${file}:${zj(what[1], `返回的列为 ${cols.join(', ')},应为 ${expected.join(', ')}。`)}`,
    );
  }
}

/**
 * The columns `sql` returns (it is bound, not run; $year is the year where it
 * uses it); a query that does not bind is one sentence naming `what`.
 */
export async function columnsOf(db: Db, sql: string, year: number, what: Words, file: string): Promise<string[]> {
  try {
    return await db.columns(sql, { year });
  } catch (e) {
    throw new InputError(
      `Scheme ${file}: ${what[0]} does not run: ${firstLine(e)}.`,
      `考核细则 ${file}:${zj(what[1], `无法运行:${firstLine(e)}。`)}`,
    );
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]
    .replace(/\.$/, '');
}

// ---------------------------------------------------------------------------
// A scheme is data: its SQL reads the loaded tables and nothing else.

/** The tables a scheme's SQL may read (the typed input tables; this_item only in evidence). */
// the adjustments are applied by kaoping where the scheme reads the tables (adjustments.ts): a measure does not read them
export const INPUT_TABLES = TABLES.filter((t) => t.name !== 'adjustments').map((t) => t.name);
/** Table functions a scheme may call: they make rows out of their arguments and read nothing. */
export const SAFE_TABLE_FUNCTIONS = ['range', 'generate_series', 'unnest'];
/** Built-in functions a scheme may not call: they read the engine's settings or variables, or write its log. */
export const UNSAFE_FUNCTIONS = ['current_setting', 'getvariable', 'write_log'];
/** Query nodes and FROM items of DuckDB's parse tree a scheme's SQL may use (not SHOW_REF: DESCRIBE, SUMMARIZE). */
const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);
const FROM_ITEMS = new Set(['BASE_TABLE', 'TABLE_FUNCTION', 'JOIN', 'SUBQUERY', 'EXPRESSION_LIST', 'EMPTY', 'PIVOT']);

type Node = Record<string, unknown>;

/**
 * Refuses, in one sentence naming the query, a scheme whose SQL could read
 * or write anything but the loaded tables: a file (read_text, read_csv,
 * glob, FROM 'x.csv' ...), another table of the database, the engine's
 * settings, or a statement other than SELECT (COPY, ATTACH, INSTALL ...).
 * It runs before any of the scheme's SQL runs in `db`, on a throwaway
 * in-memory DuckDB with external access disabled and empty tables shaped
 * like the loaded ones:
 *
 * 1. the macros run there one statement at a time; each must be a CREATE
 *    that makes or replaces a macro and nothing else;
 * 2. every query, and every macro's body, is parsed (json_serialize_sql)
 *    and must be one SELECT whose FROM items are loaded tables, its own WITH
 *    queries, the scheme's table macros and SAFE_TABLE_FUNCTIONS, and whose
 *    functions are built in (present without loading an extension; none of
 *    UNSAFE_FUNCTIONS) or the scheme's macros;
 * 3. every query is bound there as well: with external access disabled, any
 *    way to a file the parse-tree check did not know fails with a
 *    Permission Error, and is refused the same way.
 */
export async function checkSchemeAccess(db: Db, scheme: Scheme, year: number): Promise<void> {
  const file = basename(scheme.path);
  const refuse = (what: Words, en: string, zh: string): never => {
    throw new InputError(`Scheme ${file}: ${what[0]} ${en}.`, `考核细则 ${file}:${zj(what[1], zh)}。`);
  };
  const onlyTables = (thisItem: boolean): Words => [
    `a scheme's SQL may read only the loaded tables (${INPUT_TABLES.join(', ')}${thisItem ? ', and this_item' : ''}), its own WITH queries and macros, and no file`,
    `考核细则的 SQL 只能读取已载入的表(${INPUT_TABLES.join('、')}${thisItem ? ' 以及 this_item' : ''})、自身的 WITH 子查询和宏,不得读写文件`,
  ];
  const key = await accessKey(db, scheme, year);
  if (accessPassed.has(key)) return;
  const sandbox = await Sandbox.open(db);
  try {
    // tables and views of db: a name among them that is not an input table is refused; any other plain name is a typo DuckDB reports
    const known = new Set(
      (
        await db.all<{ n: string }>(`SELECT lower(table_name) AS n FROM duckdb_tables() UNION SELECT lower(view_name) FROM duckdb_views()`)
      ).map((r) => r.n),
    );
    known.add('this_item');

    // 1. the macros: CREATE MACRO statements only
    if (scheme.macros) await checkMacros(db, sandbox, scheme.macros, refuse, onlyTables(false));
    const macros = await sandbox.all<{ name: string; type: string; def: string }>(
      `SELECT function_name AS name, function_type AS type, macro_definition AS def FROM duckdb_functions()
       WHERE database_name <> 'system' AND function_type IN ('macro', 'table_macro') ORDER BY function_name`,
    );
    const scalarMacros = new Set(macros.filter((m) => m.type === 'macro').map((m) => m.name.toLowerCase()));
    const tableMacros = new Set(macros.filter((m) => m.type === 'table_macro').map((m) => m.name.toLowerCase()));

    /** Parses `sql` (one SELECT) and walks its tree; `what` names it. */
    const checkTree = async (what: Words, sql: string, thisItem: boolean, wrapped: boolean): Promise<void> => {
      const tree = await sandbox.parse(sql);
      if (tree.error) {
        if (tree.error_type === 'parser')
          refuse(what, `does not run: Parser Error: ${tree.error_message}`, `无法运行:Parser Error: ${tree.error_message}`);
        refuse(
          what,
          'must be one SELECT query (a scheme may not COPY, ATTACH, INSERT, SET, INSTALL or LOAD anything)',
          '只能是一条 SELECT 查询(考核细则不得执行 COPY、ATTACH、INSERT、SET、INSTALL、LOAD 等语句)',
        );
      }
      const statements = tree.statements as unknown[];
      if (statements.length !== 1) {
        refuse(
          what,
          `must be one SELECT query, not ${statements.length} statements`,
          `只能是一条 SELECT 查询,而不是 ${statements.length} 条语句`,
        );
      }
      // kaoping puts the query in parentheses (on lines of their own: db.ts subquery): it must stay one query there (no trailing ;)
      if (wrapped) {
        const inner = await sandbox.parse(`SELECT * FROM ${subquery(sql)} q`);
        if (inner.error || (inner.statements as unknown[]).length !== 1) {
          const why = inner.error ? String(inner.error_message) : 'more than one statement';
          refuse(what, `does not run as a subquery: Parser Error: ${why}`, `作为子查询无法运行:Parser Error: ${why}`);
        }
      }
      const tables = new Set([...INPUT_TABLES, ...(thisItem ? ['this_item'] : [])]);
      const tail = onlyTables(thisItem);
      const walk = (node: unknown, scope: Set<string>): void => {
        if (Array.isArray(node)) {
          for (const x of node) walk(x, scope);
          return;
        }
        if (!node || typeof node !== 'object') return;
        const o = node as Node;
        if (typeof o.type === 'string' && 'modifiers' in o && 'cte_map' in o) {
          // a query: its WITH names are tables within it
          if (!QUERY_NODES.has(o.type)) refuse(what, `uses ${o.type}, but ${tail[0]}`, `使用了 ${o.type},但${tail[1]}`);
          const ctes = ((o.cte_map as { map?: { key: string }[] })?.map ?? []).map((c) => String(c.key).toLowerCase());
          if (typeof o.cte_name === 'string') ctes.push(o.cte_name.toLowerCase());
          if (ctes.length) scope = new Set([...scope, ...ctes]);
        } else if (typeof o.class === 'string') {
          // an expression: a function must be built in and safe, or a macro of the scheme
          if ((o.class === 'FUNCTION' && o.is_operator !== true) || o.class === 'WINDOW') {
            const name = String(o.function_name);
            const n = name.toLowerCase();
            if (UNSAFE_FUNCTIONS.includes(n)) {
              refuse(
                what,
                `calls ${name}(), which reads the engine's settings or state; ${tail[0]}`,
                `调用了 ${name}(),它读取数据库引擎的设置或状态;${tail[1]}`,
              );
            }
            if (o.class === 'FUNCTION' && !sandbox.builtins.has(n) && !scalarMacros.has(n)) {
              refuse(
                what,
                `calls ${name}(), which is neither a built-in function nor one of the scheme's macros`,
                `调用了 ${name}(),它既不是内置函数,也不是本考核细则定义的宏`,
              );
            }
          }
        } else if (typeof o.type === 'string' && 'sample' in o && 'alias' in o) {
          // a FROM item
          if (!FROM_ITEMS.has(o.type)) {
            const used = o.type === 'SHOW_REF' ? 'DESCRIBE or SUMMARIZE' : o.type;
            refuse(what, `uses ${used}, but ${tail[0]}`, `使用了 ${used},但${tail[1]}`);
          }
          if (o.type === 'BASE_TABLE') {
            const name = String(o.table_name);
            const n = name.toLowerCase();
            const qualified = [o.catalog_name, o.schema_name].filter((x) => typeof x === 'string' && x !== '').join('.');
            const shownName = qualified ? `${qualified}.${name}` : name;
            const plain = !/[./\\:~*?]/.test(name);
            const fine = !qualified && (scope.has(n) || tables.has(n) || (plain && !known.has(n)));
            if (!fine) {
              const desc: Words = plain ? [`the table ${shownName}`, `表 ${shownName}`] : [`the file '${name}'`, `文件 '${name}'`];
              refuse(what, `reads ${desc[0]}, but ${tail[0]}`, `读取了${desc[1]},但${tail[1]}`);
            }
          } else if (o.type === 'TABLE_FUNCTION') {
            const fn = (o.function ?? {}) as Node;
            const name = String(fn.function_name);
            const n = name.toLowerCase();
            if (!SAFE_TABLE_FUNCTIONS.includes(n) && !tableMacros.has(n)) {
              const arg = firstText(fn.children);
              const call = `${name}(${arg === undefined ? '' : `'${arg}'`})`;
              refuse(
                what,
                `calls the table function ${call}, but ${tail[0]} (table functions allowed: ${SAFE_TABLE_FUNCTIONS.join(', ')} and the scheme's table macros)`,
                `调用了表函数 ${call},但${tail[1]}(允许的表函数:${SAFE_TABLE_FUNCTIONS.join('、')} 及本考核细则定义的表宏)`,
              );
            }
            // its arguments are expressions; its own name is not a scalar function
            walk(fn.children, scope);
            for (const [k, v] of Object.entries(o)) if (k !== 'function') walk(v, scope);
            return;
          }
        }
        for (const v of Object.values(o)) walk(v, scope);
      };
      walk(statements, new Set());
    };

    for (const m of macros.filter((x) => !FACT_MACROS.includes(x.name))) {
      await checkTree([`its macro ${m.name}`, `宏 ${m.name}`], m.type === 'table_macro' ? m.def : `SELECT ${m.def}`, true, false);
    }
    const queries: [Words, string, boolean][] = [
      ...scheme.items.flatMap((it): [Words, string, boolean][] => [
        [queryWords.measure(it.id), it.measure, false],
        ...(it.evidence ? [[queryWords.evidence(it.id), it.evidence, true] as [Words, string, boolean]] : []),
      ]),
      ...scheme.vetoes.map((v): [Words, string, boolean] => [queryWords.veto(v.id), v.sql, false]),
      [queryWords.individuals, scheme.individuals.sql, false],
      [queryWords.directors, scheme.directors.sql, false],
      ...(scheme.diagnostics ? [[queryWords.diagnostics, scheme.diagnostics.sql, false] as [Words, string, boolean]] : []),
    ];
    for (const [what, sql, thisItem] of queries) await checkTree(what, sql, thisItem, true);
    // 3. bound where no file can be reached: a way the tree check did not know fails here
    for (const [what, sql] of queries) {
      const e = await sandbox.bindError(sql, year);
      if (e && isPermissionError(e))
        refuse(
          what,
          `tries to read or write a file (${firstLine(e)}), but ${onlyTables(false)[0]}`,
          `试图读写文件(${firstLine(e)}),但${onlyTables(false)[1]}`,
        );
    }
    accessPassed.add(key);
  } finally {
    sandbox.close();
  }
}

/**
 * The access checks this process has passed. What they decide depends only
 * on the scheme's SQL, the year and the database's catalog (its tables'
 * and views' names and column types: the sandbox is made of them), so the
 * same scheme on the same kind of database (a run, then its sensitivity, or
 * many runs in one test process) is checked once. A refusal is not kept: it
 * is checked again and says why again.
 */
const accessPassed = new Set<string>();

async function accessKey(db: Db, scheme: Scheme, year: number): Promise<string> {
  const catalog = await db.scalar<string>(
    `SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ',' ORDER BY table_name, column_index)
     FROM duckdb_columns() WHERE NOT internal`,
  );
  const sql = [
    scheme.macros ?? '',
    ...scheme.items.flatMap((it) => [it.measure, it.evidence ?? '']),
    ...scheme.vetoes.map((v) => v.sql),
    scheme.individuals.sql,
    scheme.directors.sql,
    scheme.diagnostics?.sql ?? '',
  ];
  return createHash('sha256')
    .update(JSON.stringify([year, catalog, sql]))
    .digest('hex');
}

function isPermissionError(e: unknown): boolean {
  return /Permission Error|disabled by configuration/i.test(String((e as Error)?.message ?? e));
}

/** The first text constant among a function's arguments (the file a read_text would read), for a message. */
function firstText(children: unknown): string | undefined {
  if (!Array.isArray(children)) return undefined;
  for (const c of children as Node[]) {
    const v = c?.value as Node | undefined;
    if (c?.class === 'CONSTANT' && typeof v?.value === 'string') return v.value.length > 60 ? `${v.value.slice(0, 60)}...` : v.value;
  }
  return undefined;
}

/** The names of DuckDB's built-in functions (the same for every sandbox of this process). */
let builtins: Promise<Set<string>> | undefined;

/**
 * A throwaway in-memory DuckDB that cannot reach a file or the network:
 * external access disabled, no extension loaded or installed on demand. It
 * holds empty tables of the same shape as `db`'s input tables and this_item.
 */
/**
 * A scheme's macros: each statement must be a CREATE that makes macros (or
 * nothing) and no other catalog object, that reads no file, and that leaves
 * kaoping's kp_ macros as they are. Run in `sandbox`; the catalog is compared
 * once, after all statements (reading it costs about 50 ms each time), and
 * only when it changed are the statements replayed one by one in a fresh
 * sandbox to name the one that changed it.
 */
async function checkMacros(
  db: Db,
  sandbox: Sandbox,
  macros: string,
  refuse: (what: Words, en: string, zh: string) => never,
  onlyTables: Words,
): Promise<void> {
  const M: Words = ['its macros', '其宏(macros)'];
  const runAll = async (box: Sandbox, after?: (i: number) => Promise<void>) => {
    let statements;
    try {
      statements = await box.conn.extractStatements(macros);
    } catch (e) {
      refuse(M, `fail: ${firstLine(e)}`, `执行失败:${firstLine(e)}`);
    }
    for (let i = 0; i < statements!.count; i++) {
      try {
        const statement = await statements!.prepare(i);
        if (statement.statementType !== StatementType.CREATE) {
          const kind = StatementType[statement.statementType] ?? String(statement.statementType);
          refuse(
            M,
            `may only define macros (CREATE MACRO), but statement ${i + 1} is ${kind}`,
            `只能定义宏(CREATE MACRO),但第 ${i + 1} 条语句是 ${kind}`,
          );
        }
        await statement.run();
      } catch (e) {
        if (e instanceof InputError) throw e;
        if (isPermissionError(e)) {
          refuse(
            [`its macros: statement ${i + 1}`, `其宏(macros)的第 ${i + 1} 条语句`],
            `tries to read or write a file (${firstLine(e)}), but ${onlyTables[0]}`,
            `试图读写文件(${firstLine(e)}),但${onlyTables[1]}`,
          );
        }
        refuse(M, `fail: ${firstLine(e)}`, `执行失败:${firstLine(e)}`);
      }
      await after?.(i);
    }
  };
  const before = await sandbox.signature();
  const own = await sandbox.ownMacros();
  await runAll(sandbox);
  if ((await sandbox.signature()) === before && (await sandbox.ownMacros()) === own) return;
  const probe = await Sandbox.open(db);
  try {
    const [probeBefore, probeOwn] = [await probe.signature(), await probe.ownMacros()];
    await runAll(probe, async (i) => {
      // a CREATE that changed no table, view, sequence, index, type, schema or database made a macro (or nothing)
      if ((await probe.signature()) !== probeBefore) {
        refuse(
          M,
          `may only define macros (CREATE MACRO), but statement ${i + 1} creates something else`,
          `只能定义宏(CREATE MACRO),但第 ${i + 1} 条语句创建了别的对象`,
        );
      }
      // kaoping's facts (rules.ts) are the same for every scheme: the analysis views and the report read them too
      if ((await probe.ownMacros()) !== probeOwn) {
        refuse(
          M,
          `may not define a macro named kp_... (statement ${i + 1}): those are kaoping's own (${FACT_MACROS.join(', ')} ...)`,
          `不能定义以 kp_ 开头的宏(第 ${i + 1} 条语句):这些是 kaoping 自己的宏(${FACT_MACROS.join('、')} 等)`,
        );
      }
    });
  } finally {
    probe.close();
  }
}

class Sandbox {
  private constructor(
    private instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    public builtins: Set<string>,
  ) {}

  static async open(db: Db): Promise<Sandbox> {
    const instance = await DuckDBInstance.create(':memory:', {
      temp_directory: '', // first (it cannot be set once external access is off); never spill: an in-memory DuckDB writes .tmp/ into the current folder
      enable_external_access: 'false',
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
      threads: '1',
      memory_limit: '256MB',
    });
    const conn = await instance.connect();
    const sandbox = new Sandbox(instance, conn, new Set());
    try {
      builtins ??= sandbox
        .all<{ n: string }>(`SELECT DISTINCT lower(function_name) AS n FROM duckdb_functions()`)
        .then((rows) => new Set(rows.map((r) => r.n)));
      sandbox.builtins = await builtins;
      for (const t of INPUT_TABLES) {
        let cols: { column_name: string; column_type: string }[];
        try {
          cols = await db.all(`SELECT column_name, column_type FROM (DESCRIBE ${ident(t)})`);
        } catch {
          continue; // not loaded: the query fails in db as it would have
        }
        await conn.run(`CREATE TABLE ${ident(t)} (${cols.map((c) => `${ident(c.column_name)} ${c.column_type}`).join(', ')})`);
      }
      await conn.run(createTableSql('this_item', THIS_ITEM, 'keep'));
      await createFactMacros({ run: (sql) => conn.run(sql), all: (sql) => sandbox.all(sql) });
      await conn.run(`SET lock_configuration = true`);
    } catch (e) {
      sandbox.close();
      throw e;
    }
    return sandbox;
  }

  async all<T>(sql: string, params?: Record<string, string>): Promise<T[]> {
    const reader = params ? await this.conn.runAndReadAll(sql, params) : await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJS() as T[];
  }

  /** DuckDB's parse tree of `sql` (json_serialize_sql): { error, error_type, error_message } or { statements }. */
  async parse(sql: string): Promise<Node> {
    const [row] = await this.all<{ j: string }>(`SELECT json_serialize_sql($sql::VARCHAR) AS j`, { sql });
    return JSON.parse(row.j) as Node;
  }

  /**
   * What the catalog holds besides functions, by oid (a replaced table gets a
   * new one). (A secret cannot be made here: the secret manager wants a folder.)
   */
  async signature(): Promise<string> {
    const [row] = await this.all<{ s: string | null }>(`
      SELECT string_agg(x, ',' ORDER BY x) AS s FROM (
        SELECT 't' || table_oid AS x FROM duckdb_tables() UNION ALL
        SELECT 'v' || view_oid FROM duckdb_views() WHERE NOT internal UNION ALL
        SELECT 's' || sequence_oid FROM duckdb_sequences() UNION ALL
        SELECT 'i' || index_oid FROM duckdb_indexes() UNION ALL
        SELECT 'y' || type_oid FROM duckdb_types() WHERE NOT internal UNION ALL
        SELECT 'c' || oid FROM duckdb_schemas() UNION ALL
        SELECT 'd' || database_oid FROM duckdb_databases())`);
    return row.s ?? '';
  }

  /** kaoping's macros (kp_...) and their definitions: a scheme's macros may not change them. */
  async ownMacros(): Promise<string> {
    const [row] = await this.all<{ s: string | null }>(`
      SELECT string_agg(function_name || '(' || coalesce(macro_definition, '') || ')', ',' ORDER BY function_name, macro_definition) AS s FROM duckdb_functions()
      WHERE database_name <> 'system' AND starts_with(lower(function_name), 'kp_')`);
    return row.s ?? '';
  }

  /** The error binding `sql` gives here, if any. */
  async bindError(sql: string, year: number): Promise<unknown> {
    try {
      await runNamed(this.conn, `SELECT * FROM ${subquery(sql)} LIMIT 0`, { year });
      return undefined;
    } catch (e) {
      return e;
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
