/**
 * Dates and small numeric helpers shared by the table modules. Dates are day
 * numbers (days since 1970-01-01, UTC): cheap to compare, add and sort.
 */
import type { Rng } from './random.ts';

const DAY_MS = 86_400_000;
export const day = (y: number, m: number, d: number): number => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
export const yearOf = (n: number): number => new Date(n * DAY_MS).getUTCFullYear();
export const yearStart = (y: number): number => day(y, 1, 1);
export const yearEnd = (y: number): number => day(y, 12, 31);

const isWeekend = (n: number): boolean => {
  const dow = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow === 0 || dow === 6;
};

export type DateStyle = 'iso' | 'slash' | 'dot' | 'cn';
const dateCache: Record<DateStyle, Map<number, string>> = { iso: new Map(), slash: new Map(), dot: new Map(), cn: new Map() };

/** 2023-03-05, 2023/3/5, 2023.3.5 or 2023年3月5日; '' for no date. */
export function fmtDate(n: number | null, style: DateStyle): string {
  if (n === null) return '';
  const cache = dateCache[style];
  let s = cache.get(n);
  if (s === undefined) {
    s = spell(new Date(n * DAY_MS), style);
    cache.set(n, s);
  }
  return s;
}

function spell(d: Date, style: DateStyle): string {
  const y = d.getUTCFullYear(),
    m = d.getUTCMonth() + 1,
    dd = d.getUTCDate();
  switch (style) {
    case 'iso':
      return `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
    case 'slash':
      return `${y}/${m}/${dd}`;
    case 'dot':
      return `${y}.${m}.${dd}`;
    default:
      return `${y}年${m}月${dd}日`;
  }
}

/** A weekday in [from, to] (weekends move to the nearest weekday inside the range). */
export function workday(rng: Rng, from: number, to: number): number {
  const n = rng.int(from, to);
  if (!isWeekend(n)) return n;
  for (let k = 1; k <= 3; k++) {
    if (n + k <= to && !isWeekend(n + k)) return n + k;
    if (n - k >= from && !isWeekend(n - k)) return n - k;
  }
  return n;
}

/** `n` workdays in [from, to], in date order. */
export function workdays(rng: Rng, n: number, from: number, to: number): number[] {
  const dates: number[] = [];
  for (let k = 0; k < n; k++) dates.push(workday(rng, from, to));
  return dates.sort((a, b) => a - b);
}

/** Full years from `from` to `to` (both day numbers), as date_sub('year', ...) counts them. */
export function fullYears(from: number, to: number): number {
  const a = new Date(from * DAY_MS),
    b = new Date(to * DAY_MS);
  let n = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) n--;
  return n;
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
export const pad = (n: number, w: number): string => String(n).padStart(w, '0');
