/**
 * The words of the documents: the Word documents (公示名单, 表彰通报,
 * 考核反馈单) and the workbook results.xlsx (its sheets, columns and page
 * footer), Chinese and English. Data values (office, category and person
 * names) go in as they are; `{name}` placeholders are filled by `w()`.
 */
import { catalog, type Word } from './index.ts';

const DOCUMENTS = {
  // publicity
  pubTitle: {
    zh: '{title}拟表彰先进办公室和先进个人名单公示',
    en: '{title}: proposed commended offices and advanced individuals (public notice)',
  },
  pubIntro: {
    zh: '根据{title}结果,经考评组研究,拟对以下{offices}个先进办公室和{persons}名先进个人予以表彰。为广泛听取意见,现予公示。',
    en: 'On the results of the {title}, the appraisal team proposes to commend the following {offices} offices and {persons} individuals. They are published here for comment.',
  },
  pubOfficesHeading: { zh: '一、先进办公室({n}个)', en: '1. Commended offices ({n})' },
  pubPersonsHeading: { zh: '二、先进个人({n}名)', en: '2. Advanced individuals ({n})' },
  categoryHeading: { zh: '({k}){category}({n}个)', en: '({k}) {category} ({n})' },
  pubPeriod: {
    zh: '公示时间为{days}个工作日,自公示之日起计算。公示期间,如对公示对象有异议,请以书面、电话等方式向考评组反映。反映情况应实事求是,以单位名义反映的须加盖公章,以个人名义反映的须署真实姓名。',
    en: 'The publication runs for {days} working days from the date below. Anyone who objects to a listed office or person may say so in writing or by telephone to the appraisal team during that time; objections must be factual, signed by name or, for an office, sealed.',
  },
  pubContact: { zh: '联系人及电话:{contact}', en: 'Contact: {contact}' },
  contactPlaceholder: { zh: '(联系人及电话)', en: '(contact and telephone)' },
  noOffices: { zh: '无。', en: 'None.' },
  seq: { zh: '序号', en: 'No.' },
  officeName: { zh: '单位名称', en: 'Office' },
  total: { zh: '总分', en: 'Total' },
  rankInCategory: { zh: '类别内排名', en: 'Rank' },
  personName: { zh: '姓名', en: 'Name' },
  personOffice: { zh: '所在单位', en: 'Office' },
  points: { zh: '得分', en: 'Points' },
  // notice
  orgSuffix: { zh: '文件', en: '' },
  docNumber: { zh: 'X办发〔{year}〕  号', en: 'Doc. No. X-[{year}]-__' },
  noticeTitle: {
    zh: '关于表彰{year}年度先进办公室和先进个人的通报',
    en: 'Notice on commending the advanced offices and individuals of {year}',
  },
  noticeTo: { zh: '各有关单位:', en: 'To all offices concerned:' },
  noticeBody1: {
    zh: '{year}年,全县(市)各级办公室紧紧围绕中心工作,在以文辅政、会议服务、信息报送、督查督办和队伍建设等方面认真履职,涌现出一批工作突出的先进办公室和先进个人。为表彰先进、树立典型,根据{title}结果,经研究,决定对{offices}个先进办公室和{persons}名先进个人予以通报表彰。',
    en: 'In {year} the offices served the central work well: in drafting, meeting services, information, supervision and their teams. To commend the best and set examples, on the results of the {title}, it has been decided to commend {offices} offices and {persons} individuals.',
  },
  noticeBody2: {
    zh: '希望受到表彰的单位和个人珍惜荣誉、戒骄戒躁,再接再厉、再创佳绩。各级办公室要以先进为榜样,进一步提高办文、办会、办事水平,推动办公室工作再上新台阶。',
    en: 'The commended offices and individuals are asked to keep up their work; every office is asked to learn from them and raise the standard of its documents, meetings and services.',
  },
  noticeOfficesHeading: { zh: '一、先进办公室({n}个)', en: '1. Advanced offices ({n})' },
  noticePersonsHeading: { zh: '二、先进个人({n}名)', en: '2. Advanced individuals ({n})' },
  personWithOffice: { zh: '{name}({office})', en: '{name} ({office})' },
  // feedback
  fbTitle: { zh: '{year}年度办公室工作考评反馈单', en: 'Appraisal feedback {year}' },
  fbOffice: { zh: '单位', en: 'Office' },
  fbOfficeId: { zh: '单位编码', en: 'Office id' },
  fbCategory: { zh: '考核类别', en: 'Category' },
  fbYear: { zh: '考评年度', en: 'Year' },
  fbTotal: { zh: '总分', en: 'Total' },
  fbRank: { zh: '类别内排名', en: 'Rank in category' },
  fbRankValue: { zh: '第 {rank} 名(共 {n} 个单位)', en: '{rank} of {n}' },
  fbTier: { zh: '等次', en: 'Tier' },
  fbCommended: { zh: '先进办公室', en: 'Commended office' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  fbVetoHeading: { zh: '一票否决', en: 'Veto' },
  fbVetoLine: { zh: '{veto}:{file} 第 {line} 行,编号 {id}({detail})。', en: '{veto}: {file} line {line}, id {id} ({detail}).' },
  organPlaceholder: { zh: '(发文机关)', en: '(issuing organ)' },
  fbItemsHeading: { zh: '一、各项得分', en: '1. Points item by item' },
  fbItem: { zh: '考核内容', en: 'Item' },
  fbValue: { zh: '实测值', en: 'Value' },
  fbTarget: { zh: '目标', en: 'Target' },
  fbPoints: { zh: '得分', en: 'Points' },
  fbMax: { zh: '满分', en: 'Max' },
  fbLost: { zh: '失分', en: 'Lost' },
  fbNote: { zh: '备注', en: 'Note' },
  fbSum: { zh: '合计', en: 'Total' },
  fbLostHeading: { zh: '二、失分说明', en: '2. Points lost, and why' },
  fbNoLost: { zh: '各项均得满分,没有失分。', en: 'Full points on every item: nothing lost.' },
  fbLostItem: { zh: '{k}. {item}:失 {lost} 分(得 {points} 分,满分 {max} 分)。', en: '{k}. {item}: {lost} lost ({points} of {max}).' },
  fbRule: { zh: '评分规则:{rule}', en: 'Rule: {rule}' },
  fbEvidence: { zh: '失分依据({n} 条):', en: 'Rows that cost the points ({n}):' },
  fbNoEvidence: { zh: '本项失分由统计值计算得出,没有逐条记录。', en: 'The loss comes from a measured total; no single rows are listed.' },
  fbEvidenceCapped: {
    zh: '共 {all} 条,此处列出前 {n} 条;全部记录见数据库 evidence 表或 kaoping explain --office。',
    en: '{all} rows; the first {n} are listed; all are in the evidence table of the database and in kaoping explain --office.',
  },
  fbAdjHeading: { zh: '三、复核调整', en: '3. Adjustments' },
  fbAdjIntro: {
    zh: '考评组经复核,对本单位本年度的考评作出以下调整;本反馈单所列分数均为调整后的分数。',
    en: "On review, the appraisal team adjusted this office's appraisal as follows; the points in this sheet are the adjusted ones.",
  },
  fbAdjPoints: {
    zh: '{k}. {id} 加减分:{item} {points} 分(调整前 {before} 分,调整后 {after} 分)。',
    en: '{k}. {id}, points: {item} {points} ({before} before, {after} after).',
  },
  fbAdjExclude: {
    zh: '{k}. {id} 剔除记录:{file} 第 {line} 行,记录编号 {row};该记录在本年度考评中按未载入处理。',
    en: '{k}. {id}, exclusion: {file} line {line}, record id {row}; this appraisal counts the row as not loaded.',
  },
  fbAdjWhy: { zh: '调整理由:{reason};决定人:{by};决定日期:{on}。', en: 'Reason: {reason}; decided by {by} on {on}.' },
  fbAdjusted: { zh: '复核调整', en: 'adjusted' },
  file: { zh: '文件', en: 'File' },
  line: { zh: '行号', en: 'Line' },
  rowId: { zh: '记录编号', en: 'Record id' },
  detail: { zh: '说明', en: 'Detail' },
  fbAppeal: {
    zh: '如对考评结果有异议,请于收到本反馈单之日起{days}个工作日内,以书面形式向考评组提出,并附相关材料。',
    en: 'An office that disputes its result may appeal in writing to the appraisal team within {days} working days of receiving this sheet, with its evidence.',
  },
  // workbook (results.xlsx): sheet names, the columns the report's words do not have, the page footer
  sheetSummary: { zh: '考评结果汇总表', en: 'Summary' },
  sheetIndividuals: { zh: '先进个人', en: 'Advanced individuals' },
  sheetRecommendations: { zh: '主任待遇建议', en: 'Director recommendations' },
  sheetEvidence: { zh: '失分依据', en: 'Evidence' },
  sheetAdjustments: { zh: '复核调整', en: 'Adjustments' },
  sheetRejects: { zh: '拒收行', en: 'Rejected rows' },
  subtotal: { zh: '小计', en: 'Subtotal' },
  sheetFooter: { zh: '第 &P 页 共 &N 页', en: 'Page &P of &N' },
  action: { zh: '调整方式', en: 'Action' },
  adjPoints: { zh: '调整分值', en: 'Points' },
  adjReason: { zh: '调整理由', en: 'Reason' },
  decidedBy: { zh: '决定人', en: 'Decided by' },
  decidedOn: { zh: '决定日期', en: 'Decided on' },
  adjustmentId: { zh: '调整编号', en: 'Adjustment id' },
  pointsBefore: { zh: '调整前得分', en: 'Points before' },
  pointsAfter: { zh: '调整后得分', en: 'Points after' },
  noAdjustments: { zh: '本年度没有复核调整。', en: 'No adjustments this year.' },
  maxPoints: { zh: '({max}分)', en: '({max})' },
} satisfies Record<string, Word>;

export type DocWord = keyof typeof DOCUMENTS;

export const w = catalog(DOCUMENTS);
