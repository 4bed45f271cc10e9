/**
 * The words of the report site, in Chinese (default) and English. Data
 * values (office and category names) are shown as they are; scheme names
 * and what the scheme's rules count (individuals.description,
 * directors.description, diagnostics.columns) come from the scheme; tiers,
 * notes and roles from words/common.ts.
 */
import { catalog, type Word } from './index.ts';

const REPORT = {
  siteTitle: { zh: '办公室工作年度考评', en: 'Yearly appraisal of office work' },
  brandTitle: { zh: '{year}年度办公室工作考评', en: 'Appraisal of office work {year}' },
  reportDate: { zh: '报告日期', en: 'Report date' },
  yearTitle: { zh: '{year} 年度考评报告', en: 'Appraisal report {year}' },
  navOverview: { zh: '总览', en: 'Overview' },
  navIndividuals: { zh: '先进个人', en: 'Advanced individuals' },
  navRecommendations: { zh: '主任待遇建议', en: 'Director recommendations' },
  navSensitivity: { zh: '稳健性分析', en: 'Robustness' },
  navQuality: { zh: '数据质量', en: 'Data quality' },
  navAdjustments: { zh: '复核调整', en: 'Adjustments' },
  navMethod: { zh: '考评办法', en: 'Methodology' },
  printPageBefore: { zh: '第 ', en: 'Page ' },
  printPageAfter: { zh: ' 页', en: '' },
  skip: { zh: '跳到正文', en: 'Skip to content' },
  year: { zh: '年度', en: 'Year' },
  scheme: { zh: '考核细则', en: 'Scheme' },
  schemeId: { zh: '细则编号', en: 'Scheme id' },
  officesTotal: { zh: '全部类别合计', en: 'All categories' },
  rankNo: { zh: '第{rank}名', en: 'rank {rank}' },
  category: { zh: '考核类别', en: 'Category' },
  categories: { zh: '考核类别', en: 'Categories' },
  offices: { zh: '单位数', en: 'Offices' },
  office: { zh: '单位', en: 'Office' },
  officeId: { zh: '单位编码', en: 'Office id' },
  region: { zh: '片区', en: 'Region' },
  rank: { zh: '排名', en: 'Rank' },
  total: { zh: '总分', en: 'Total' },
  tier: { zh: '等次', en: 'Tier' },
  commended: { zh: '先进办公室', en: 'Commended' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  vetoed: { zh: '一票否决', en: 'Vetoed' },
  quota: { zh: '优秀名额', en: 'Quota' },
  eligible: { zh: '达到优秀线', en: 'Above the excellence line' },
  excellent: { zh: '评为优秀', en: 'Excellent' },
  overflow: { zh: '并列超出名额', en: 'Over the quota by a tie' },
  rankingOf: { zh: '{category}排名', en: 'Ranking: {category}' },
  search: { zh: '搜索单位(名称或编码)', en: 'Search offices (name or id)' },
  sortHint: { zh: '点击表头可排序', en: 'Click a column header to sort' },
  noMatch: { zh: '无匹配的单位', en: 'No office matches' },
  searchMore: { zh: '本类别完整排名中的匹配:', en: 'Matches in the full ranking:' },
  searchRank: { zh: '第 {rank} 名', en: 'rank {rank}' },
  allRegions: { zh: '全部片区', en: 'All regions' },
  regionFilter: { zh: '按片区筛选', en: 'Filter by region' },
  dimMax: { zh: '{dimension}(满分 {max})', en: '{dimension} (max {max})' },
  vetoedBar: { zh: '一票否决:不合格,排在本类别最后', en: 'vetoed: fail, ranked last in its category' },
  agreement: { zh: '与结论一致', en: 'Agree' },
  shownTop: {
    zh: '此处列出前 {n} 名;完整排名({all} 个单位)见',
    en: 'The first {n} are listed here; the full ranking ({all} offices) is on',
  },
  categoryPage: { zh: '类别页', en: 'the category page' },
  categoryPagesCount: { zh: '(共 {pages} 页,每页 {size} 个单位)', en: ' ({pages} pages of {size} offices)' },
  prevPage: { zh: '上一页', en: 'Previous page' },
  nextPage: { zh: '下一页', en: 'Next page' },
  pageOf: { zh: '第 {k} 页 / 共 {pages} 页', en: 'page {k} of {pages}' },
  pagesOf: { zh: '{category} 排名分页', en: 'Pages of the ranking: {category}' },
  ranksTitle: { zh: '第 {ranks} 名', en: 'ranks {ranks}' },
  pagedNote: {
    zh:
      '本页列出第 {from}–{to} 名({n} 个单位);本类别共 {all} 个单位,按排名分页,每页 {size} 个。排序和搜索只在本页内进行;' +
      '完整名单见输出目录中的 scores.csv,或用 kaoping query 查询数据库(scores 表)。',
    en:
      'This page lists ranks {from}–{to} ({n} offices) of the {all} offices of the category, in pages of {size} ' +
      'in rank order. Sorting and searching act within this page; the full list is scores.csv in the output folder,' +
      ' or the scores table through kaoping query.',
  },
  officePagesTitle: { zh: '单位页面', en: 'Office pages' },
  officePagesOnDemand: {
    zh: '本年度共 {n} 个单位,超过 {limit} 个,因此报告不逐个生成单位页面,表中的单位名称不带链接。需要某个单位的页面时,运行:',
    en:
      'This year has {n} offices, more than {limit}, so the report writes no page per office and office names in ' +
      'the tables are not links. To get the page of one office, run:',
  },
  officePagesOnDemandMore: {
    zh:
      '该命令用同一数据库生成这个单位的页面(与其他页面同一格式),写入本报告的 office/ 文件夹并输出其路径;--out 为本次运行的输出目录,' +
      '--db 默认为其中的 kaoping.duckdb。逐项失分说明也可用 kaoping explain --office 查看。',
    en:
      "It builds that office's page (the same page as in a smaller report) from the database, writes it into this " +
      "report's office/ folder and prints its path; --out is this run's output folder, and --db defaults to the " +
      'kaoping.duckdb in it. kaoping explain --office gives the same account as text.',
  },
  officeIdArg: { zh: '单位编码', en: 'OFFICE_ID' },
  dbArg: { zh: '数据库文件', en: 'DB_FILE' },
  outArg: { zh: '输出目录', en: 'OUT_DIR' },
  tierChart: { zh: '各类别等次分布', en: 'Tiers by category' },
  tierChartY: { zh: '单位数', en: 'Offices' },
  dimChart: { zh: '{category}:各单位分项得分', en: '{category}: dimension subtotals per office' },
  dimChartTop: { zh: '{category}:前 {n} 名单位分项得分', en: '{category}: dimension subtotals of the first {n} offices' },
  dimension: { zh: '考核维度', en: 'Dimension' },
  points: { zh: '得分', en: 'Points' },
  commendations: { zh: '先进办公室名单', en: 'Commended offices (先进办公室)' },
  noCommended: { zh: '本类别无单位评为优秀。', en: 'No office of this category is excellent.' },
  overflowNote: {
    zh: '{category}:名额 {quota} 个,因总分及{breakers}小计完全并列,实际评为优秀 {excellent} 个(超出 {overflow} 个)。',
    en:
      '{category}: quota {quota}, but offices fully tied on the total and the {breakers} subtotals make {excellent} ' +
      'excellent ({overflow} over the quota).',
  },
  quality: { zh: '数据质量', en: 'Data quality' },
  qualitySummary: {
    zh: '共读取 {files} 个文件 {rows} 行数据,载入 {loaded} 行,拒收 {rejected} 行;提示 {warnings} 条。',
    en: '{files} files with {rows} data rows read: {loaded} loaded, {rejected} rejected; {warnings} warning(s).',
  },
  qualityLink: { zh: '查看数据质量明细与拒收行', en: 'See the data quality details and rejected rows' },
  file: { zh: '文件', en: 'File' },
  table: { zh: '数据表', en: 'Table' },
  encoding: { zh: '编码', en: 'Encoding' },
  rows: { zh: '数据行', en: 'Rows' },
  loaded: { zh: '已载入', en: 'Loaded' },
  rejected: { zh: '拒收', en: 'Rejected' },
  bytes: { zh: '字节', en: 'Bytes' },
  line: { zh: '行号', en: 'Line' },
  column: { zh: '列', en: 'Column' },
  value: { zh: '值', en: 'Value' },
  reason: { zh: '原因', en: 'Reason' },
  check: { zh: '检查', en: 'Check' },
  warnings: { zh: '提示', en: 'Warnings' },
  noWarnings: { zh: '无提示。', en: 'No warnings.' },
  skippedRows: { zh: '跳过的标题行', en: 'Skipped title rows' },
  skippedRowsNote: {
    zh: '表头上方的行(如“2024年发文登记表”)不是数据,读取时跳过。',
    en: "Rows above a file's header (a title such as 2024年发文登记表) are not data and were skipped.",
  },
  text: { zh: '内容', en: 'Text' },
  rejectsTitle: { zh: '拒收行', en: 'Rejected rows' },
  rejectsList: { zh: '拒收明细(逐个单元格)', en: 'Each rejected cell' },
  searchRejects: { zh: '搜索拒收明细(文件、列、值或原因)', en: 'Search rejected cells' },
  noMatchRejects: { zh: '无匹配的拒收记录', en: 'No rejected cell matches' },
  totalsRow: { zh: '合计({files} 个文件)', en: 'Total ({files} files)' },
  rejectedOfficesTitle: { zh: '受影响的单位', en: 'Offices affected' },
  rejectedOfficesIntro: {
    zh: '共拒收 {n} 行。拒收的行不参与计分:以下单位的得分缺少这些行(共 {offices} 个考核单位),请核对后更正数据重新运行。',
    en:
      '{n} rows were rejected. A rejected row is not scored: the scores of the offices below ({offices} appraised) ' +
      'lack these rows; check them, correct the data and run again.',
  },
  rejectedRowsOf: { zh: '拒收行数', en: 'Rows rejected' },
  notAnOffice: { zh: '(不是考核单位)', en: '(not an appraised office)' },
  rejectedNoOffice: {
    zh: '另有 {n} 行无法确定所属单位(如字段数不符的行、培训记录),见下方明细。',
    en: '{n} more rejected row(s) name no office kaoping can tell (a row of the wrong length, a training row): see the list below.',
  },
  // the checks of the input (the rejects' check column)
  check_structure: { zh: '字段数不符', en: 'field count' },
  check_required: { zh: '必填项为空', en: 'required' },
  check_type: { zh: '类型或格式不符', en: 'type or format' },
  check_range: { zh: '超出取值范围', en: 'out of range' },
  check_order: { zh: '日期先后颠倒', en: 'dates out of order' },
  check_unique: { zh: '重复', en: 'duplicate' },
  check_reference: { zh: '对应记录不存在', en: 'no such record' },
  rejectsByCheck: { zh: '拒收原因汇总', en: 'Rejected rows by reason' },
  noRejects: { zh: '全部数据行已载入,没有拒收。', en: 'All rows loaded; nothing rejected.' },
  rejectsCapped: {
    zh: '共 {all} 条拒收记录,此处列出前 {n} 条;完整清单见输出目录中的 rejects.csv。',
    en: '{all} rejected cells in all; the first {n} are listed; the full list is rejects.csv in the output folder.',
  },
  rejectsAll: { zh: '完整清单也在输出目录中的 rejects.csv。', en: 'The same list is rejects.csv in the output folder.' },
  inputFiles: { zh: '输入文件', en: 'Input files' },
  noInputFiles: { zh: '没有输入文件记录。', en: 'No input files recorded.' },
  // office page
  rankOf: { zh: '类别内第 {rank} 名(共 {n} 个单位)', en: 'rank {rank} of {n} in its category' },
  vetoBanner: { zh: '一票否决', en: 'Veto' },
  compareTitle: {
    zh: '总分与本类别中位数、最高分(不含一票否决单位)',
    en: 'Total against the category median and best (offices not vetoed)',
  },
  statsNonVetoed: {
    zh: '类别中位数和类别最高分只统计未被一票否决的单位(被否决单位的总分照常计算,但不作为类别的比较基准)。',
    en:
      "The category median and best count only the offices not vetoed (a vetoed office's total is computed as usual " +
      'but is no benchmark).',
  },
  thisOffice: { zh: '本单位', en: 'This office' },
  catMedian: { zh: '类别中位数', en: 'Category median' },
  catBest: { zh: '类别最高分', en: 'Category best' },
  itemsTitle: { zh: '各项得分与满分', en: 'Points against maximum, item by item' },
  item: { zh: '考核项目', en: 'Item' },
  max: { zh: '满分', en: 'Max' },
  lost: { zh: '失分', en: 'Lost' },
  measured: { zh: '实测值', en: 'Value' },
  target: { zh: '目标/上限', en: 'Target' },
  note: { zh: '备注', en: 'Note' },
  rule: { zh: '评分规则', en: 'Rule' },
  evidenceRows: { zh: '依据', en: 'Evidence' },
  strengths: { zh: '优势', en: 'Strengths' },
  weaknesses: { zh: '不足', en: 'Weaknesses' },
  noStrengths: { zh: '没有明显高于本类别中位数的项目。', en: 'No item clearly above the category median.' },
  noWeaknesses: { zh: '各项均得满分。', en: 'Full points on every item.' },
  strengthLine: { zh: '{item}:{points}/{max} 分,本类别中位数 {median} 分', en: '{item}: {points}/{max}, category median {median}' },
  weaknessLine: {
    zh: '{item}:失 {lost} 分({points}/{max}),本类别中位数 {median} 分',
    en: '{item}: {lost} lost ({points}/{max}), category median {median}',
  },
  evidenceCount: { zh: '{n} 条依据', en: '{n} evidence rows' },
  countOnlyBadge: { zh: '按数量计分,无逐行记录', en: 'scored on the count: no rows to list' },
  countOnlyLine: {
    zh: '实测 {value}{target},得 {points} 分(满分 {max} 分),失 {lost} 分。',
    en: 'Measured {value}{target}: {points} of {max} points, {lost} lost.',
  },
  countOnlyTarget: { zh: ',目标 {target}', en: ' against a target of {target}' },
  trendTitle: { zh: '历年总分', en: 'Total by year' },
  noTrend: { zh: '数据库中没有本单位往年的考评结果。', en: 'The database holds no earlier appraisal of this office.' },
  evidenceTitle: { zh: '失分依据', en: 'Rows that cost points' },
  noEvidence: { zh: '没有失分记录。', en: 'No rows cost points.' },
  source: { zh: '来源', en: 'Source' },
  rowId: { zh: '编号', en: 'Id' },
  detail: { zh: '说明', en: 'Detail' },
  evidenceCapped: {
    zh: '共 {all} 条,此处列出前 {n} 条;全部记录见数据库 evidence 表或 kaoping explain --office。',
    en: '{all} rows; the first {n} are listed; all are in the evidence table of the database and in kaoping explain --office.',
  },
  diagnosticsTitle: { zh: '队伍情况(不计分)', en: 'Staff diagnostics (not scored)' },
  noDiagnostics: { zh: '没有队伍情况数据。', en: 'No diagnostics.' },
  ageStructure: { zh: '年龄结构(在岗人员,截至年底)', en: 'Age structure (active staff at year end)' },
  ageBand: { zh: '年龄段', en: 'Age' },
  persons: { zh: '人数', en: 'Persons' },
  roles: { zh: '岗位', en: 'Role' },
  peopleOfOffice: { zh: '本单位先进个人与待遇建议', en: 'Individuals and recommendations of this office' },
  backToOverview: { zh: '返回总览', en: 'Back to the overview' },
  // people pages
  individualsTitle: { zh: '{year} 年度先进个人', en: 'Advanced individuals {year}' },
  // {criteria}: what the points are for, in the scheme's words (individuals.description)
  individualsIntro: {
    zh: '{criteria},取前 {top} 名(与第 {top} 名并列者一并列入);所在单位被一票否决的人员不参评。',
    en: '{criteria}; the first {top} are listed (with everyone tied with number {top}); persons of vetoed offices are not candidates.',
  },
  individualsIntroBare: {
    zh: '取前 {top} 名(与第 {top} 名并列者一并列入);所在单位被一票否决的人员不参评。',
    en: 'The first {top} are listed (with everyone tied with number {top}); persons of vetoed offices are not candidates.',
  },
  noIndividuals: { zh: '本年度没有先进个人。', en: 'No advanced individuals this year.' },
  person: { zh: '姓名', en: 'Name' },
  personId: { zh: '人员编码', en: 'Person id' },
  recommendationsTitle: { zh: '{year} 年度主任待遇建议', en: 'Director recommendations {year}' },
  noRecommendations: { zh: '本年度没有符合条件的人员。', en: 'Nobody qualifies this year.' },
  age: { zh: '年龄', en: 'Age' },
  directorYears: { zh: '任主任年限', en: 'Years as director' },
  recommendation: { zh: '建议', en: 'Recommendation' },
  // methodology
  methodTitle: { zh: '考评办法', en: 'Methodology' },
  schemeSha: { zh: 'SHA-256', en: 'SHA-256' },
  schemeTotal: { zh: '满分', en: 'Total points' },
  dimensionsAndItems: { zh: '考核维度、考核项目与评分规则', en: 'Dimensions, items and rules' },
  itemId: { zh: '编号', en: 'Id' },
  vetoesTitle: { zh: '一票否决事项', en: 'Vetoes' },
  noVetoes: { zh: '本细则没有一票否决事项。', en: 'This scheme has no veto.' },
  tiersTitle: { zh: '等次与评优', en: 'Tiers and commendation' },
  roundingText: {
    zh: '各项得分不取整计算,显示保留两位小数;总分为各项未取整得分之和再保留两位小数,排名和等次按总分确定。',
    en:
      'Item points are computed unrounded and shown with 2 decimals; the total is the sum of unrounded items rounded ' +
      'to 2 decimals, and ranks and tiers use it.',
  },
  individualsRule: { zh: '先进个人:前 {top} 名。{directors}', en: 'Advanced individuals: the first {top}. {directors}' },
  directorsRule: { zh: '主任待遇:{name}。', en: 'Directors: {name}.' },
  otherLanguage: { zh: 'English', en: '中文' },
  generatedBy: { zh: '由 kaoping 生成', en: 'Generated by kaoping' },
  // weight sensitivity (kaoping sensitivity)
  sensTitle: { zh: '{year} 年度稳健性分析', en: 'Robustness {year}' },
  sensIntro: {
    zh:
      '考核细则的分值(权重)是人为确定的。为检验排名和评优结论在多大程度上取决于这些分值,每次抽样将各考核项目的满分在 ' +
      '±{spread} 内独立浮动,再按比例折算回总分 {total} 分;各单位保持各考核项目的得分率,据此重新计算总分、排名、等次和评优。' +
      '共抽样 {draws} 次(随机种子 {seed})。',
    en:
      "The points of the scheme's items (its weights) were set by hand. To see how much the ranks and commendations " +
      "depend on them, each draw varies every item's maximum independently within ±{spread} and rescales the maxima " +
      'to the total of {total}; every office keeps its achieved share of each item, and totals, ranks, tiers and ' +
      'commendations are computed again. {draws} draws (seed {seed}).',
  },
  sensVerdicts: {
    zh:
      '评优结论(获评或未获评先进办公室):至少 {stable}% 的抽样与实际结论一致为"稳定",{fragile}%–{stable}% 为"脆弱",' +
      '不足 {fragile}% 为"有争议"。名次区间为各次抽样名次的第 5 至第 95 百分位。',
    en:
      'A commendation decision (commended or not) is stable when at least {stable}% of the draws agree with it,' +
      ' fragile at {fragile}–{stable}%, and contested below {fragile}%. The rank interval runs from the 5th to ' +
      'the 95th percentile of the ranks over the draws.',
  },
  sensCounts: {
    zh: '获评先进 {commended} 个,未获评 {not} 个;评优结论稳定 {stable} 个,脆弱 {fragile} 个,有争议 {contested} 个。',
    en: '{commended} commended, {not} not; {stable} decisions stable, {fragile} fragile, {contested} contested.',
  },
  sensDraws: { zh: '抽样次数', en: 'Draws' },
  sensSpread: { zh: '考核项目分值浮动', en: 'Item weights vary within' },
  sensSeed: { zh: '随机种子', en: 'Seed' },
  sensRun: { zh: '分析所依据的考评结果(运行编号,见数据库 runs 表)', en: 'Results analysed (run number in the runs table)' },
  sensLink: { zh: '权重浮动下评优结论的稳健性见', en: 'How the commendations hold when the weights vary:' },
  sensMore: { zh: '…… 另有 {n} 个,见', en: '... and {n} more, see' },
  sensFlaggedOther: { zh: '未获评但结论不稳:', en: 'Not commended, decision not stable:' },
  sensShown: {
    zh:
      '本类别共 {all} 个单位,此处列出 {n} 个:前 {head} 名、评优分界附近的单位和全部结论脆弱或有争议的单位;全部结果见 ' +
      'sensitivity.csv 和数据库视图 v_sensitivity。',
    en:
      'Of the {all} offices of this category, {n} are listed: the first {head}, those around the commendation boundary,' +
      ' and every fragile or contested decision; all are in sensitivity.csv and the database view v_sensitivity.',
  },
  intervalChart: { zh: '{category}:权重浮动下的名次区间', en: '{category}: ranks when the weights vary' },
  intervalChartPart: {
    zh: '{category}:权重浮动下的名次区间(第 {from}–{to} 名)',
    en: '{category}: ranks when the weights vary (ranks {from}–{to})',
  },
  intervalChartSub: {
    zh: '线段:第 5–95 百分位名次;圆点:中位名次;竖线:实际名次;⚠ 结论不稳(与结论一致的抽样比例);虚线:评优分界',
    en:
      'Line: 5th–95th percentile rank; dot: median rank; tick: actual rank; ⚠ decision not stable (share of draws agreeing' +
      ' with it); dashed: the commendation boundary',
  },
  changeChart: { zh: '{category}:去掉一个考核维度后的名次变化', en: '{category}: rank change with one dimension removed' },
  changeChartPart: {
    zh: '{category}:去掉一个考核维度后的名次变化(第 {from}–{to} 名)',
    en: '{category}: rank change with one dimension removed (ranks {from}–{to})',
  },
  rankChange: { zh: '名次变化(正数为后退)', en: 'Rank change (+ falls back)' },
  baseRank: { zh: '实际名次', en: 'Rank' },
  medianRank: { zh: '名次中位数', en: 'Median rank' },
  rankInterval: { zh: '名次区间(P5–P95)', en: 'Rank interval (P5–P95)' },
  pExcellent: { zh: '评为优秀概率', en: 'P(excellent)' },
  pCommended: { zh: '获评先进概率', en: 'P(commended)' },
  verdict: { zh: '评优结论', en: 'Decision' },
  notCommended: { zh: '未获评', en: 'Not commended' },
  stable: { zh: '稳定', en: 'stable' },
  fragile: { zh: '脆弱', en: 'fragile' },
  contested: { zh: '有争议', en: 'contested' },
  badgeText: { zh: '⚠ {verdict} · 结论一致 {agree}', en: '⚠ {verdict} · {agree} agree' },
  badgeTitle: {
    zh: '权重浮动下:{draws} 次抽样中获评先进的比例 {p},与实际结论一致的比例 {agree}',
    en: 'With the weights varied: commended in {p} of {draws} draws; {agree} agree with the decision',
  },
  oatTitle: { zh: '逐一去掉考核维度', en: 'One dimension removed at a time' },
  oatIntro: {
    zh:
      '依次去掉一个考核维度(其各考核项目分值为 0,其余考核项目按比例折算回满分)后重新排名。正数为名次后退,负数为名次前进;' +
      '变化最大的考核维度就是决定该单位位置的维度。',
    en:
      "Each dimension is removed in turn (its items' maxima set to 0, the other items rescaled to the total) and " +
      'the offices ranked again. A positive change means the office falls back, a negative one that it moves up;' +
      " the dimension with the largest change is the one that decides the office's place.",
  },
  oatNone: { zh: '本细则只有一个考核维度,不做逐项分析。', en: 'The scheme has a single dimension: nothing to remove.' },
  decisive: { zh: '影响最大的考核维度', en: 'Decisive dimension' },
  rankWithout: { zh: '去掉后名次', en: 'Rank without it' },
  withoutRank: { zh: '去掉后第 {rank} 名', en: 'rank {rank} without it' },
  officeSensTitle: { zh: '稳健性(权重浮动)', en: 'Robustness to the weights' },
  officeSensLine: {
    zh:
      '实际排名第 {rank} 名。考核项目分值在 ±{spread} 内浮动、抽样 {draws} 次:名次中位数为第 {median} 名,90% 的抽样名次落在{span};' +
      '评为优秀概率 {pe},获评先进概率 {pc}。',
    en:
      'Rank {rank}. With item weights varied within ±{spread} over {draws} draws: median rank {median}, and 90% ' +
      'of the draws give {span}; P(excellent) {pe}, P(commended) {pc}.',
  },
  rankSpan: { zh: '第 {a}–{b} 名', en: 'ranks {a}–{b}' },
  rankOne: { zh: '第 {a} 名', en: 'rank {a}' },
  officeDecisive: {
    zh: '影响最大的考核维度:{dimension}(去掉后第 {without} 名,{move})。',
    en: 'The dimension that moves it most: {dimension} (rank {without} without it: {move}).',
  },
  officeNoDecisive: { zh: '去掉任何一个考核维度,名次都不变。', en: 'Removing any one dimension leaves the rank as it is.' },
  fallsBack: { zh: '后退 {n} 名', en: 'falls back {n}' },
  movesUp: { zh: '前进 {n} 名', en: 'moves up {n}' },
  sensPageLink: { zh: '全部单位的稳健性分析', en: 'Robustness of all offices' },
  // adjustments (复核调整): the page, the office pages, the methodology
  adjustmentsTitle: { zh: '{year} 年度复核调整', en: 'Adjustments {year}' },
  adjustmentsIntro: {
    zh: '考评组在公示、申诉和复核后作出的调整决定。本年度考评执行复核调整 {n} 项:剔除记录 {exclude} 项,加减分 {points} 项;各页所示分数均为调整后的分数。',
    en:
      "The decisions the appraisal team took after publication (公示), appeals and review. This year's appraisal applied " +
      '{n} adjustment(s) (exclusions of rows: {exclude}; points adjustments: {points}); the points on every page are the adjusted ones.',
  },
  adjustmentsCsv: { zh: '同一清单也在输出目录中的 adjustments.csv。', en: 'The same list is adjustments.csv in the output folder.' },
  adjustmentsRejected: {
    zh: '另有 {n} 行复核调整不符合要求被拒收,未执行,原因见',
    en: 'Adjustment rows rejected, so not applied: {n}; the reasons are on the ',
  },
  adjustmentsRule: {
    zh:
      '剔除记录:被剔除的记录在本年度考评中按未载入处理,不计入任何考核项目、一票否决、先进个人和基数(剔除上一年度的发文,' +
      '会降低据此确定的本年度发文上限);记录仍保留在数据库中,并标明所依据的调整。加减分:在各项得分算出(已剔除记录)之后执行,' +
      '调整后得分为原得分加上该项各调整分值之和,但不低于 0、不超过该项满分;各项得分不取整,小计、总分、等次、排名、' +
      '优秀名额和评优均按调整后的得分确定。',
    en:
      'Exclusion: an excluded row counts as not loaded in this appraisal, for every item, the veto, advanced individuals and ' +
      'every baseline (a document of the year before, excluded, lowers the cap it sets); the row stays in the database, ' +
      "marked with its adjustment. Points: after the items are computed (with the exclusions), an item's points become " +
      "its points plus the sum of its adjustments, never below 0 nor above the item's maximum; items stay unrounded, and " +
      'subtotals, the total, tiers, ranks, the quota and commendations follow from the adjusted items.',
  },
  noAdjustments: { zh: '本年度没有复核调整。', en: 'No adjustments this year.' },
  adjustmentId: { zh: '调整编号', en: 'Adjustment' },
  action: { zh: '调整方式', en: 'Action' },
  actionExclude: { zh: '剔除记录', en: 'exclusion' },
  actionPoints: { zh: '加减分', en: 'points' },
  adjTarget: { zh: '考核项目 / 记录', en: 'Item / row' },
  adjPoints: { zh: '调整分值', en: 'Points' },
  effect: { zh: '效果', en: 'Effect' },
  adjReason: { zh: '调整理由', en: 'Reason' },
  decidedBy: { zh: '决定人', en: 'Decided by' },
  decidedOn: { zh: '决定日期', en: 'Decided on' },
  effectPoints: { zh: '该项得分 {before} → {after}', en: 'item points {before} → {after}' },
  officeAdjTitle: { zh: '复核调整', en: 'Adjustments' },
  officeAdjIntro: {
    zh: '本单位本年度的考评结果经过复核调整 {n} 项;本页所示分数均为调整后的分数。',
    en: "This office's appraisal of the year was adjusted by {n} decision(s); the points on this page are the adjusted ones.",
  },
  itemAdjusted: { zh: '{action} {points} 分,{before} → {after}', en: '{action} {points}: {before} → {after}' },
  itemAdjustedBy: { zh: '理由:{reason} · 决定人:{by} · {on}', en: 'Reason: {reason} · decided by {by} on {on}' },
  excludedTitle: { zh: '剔除的记录', en: 'Excluded rows' },
  excludedNote: {
    zh: '以下记录经复核调整剔除:本年度考评按未载入处理,不计入任何考核项目、一票否决、先进个人和基数。',
    en:
      'These rows were excluded by an adjustment: this appraisal counts them as not loaded, for every item, the veto, ' +
      'advanced individuals and baselines.',
  },
  excludedBadge: { zh: '剔除', en: 'excluded' },
  adjustedBadge: { zh: '复核调整', en: 'adjusted' },
  excludedCount: { zh: '{n} 条', en: '{n} row(s)' },
  methodAdjTitle: { zh: '复核调整', en: 'Adjustments' },
  methodAdjText: {
    zh: '本年度考评执行复核调整 {n} 项:剔除记录 {exclude} 项,加减分 {points} 项,逐项见',
    en: "This year's appraisal applied {n} adjustment(s) (exclusions of rows: {exclude}; points adjustments: {points}), listed on ",
  },
  sourceTable: { zh: '{alias}表', en: '{source}' },
  adjustmentsPage: { zh: '复核调整页', en: 'the adjustments page' },
  qualityPage: { zh: '数据质量页', en: 'data quality page' },
} satisfies Record<string, Word>;

export type WordKey = keyof typeof REPORT;

/** The word for `key` in `lang`, with `{name}` placeholders filled in (values are plain text; the page escapes them). */
export const t = catalog(REPORT);

/** Is `key` a word of the site (a key built at run time: check_<kind>)? */
export function isWordKey(key: string): key is WordKey {
  return Object.hasOwn(REPORT, key);
}
