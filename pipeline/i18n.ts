/** Words shown to users in both languages: tiers, notes, labels shared by explain and the report. */
export type Lang = 'zh' | 'en';

export const TIER: Record<string, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'excellent' },
  good: { zh: '良好', en: 'good' },
  pass: { zh: '合格', en: 'pass' },
  fail: { zh: '不合格', en: 'fail' },
};

const NOTES: Record<string, string> = {
  'no baseline': '无上年基数',
  'no staff': '无在岗人员',
  'no documents': '无发文',
  'no meetings': '无会议',
  'no items': '无到期督办事项',
  'no completed items': '无已办结督办事项',
};

export function note(n: string | null | undefined, lang: Lang): string {
  if (!n) return '';
  return lang === 'zh' ? (NOTES[n] ?? n) : n;
}

export function tier(t: string, lang: Lang): string {
  return TIER[t]?.[lang] ?? t;
}

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
