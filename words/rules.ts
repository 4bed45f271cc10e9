/**
 * The scheme's rules in words: how an item is scored, the tiers and the
 * quota, and what a veto does. Explain, the report's methodology and
 * office pages and the feedback letter all state them in these words
 * (pipeline/score.ts ruleWords, pipeline/rules.ts tiersWords and vetoWords).
 */
import { catalog, type Word } from './index.ts';

const RULES = {
  // an item's rule (scheme rule kinds)
  deduct: { zh: '每项扣{per}分,扣完为止', en: '{per} point(s) off per unit, floor at zero' },
  accumulate: { zh: '每项得{per}分,{max}分封顶', en: '{per} point(s) per unit, capped at {max}' },
  linear: { zh: '{zero}得0分,{full}得满分,其间按比例', en: '0 points at {zero}, full points at {full}, linear between' },
  target: { zh: '目标值', en: 'the target' },
  zeroWhenNoted: { zh: ';有备注(如无人员)时得0分', en: '; 0 points when noted (e.g. no staff)' },
  overBaseline: {
    zh: '上限为上年的{percent}%(取整),每超1件扣{per}分,扣完为止;上年无数据得满分',
    en: 'cap = {percent}% of last year (rounded down); {per} point(s) off per unit over the cap; full points without a baseline',
  },
  // the tiers and the quota (the methodology page's 等次与评优)
  quota: { zh: 'max({min}, ⌊{share} × 单位数⌋)', en: 'max({min}, ⌊{share} × offices⌋)' },
  tiers: {
    zh:
      '优秀:总分不低于 {excellent} 分且未被否决,按排名取本类别前 {quota} 名;在名额边界并列时依次比较{breakers}小计;' +
      '良好:不低于 {good} 分;合格:不低于 {pass} 分;不合格:低于 {pass} 分或被一票否决。排名为同分同名次("1224"),' +
      '未被否决单位在前。',
    en:
      'Excellent: total at least {excellent}, not vetoed, at most {quota} per category in rank order; ' +
      'ties at the quota boundary are broken by the {breakers} subtotals; good: at least {good}; pass: at least {pass}; ' +
      'fail: below {pass} or vetoed. Ranks are competition ranks ("1224"), non-vetoed offices first.',
  },
  // what a veto does (the office page's banner, the feedback letter, explain)
  veto: {
    zh: '分数照常计算,但等次定为不合格,取消评优资格,排在本类别所有未被否决单位之后。',
    en:
      'The score is computed as usual, but the office is graded fail, excluded from every commendation ' +
      'and ranked after all non-vetoed offices of its category.',
  },
} satisfies Record<string, Word>;

export const ruleWord = catalog(RULES);
