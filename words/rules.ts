/**
 * The scheme's rules in words: how an item is scored, the tiers and the
 * quota, and what a veto does. Explain, the report's methodology and
 * office pages and the feedback letter all state them in these words
 * (pipeline/score.ts ruleWords, pipeline/rules.ts tiersWords and vetoWords).
 */
import { catalog, type Word } from './index.ts';

const RULES = {
  // an item's rule (scheme rule kinds), stated from its parameters (pipeline/score.ts ruleWords): {unit} is what
  // one unit of the item's value is (件, 次, 条; English singular), {zero}/{full} values with their unit
  deduct: { zh: '每{unit}扣{per}分,扣完为止', en: '{per} point(s) off per {unit}, floor at zero' },
  accumulate: { zh: '每{unit}得{per}分,{max}分封顶', en: '{per} point(s) per {unit}, capped at {max}' },
  linear: { zh: '{zero}得0分,{full}得满分,其间按比例', en: '0 points at {zero}, full points at {full}, linear between' },
  target: { zh: '目标值', en: 'the target' },
  zeroWhenNoted: { zh: ';有备注(如无在岗人员)时得0分', en: '; 0 points when noted (e.g. no staff)' },
  overBaseline: {
    zh: '上限为上年{count}的{percent}%(向下取整),超出上限的每{unit}扣{per}分,扣完为止;上年无数据得满分',
    en:
      "cap = {percent}% of last year's count (rounded down); {per} point(s) off per {unit} over the cap, floor at zero; " +
      "full points without last year's count",
  },
  // a unit when the scheme states none; last year's count (件数, 次数; without a unit 数量)
  anyUnit: { zh: '项', en: 'unit' },
  countOf: { zh: '{unit}数', en: '{unit}' },
  anyCount: { zh: '数量', en: 'count' },
  // what the item's value counts (the scheme's `counts`), then its rule
  countsThenRule: { zh: '{counts};{rule}', en: '{counts}; {rule}' },
  // the tiers and the quota (the methodology page's 等次与评优)
  quota: {
    zh: '本类别单位数的{percent}%(向下取整),至少{min}个',
    en: '{percent}% of the offices of the category (rounded down), at least {min}',
  },
  tiers: {
    zh:
      '优秀:总分不低于 {excellent} 分且未被否决,按排名评定,每个类别的优秀名额为{quota};在名额边界并列时依次比较{breakers}小计;' +
      '良好:不低于 {good} 分;合格:不低于 {pass} 分;不合格:低于 {pass} 分或被一票否决。同分的单位名次相同,其后的名次顺延' +
      '(如两个单位并列第2名,下一个单位为第4名);未被否决单位排在前面。',
    en:
      'Excellent: total at least {excellent}, not vetoed, in rank order, and at most the quota of each category: {quota}; ' +
      'ties at the quota boundary are broken by the {breakers} subtotals; good: at least {good}; pass: at least {pass}; ' +
      'fail: below {pass} or vetoed. Offices with the same total share a rank and the next rank is skipped (two offices ' +
      'tied at rank 2, the next is rank 4); non-vetoed offices come first.',
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
