/**
 * The words of `kaoping explain` (pipeline/explain.ts): the account of one
 * office's appraisal, item by item, with the rows that cost it points, its
 * adjustments, tier and commendation. Its errors are made where they happen
 * (InputError in pipeline/explain.ts, lookup.ts, years.ts).
 */
import { catalog, type Word } from './index.ts';

const EXPLAIN = {
  header: { zh: '{name} ({id}) · {category} · {year} 年度 · {title}', en: '{name} ({id}) · {category} · {year} · {title}' },
  summary: {
    zh: '总分 {total} 分;类别内排名第 {rank} 名(共 {offices} 个单位);等次:{tier};{commended}。',
    en: 'Total {total}; rank {rank} of {offices} in its category; tier: {tier}; {commended}.',
  },
  commended: { zh: '获评先进办公室', en: 'commended office' },
  notCommended: { zh: '未获表彰', en: 'not commended' },
  veto: {
    zh: '!! 一票否决:{name} —— {file} 第 {line} 行,编号 {id}({detail})。{effect}',
    en: '!! Veto: {name} — {file} line {line}, id {id} ({detail}). {effect}',
  },

  // an item: `name (id): value …, target …, points …/…, lost …, note: …`
  value: { zh: '实测 {value}', en: 'value {value}' },
  target: { zh: '目标 {target}', en: 'target {target}' },
  /** the target of a deduct_over_baseline rule: the cap from last year */
  cap: { zh: '上限 {target}', en: 'cap {target}' },
  points: { zh: '得分 {points}/{max}', en: 'points {points}/{max}' },
  lost: { zh: '失分 {lost}', en: 'lost {lost}' },
  note: { zh: '备注: {note}', en: 'note: {note}' },
  partSep: { zh: ',', en: ', ' },
  rule: { zh: '规则: {rule}', en: 'rule: {rule}' },
  evidence: { zh: '失分依据: {rows}', en: 'evidence: {rows}' },
  evidenceRow: { zh: '{id}({file} 第{line}行,{detail})', en: '{id} ({file} line {line}, {detail})' },
  evidenceSep: { zh: ';', en: '; ' },
  evidenceMore: { zh: ' 等共 {all} 条', en: ' and {more} more' },
  /** below an evidence list cut short: where every row is */
  evidenceRest: {
    zh: '(其余 {more} 条见 results.xlsx 的“失分依据”表和报告中本单位的页面,或运行:{query})',
    en: "(the other {more}: results.xlsx, sheet 失分依据 (Evidence), the office's report page, or run: {query})",
  },

  // adjustments (复核调整)
  adjustedBy: {
    zh: '理由:{reason};决定人:{who};决定日期:{on}',
    en: 'reason: {reason}; decided by {who} on {on}',
  },
  adjustedPoints: {
    zh: '复核调整 {adjustment}(加减分 {points} 分,调整后不低于 0、不超过满分):{why}',
    en: 'adjustment {adjustment} (points {points}, the result kept within 0 and the maximum): {why}',
  },
  excludedRow: { zh: '{id}({file} 第{line}行)', en: '{id} ({file} line {line})' },
  excluded: { zh: '已剔除 {row}:复核调整 {adjustment},{why}', en: 'excluded {row}: adjustment {adjustment}, {why}' },
  excludedTitle: {
    zh: '复核调整:剔除的记录(本年度考评按未载入处理,不计入任何项目、一票否决和基数)',
    en: 'Adjustments: excluded rows (counted as not loaded in this appraisal: no item, veto or baseline sees them)',
  },

  // the closing line: tier and commendation, and why
  vetoed: { zh: '评优:一票否决,等次为不合格,取消评优资格。', en: 'Commendation: excluded by the veto, so it is graded fail.' },
  belowExcellent: {
    zh: '评优:总分 {total} 分,低于优秀线 {excellent} 分,不能评为优秀;{tier}。',
    en: 'Commendation: the total {total} is below the excellence line of {excellent}, so it cannot be excellent; {tier}.',
  },
  tierGood: { zh: '不低于良好线 {good} 分,等次为良好', en: 'it is at least the good line of {good}, so it is graded good' },
  tierPass: {
    zh: '低于良好线 {good} 分、不低于合格线 {pass} 分,等次为合格',
    en: 'it is below the good line of {good} and at least the pass line of {pass}, so it is graded pass',
  },
  tierFail: { zh: '低于合格线 {pass} 分,等次为不合格', en: 'it is below the pass line of {pass}, so it is graded fail' },
  breakerSep: { zh: '、', en: ', ' },
  commendedWithin: {
    zh: '评优:达到优秀线,在本类别优秀候选中(按总分,再按{breakers}小计)排第 {order} 位,名额 {quota} 个,评为优秀并获评先进办公室{overflow}。',
    en:
      'Commendation: above the excellence line and number {order} among the candidates of its category ' +
      '(by total, then by the {breakers} subtotals); the quota is {quota}, so it is excellent and commended{overflow}.',
  },
  overflow: {
    zh: ';与其他单位完全并列,名额超出 {overflow} 个',
    en: '; it is fully tied with others, so the quota is exceeded by {overflow}',
  },
  beyondQuota: {
    zh: '评优:达到优秀线,但在本类别优秀候选中(按总分,再按{breakers}小计)排第 {order} 位,在名额 {quota} 个之外,定为良好。',
    en:
      'Commendation: above the excellence line, but number {order} among the candidates of its category ' +
      '(by total, then by the {breakers} subtotals), beyond the quota of {quota}; graded good.',
  },
} satisfies Record<string, Word>;

export const explainWords = catalog(EXPLAIN);
