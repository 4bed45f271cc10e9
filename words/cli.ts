/**
 * The command line's words: `--help` of the program and of every command
 * (commander's headings and annotations too), commander's usage errors, the
 * command line's own errors, the terminal progress line and what each
 * command prints when it is done. Chinese by default, English with --lang en
 * (or KAOPING_LANG=en); cli/ reads them through `cli(lang, key, vars)`.
 */
import { catalog, fill, type Lang, type Vars, type Word } from './index.ts';

const CLI = {
  // ---- help: the program, its commands and their options
  'help.program': {
    zh: '考评:办公室工作年度考评,载入、检查、计分、排名,生成考评报告',
    en: '考评 — yearly appraisal of offices: load, check, score, rank, report',
  },
  'help.run': {
    zh: '开展考评:载入、检查、计分、排名,写出结果、文书和考评报告',
    en: 'run the appraisal: load, check, score, rank, write outputs and the report',
  },
  'help.validate': {
    zh: '只检查导出数据,不计分;拒收明细写入 输出文件夹/rejects.csv',
    en: 'check the exports without scoring; writes OUT/rejects.csv',
  },
  'help.generate': {
    zh: '生成任意规模的模拟导出数据(随机种子相同,文件逐字节相同)',
    en: 'write deterministic synthetic exports of any size (same seed, same bytes)',
  },
  'help.explain': {
    zh: '说明一个单位每一分的来历,直到扣分的具体记录',
    en: 'why an office got each point, down to the rows that cost it points',
  },
  'help.report': {
    zh: '按需生成一个单位的报告页面和考核反馈单(单位数超过单位页面上限时,报告中不逐一生成单位页面)',
    en: "write one office's report page on demand (a report of more offices than the office-page limit has none)",
  },
  'help.sensitivity': {
    zh: '权重浮动时名次和评优结果如何变化(蒙特卡罗抽样);写出 sensitivity.csv',
    en: 'how ranks and commendations move when the weights vary (Monte Carlo); writes OUT/sensitivity.csv',
  },
  'help.query': {
    zh: '在数据库上执行只读 SQL(在终端上不给 SQL 时进入交互提示;不是终端时从标准输入读取 SQL)',
    en: 'read-only SQL on the database (no SQL on a terminal: an interactive prompt; not a terminal: SQL from stdin)',
  },
  'help.verify': {
    zh: '核对输出文件夹中的结果是否仍与其输入数据一致(manifest.json):一致退出码为 0,否则为 2',
    en: 'check that the outputs in OUT still belong to their inputs (manifest.json): exit 0 yes, 2 no',
  },
  'help.compare': {
    zh: '比较两次运行的结果(公示时的运行与复核调整后的运行,或两套考核细则):单位、考核项目、复核调整',
    en: 'what changed between two runs (the published run and the run after appeals, or two schemes): offices, items, adjustments',
  },

  // the placeholders in the options' flags
  'ph.dir': { zh: '<文件夹>', en: '<dir>' },
  'ph.file': { zh: '<文件>', en: '<file>' },
  'ph.year': { zh: '<年度>', en: '<year>' },
  'ph.years': { zh: '<起..止>', en: '<y1..y2>' },
  'ph.lang': { zh: '<语言>', en: '<lang>' },
  'ph.n': { zh: '<数>', en: '<n>' },
  'ph.spread': { zh: '<幅度>', en: '<s>' },
  'ph.office': { zh: '<单位编码>', en: '<id>' },
  'ph.format': { zh: '<格式>', en: '<format>' },
  'ph.sql': { zh: '[SQL]', en: '[sql]' },

  'opt.debug': { zh: '出错时打印调用栈', en: 'print stack traces on errors' },
  'opt.version': { zh: '显示版本号', en: 'output the version number' },
  'opt.help': { zh: '显示帮助', en: 'display help for command' },
  'opt.helpCommand': { zh: '显示某个命令的帮助', en: 'display help for command' },
  'opt.lang': {
    zh: '提示、报告和文书的语言:zh 中文,en 英文;也可用环境变量 KAOPING_LANG 设定,命令行优先',
    en: 'language of messages, reports and documents (or the environment variable KAOPING_LANG; the option wins)',
  },
  'opt.data': {
    zh: '数据文件夹,内有各表的 CSV 或 xlsx 导出文件(默认:内置示例数据)',
    en: 'folder with the CSV exports (default: the bundled sample)',
  },
  'opt.year.data': {
    zh: '考评年度(默认:数据中最近的、带日期的记录至少占 10% 的年度)',
    en: 'appraisal year (default: the latest year holding at least 10% of the dated rows)',
  },
  'opt.year.db': {
    zh: '考评年度(默认:数据库中最近计分的年度)',
    en: 'appraisal year (default: the latest scored year)',
  },
  'opt.years.run': {
    zh: '依次考评这几个年度(如 2023..2024),存入同一数据库,报告显示历年趋势;输出文件夹中是最后一个年度的结果',
    en: 'appraise each of these years in turn (e.g. 2023..2024) into one database, so the report shows the trend; OUT holds the last year',
  },
  'opt.scheme': { zh: '考核细则 YAML 文件(默认:metrics/default.yaml)', en: 'scheme YAML (default: metrics/default.yaml)' },
  'opt.out': { zh: '输出文件夹', en: 'output folder' },
  'opt.db.run': {
    zh: 'DuckDB 数据库文件(默认:输出文件夹/kaoping.duckdb)',
    en: 'DuckDB database file (default: OUT/kaoping.duckdb)',
  },
  'opt.strict': { zh: '有任何一行被拒收就停止,不计分', en: 'fail when any row is rejected' },
  'opt.allowLinks': { zh: '接受符号链接形式的输入文件', en: 'accept input files that are symbolic links' },
  'opt.quiet': { zh: '不显示进度', en: 'no progress messages' },
  'opt.offices': { zh: '单位数', en: 'number of offices' },
  'opt.years.generate': { zh: '起止年度', en: 'first and last year' },
  'opt.seed': { zh: '随机种子', en: 'random seed' },
  'opt.out.generate': { zh: '写入 CSV 文件的文件夹', en: 'folder to write the CSV files into' },
  'opt.bad': {
    zh: '加入故意写错的行(每个县一组),用来演示拒收',
    en: 'inject the deliberately bad rows (one set per county)',
  },
  'opt.office.explain': { zh: '单位编码或单位名称', en: 'office id (单位编码) or name' },
  'opt.db': { zh: '一次运行的数据库文件', en: 'database of a run' },
  'opt.out.report': {
    zh: '该次运行的输出文件夹:页面写入 输出文件夹/report/office/',
    en: 'output folder of the run: the page goes into OUT/report/office/',
  },
  'opt.db.report': {
    zh: '该次运行的数据库文件(默认:输出文件夹/kaoping.duckdb)',
    en: 'database of the run (default: OUT/kaoping.duckdb)',
  },
  'opt.out.sensitivity': { zh: '输出文件夹(默认:数据库所在的文件夹)', en: "output folder (default: the database's folder)" },
  'opt.draws': { zh: '权重抽样次数', en: 'number of weight draws' },
  'opt.spread': {
    zh: '每个考核项目的分值在 ±幅度 内浮动(0.2 即 ±20%)',
    en: "each item's maximum varies within ±spread (0.2 = ±20%)",
  },
  'arg.sql': {
    zh: '要执行的 SQL;可写多条语句,输出最后一条的结果',
    en: "SQL to run; several statements allowed, the last one's rows are printed",
  },
  'opt.sqlFile': { zh: '从文件读取 SQL', en: 'read the SQL from a file' },
  'opt.format': { zh: '输出格式', en: 'output format' },
  'opt.limit': { zh: '表格格式最多显示的行数', en: 'table format: rows shown at most' },
  'opt.allowExternal': {
    zh: '允许 SQL 读写数据库以外的文件',
    en: 'allow the SQL to read or write files outside the database',
  },
  'opt.out.verify': { zh: '一次运行的输出文件夹', en: 'output folder of a run' },
  'opt.data.verify': {
    zh: '数据文件夹(默认:manifest.json 中记录的文件夹)',
    en: 'data folder (default: the one recorded in the manifest)',
  },
  'opt.before': { zh: '较早一次运行的输出文件夹', en: 'output folder of the earlier run' },
  'opt.after': { zh: '较晚一次运行的输出文件夹', en: 'output folder of the later run' },
  'opt.out.compare': {
    zh: '写入 compare.csv 的文件夹(默认:只显示摘要)',
    en: 'folder to write compare.csv into (default: print the summary only)',
  },

  // commander's headings and annotations
  'help.Usage:': { zh: '用法:', en: 'Usage:' },
  'help.Options:': { zh: '选项:', en: 'Options:' },
  'help.Global Options:': { zh: '全局选项:', en: 'Global Options:' },
  'help.Commands:': { zh: '命令:', en: 'Commands:' },
  'help.Arguments:': { zh: '参数:', en: 'Arguments:' },
  'help.[options]': { zh: '[选项]', en: '[options]' },
  'help.[command]': { zh: '[命令]', en: '[command]' },
  'help.choices': { zh: '可选 {values}', en: 'choices: {values}' },
  'help.default': { zh: '默认 {value}', en: 'default: {value}' },
  'help.annotations': { zh: '({items})', en: '({items})' },
  'help.annotationSep': { zh: ';', en: ', ' },
  'help.valueSep': { zh: '、', en: ', ' },

  // ---- commander's usage errors, one sentence each (exit 2)
  'usage.unknownOption': {
    zh: '{option} 不是 {command} 的选项{suggestion};可用的选项见 {command} --help。',
    en: '{option} is not an option of {command}{suggestion}; {command} --help lists its options.',
  },
  'usage.unknownCommand': {
    zh: '{name} 不是 kaoping 的命令{suggestion};可用的命令见 kaoping --help。',
    en: '{name} is not a kaoping command{suggestion}; kaoping --help lists the commands.',
  },
  'usage.suggestion': { zh: '(是否想输入 {name}?)', en: ' (did you mean {name}?)' },
  'usage.missingOption': {
    zh: '缺少必需的选项 {option};用法见 {command} --help。',
    en: 'The option {option} is required; {command} --help shows how.',
  },
  'usage.optionValueMissing': {
    zh: '选项 {option} 后面缺少它的值。',
    en: 'The option {option} needs a value after it.',
  },
  'usage.missingArgument': {
    zh: '缺少必需的参数 {name};用法见 {command} --help。',
    en: 'The argument {name} is required; {command} --help shows how.',
  },
  'usage.excessArguments': {
    zh: '多余的参数 {args}:{command} 最多接受 {expected} 个参数(选项以 -- 开头,含空格的值要加引号)。',
    en: 'Unexpected argument {args}: {command} takes at most {expected} (options start with --, a value with spaces needs quotes).',
  },
  'usage.noArguments': {
    zh: '多余的参数 {args}:{command} 不接受参数(选项以 -- 开头,含空格的值要加引号)。',
    en: 'Unexpected argument {args}: {command} takes none (options start with --, a value with spaces needs quotes).',
  },
  'usage.invalidChoice': {
    zh: '选项 {option} 的值 {value} 无效,可选 {values}。',
    en: 'The option {option} does not take {value}; it takes {values}.',
  },
  'usage.other': { zh: '命令行有误:{message}', en: 'The command line is wrong: {message}' },
  'usage.langEnv': {
    zh: '环境变量 KAOPING_LANG 的值 {value} 无效,可选 zh 或 en。',
    en: 'The environment variable KAOPING_LANG is {value}; it takes zh or en.',
  },

  // ---- the command line's own checks of option values (exit 2)
  'bad.year': {
    zh: '--year {value} 不是 1950 至 2100 之间的年份。',
    en: '--year {value} is not a year between 1950 and 2100.',
  },
  'bad.runYears': {
    zh: '--years {value} 不是 2023..2024 这样的年度范围(起始年度不晚于终止年度,都在 1950 至 2100 之间)。',
    en: '--years {value} is not a range of years like 2023..2024 (the first no later than the last, both between 1950 and 2100).',
  },
  'bad.yearAndYears': {
    zh: '--year 和 --years 只能给出一个:--years 的最后一个年度就是考评年度。',
    en: 'Give --year or --years, not both: the last year of --years is the appraisal year.',
  },
  'bad.offices': { zh: '--offices {value} 不是正整数。', en: '--offices {value} is not a positive whole number.' },
  'bad.years': {
    zh: '--years {value} 不是 2023..2024 这样的年度范围。',
    en: '--years {value} is not a range like 2023..2024.',
  },
  'bad.seed': { zh: '--seed {value} 不是整数。', en: '--seed {value} is not a whole number.' },
  'bad.limit': { zh: '--limit {value} 不是非负整数。', en: '--limit {value} is not a whole number.' },
  'bad.sqlFile': { zh: '无法读取 SQL 文件 {file}。', en: 'The SQL file {file} cannot be read.' },
  'bad.spread': {
    zh: '--spread {value} 不是 0 至 1 之间的数。',
    en: '--spread {value} is not a number between 0 and 1.',
  },
  'bad.intRange': {
    zh: '{name} {value} 不是 {min} 至 {max} 之间的整数。',
    en: '{name} {value} is not a whole number between {min} and {max}.',
  },

  // ---- failures nobody planned for (exit 1)
  'fail.unexpected': { zh: '意外故障:{message}', en: 'unexpected failure: {message}' },
  'fail.debug': { zh: '加 --debug 再运行一次可看到详细信息', en: 'run again with --debug for details' },

  // ---- the progress line: kaoping: <stage> <seconds>: <detail>
  'progress.line': { zh: '{stage} {seconds} 秒', en: '{stage} {seconds} s' },
  'progress.sep': { zh: ':', en: ': ' },
  'stage.load': { zh: '载入', en: 'load' },
  'stage.check': { zh: '检查', en: 'check' },
  'stage.score': { zh: '计分', en: 'score' },
  'stage.rank': { zh: '排名', en: 'rank' },
  'stage.write': { zh: '写出结果', en: 'write' },
  'stage.documents': { zh: '生成汇总表和文书', en: 'documents' },
  'stage.report': { zh: '生成考评报告', en: 'report' },
  'stage.store': { zh: '存入数据库', en: 'store' },
  'stage.generate': { zh: '生成数据', en: 'generate' },
  'progress.rows': { zh: '{file} 已读 {rows} 行', en: '{file}: {rows} rows' },
  'progress.file': { zh: '{file}', en: '{file}' },
  'progress.reused': { zh: '输入文件未变,沿用第 {run} 次运行已载入的数据表', en: 'files unchanged: reusing the tables run {run} loaded' },
  'progress.item': { zh: '考核项目 {item}(第 {nth} 项,共 {of} 项)', en: '{item} ({nth}/{of})' },
  'progress.sheet': { zh: 'results.xlsx “{sheet}” 已写 {rows} 行', en: 'results.xlsx {sheet}: {rows}' },
  'progress.pages': { zh: '已写 {pages} 页', en: '{pages} pages' },
  'progress.offices': { zh: '已生成 {n} 个单位,共 {of} 个', en: '{n} of {of} offices' },

  // ---- validate and run: the per-file summary
  'check.file': { zh: '文件', en: 'file' },
  'check.encoding': { zh: '编码', en: 'encoding' },
  'check.rows': { zh: '数据行', en: 'rows' },
  'check.loaded': { zh: '已载入', en: 'loaded' },
  'check.rejected': { zh: '拒收', en: 'rejected' },
  'check.total': { zh: '合计', en: 'total' },
  'check.title': {
    zh: '跳过表头上方的标题行: {file} 第 {line} 行 “{text}”',
    en: 'skipped title row above the header: {file} line {line} "{text}"',
  },
  'check.warning': { zh: '提示: {message}', en: 'warning: {message}' },
  'check.rejectedRows': {
    zh: '共拒收 {n} 行;每个文件 已载入 + 拒收 = 数据行。',
    en: '{n} rows rejected; for every file loaded + rejected = rows.',
  },
  'check.clean': { zh: '全部数据行已载入,没有拒收。', en: 'All rows loaded; nothing rejected.' },
  'check.rejects': { zh: '拒收明细: {file}', en: 'rejects: {file}' },
  'check.rejectsAndPage': {
    zh: '拒收明细: {file};考评报告的“数据质量”页: {page}',
    en: "Rejected rows: {file}; the report's data-quality page: {page}",
  },
  'sample.rejects': {
    zh: '这是内置的示例数据:其中 {n} 行是为演示拒收而故意写错的(逐行说明见 {readme}),拒收这些行是预期的结果。',
    en: 'This is the bundled sample: its {n} rejected rows are wrong on purpose, to show how rejects work ({readme} lists them).',
  },
  'sample.validateExit': {
    zh: '有拒收行时 validate 以退出码 2 结束;对示例数据这是预期的结果,不是故障。',
    en: 'validate exits with code 2 when rows are rejected; for the sample that is expected, not a failure.',
  },

  // ---- run
  'run.category': {
    zh: '{category}: {offices} 个单位,优秀 {excellent} 个(名额 {quota}{overflow}),一票否决 {vetoed} 个',
    en: '{category}: {offices} offices, {excellent} excellent (quota {quota}{overflow}), {vetoed} vetoed',
  },
  'run.overflow': { zh: ',超出 {n} 个并列', en: ', {n} over it by an unbroken tie' },
  'run.done': {
    zh: '{year} 年度考评完成({scheme})。结果: {out}',
    en: 'Appraisal {year} done ({scheme}). Results: {out}',
  },
  'run.report': { zh: '考评报告: {file}', en: 'Report: {file}' },
  'run.workbook': { zh: '考评结果汇总表: {file}', en: 'Results workbook: {file}' },
  'run.documents': {
    zh: '公示名单与表彰通报(草稿): {publicity}、{notice}',
    en: 'Publicity list and draft commendation notice: {publicity}, {notice}',
  },
  'run.feedback': { zh: '考核反馈单(每个单位一份): {dir}', en: 'Feedback letters (one per office): {dir}' },
  'run.noFeedback': {
    zh: '单位数超过 {limit} 个,未逐一生成考核反馈单;需要时用 kaoping report --office 单位编码 --out {out} 生成。',
    en: 'More than {limit} offices: no feedback letters were written; kaoping report --office ID --out {out} writes one.',
  },
  'run.earlierYear': {
    zh: '{year} 年度已考评并存入 {db},供报告中的历年趋势使用。',
    en: 'Appraised {year} into {db}, for the trend in the report.',
  },
  'run.reused': {
    zh: '除复核调整表外,输入文件与第 {run} 次运行载入的完全相同,沿用其已载入并检查的数据表,未重新载入;复核调整表已重新载入并检查。',
    en:
      'The input files other than the adjustments are byte-identical to those run {run} loaded: its loaded and checked tables ' +
      'were reused, not loaded again; the adjustments were loaded and checked.',
  },

  // ---- report --office
  'report.page': { zh: '单位页面: {file}', en: 'Office page: {file}' },
  'report.letter': { zh: '考核反馈单: {file}', en: 'Feedback letter: {file}' },

  // ---- generate
  'generate.done': {
    zh: '已写入 {out}:{files}(共 {rows} 行{bad})',
    en: '{out}: {files} ({rows} rows{bad})',
  },
  'generate.file': { zh: '{file} {rows} 行', en: '{file} {rows}' },
  'generate.bad': { zh: ',其中故意写错 {n} 行', en: ', {n} bad' },

  // ---- query
  'query.rows': { zh: '(共 {rows} 行)', en: '({rows} rows)' },
  'query.row': { zh: '(共 1 行)', en: '(1 row)' },
  'query.limited': {
    zh: '(共 {rows} 行,显示前 {shown} 行;可用 --limit 或 --format csv)',
    en: '({rows} rows, first {shown} shown; use --limit or --format csv)',
  },
  'query.banner': { zh: 'kaoping query(只读)。输入 .help 查看帮助。', en: 'kaoping query (read-only). .help for help.' },
  'query.help': {
    zh: '.tables          列出表和视图\n.schema 名称     表或视图的列\n.quit            退出(或按 Ctrl-D)\n以 ; 结尾的 SQL   执行它(只读)\n',
    en: '.tables          list tables and views\n.schema NAME     columns of a table or view\n.quit            leave (or Ctrl-D)\nSQL ending in ;  runs it (read-only)\n',
  },
  'query.unknown': { zh: '没有 {command} 这个命令;.help 列出可用的命令', en: 'unknown command {command}; .help lists them' },

  // ---- sensitivity
  'sensitivity.mismatch': {
    zh: '注意:按原权重重新计算时有 {n} 个单位的名次或等次与已存结果不同(数据库中的得分可能在考评后被改动)。',
    en: "note: re-scoring with the scheme's own weights differs from the stored run for {n} offices (the stored points may have changed since the run).",
  },
  'sensitivity.results': {
    zh: '结果: {file}(数据库表 sensitivity、sensitivity_dimensions,视图 v_sensitivity)',
    en: 'Results: {file} (database tables sensitivity, sensitivity_dimensions, view v_sensitivity)',
  },
  'sensitivity.otherYear': {
    zh: '{dir} 是 {other} 年度的报告,未改写(分析的是 {year} 年度)。',
    en: '{dir} is the report of {other}, not of {year}: left as it is.',
  },
  'sensitivity.report': {
    zh: '考评报告已更新(含稳健性分析): {file}',
    en: 'Report updated (with the robustness page): {file}',
  },
  'sensitivity.head': {
    zh: '{year} 年度权重敏感性分析:{offices} 个单位,{draws} 次抽样,各考核项目分值在 {spread} 内独立浮动并按满分重新折算(随机种子 {seed})。',
    en: "Weight sensitivity {year}: {offices} offices, {draws} draws, each item's maximum varied independently within {spread} and rescaled to the total (seed {seed}).",
  },
  'sensitivity.verdicts': {
    zh: '评优结论(获评先进 {commended} 个,未获评 {others} 个):稳定 {stable} 个,脆弱 {fragile} 个,有争议 {contested} 个。',
    en: 'Commendation decisions ({commended} commended, {others} not): {stable} stable, {fragile} fragile, {contested} contested.',
  },
  'sensitivity.flaggedHead': {
    zh: '脆弱或有争议的结论(结论一致:抽样中与本结论相同的比例,稳定须达 {stable};获评概率:抽样中获评先进的比例):',
    en: 'Fragile or contested decisions (agree: the share of draws with the same decision, {stable} or more is stable; P(commended): the share of draws commended):',
  },
  'sensitivity.flagged': {
    zh: '  {id} {name}({category},第 {rank} 名,{decision}):{verdict},结论一致 {agree}(获评概率 {p})',
    en: '  {id} {name} ({category}, rank {rank}, {decision}): {verdict}, agree {agree} (P(commended) {p})',
  },
  'sensitivity.commended': { zh: '已获评先进', en: 'commended' },
  'sensitivity.notCommended': { zh: '未获评', en: 'not commended' },
  'sensitivity.fragile': { zh: '脆弱', en: 'fragile' },
  'sensitivity.contested': { zh: '有争议', en: 'contested' },
  'sensitivity.more': { zh: '  …… 另有 {n} 个,见 sensitivity.csv', en: '  ... and {n} more, see sensitivity.csv' },
  'sensitivity.allStable': {
    zh: '所有评优结论在权重浮动下都保持不变。',
    en: 'Every commendation decision holds under the weight variations.',
  },

  // ---- compare
  'compare.head': {
    zh: '比较 {before}({beforeYear} 年度,{beforeScheme},{beforeOffices} 个单位)与 {after}({afterYear} 年度,{afterScheme},{afterOffices} 个单位)。',
    en: 'Compared {before} ({beforeYear}, {beforeScheme}, {beforeOffices} offices) with {after} ({afterYear}, {afterScheme}, {afterOffices} offices).',
  },
  'compare.schemes': { zh: '两次运行所用的考核细则不同。', en: 'The two runs used different schemes.' },
  'compare.changed': {
    zh: '总分、名次、等次或表彰结果有变化的单位:{changed} 个,其中等次变化 {tier} 个。',
    en: 'Offices whose total, rank, tier or commendation changed: {changed}; of them {tier} changed tier.',
  },
  'compare.entered': { zh: '新进入表彰名单', en: 'Now commended' },
  'compare.left': { zh: '退出表彰名单', en: 'No longer commended' },
  'compare.none': { zh: '{label}:无', en: '{label}: none' },
  'compare.list': { zh: '{label}({n} 个):{names}{more}', en: '{label} ({n}): {names}{more}' },
  'compare.office': { zh: '{name}({id})', en: '{name}({id})' },
  'compare.sep': { zh: '、', en: ', ' },
  'compare.more': { zh: ' 等共 {n} 个', en: ' and {more} more' },
  'compare.file': { zh: '逐单位变化: {file}', en: 'Office by office: {file}' },
  'compare.hint': {
    zh: '加 --out 文件夹 可写出逐单位的 compare.csv。',
    en: 'Add --out DIR to write compare.csv, office by office.',
  },

  // ---- verify
  'verify.ok': {
    zh: '{out} 中 {year} 年度的结果(CSV 文件、数据库结果表和报告)与输入数据({inputs} 个文件)、考核细则 {scheme} 一致。',
    en: 'The {year} results in {out} (CSV files, database tables and report) still belong to these inputs ({inputs} files) and scheme {scheme}.',
  },
  'verify.changed': { zh: '{out} 中的结果已不对应当前输入:', en: 'The results in {out} no longer belong to these inputs:' },
  'verify.outputGone': { zh: '输出文件 {file} 已不存在', en: 'output {file} is gone' },
  'verify.outputModified': { zh: '输出文件 {file} 已被改动', en: 'output {file} has been modified' },
  'verify.schemeGone': { zh: '考核细则文件 {file} 已不存在', en: 'scheme file {file} is gone' },
  'verify.schemeChanged': { zh: '考核细则 {file} 已改变', en: 'scheme {file} has changed' },
  'verify.inputGone': { zh: '输入文件 {file} 已不存在', en: 'input {file} is gone' },
  'verify.inputRenamed': { zh: '输入文件 {file} 改名为 {now}', en: 'input {file} is now named {now}' },
  'verify.inputChanged': { zh: '输入文件 {file} 的内容已改变', en: 'input {file} has changed (sha256 differs)' },
  'verify.inputAdded': { zh: '新增了输入文件 {file}', en: 'input {file} was added' },
  'verify.dbUnrecorded': {
    zh: 'manifest.json 没有记录数据库结果表的指纹(由旧版 kaoping 写出),无法核对数据库;请重新运行 kaoping run',
    en: "manifest.json records no fingerprint of the database's result tables (an older kaoping wrote it), so the database cannot be verified; run kaoping run again",
  },
  'verify.dbGone': { zh: '数据库 {file} 已不存在', en: 'the database {file} is gone' },
  'verify.dbUnreadable': {
    zh: '数据库 {file} 无法打开({why}),无法核对其中的结果',
    en: 'the database {file} cannot be opened ({why}), so its results cannot be verified',
  },
  'verify.reportUnrecorded': {
    zh: 'manifest.json 没有记录报告文件的指纹(由旧版 kaoping 写出),无法核对报告;请重新运行 kaoping run',
    en: 'manifest.json records no fingerprint of the report (an older kaoping wrote it), so the report cannot be verified; run kaoping run again',
  },
  'verify.reportMore': { zh: '另有 {n} 个报告文件不同', en: '{n} more report files differ' },
  'verify.reportMoreOne': { zh: '另有 1 个报告文件不同', en: '1 more report file differs' },
  'verify.tableGone': {
    zh: '数据库 {file} 中的结果表 {table} 已不存在',
    en: 'result table {table} is gone from the database {file}',
  },
  'verify.tableColumns': {
    zh: '数据库 {file} 中的结果表 {table} 少了列 {columns}',
    en: 'result table {table} in the database {file} has lost its columns {columns}',
  },
  'verify.tableRows': {
    zh: '数据库 {file} 中 {year} 年度的结果表 {table} 已被改动(运行时 {recorded} 行,现有 {now} 行)',
    en: 'result table {table} ({year}) in the database {file} has been modified ({recorded} rows at the run, {now} now)',
  },
  'verify.tableContent': {
    zh: '数据库 {file} 中 {year} 年度的结果表 {table} 已被改动(行数未变,内容与运行时不同)',
    en: 'result table {table} ({year}) in the database {file} has been modified (same number of rows, different contents)',
  },
  'verify.tableAdded': {
    zh: '数据库 {file} 中的结果表 {table} 现有 {now} 行 {year} 年度的数据,不是这次运行写入的',
    en: 'result table {table} in the database {file} now has {now} rows of {year} that the run did not write',
  },
  'verify.reportGone': { zh: '报告文件 {file} 已不存在', en: 'report file {file} is gone' },
  'verify.reportAdded': { zh: '新增了报告文件 {file}', en: 'report file {file} was added' },
  'verify.reportModified': { zh: '报告文件 {file} 已被改动', en: 'report file {file} has been modified' },
} satisfies Record<string, Word>;

export type CliWord = keyof typeof CLI;

/** The command line's words in `lang`, placeholders filled. */
export const cli = catalog(CLI);

/** The reader of the command line's words in one language: `const t = cliIn(lang); t('run.done', { ... })`. */
export function cliIn(lang: Lang): (key: CliWord, vars?: Vars) => string {
  return (key, vars) => cli(lang, key, vars);
}

/** The same words in both languages (for an error that carries both, shown in the language of the command line). */
export function cliBoth(key: CliWord, vars: Vars = {}): Word {
  return { zh: fill(CLI[key].zh, vars), en: fill(CLI[key].en, vars) };
}
