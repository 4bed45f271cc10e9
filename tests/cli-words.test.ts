/**
 * The command line speaks Chinese by default and English with --lang en or
 * KAOPING_LANG=en (the option wins): every command's --help, commander's
 * usage errors (one sentence each, exit 2), the option checks of the
 * commands, the progress line's words; `npm start` appraises the sample's
 * two years into one database (the report's trend has both) and says that
 * the sample's rejected rows are there on purpose and where they are listed;
 * README's Chinese guide comes first and names every command and option.
 * In this process (tests/helpers.ts cli), but for one real process that reads
 * KAOPING_LANG from its environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { progressLine } from '../cli/progress.ts';
import type { StageDetail } from '../pipeline/appraise.ts';
import { Db } from '../pipeline/db.ts';
import { cli, dataDir, OFFICES, ROOT, spawnCli, STAFF, tempDir } from './helpers.ts';

const COMMANDS = ['run', 'validate', 'generate', 'explain', 'report', 'sensitivity', 'query', 'verify', 'compare'];

/**
 * The ASCII words left in a text once what is not a word of a sentence is
 * taken out: option flags, file names and paths, environment variables and
 * the codes a user types (command names, zh/en, table/csv/json ...).
 */
const CODES = new Set([
  ...COMMANDS,
  'help',
  'kaoping',
  'zh',
  'en',
  'table',
  'csv',
  'json',
  'out',
  'SQL',
  'CSV',
  'YAML',
  'DuckDB',
  'xlsx',
  'OUT',
]);
function englishWords(text: string): string[] {
  const rest = text
    .replace(/(^|\s)-{1,2}[a-zA-Z][\w-]*/g, ' ') // -h, --help, --allow-links
    .replace(/[\w./-]*\.(csv|yaml|json|duckdb|xlsx|html)\b/g, ' ') // rejects.csv, metrics/default.yaml
    .replace(/[\w.-]*\/[\w./-]*/g, ' ') // paths: out/kaoping.duckdb, OUT/report/office/
    .replace(/\bKAOPING_[A-Z_]+/g, ' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !CODES.has(w));
}

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

describe('--help', () => {
  it('of the program and of every command is Chinese by default: headings, descriptions, placeholders, annotations', async () => {
    for (const args of [['--help'], ...COMMANDS.map((c) => [c, '--help'])]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^用法: kaoping /);
      expect(r.stdout, args.join(' ')).toContain('选项:');
      expect(r.stdout, args.join(' ')).toContain('  -h, --help');
      expect(englishWords(r.stdout), `${args.join(' ')}:\n${r.stdout}`).toEqual([]);
    }
    const run = (await cli(['run', '--help'])).stdout;
    expect(run).toContain('用法: kaoping run [选项]');
    expect(run).toMatch(/--out <文件夹> +输出文件夹\(默认 out\)\n/);
    expect(run).toContain('全局选项:');
    expect(run).toMatch(/--lang <语言> +提示、报告和文书的语言/);
    expect(run).toContain('(可选 zh、en;默认 zh)');
    const top = (await cli(['--help'])).stdout;
    expect(top).toMatch(/\n命令:\n {2}run \[选项\] +开展考评/);
    expect(top).toMatch(/help \[命令\] +显示某个命令的帮助/);
    // a Chinese description is wrapped at 80 columns, a Chinese character counting two
    for (const line of top.split('\n')) expect(width(line), line).toBeLessThanOrEqual(80);
  });

  it('is English with --lang en, wherever it is written, and with KAOPING_LANG=en; the option wins', async () => {
    const en = await cli(['run', '--help', '--lang', 'en']);
    expect(en.stdout).toMatch(/^Usage: kaoping run \[options\]\n\nrun the appraisal/);
    expect(en.stdout).toContain('--data <dir>      folder with the CSV exports (default: the bundled sample)');
    expect(en.stdout).toContain('(choices: "zh", "en", default: "zh")');
    expect(en.stdout).toContain('Global Options:');
    expect(hasChinese(en.stdout)).toBe(false);
    expect((await cli(['--lang=en', '--help'])).stdout).toMatch(/^Usage: kaoping \[options\] \[command\]/);
    await withEnv('en', async () => {
      const r = await cli(['query', '--help']);
      expect(r.stdout).toMatch(/^Usage: kaoping query \[options\] \[sql\]/);
      expect(r.stdout).toContain('(choices: "zh", "en", default: "en")');
      expect((await cli(['query', '--help', '--lang', 'zh'])).stdout).toMatch(/^用法: kaoping query \[选项\] \[SQL\]/);
    });
  });
});

describe('usage errors', () => {
  it("commander's errors are one Chinese sentence each, exit 2, naming the command and what is wrong", async () => {
    const cases: [string[], string][] = [
      [['run', '--dat', 'x'], '--dat 不是 kaoping run 的选项(是否想输入 --data?);可用的选项见 kaoping run --help。'],
      [['--bogus'], '--bogus 不是 kaoping 的选项;可用的选项见 kaoping --help。'],
      [['rnu'], 'rnu 不是 kaoping 的命令(是否想输入 run?);可用的命令见 kaoping --help。'],
      [['help', 'bogus'], 'bogus 不是 kaoping 的命令;可用的命令见 kaoping --help。'],
      [['explain'], '缺少必需的选项 --office <单位编码>;用法见 kaoping explain --help。'],
      [['compare', '--before', 'a'], '缺少必需的选项 --after <文件夹>;用法见 kaoping compare --help。'],
      [['run', '--year'], '选项 --year <年度> 后面缺少它的值。'],
      [['query', '--format', 'xml'], '选项 --format 的值 xml 无效,可选 table、csv、json。'],
      [['run', '--lang', 'fr'], '选项 --lang 的值 fr 无效,可选 zh、en。'],
      [['run', 'data/sample'], '多余的参数 data/sample:kaoping run 不接受参数(选项以 -- 开头,含空格的值要加引号)。'],
      [['query', 'SELECT', '1'], '多余的参数 1:kaoping query 最多接受 1 个参数(选项以 -- 开头,含空格的值要加引号)。'],
    ];
    for (const [args, sentence] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(`kaoping: ${sentence}\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('are English with --lang en', async () => {
    const cases: [string[], string][] = [
      [['run', '--dat', 'x'], '--dat is not an option of kaoping run (did you mean --data?); kaoping run --help lists its options.'],
      [['explain'], 'The option --office <id> is required; kaoping explain --help shows how.'],
      [['rnu'], 'rnu is not a kaoping command (did you mean run?); kaoping --help lists the commands.'],
      [['help', 'bogus'], 'bogus is not a kaoping command; kaoping --help lists the commands.'],
      [['query', '--format', 'xml'], 'The option --format does not take xml; it takes table, csv, json.'],
    ];
    for (const [args, sentence] of cases) {
      const r = await cli([...args, '--lang', 'en']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(`kaoping: ${sentence}\n`);
    }
  });

  it("the commands' checks of their option values are one Chinese sentence, English with --lang en", async () => {
    const cases: [string[], string, string][] = [
      [['run', '--year', '3000'], '--year 3000 不是 1950 至 2100 之间的年份。', '--year 3000 is not a year between 1950 and 2100.'],
      [
        ['run', '--years', '2024..2023'],
        '--years 2024..2023 不是 2023..2024 这样的年度范围(起始年度不晚于终止年度,都在 1950 至 2100 之间)。',
        '--years 2024..2023 is not a range of years like 2023..2024 (the first no later than the last, both between 1950 and 2100).',
      ],
      [
        ['run', '--years', '2023..2024', '--year', '2024'],
        '--year 和 --years 只能给出一个:--years 的最后一个年度就是考评年度。',
        'Give --year or --years, not both: the last year of --years is the appraisal year.',
      ],
      [['sensitivity', '--draws', '0'], '--draws 0 不是 1 至 10000 之间的整数。', '--draws 0 is not a whole number between 1 and 10000.'],
      [['sensitivity', '--spread', '2'], '--spread 2 不是 0 至 1 之间的数。', '--spread 2 is not a number between 0 and 1.'],
      [['generate', '--offices', 'x', '--out', 'o'], '--offices x 不是正整数。', '--offices x is not a positive whole number.'],
      [
        ['generate', '--offices', '3', '--years', '2024', '--out', 'o'],
        '--years 2024 不是 2023..2024 这样的年度范围。',
        '--years 2024 is not a range like 2023..2024.',
      ],
      [['generate', '--offices', '3', '--seed', 'x', '--out', 'o'], '--seed x 不是整数。', '--seed x is not a whole number.'],
      // an existing file as the database: the option is checked before the database is opened
      [['query', '--db', 'package.json', '--limit', '-1', 'SELECT 1'], '--limit -1 不是非负整数。', '--limit -1 is not a whole number.'],
      [
        ['query', '--db', 'package.json', '-f', '/nonexistent/q.sql'],
        '无法读取 SQL 文件 /nonexistent/q.sql。',
        'The SQL file /nonexistent/q.sql cannot be read.',
      ],
    ];
    for (const [args, zh, en] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(`kaoping: ${zh}\n`);
      expect((await cli([...args, '--lang', 'en'])).stderr, args.join(' ')).toBe(`kaoping: ${en}\n`);
    }
  });

  it('a KAOPING_LANG that is neither zh nor en is one sentence and exit 2, unless --lang is given', async () => {
    await withEnv('fr', async () => {
      const r = await cli(['run', '--help']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('kaoping: 环境变量 KAOPING_LANG 的值 fr 无效,可选 zh 或 en。\n');
      expect((await cli(['run', '--help', '--lang', 'en'])).stdout).toMatch(/^Usage: kaoping run/);
    });
  });

  it('a real process reads KAOPING_LANG from its environment', async () => {
    const r = await spawnCli(['explain'], { env: { KAOPING_LANG: 'en' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kaoping: The option --office <id> is required; kaoping explain --help shows how.\n');
  });
});

describe('the progress line', () => {
  const details: [string, StageDetail, string, string][] = [
    ['load', { file: 'documents.csv', rows: 12345 }, '载入 3 秒:documents.csv 已读 12,345 行', 'load 3 s: documents.csv: 12,345 rows'],
    ['check', { file: '会议.csv' }, '检查 3 秒:会议.csv', 'check 3 s: 会议.csv'],
    ['score', { item: 'doc_cap', nth: 2, of: 16 }, '计分 3 秒:考核项目 doc_cap(第 2 项,共 16 项)', 'score 3 s: doc_cap (2/16)'],
    [
      'documents',
      { sheet: '失分依据', rows: 4000 },
      '生成汇总表和文书 3 秒:results.xlsx “失分依据” 已写 4,000 行',
      'documents 3 s: results.xlsx 失分依据: 4,000',
    ],
    ['report', { pages: 6043 }, '生成考评报告 3 秒:已写 6,043 页', 'report 3 s: 6,043 pages'],
  ];
  it('says each stage and where it is in Chinese, English with --lang en', () => {
    for (const [stage, detail, zh, en] of details) {
      expect(progressLine('zh', stage, 3, detail)).toBe(zh);
      expect(progressLine('en', stage, 3, detail)).toBe(en);
    }
    for (const stage of ['rank', 'write', 'store', 'generate']) {
      expect(hasChinese(progressLine('zh', stage, 1, ''))).toBe(true);
      expect(progressLine('en', stage, 1, '')).toBe(`${stage} 1 s`);
    }
  });
});

describe('npm start', () => {
  let out: string;
  let start: string[];
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    // what `npm start` runs, as package.json says, into a folder of the test's
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    start = pkg.scripts.start.split(' ');
    expect(start.slice(0, 2)).toEqual(['node', 'bin/kaoping.js']);
    out = join(await tempDir(), 'out');
    run = await cli([...start.slice(2), '--out', out, '--quiet']);
  }, 300_000);

  it('appraises the sample 2023, then 2024, into one database, and the report has the trend', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`2023 年度已考评并存入 ${join(out, 'kaoping.duckdb')},供报告中的历年趋势使用。`);
    expect(run.stdout).toContain(`2024 年度考评完成`);
    // one command, one load: it does not say it reused the load of a run of its own
    expect(run.stdout).not.toContain('沿用');
    expect(run.stdout).toContain(`考评报告: ${join(out, 'report', 'index.html')}\n`);
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    expect(await db.all(`SELECT year, count(*)::INTEGER AS n FROM scores GROUP BY year ORDER BY year`)).toEqual([
      { year: 2023, n: 52 },
      { year: 2024, n: 52 },
    ]);
    db.close();
    const page = await readFile(join(out, 'report', 'office', (await officePage(out, 'XZ001'))!), 'utf8');
    const trend = /<section id="trend">[\s\S]*?<\/section>/.exec(page)![0];
    expect(trend).toContain('data-chart="trend"');
    expect(trend).toContain('"year":"2023"');
    expect(trend).not.toContain('数据库中没有本单位往年的考评结果');
  });

  it('a range whose last year fails (no data for 2025) changes nothing: OUT and its database stay as they were, to the byte', async () => {
    const files = async () => {
      const all: Record<string, string> = {};
      for (const e of await readdir(out, { recursive: true, withFileTypes: true }))
        if (e.isFile())
          all[join(e.parentPath, e.name)] = createHash('sha256')
            .update(await readFile(join(e.parentPath, e.name)))
            .digest('hex');
      return all;
    };
    const before = await files();
    // 2023 is scored and ranked again (on a reused load) before 2025 is found to have no data
    const r = await cli([...start.slice(2, -1), '2023..2025', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toContain('2025');
    expect(r.stdout).toBe('');
    expect(await files()).toEqual(before);
  });

  it('says that the sample carries its rejected rows on purpose, and where rejects.csv and the data-quality page are', () => {
    const lines = run.stdout.split('\n');
    const at = lines.indexOf('共拒收 11 行;每个文件 已载入 + 拒收 = 数据行。');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      '这是内置的示例数据:其中 11 行是为演示拒收而故意写错的(逐行说明见 data/sample/README.md),拒收这些行是预期的结果。',
    );
    expect(lines[at + 2]).toBe(`拒收明细: ${join(out, 'rejects.csv')};考评报告的“数据质量”页: ${join(out, 'report', 'data-quality.html')}`);
  });

  it('validate on the sample exits 2 and says that this is expected; on other data it says nothing of the sample', async () => {
    const sample = await cli(['validate', '--out', join(await tempDir(), 'v'), '--quiet']);
    expect(sample.code).toBe(2);
    expect(sample.stdout).toContain('这是内置的示例数据:其中 11 行是为演示拒收而故意写错的');
    expect(sample.stdout).toMatch(/\n有拒收行时 validate 以退出码 2 结束;对示例数据这是预期的结果,不是故障。\n$/);
    const dir = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF + 'P3,A1,王五,1980-01-02,staff,2010-13-01\n' });
    const other = await cli(['validate', '--data', dir, '--out', join(await tempDir(), 'v'), '--lang', 'en']);
    expect(other.code).toBe(2);
    expect(other.stdout).toContain('1 rows rejected');
    expect(other.stdout).not.toMatch(/sample|示例/);
  });
});

describe('README', () => {
  it('starts with the Chinese quick start (two commands) and guide, and the guide names every command and option', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const zh = readme.slice(readme.indexOf('## 快速开始'), readme.indexOf('## Quick start'));
    expect(readme.indexOf('## 快速开始')).toBeLessThan(readme.indexOf('## Quick start'));
    expect(
      /## 快速开始\n\n```sh\n(.*)\n(.*)\n```/
        .exec(zh)!
        .slice(1)
        .map((l) => l.split('#')[0].trim()),
    ).toEqual(['npm ci && npm start', 'npm test']);
    expect(
      /## Quick start\n\n```sh\n(.*)\n(.*)\n```/
        .exec(readme)!
        .slice(1)
        .map((l) => l.split('#')[0].trim()),
    ).toEqual(['npm ci && npm start', 'npm test']);
    const guide = zh.slice(zh.indexOf('## 命令指南'));
    for (const command of COMMANDS) {
      expect(guide).toContain(`kaoping ${command}`);
      const help = (await cli([command, '--help'])).stdout;
      for (const [flag] of help.matchAll(/--[a-z][\w-]*/g))
        if (flag !== '--help' && flag !== '--debug') expect(guide, flag).toContain(flag);
    }
  });
});

// the default language is the point: a KAOPING_LANG of the shell running the tests is set aside meanwhile
const shellLang = process.env.KAOPING_LANG;
beforeAll(() => {
  delete process.env.KAOPING_LANG;
});
afterAll(() => {
  if (shellLang !== undefined) process.env.KAOPING_LANG = shellLang;
});

async function withEnv(lang: string, fn: () => Promise<void>): Promise<void> {
  const before = process.env.KAOPING_LANG;
  process.env.KAOPING_LANG = lang;
  try {
    await fn();
  } finally {
    if (before === undefined) delete process.env.KAOPING_LANG;
    else process.env.KAOPING_LANG = before;
  }
}

/** Columns a line takes on a terminal: a Chinese character two. */
function width(line: string): number {
  let w = 0;
  for (const ch of line) w += /[\u2e80-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

async function officePage(out: string, id: string): Promise<string | undefined> {
  return (await readdir(join(out, 'report', 'office'))).find((f) => f.startsWith(`${id}-`));
}
