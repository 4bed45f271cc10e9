/**
 * How an item's measured quantity is written: the number with the unit the
 * scheme states for the item (`unit`, `unit_en` in the scheme's YAML;
 * metrics/README.md). A count is written as the whole number it is (16 件,
 * not 16.00), a fraction with at most two decimals (56.5 分钟), a share as a
 * percentage (94%); without a unit, the bare number.
 */
import type { Lang } from './index.ts';

/** The unit of an item whose value is a share from 0 to 1, shown as a percentage. */
export const PERCENT = '%';

/** What the scheme states of an item's unit (pipeline/scheme.ts Item). */
export interface ItemUnit {
  unit?: string;
  unit_en?: string;
}

/** `x` rounded to `decimals`, without trailing zeros: 16, 7.5, 56.33. */
function plain(x: number, decimals: number): string {
  const f = 10 ** decimals;
  const r = Math.round((x + Math.sign(x) * Number.EPSILON) * f) / f;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * A share as a percentage with at most one decimal: 94%, 93.8%. A share
 * short of 1 never reads 100% (nor one above 0 reads 0%), so the number
 * cannot contradict the points it lost.
 */
export function percent(share: number): string {
  let p = Number(plain(share * 100, 1));
  if (p >= 100 && share < 1) p = 99.9;
  if (p <= 0 && share > 0) p = 0.1;
  return `${p}%`;
}

/** A rule's parameter that is a share (0.9, a quota's 0.2) as the percentage it states: 90, 20, 12.5 (no rounding beyond float noise). */
export function sharePercent(share: number): string {
  return String(Number((share * 100).toPrecision(12)));
}

/** An item's value or target with its unit: `16 件`, `56 分钟`, `94%`; '' for none. */
export function quantity(x: number | null | undefined, u: ItemUnit, lang: Lang): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  if (u.unit === PERCENT) return percent(x);
  const n = plain(x, 2);
  const unit = lang === 'zh' ? u.unit : (u.unit_en ?? u.unit);
  if (!unit) return n;
  // English units are plural nouns: 1 document, 2 documents
  const word = lang === 'en' && n === '1' && /[a-z]s$/.test(unit) ? unit.slice(0, -1) : unit;
  return `${n} ${word}`;
}
