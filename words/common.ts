/**
 * Words every area shares: the tiers, the notes the rules attach to an
 * item, the staff roles, small connecting words, and how numbers and dates
 * are written. Explain, the report site, the documents and the workbook all
 * read them here.
 */
import { catalog, type Lang, type Word } from './index.ts';

/** The tiers (等次), by the code the scores table holds. */
export const TIER: Record<string, Word> = {
  excellent: { zh: '优秀', en: 'excellent' },
  good: { zh: '良好', en: 'good' },
  pass: { zh: '合格', en: 'pass' },
  fail: { zh: '不合格', en: 'fail' },
};

/** The notes an indicator carries (indicators.note): in English the code itself. */
const NOTES: Record<string, Word> = {
  'no baseline': { zh: '无上年基数', en: 'no baseline' },
  'no staff': { zh: '无在岗人员', en: 'no staff' },
  'no documents': { zh: '无发文', en: 'no documents' },
  'no meetings': { zh: '无会议', en: 'no meetings' },
  'no items': { zh: '无到期督办事项', en: 'no items' },
  'no completed items': { zh: '无已办结督办事项', en: 'no completed items' },
};

/** Staff roles (staff.role), '' for a role not given. */
const ROLES: Record<string, Word> = {
  director: { zh: '主任', en: 'director' },
  deputy: { zh: '副主任', en: 'deputy' },
  secretary: { zh: '文秘', en: 'secretary' },
  staff: { zh: '工作人员', en: 'staff' },
  '': { zh: '未填', en: 'not given' },
};

/** A note in words; a note the catalog does not know is shown as it is. */
export function note(n: string | null | undefined, lang: Lang): string {
  if (!n) return '';
  return NOTES[n]?.[lang] ?? n;
}

/** A tier in words; an unknown code is shown as it is. */
export function tier(t: string, lang: Lang): string {
  return TIER[t]?.[lang] ?? t;
}

/** A staff role in words; an unknown role is shown as it is. */
export function role(r: string, lang: Lang): string {
  return ROLES[r]?.[lang] ?? r;
}

/** Small words that join others: the punctuation and separators of each language. */
const COMMON = {
  fullStop: { zh: '。', en: '.' },
  listSep: { zh: '、', en: ', ' },
  noteSep: { zh: ';', en: '; ' },
  lineOf: { zh: '第 {line} 行', en: 'line {line}' },
} satisfies Record<string, Word>;

export const common = catalog(COMMON);

/** "2.50" style: the way every number is shown. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  const r = Math.round((x + Number.EPSILON) * 100) / 100;
  return (Object.is(r, -0) ? 0 : r).toFixed(2);
}

/** A date as a person writes it: 2026年12月1日 (GB/T 9704: Arabic numerals, no leading zeros), 1 December 2026 in English. */
export function dateWords(d: Date, lang: Lang): string {
  if (lang === 'zh') return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
  return d.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** The number of a category heading, (一) (二) … in Chinese, (1) (2) … in English. */
export function headingNumber(n: number, lang: Lang): string {
  return lang === 'zh' ? zhOrdinal(n) : String(n);
}

/** The Chinese numeral of n: 一, 十二, 二十三. */
function zhOrdinal(n: number): string {
  const d = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return d[n];
  if (n < 20) return `十${d[n - 10]}`;
  if (n < 100) return `${d[Math.floor(n / 10)]}十${d[n % 10]}`;
  return String(n);
}

/**
 * The share of draws agreeing with a commendation decision, as the verdict reads it: floored to a whole
 * percentage (89.6% is 89%, so it never shows the 90% of 稳定 for a decision that is 脆弱; the verdict
 * thresholds are whole percentages), <1% for a share above 0 below 1%.
 */
export function agreementPct(a: number): string {
  if (!Number.isFinite(a)) return '';
  if (a > 0 && a < 0.01) return '<1%';
  return `${Math.floor(a * 100 + 1e-9)}%`;
}
