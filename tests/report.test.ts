/**
 * The report site, end to end: the real CLI on a fixed dataset
 * (tests/golden-report/data: the golden county plus an office with id
 * `../evil` named `<script>alert(1)</script>`, and one rejected row), two
 * years into one database (`run --years 2023..2024`), then checks on the
 * files it wrote.
 *
 * A copy of that output then gets `kaoping sensitivity` (which writes the
 * report again with the robustness page); the original stays without, so
 * its pages show what a report without sensitivity results looks like. A
 * copy of that one gets a new run of 2024 in English: its results of the
 * analysis are outdated, so its English pages show none either.
 *
 * Goldens: tests/golden-report/expected/ (methodology page, one office's
 * Vega-Lite specs, the robustness page's specs). UPDATE_GOLDEN=1 npx vitest
 * run tests/report.test.ts rewrites them.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import AjvModule from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../pipeline/db.ts';
import { schemeOfYear } from '../pipeline/explain.ts';
import { settingsOfYear } from '../pipeline/settings.ts';
import { readScheme, type Scheme } from '../pipeline/scheme.ts';
import { agreementPct } from '../words/common.ts';
import { pct, signed, svgFresh, SvgRenderer, textWidth, type Chart } from '../reports/charts.ts';
import { jsonForScript, html, esc } from '../reports/html.ts';
import { writeReportWithStats } from '../reports/index.ts';
import { loadModel, type Category, type Office, type Sensitivity, type SensitivityRow } from '../reports/model.ts';
import { pageNames, safeStem } from '../reports/paths.ts';
import { boundaryWindow } from '../reports/robustness.ts';
import { buildSite } from '../reports/build.ts';
import { makeSite, type Built } from '../reports/site.ts';
import { appraise, cli, ROOT, sampleRun, tempDir, withEnv } from './helpers.ts';

const HERE = join(ROOT, 'tests', 'cases', 'golden-report');
const DATA = join(HERE, 'data');
const SCHEME = join(HERE, 'scheme.yaml');
const EXPECTED = join(HERE, 'expected');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// the report date on every page: fixed, so the goldens do not change with the day (reproducible builds' convention)
process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 0, 15, 12) / 1000);
const EVIL_ID = '../evil';
const EVIL_NAME = '<script>alert(1)</script>';

let sampleCopy: Promise<string> | undefined;
/**
 * OUT of `kaoping run` on the bundled sample (data/sample, its latest year 2024, with its adjustments): the worker's
 * shared run (helpers.ts sampleRun), one copy for the describe blocks of this file that read it (none changes it)
 */
const sampleOut = () => (sampleCopy ??= sampleRun().then((r) => r.out));

let out: string;
/** a copy of `outSens` after a new run of 2024 with --lang en (its sensitivity results outdated by that run) */
let outEn: string;
/** a copy of `out` after kaoping sensitivity --draws 200 --seed 1 */
let outSens: string;
let sensStdout: string;
let scheme: Scheme;

async function files(dir: string, ext = ''): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function run(args: string[]): Promise<void> {
  const r = await cli(['run', '--data', DATA, '--scheme', SCHEME, ...args]);
  if (r.code !== 0) throw new Error(`kaoping run ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
}

const built = new Map<string, Promise<Built[]>>();
/**
 * Every page and its charts, built from the run's database without writing anything; built once per folder, year,
 * language and SVG for the file (the folders' databases do not change after beforeAll; callers only read the pages).
 */
function site(dir: string, year: number, lang: 'zh' | 'en', svg = false): Promise<Built[]> {
  const key = JSON.stringify([dir, year, lang, svg]);
  if (!built.has(key))
    built.set(
      key,
      (async () => {
        const db = await Db.open(join(dir, 'kaoping.duckdb'), { readOnly: true });
        try {
          const s = makeSite(await loadModel(db, scheme, year, lang), { svg });
          const pages: Built[] = [];
          for await (const p of buildSite(s)) pages.push(p);
          s.renderer?.finalize();
          return pages;
        } finally {
          db.close();
        }
      })(),
    );
  return built.get(key)!;
}

/** a chart with its own copy of the spec, to be drawn: vega marks each data row it takes in (a symbol-keyed id) */
const copyOf = (c: Chart): Chart => ({ ...c, spec: structuredClone(c.spec) });

type Validate = ((d: unknown) => boolean) & { errors?: unknown };

/**
 * The specs of `specs` the validator rejects, as `where: errors`. A spec is validated once however many pages or
 * sites carry it (the written pages embed the specs the site builds; the English sites of outSens and outEn share
 * most of theirs): specs that serialise alike (undefined values and functions included) are the same data, and the
 * validator's verdict on the same data is the same. Each failure names every place that carries the spec.
 */
function invalid(validate: Validate, specs: { where: string; spec: unknown }[]): string[] {
  const key = (spec: unknown) =>
    JSON.stringify(spec, (_k, v: unknown) =>
      v === undefined ? '\u0000undefined' : typeof v === 'function' ? `\u0000function ${String(v)}` : v,
    );
  const distinct = new Map<string, { spec: unknown; where: string[] }>();
  for (const s of specs) {
    const k = key(s.spec);
    const seen = distinct.get(k);
    if (seen) seen.where.push(s.where);
    else distinct.set(k, { spec: s.spec, where: [s.where] });
  }
  return [...distinct.values()]
    .filter((d) => !validate(d.spec))
    .map((d) => `${d.where.join(', ')}: ${JSON.stringify(validate.errors).slice(0, 300)}`);
}
let vegaLite: Promise<{ schema: { $schema: string }; validate: Validate }> | undefined;
/**
 * The Vega-Lite schema (the one vega-lite ships) and ajv's validator of it, compiled once for the file: the compile is
 * nearly all of a validation's cost (3-3.5 s of CPU with ajv's defaults; 1.5 s with refs compiled as functions of
 * their own and the generated code left unoptimised, which change how the code is laid out, not what it checks).
 */
function vegaLiteSchema() {
  return (vegaLite ??= (async () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(await readFile(join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json'), 'utf8'));
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (o: object) => {
      compile: (s: object) => Validate;
    };
    const options = { strict: false, allErrors: true, validateFormats: false, inlineRefs: false, code: { optimize: false } };
    return { schema, validate: new Ajv(options).compile(schema) };
  })());
}

beforeAll(async () => {
  scheme = await readScheme(SCHEME);
  out = join(await tempDir('kaoping-report-'), 'out');
  await run(['--out', out, '--years', '2023..2024']);
  outSens = join(await tempDir('kaoping-report-sens-'), 'out');
  await cp(out, outSens, { recursive: true });
  const r = await cli(['sensitivity', '--db', join(outSens, 'kaoping.duckdb'), '--draws', '200', '--seed', '1']);
  if (r.code !== 0) throw new Error(`kaoping sensitivity failed (${r.code}): ${r.stderr}`);
  sensStdout = r.stdout;
  outEn = join(await tempDir('kaoping-report-en-'), 'out');
  await cp(outSens, outEn, { recursive: true });
  // no feedback letters (KAOPING_FEEDBACK_LIMIT=0 while it runs): the tests read this run's report and database only
  await withEnv({ KAOPING_FEEDBACK_LIMIT: '0' }, () => run(['--out', outEn, '--year', '2024', '--lang', 'en']));
}, 120_000);

describe('report site', () => {
  it('writes the pages and the assets', async () => {
    const report = join(out, 'report');
    for (const f of [
      'index.html',
      'individuals.html',
      'recommendations.html',
      'data-quality.html',
      'methodology.html',
      'assets/report.css',
      'assets/report.js',
      'assets/vega.min.js',
      'assets/vega-lite.min.js',
      'assets/vega-embed.min.js',
    ]) {
      expect(existsSync(join(report, f)), f).toBe(true);
    }
    expect((await files(join(report, 'office'), '.html')).length).toBe(15);
    expect((await files(join(report, 'category'), '.html')).length).toBe(2);
    const index = await readFile(join(report, 'index.html'), 'utf8');
    // the ranking table is in the HTML (no script needed), and charts have static SVG
    expect(index).toContain('<table class="sortable ranking"');
    expect(index).toMatch(/<div class="static"><svg role="img"/);
    // vega builds load in order, before report.js
    const order = [...index.matchAll(/<script src="assets\/([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'report.js']);
  });

  it('every Vega-Lite spec the site uses validates against the Vega-Lite schema', async () => {
    const { schema, validate } = await vegaLiteSchema();
    expect(schema.$schema).toMatch(/draft-07/);
    const specs: { where: string; spec: unknown }[] = [];
    for (const [dir, lang] of [
      [out, 'zh'],
      [outEn, 'en'],
      [outSens, 'zh'],
      [outSens, 'en'],
    ] as const) {
      for (const p of await site(dir, 2024, lang))
        for (const c of p.charts) specs.push({ where: `${lang} ${p.path} ${c.id}`, spec: c.spec });
    }
    // and the specs as embedded in the written pages
    for (const dir of [out, outSens]) {
      for (const f of await files(join(dir, 'report'), '.html')) {
        const text = await readFile(f, 'utf8');
        for (const m of text.matchAll(/<script type="application\/json" class="vl-spec">(.*?)<\/script>/gs)) {
          specs.push({ where: `page ${relative(dir, f)}`, spec: JSON.parse(m[1]) });
        }
      }
    }
    expect(specs.length).toBeGreaterThan(60);
    const kinds = new Set(specs.map((s) => s.where.split(' ').pop()!.replace(/-\d+$/, '')));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['changes', 'compare', 'dims', 'intervals', 'items', 'tiers', 'trend']));
    // the robustness page's specs are embedded in the written page too
    expect(specs.filter((x) => x.where === 'page report/sensitivity.html').length).toBe(4);
    expect(invalid(validate, specs)).toEqual([]);
  });

  it('no page references anything over the network, and every link stays inside report/ and exists', async () => {
    const report = join(out, 'report');
    for (const dir of [report, join(outEn, 'report'), join(outSens, 'report')]) {
      for (const f of await files(dir, '.html')) {
        const text = await readFile(f, 'utf8');
        expect(text, f).not.toMatch(/https?:\/\//i);
        expect(text, f).not.toMatch(/(src|href)\s*=\s*["']?\s*(\/\/|[a-z]+:)/i);
        for (const m of text.matchAll(/\b(?:src|href)="([^"#]*)(#[^"]*)?"/g)) {
          if (m[1] === '') continue;
          const target = resolve(dirname(f), m[1]);
          expect(target.startsWith(dir + sep), `${relative(dir, f)} -> ${m[1]}`).toBe(true);
          expect(existsSync(target), `${relative(dir, f)} -> ${m[1]}`).toBe(true);
        }
      }
    }
    // the copied builds carry no source-map reference to fetch
    for (const f of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']) {
      expect(await readFile(join(report, 'assets', f), 'utf8')).not.toMatch(/sourceMappingURL/);
    }
  });

  it('an office with id ../evil and a <script> name gets a safe page inside report/ and escaped text', async () => {
    const report = join(out, 'report');
    const all = await files(out);
    for (const f of all) expect(resolve(f).startsWith(resolve(out) + sep)).toBe(true);
    // its page, and (outside the report) its feedback letter, both under a safe name
    expect(
      all
        .filter((f) => /evil/.test(f))
        .map((f) => relative(out, f))
        .sort(),
    ).toEqual([
      expect.stringMatching(/^feedback\/evil-[0-9a-f]{10}\.docx$/),
      expect.stringMatching(/^report\/office\/evil-[0-9a-f]{10}\.html$/),
    ]);
    const page = all.find((f) => /evil/.test(f) && f.endsWith('.html'))!;
    const text = await readFile(page, 'utf8');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const f of [...(await files(report, '.html')), ...(await files(join(outSens, 'report'), '.html'))]) {
      const t = await readFile(f, 'utf8');
      expect(t, f).not.toContain(EVIL_NAME);
      expect(t, f).not.toMatch(/<b>&amp;<\/b>/);
      // every <script> is ours: a file from assets/ or an embedded spec
      for (const m of t.matchAll(/<script\b[^>]*>/g))
        expect(m[0]).toMatch(/^<script (src="(\.\.\/)?assets\/[a-z.-]+\.js"|type="application\/json" class="vl-spec")>$/);
    }
    const index = await readFile(join(report, 'index.html'), 'utf8');
    expect(index).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // the chart spec embedded in the overview keeps the name as data, with < escaped
    expect(index).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    // a person named O'Brien <b>&amp;</b> "x" of that office
    const people = await readFile(join(report, 'individuals.html'), 'utf8');
    expect(people).toContain('O&#39;Brien &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;x&quot;');
    expect(index).toMatch(/href="office\/evil-[0-9a-f]{10}\.html"/);
  });

  it('page names from hostile ids stay in their folder and never collide', () => {
    const ids = [
      '../x',
      '..',
      '.',
      'a/b',
      'a\\b',
      'a\0b',
      'x'.repeat(300),
      '',
      'CON',
      'nul',
      'A1',
      'a1',
      '县级/部门',
      '/etc/passwd',
      'C:\\x',
      ' ',
      '%2e%2e%2f',
    ];
    const names = pageNames(ids, 'office');
    const seen = new Set<string>();
    for (const id of ids) {
      const n = names.get(id)!;
      expect(n).toMatch(/^office\/[A-Za-z0-9_-]{1,40}-[0-9a-f]{10,40}\.html$/);
      expect(n.length).toBeLessThanOrEqual(64);
      expect(seen.has(n.toLowerCase())).toBe(false);
      seen.add(n.toLowerCase());
      const target = resolve('/r', n);
      expect(target.startsWith('/r/office/')).toBe(true);
    }
    expect(safeStem('../evil')).toBe(safeStem('../evil'));
  });

  it('escapes data in HTML and in embedded JSON', () => {
    expect(html`<td>${EVIL_NAME}</td>`.s).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(esc(`"'&`)).toBe('&quot;&#39;&amp;');
    const j = jsonForScript({ a: '</script><!-- \u2028 &' }).s;
    expect(j).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(j)).toEqual({ a: '</script><!-- \u2028 &' });
  });

  it('--lang en writes English pages', async () => {
    const report = join(outEn, 'report');
    const index = await readFile(join(report, 'index.html'), 'utf8');
    expect(index).toMatch(/<html lang="en">/);
    expect(index).toContain('Appraisal report 2024');
    expect(index).toContain('>Overview<');
    expect(index).toContain('Commended offices');
    const method = await readFile(join(report, 'methodology.html'), 'utf8');
    expect(method).toContain('Document volume cap');
    expect(method).toContain('point(s) off per unit');
    // UI words are English: no Chinese outside data values (office, category, person names, file names)
    const office = (await files(join(report, 'office'), '.html')).find((f) => f.includes('T04-'))!;
    const text = await readFile(office, 'utf8');
    // and the settings' title and organ (appraisal.yaml), the user's own words
    const data = [
      '示例县2024年度办公室工作考评',
      '中共示例县委办公室 示例县人民政府办公室',
      '白沙乡党政办',
      '乡镇',
      '西片',
      '杨帆',
      '发文',
    ];
    const stripped = data.reduce((s, d) => s.replaceAll(d, ''), text.replace(/<script type="application\/json"[^]*?<\/script>/g, ''));
    expect(stripped.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
    expect(text).toContain('Points against maximum, item by item');
    const zh = await readFile(join(out, 'report', 'index.html'), 'utf8');
    expect(zh).toMatch(/<html lang="zh-CN">/);
    expect(zh).toContain('2024 年度考评报告');
  });

  it('office pages show the veto, the trend, the evidence and the diagnostics', async () => {
    const report = join(out, 'report');
    const page = async (id: string) =>
      readFile(
        (await files(join(report, 'office'), '.html')).find((f) => f.includes(`/${id}-`))!,
        'utf8',
      );
    const d03 = await page('D03');
    expect(d03).toContain('<section class="veto" role="alert">');
    expect(d03).toContain('涉密文件经公文交换箱传输');
    const t04 = await page('T04');
    expect(t04).not.toContain('class="veto"');
    expect(t04).toContain('id="fig-trend"');
    expect(t04).toMatch(/<td class="num" data-v="2023">2023<\/td>/);
    expect(t04).toContain('id="ev-meeting_length"');
    expect(t04).toContain('时长90分钟');
    expect(t04).toContain('35岁以下占比');
    const quality = await readFile(join(report, 'data-quality.html'), 'utf8');
    expect(quality).toContain('2024-13-01');
    expect(quality).toContain('documents.csv');
  });

  it('static SVG from the template cache equals a fresh compile of the same spec, with no Vega-Lite warnings', async () => {
    const pages = await site(out, 2024, 'zh');
    const charts: Chart[] = pages
      .filter((p) => p.path === 'index.html' || /office\/(T04|T06|D03|evil)-/.test(p.path))
      .flatMap((p) => p.charts);
    for (const lang of ['zh', 'en'] as const) {
      charts.push(...(await site(outSens, 2024, lang)).filter((p) => p.path === 'sensitivity.html').flatMap((p) => p.charts));
    }
    const r = new SvgRenderer();
    try {
      for (const chart of charts) {
        // each renderer draws its own copy, so the pages of site() stay as they were built for the other tests
        const c = copyOf(chart);
        const cached = await r.svg(c);
        const fresh = await svgFresh(copyOf(chart));
        const at = [...cached].findIndex((ch, i) => ch !== fresh[i]);
        expect(cached === fresh, `${c.id} differs at ${at}: ${cached.slice(at - 40, at + 40)} | ${fresh.slice(at - 40, at + 40)}`).toBe(
          true,
        );
        expect(cached).toMatch(/class="mark-(rect|line|symbol|text)/);
        expect(cached).not.toMatch(/xmlns|https?:/);
      }
      expect(r.compiled).toBeLessThan(charts.length);
      expect(r.warnings).toEqual([]);
    } finally {
      r.finalize();
    }
  });

  it('counts East Asian characters as 1 em and others as 0.6 em', () => {
    expect(textWidth('办公室', 10)).toBeCloseTo(30);
    expect(textWidth('abcde', 10)).toBeCloseTo(30);
    expect(textWidth('T04 白沙', 10)).toBeCloseTo(44);
  });

  it('is deterministic, linear, and drops per-office SVG above the office limit', async () => {
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      const a = join(await tempDir('kaoping-rep-a-'), 'report');
      const c = join(await tempDir('kaoping-rep-c-'), 'report');
      const settings = await settingsOfYear(db, 2024); // what the run recorded from appraisal.yaml
      expect(settings.title).toBe('示例县2024年度办公室工作考评');
      const ra = await writeReportWithStats(db, scheme, 2024, a, 'zh', { settings });
      // a second writing of the same year gives the same files, byte for byte, as the one the CLI's run wrote
      const fa = await files(a);
      const cliReport = join(out, 'report');
      expect(fa.map((f) => relative(a, f))).toEqual((await files(cliReport)).map((f) => relative(cliReport, f)));
      for (const f of fa) expect(await readFile(f, 'utf8'), relative(a, f)).toBe(await readFile(join(cliReport, relative(a, f)), 'utf8'));
      const perOffice = ra.stats.ms.officePages / ra.stats.officePages;
      console.log(
        `report: ${ra.stats.pages} pages, ${ra.stats.officePages} office pages, ${ra.stats.svgCharts} SVG charts, ` +
          `${(ra.stats.bytes / 1024).toFixed(0)} KiB, ${ra.stats.ms.total.toFixed(0)} ms in all, ${perOffice.toFixed(2)} ms per office page`,
      );
      // (what it costs is printed, not asserted: a bound in milliseconds failed on a loaded machine, 119 ms at load 10)
      expect([ra.stats.officePages, ra.stats.officeSvg]).toEqual([15, true]);

      const rc = await writeReportWithStats(db, scheme, 2024, c, 'zh', { officeSvgLimit: 5 });
      expect(rc.stats.officeSvg).toBe(false);
      const office = (await files(join(c, 'office'), '.html')).find((f) => f.includes('/T04-'))!;
      const text = await readFile(office, 'utf8');
      expect(text).not.toContain('<svg');
      expect([...text.matchAll(/class="vl-spec"/g)].length).toBe(3); // compare, items, trend: drawn by the browser
      expect(text).toContain('<table class="items">');
      expect(await readFile(join(c, 'index.html'), 'utf8')).toContain('<svg');
    } finally {
      db.close();
    }
  });
});

describe('report with weight sensitivity (kaoping sensitivity)', () => {
  const officeFile = async (dir: string, id: string) =>
    (await files(join(dir, 'report', 'office'), '.html')).find((f) => f.includes(`/${id}-`))!;
  /** The overview's commendation list item and ranking row of an office. */
  const marks = (index: string, id: string) => ({
    item:
      index.match(
        new RegExp(
          // a commended office's line starts with its rank; the other flagged offices' lines do not
          `<li>(?:<span class="rank-no">[^<]*</span> )?` +
            `<a href="office/${id}-[0-9a-f]{10}\\.html"><bdi>[^<]*</bdi></a> <span class="id">${id}</span>.*?</li>`,
        ),
      )?.[0] ?? '',
    row:
      index.match(new RegExp(`<tr[^>]*><td class="num"[^>]*>\\d+</td><td><a href="office/${id}-[0-9a-f]{10}\\.html">.*?</tr>`))?.[0] ?? '',
  });

  it('rewrites the report of the run it analysed: a robustness page in the navigation of every page, swapped in whole', async () => {
    const report = join(outSens, 'report');
    expect(sensStdout).toContain(join(report, 'index.html'));
    expect(existsSync(join(report, 'sensitivity.html'))).toBe(true);
    expect(existsSync(join(outSens, 'sensitivity.csv'))).toBe(true);
    // nothing left of the swap
    expect((await readdir(outSens)).filter((n) => n.startsWith('.'))).toEqual(['.kaoping']);
    expect((await readdir(join(outSens, '.kaoping'))).sort()).toEqual(['owner.json']);
    // the same pages as before, plus the robustness page
    const rel = async (dir: string) => (await files(dir)).map((f) => relative(dir, f));
    expect(await rel(report)).toEqual([...(await rel(join(out, 'report'))), 'sensitivity.html'].sort());
    for (const f of await files(report, '.html')) {
      const text = await readFile(f, 'utf8');
      const prefix = relative(report, f).includes(sep) ? '../' : '';
      expect(text, f).toContain(
        `<a href="${prefix}sensitivity.html"${f.endsWith('sensitivity.html') ? ' aria-current="page"' : ''}>稳健性分析</a>`,
      );
    }
    // pages that show no sensitivity differ from the report without it only by the navigation entry
    for (const name of ['individuals.html', 'recommendations.html', 'data-quality.html', 'methodology.html']) {
      const withIt = await readFile(join(report, name), 'utf8');
      expect(withIt.replace('<a href="sensitivity.html">稳健性分析</a>', ''), name).toBe(await readFile(join(out, 'report', name), 'utf8'));
    }
    const page = await readFile(join(report, 'sensitivity.html'), 'utf8');
    expect(page).toContain('<h1>2024 年度稳健性分析</h1>');
    expect(page).toContain('<dt>抽样次数</dt><dd>200</dd>');
    expect(page).toContain('<dt>随机种子</dt><dd>1</dd>');
    expect(page).toContain('<dd>±20%</dd>');
    for (const id of ['intervals-0', 'intervals-1', 'changes-0', 'changes-1']) {
      expect(page).toMatch(
        new RegExp(`<figure class="chart has-static has-live" id="fig-${id}"[^>]*>\\n<div class="static"><svg role="img"`),
      );
    }
    // the error bars (rules), the actual ranks (ticks), the medians (symbols)
    const svg = page.match(/id="fig-intervals-1"[^]*?<\/svg>/)![0];
    expect(svg).toContain('class="mark-rule role-mark');
    expect(svg).toContain('class="mark-rect role-mark');
    expect(svg).toContain('class="mark-symbol role-mark');
    // interval and one-at-a-time tables for both categories, every office listed
    for (let i = 0; i < 2; i++) {
      expect(page).toContain(`<table class="sortable sens" id="sens-table-${i}"`);
      expect(page).toContain(`<table class="sortable sens" id="oat-table-${i}"`);
    }
    expect([...page.matchAll(/<tr[^>]*><td><a href="office\//g)].length).toBe(2 * 15);
    expect(page).toContain('<th scope="col">队伍建设</th>');
  });

  it('marks the D01/D02 tie as fragile or contested on the overview and their pages, and a stable office not', async () => {
    const db = await Db.open(join(outSens, 'kaoping.duckdb'), { readOnly: true });
    let rows: { office_id: string; verdict: string; p_commended: number; agreement: number; outdated: boolean }[];
    try {
      rows = await db.all(
        `SELECT office_id, verdict, p_commended, agreement, outdated FROM v_sensitivity WHERE year = 2024 ORDER BY office_id`,
      );
    } finally {
      db.close();
    }
    const v = new Map(rows.map((r) => [r.office_id, r]));
    expect(rows.every((r) => r.outdated === false)).toBe(true);
    const index = await readFile(join(outSens, 'report', 'index.html'), 'utf8');
    for (const id of ['D01', 'D02']) {
      const r = v.get(id)!;
      expect(r.verdict, id).toMatch(/^(fragile|contested)$/);
      // the badge shows the share of draws agreeing with the decision, the number the verdict is read from
      const agree = agreementPct(r.agreement);
      const badge = new RegExp(`<span class="badge sens ${r.verdict}" title="[^"]*">⚠ (脆弱|有争议) · 结论一致 ${agree}</span>`);
      const { item, row } = marks(index, id);
      expect(item, id).toMatch(badge);
      expect(row, id).toMatch(badge);
      const page = await readFile(await officeFile(outSens, id), 'utf8');
      expect(page, id).toMatch(badge);
      expect(page, id).toContain('<section id="robustness">');
    }
    // D01 falls back without the team dimension (the tie-breaker that decides the tie)
    expect(await readFile(await officeFile(outSens, 'D01'), 'utf8')).toContain('影响最大的考核维度:队伍建设(去掉后第 2 名,后退 1 名)');
    // T01: commended, stable: listed without a mark
    expect(v.get('T01')!.verdict).toBe('stable');
    const t01 = marks(index, 'T01');
    expect(t01.item).toContain('T01');
    expect(t01.row).toContain('T01');
    expect(t01.item).not.toContain('badge sens');
    expect(t01.row).not.toContain('badge sens');
    const t01Page = await readFile(await officeFile(outSens, 'T01'), 'utf8');
    expect(t01Page).not.toContain('badge sens');
    expect(t01Page).toContain('去掉任何一个考核维度,名次都不变。');
    // as many marks on the overview as flagged decisions, each in the list and in the ranking
    const flagged = rows.filter((r) => r.verdict !== 'stable').length;
    expect(flagged).toBeGreaterThanOrEqual(2);
    expect([...index.matchAll(/class="badge sens /g)].length).toBe(2 * flagged);
    expect(index).toContain('<a href="sensitivity.html">稳健性分析</a>。');
  });

  it('without sensitivity results nothing changes: no page, no navigation entry, no marks', async () => {
    for (const dir of [out, outEn]) {
      expect(existsSync(join(dir, 'report', 'sensitivity.html'))).toBe(false);
      for (const f of await files(join(dir, 'report'), '.html')) {
        const text = await readFile(f, 'utf8');
        expect(text, f).not.toContain('sensitivity.html');
        expect(text, f).not.toContain('badge sens');
        expect(text, f).not.toContain('id="robustness"');
      }
    }
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      const m = await loadModel(db, scheme, 2024, 'zh');
      expect(m.sensitivity).toBeUndefined();
      expect(makeSite(m, { svg: false }).nav).not.toContain('sensitivity');
    } finally {
      db.close();
    }
    // with results, a caller can still leave them out
    const db2 = await Db.open(join(outSens, 'kaoping.duckdb'), { readOnly: true });
    try {
      expect((await loadModel(db2, scheme, 2024, 'zh')).sensitivity?.draws).toBe(200);
      expect((await loadModel(db2, scheme, 2024, 'zh', { sensitivity: false })).sensitivity).toBeUndefined();
      // and another year has none
      expect((await loadModel(db2, scheme, 2023, 'zh')).sensitivity).toBeUndefined();
    } finally {
      db2.close();
    }
  });

  it('results of an earlier run are outdated: a report written after a new run of the year shows none', async () => {
    // outEn: a copy of outSens (with current results), then a new run of 2024 in English, whose own report shows none
    // (tested above with the report without sensitivity results)
    const db = await Db.open(join(outEn, 'kaoping.duckdb'), { readOnly: true });
    try {
      expect(await db.scalar(`SELECT bool_and(outdated) FROM v_sensitivity WHERE year = 2024`)).toBe(true);
      expect((await loadModel(db, scheme, 2024, 'zh')).sensitivity).toBeUndefined();
      const dir = join(await tempDir('kaoping-report-stale-w-'), 'report');
      await writeReportWithStats(db, scheme, 2024, dir, 'zh', { svg: false });
      expect(existsSync(join(dir, 'sensitivity.html'))).toBe(false);
      expect(await readFile(join(dir, 'index.html'), 'utf8')).not.toContain('sensitivity.html');
    } finally {
      db.close();
    }
  });

  it('results whose stored base no longer matches the scores, or another scheme, are not shown', async () => {
    const copy = join(await tempDir('kaoping-report-changed-'), 'kaoping.duckdb');
    await cp(join(outSens, 'kaoping.duckdb'), copy);
    const db = await Db.open(copy);
    try {
      expect((await loadModel(db, scheme, 2024, 'zh')).sensitivity).toBeDefined();
      // another scheme (same content, other hash): the analysis was not of these results
      expect((await loadModel(db, { ...scheme, sha256: '0'.repeat(64) }, 2024, 'zh')).sensitivity).toBeUndefined();
      // inputs loaded since the last recorded run (as inside kaoping run, before it records itself)
      const sha = await db.scalar<string>(`SELECT sha256 FROM input_files WHERE "table" = 'offices'`);
      await db.run(`UPDATE input_files SET sha256 = 'x' WHERE "table" = 'offices'`);
      expect((await loadModel(db, scheme, 2024, 'zh')).sensitivity).toBeUndefined();
      await db.run(`UPDATE input_files SET sha256 = $1 WHERE "table" = 'offices'`, [sha]);
      expect((await loadModel(db, scheme, 2024, 'zh')).sensitivity).toBeDefined();
      // a re-ranked year whose ranks moved
      await db.run(`UPDATE scores SET rank = rank + 1 WHERE year = 2024 AND office_id = 'T06'`);
      expect((await loadModel(db, scheme, 2024, 'zh')).sensitivity).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('charts of a large category show the offices around the commendation boundary; probabilities never round to 0% or 100%', () => {
    const offices = Array.from({ length: 1000 }, (_, i) => ({ office_id: `O${i}`, rank: i + 1, commended: i < 150 }) as Office);
    const c = { name: 'x', offices } as Category;
    const byId = new Map(offices.map((o, i) => [o.office_id, { p_commended: i < 160 ? 0.5 : 0 } as SensitivityRow]));
    const sens = { byId } as Sensitivity;
    const w = boundaryWindow(c, sens, 50);
    expect([w[0].rank, w[w.length - 1].rank]).toEqual([126, 175]); // centred on the boundary after rank 150
    // issue 16's city: a quota of 168, fragile decisions at 153-186, some chance down to rank 228
    const city = Array.from({ length: 840 }, (_, i) => ({ office_id: `X${i}`, rank: i + 1, commended: i < 168 }) as Office);
    const chance = new Map(city.map((o, i) => [o.office_id, { p_commended: i < 228 ? 0.3 : 0 } as SensitivityRow]));
    const cw = boundaryWindow({ name: 'c', offices: city } as Category, { byId: chance } as Sensitivity, 50);
    expect([cw[0].rank, cw[cw.length - 1].rank]).toEqual([144, 193]);
    expect(boundaryWindow({ name: 'y', offices: offices.slice(0, 30) } as Category, sens, 50).length).toBe(30);
    const none = new Map(offices.map((o) => [o.office_id, { p_commended: 0 } as SensitivityRow]));
    expect(
      boundaryWindow(
        { name: 'z', offices: offices.map((o) => ({ ...o, commended: false })) } as Category,
        { byId: none } as Sensitivity,
        50,
      )[0].rank,
    ).toBe(1);
    expect([pct(0), pct(0.004), pct(0.5), pct(0.995), pct(1)]).toEqual(['0%', '<1%', '50%', '>99%', '100%']);
    expect([signed(2), signed(-1), signed(0)]).toEqual(['+2', '\u22121', '0']);
  });

  it('a verdict and the share shown beside it never contradict: the share is floored to whole percentages', () => {
    // pipeline/sensitivity.ts: stable when agree * 10 >= n * 9, fragile when agree * 10 >= n * 5
    for (const n of [7, 200, 1000, 1234]) {
      for (let agree = 0; agree <= n; agree++) {
        const verdict = agree * 10 >= n * 9 ? 'stable' : agree * 10 >= n * 5 ? 'fragile' : 'contested';
        const shown = agreementPct(agree / n);
        const p = shown === '<1%' ? 0.5 : Number(shown.replace('%', ''));
        const read = p >= 90 ? 'stable' : p >= 50 ? 'fragile' : 'contested';
        expect(read, `${agree}/${n} shown as ${shown}`).toBe(verdict);
      }
    }
    expect([agreementPct(0.8999), agreementPct(0.9), agreementPct(0.4951), agreementPct(0.29), agreementPct(1)]).toEqual([
      '89%',
      '90%',
      '49%',
      '29%',
      '100%',
    ]);
  });

  it('the robustness page: the rank-interval chart spans the boundary with a rule on it; flags and the table show the agreement', async () => {
    const pages = await site(outSens, 2024, 'zh');
    const page = pages.find((p) => p.path === 'sensitivity.html')!;
    const db = await Db.open(join(outSens, 'kaoping.duckdb'), { readOnly: true });
    const model = await loadModel(db, scheme, 2024, 'zh').finally(() => db.close());
    for (const [i, c] of model.categories.entries()) {
      const chart = page.charts.find((x) => x.id === `intervals-${i}`)!;
      const spec = chart.spec as unknown as {
        datasets: Record<string, Record<string, unknown>[]>;
        layer: { encoding: { x: { scale?: { domain: number[] } } } }[];
      };
      const last = c.offices.filter((o) => o.commended).pop()!;
      expect(spec.datasets.boundary, c.name).toEqual([{ boundary: last.rank + 0.5 }]);
      const [lo, hi] = spec.layer[0].encoding.x.scale!.domain;
      expect(lo < last.rank + 0.5 && last.rank + 0.5 < hi, c.name).toBe(true);
      const shown = boundaryWindow(c, model.sensitivity!);
      for (const r of spec.datasets.intervals) {
        const x = model.sensitivity!.byId.get(shown[Number(r.pos)].office_id)!;
        expect(r.flag).toBe(x.verdict === 'stable' ? '' : `\u26a0 ${agreementPct(x.agreement)}`);
        expect(r.agreement).toBe(agreementPct(x.agreement));
      }
    }
    expect(page.html).toContain('<th scope="col">与结论一致</th>');
    expect(page.html).not.toContain('获评概率 ');
  });

  it("the stacked dimension chart marks a vetoed office and names each dimension's maximum; the trend has a legend for the dashed median", async () => {
    const pages = await site(out, 2024, 'zh');
    const overview = pages.find((p) => p.path === 'index.html')!;
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    const model = await loadModel(db, scheme, 2024, 'zh').finally(() => db.close());
    const maxima = scheme.dimensions.map((d) => `${d.name}(满分 ${d.points})`);
    for (const [i, c] of model.categories.entries()) {
      const spec = JSON.stringify(overview.charts.find((x) => x.id === `dims-${i}`)!.spec);
      for (const m of maxima) expect(spec).toContain(m);
      const vetoed = c.offices.some((o) => o.vetoed);
      expect(spec.includes('一票否决:不合格,排在本类别最后'), c.name).toBe(vetoed);
      expect(spec).toContain('"condition":{"test":"datum.vetoed","value":"#c9ced4"}');
    }
    expect(model.offices.some((o) => o.vetoed)).toBe(true);
    const office = pages.find((p) => p.path.startsWith('office/T04-'))!;
    const trend = office.charts.find((x) => x.id === 'trend')!.spec as unknown as {
      encoding: Record<string, { legend?: unknown; title?: unknown }>;
    };
    expect(trend.encoding.strokeDash.legend).toBeUndefined(); // merged with the colour's legend: solid and dashed symbols
    expect(trend.encoding.strokeDash.title).toBe(trend.encoding.color.title);
    // its static SVG draws that legend: both series named, the median's symbol dashed
    const svg = await svgFresh(copyOf(office.charts.find((x) => x.id === 'trend')!));
    expect(svg).toContain('类别中位数');
    expect(svg).toMatch(/role-legend[\s\S]*stroke-dasharray="4,3"/);
  });

  it('ranking tables: a 片区 column and filter only when an office has a region; search-index.js lists every office a table leaves out', async () => {
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    const m = await loadModel(db, scheme, 2024, 'zh').finally(() => db.close());
    const first = async (s: ReturnType<typeof makeSite>) => (await buildSite(s).next()).value as Built;
    const withRegions = (await first(makeSite(m, { svg: false }))).html;
    expect(withRegions).toContain('<th scope="col">片区</th>');
    expect(withRegions).toMatch(/<tr id="o-T01" data-region="[^"]+">/);
    expect(withRegions).toContain('<select class="region-filter" data-table="rank-0"');
    expect(withRegions).toContain('data-desc="3 4 5 6 7 8"'); // total and the five dimensions, after rank, office and region
    expect(withRegions).not.toContain('search-index.js'); // every table lists its whole category
    const none = { ...m, offices: m.offices.map((o) => ({ ...o, region: null })) };
    none.categories = m.categories.map((c) => ({ ...c, offices: none.offices.filter((o) => o.category === c.name) }));
    const without = (await first(makeSite(none, { svg: false }))).html;
    expect(without).not.toContain('片区');
    expect(without).not.toContain('region-filter');
    expect(without).toContain('data-desc="2 3 4 5 6 7"');
    // a category of 700 offices: its table lists 50, search-index.js the other 650 with links to their rows
    const c0 = m.categories[0];
    const big = Array.from({ length: 700 }, (_, i) => ({
      ...c0.offices[0],
      office_id: `B${i}`,
      office_name: `大${i}`,
      rank: i + 1,
      pos: i,
    }));
    const large = { ...m, offices: big, categories: [{ ...c0, offices: big }] };
    const site = makeSite(large, { svg: false, categoryPageSize: 300 });
    const pages: Built[] = [];
    for await (const p of buildSite(site)) if (!p.path.startsWith('office/')) pages.push(p);
    const index = pages.find((p) => p.path === 'search-index.js')!;
    const data = JSON.parse(index.html.replace(/^window\.kaopingSearch = /, '').replace(/;\n$/, '')) as Record<
      string,
      [string, string, number, string][]
    >;
    expect(data['rank-0'].length).toBe(650);
    expect(data['rank-0'][0].slice(0, 3)).toEqual(['B50', '大50', 51]);
    const [id, , , href] = data['rank-0'][649];
    expect(id).toBe('B699');
    const [file, hash] = href.split('#');
    expect(file).toMatch(/^category\/.+-3\.html$/); // the third page of 300
    expect(pages.find((p) => p.path === file)!.html).toContain(`<tr id="${decodeURIComponent(hash)}"`);
    expect(pages.find((p) => p.path === 'index.html')!.html).toContain('<script src="search-index.js"></script>');
  });

  it('leaves a report of another year alone', async () => {
    const other = join(await tempDir('kaoping-report-other-'), 'out');
    await cp(outSens, other, { recursive: true });
    const before = await readFile(join(other, 'report', 'index.html'), 'utf8');
    const r = await cli(['sensitivity', '--db', join(other, 'kaoping.duckdb'), '--year', '2023', '--draws', '20', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('is the report of 2024, not of 2023: left as it is.');
    expect(await readFile(join(other, 'report', 'index.html'), 'utf8')).toBe(before);
  });
});

describe('golden report files', () => {
  async function golden(name: string, actual: string): Promise<void> {
    const file = join(EXPECTED, name);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`golden file ${name} is missing; run UPDATE_GOLDEN=1 npx vitest run tests/report.test.ts`);
      await mkdir(EXPECTED, { recursive: true });
      await writeFile(file, actual);
      return;
    }
    expect(actual, `${name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(await readFile(file, 'utf8'));
  }

  it('methodology page', async () => {
    await golden('methodology.html', await readFile(join(out, 'report', 'methodology.html'), 'utf8'));
    await golden('methodology.en.html', await readFile(join(outEn, 'report', 'methodology.html'), 'utf8'));
  });

  it("office T04's Vega-Lite specs", async () => {
    const pages = await site(out, 2024, 'zh');
    const t04 = pages.find((p) => p.path.startsWith('office/T04-'))!;
    await golden('office-T04.specs.json', JSON.stringify(Object.fromEntries(t04.charts.map((c) => [c.id, c.spec])), null, 2) + '\n');
    const index = pages.find((p) => p.path === 'index.html')!;
    await golden('index.specs.json', JSON.stringify(Object.fromEntries(index.charts.map((c) => [c.id, c.spec])), null, 2) + '\n');
  });

  it("the robustness page's Vega-Lite specs", async () => {
    const pages = await site(outSens, 2024, 'zh');
    const page = pages.find((p) => p.path === 'sensitivity.html')!;
    await golden('sensitivity.specs.json', JSON.stringify(Object.fromEntries(page.charts.map((c) => [c.id, c.spec])), null, 2) + '\n');
  });
});

/**
 * National scale, in miniature: with KAOPING_OFFICE_PAGES_LIMIT=5,
 * KAOPING_FEEDBACK_LIMIT=5 and KAOPING_CATEGORY_PAGE_SIZE=4, the golden
 * county (14 offices: 乡镇 10, 县级部门 4) gets the report a 400,000-office
 * year gets: no office pages (and no feedback letters), the overview
 * explaining `kaoping report --office`, and 乡镇's ranking on three pages. The on-demand page must be the page a report with office
 * pages has, byte for byte.
 */
describe('report of a year above the office-page limit (national scale)', () => {
  const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');
  let big: string;
  /**
   * the same year's report with office pages (and the same category page size), to compare on-demand pages with:
   * written from big's database by the report writer the run uses (full/report)
   */
  let full: string;

  const runGolden = async (dir: string, env: Record<string, string>) => {
    const r = await withEnv(env, () => cli(['run', '--data', GOLDEN, '--year', '2024', '--out', dir, '--quiet']));
    if (r.code !== 0) throw new Error(`kaoping run failed (${r.code}): ${r.stderr}`);
  };
  const officeOf = async (dir: string, id: string) =>
    (await files(join(dir, 'report', 'office'), '.html')).find((f) => f.includes(`/${id}-`));

  beforeAll(async () => {
    big = join(await tempDir('kaoping-report-national-'), 'out');
    full = join(await tempDir('kaoping-report-national-full-'), 'out');
    await runGolden(big, { KAOPING_OFFICE_PAGES_LIMIT: '5', KAOPING_FEEDBACK_LIMIT: '5', KAOPING_CATEGORY_PAGE_SIZE: '4' });
    const db = await Db.open(join(big, 'kaoping.duckdb'), { readOnly: true });
    try {
      const settings = await settingsOfYear(db, 2024);
      await writeReportWithStats(db, await schemeOfYear(db, 2024), 2024, join(full, 'report'), 'zh', { settings, categoryPageSize: 4 });
    } finally {
      db.close();
    }
  }, 120_000);

  it('writes no office pages, and the overview says how to get one', async () => {
    const report = join(big, 'report');
    expect(existsSync(join(report, 'office'))).toBe(false);
    expect((await files(report, '.html')).filter((f) => f.includes(`${sep}office${sep}`))).toEqual([]);
    const index = await readFile(join(report, 'index.html'), 'utf8');
    expect(index).toContain('<section id="office-pages"');
    expect(index).toContain('kaoping report --office 单位编码 [--year 2024] [--db 数据库文件] [--out 输出目录]');
    expect(index).toContain('本年度共 14 个单位,超过 5 个');
    // office names are plain text everywhere
    for (const f of await files(report, '.html')) expect(await readFile(f, 'utf8'), f).not.toMatch(/href="(\.\.\/)?office\//);
    expect(index).toMatch(/<td><bdi>城关镇党政办<\/bdi> <span class="id">T01<\/span>/);
    // the full report of the same data has office pages and no such note
    expect((await files(join(full, 'report', 'office'), '.html')).length).toBe(14);
    expect(await readFile(join(full, 'report', 'index.html'), 'utf8')).not.toContain('kaoping report --office');
  });

  it('paginates a category above the page size: pages in rank order, prev/next and the page index, every link existing', async () => {
    const report = join(big, 'report');
    const cats = (await files(join(report, 'category'), '.html')).map((f) => relative(report, f));
    expect(cats.length).toBe(3 + 1); // 乡镇: 10 offices in pages of 4; 县级部门: 4, one page as before
    const scores = await readFile(join(big, 'scores.csv'), 'utf8');
    const town = scores
      .split('\n')
      .filter((l) => l.includes(',乡镇,'))
      .map((l) => l.match(/T\d\d/)![0]);
    expect(town.length).toBe(10);
    // follow rel="next" from the first page: the offices in rank order, 4 + 4 + 2
    const first = cats.find((c) => existsSync(join(report, c.replace(/\.html$/, '-2.html'))))!;
    expect(first).toBeDefined();
    const seen: string[][] = [];
    let at: string | undefined = join(report, first);
    let prev: string | undefined;
    while (at) {
      const text: string = await readFile(at, 'utf8');
      seen.push([...text.matchAll(/<span class="id">(T\d\d)<\/span>/g)].map((m) => m[1]));
      expect(text).toContain('排序和搜索只在本页内进行');
      expect(text).toContain('scores.csv');
      expect(text).toContain(`第 ${seen.length} 页 / 共 3 页`);
      expect([...text.matchAll(/<ol class="pages">/g)].length).toBe(1);
      expect([...text.matchAll(/aria-current="page" title="/g)].length).toBe(1);
      const p = text.match(/<a rel="prev" href="([^"]+)"/)?.[1];
      expect(p ? resolve(dirname(at), p) : undefined).toBe(prev);
      const n: string | undefined = text.match(/<a rel="next" href="([^"]+)"/)?.[1];
      prev = at;
      at = n ? resolve(dirname(at), n) : undefined;
    }
    expect(seen.map((s) => s.length)).toEqual([4, 4, 2]);
    expect(seen.flat()).toEqual(town);
    // the overview keeps its ranking and links the category's first page
    const index = await readFile(join(report, 'index.html'), 'utf8');
    expect(index).toContain(`href="${first}"`);
    // every link of every page exists, inside report/
    for (const f of await files(report, '.html')) {
      const text = await readFile(f, 'utf8');
      for (const m of text.matchAll(/\b(?:src|href)="([^"#]*)(#[^"]*)?"/g)) {
        if (m[1] === '') continue;
        const target = resolve(dirname(f), m[1]);
        expect(target.startsWith(report + sep), `${relative(report, f)} -> ${m[1]}`).toBe(true);
        expect(existsSync(target), `${relative(report, f)} -> ${m[1]}`).toBe(true);
      }
    }
  });

  it('every Vega-Lite spec of the site validates, and the model holds no per-office detail', async () => {
    const { validate } = await vegaLiteSchema();
    const specs: { where: string; spec: unknown }[] = [];
    for (const f of await files(join(big, 'report'), '.html')) {
      for (const m of (await readFile(f, 'utf8')).matchAll(/<script type="application\/json" class="vl-spec">(.*?)<\/script>/gs)) {
        specs.push({ where: relative(big, f), spec: JSON.parse(m[1]) });
      }
    }
    const db = await Db.open(join(big, 'kaoping.duckdb'), { readOnly: true });
    try {
      const defaultScheme = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
      const m = await loadModel(db, defaultScheme, 2024, 'en', { detail: false });
      expect([m.indicators.size, m.evidence.size, m.vetoes.size, m.diagnostics.size, m.history.size, m.ageBands.size]).toEqual([
        0, 0, 0, 0, 0, 0,
      ]);
      expect(m.offices.length).toBe(14);
      const s = makeSite(m, { svg: false, categoryPageSize: 4 });
      expect(s.officePages).toBe(false);
      const pages: Built[] = [];
      for await (const p of buildSite(s)) pages.push(p);
      expect(pages.filter((p) => p.path.startsWith('office/'))).toEqual([]);
      expect(pages.filter((p) => p.path.startsWith('category/')).length).toBe(4);
      for (const p of pages) for (const c of p.charts) specs.push({ where: `en ${p.path} ${c.id}`, spec: c.spec });
    } finally {
      db.close();
    }
    expect(specs.length).toBeGreaterThan(6);
    expect(invalid(validate, specs)).toEqual([]);
  });

  it('kaoping report --office writes the page a report with office pages has, with its links resolving', async () => {
    for (const id of ['T01', 'T06']) {
      // the category page size is a setting of the installation: the command uses the one the run used
      const r = await withEnv({ KAOPING_CATEGORY_PAGE_SIZE: '4' }, () =>
        cli(['report', '--office', id, '--db', join(big, 'kaoping.duckdb'), '--out', big]),
      );
      expect(r.code, r.stderr).toBe(0);
      const page = (await officeOf(big, id))!;
      expect(page).toMatch(new RegExp(`report/office/${id}-[0-9a-f]{10}\\.html$`));
      expect(r.stdout.split('\n')[0]).toBe(`单位页面: ${resolve(page)}`);
      expect(r.stdout).toMatch(new RegExp(`\\n考核反馈单: .*feedback/${id}-[0-9a-f]{10}\\.docx\\n$`));
      const text = await readFile(page, 'utf8');
      // the same page builder on a model of the office alone gives the same page (item medians, ranks, trend)
      expect(text, id).toBe(await readFile((await officeOf(full, id))!, 'utf8'));
      for (const m of text.matchAll(/\b(?:src|href)="([^"#]*)(#[^"]*)?"/g)) {
        if (m[1] === '') continue;
        expect(existsSync(resolve(dirname(page), m[1])), `${id} -> ${m[1]}`).toBe(true);
      }
    }
    // T06 (rank 10 of 10) links the third page of 乡镇's ranking
    expect(await readFile((await officeOf(big, 'T06'))!, 'utf8')).toMatch(
      /<p class="crumbs no-print"><a href="..\/index.html">返回总览<\/a> · <a href="..\/category\/category-[0-9a-f]{10}-3\.html">/,
    );
    const missing = await cli(['report', '--office', 'NOPE', '--db', join(big, 'kaoping.duckdb'), '--out', big, '--lang', 'en']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^kaoping: There is no office "NOPE" \(code or name\) in the 2024 results/);
  });

  it('on demand into a fresh folder (assets copied), escaped, and with the robustness section when the year has current results', async () => {
    // the hostile office of the golden report: its on-demand page equals the one the run wrote
    const fresh = await tempDir('kaoping-report-ondemand-');
    const r = await cli(['report', '--office', EVIL_ID, '--db', join(out, 'kaoping.duckdb'), '--out', fresh]);
    expect(r.code, r.stderr).toBe(0);
    const page = (await officeOf(fresh, 'evil'))!;
    expect(relative(fresh, page)).toMatch(/^report\/office\/evil-[0-9a-f]{10}\.html$/);
    const text = await readFile(page, 'utf8');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain(EVIL_NAME);
    expect(text).toBe(await readFile((await officeOf(out, 'evil'))!, 'utf8'));
    for (const f of ['report.css', 'report.js', 'vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'])
      expect(existsSync(join(fresh, 'report', 'assets', f)), f).toBe(true);
    // with sensitivity results: the same page as kaoping sensitivity's rewrite (robustness section, badge)
    const sens = await tempDir('kaoping-report-ondemand-sens-');
    const r2 = await cli(['report', '--office', 'D01', '--db', join(outSens, 'kaoping.duckdb'), '--out', sens]);
    expect(r2.code, r2.stderr).toBe(0);
    const d01 = await readFile((await officeOf(sens, 'D01'))!, 'utf8');
    expect(d01).toContain('<section id="robustness">');
    expect(d01).toBe(await readFile((await officeOf(outSens, 'D01'))!, 'utf8'));
  });
});

/**
 * What a scheme's rules count is the scheme's to say (individuals.description,
 * directors.description, diagnostics.columns in its YAML): the reduce-burden
 * scheme scores individuals on submissions only, so its individuals page must
 * not repeat the default's criteria (adoption level and leader instructions).
 */
describe("the pages describe the scheme's own rules", () => {
  const REDUCE_BURDEN = join(ROOT, 'metrics', 'reduce-burden-2024.yaml');
  const DEFAULT_ZH = '按信息采用、领导批示和调研报告计分';
  const DEFAULT_EN = 'Points for adopted information, leader instructions and research reports';

  it('the default scheme keeps its words; reduce-burden-2024 shows its own criteria, in Chinese and English', async () => {
    expect(await readFile(join(out, 'report', 'individuals.html'), 'utf8')).toContain(`${DEFAULT_ZH},取前 10 名`);
    // the words are the scheme's, whatever the data: two offices (T04, whose page is read below, and another), a
    // director each, and a submission and a research report of 2024, appraised in memory under reduce-burden-2024 (as
    // `kaoping run --scheme` does before it writes the report); the pages built from that database
    const { db, scheme: rbScheme } = await appraise(
      {
        'offices.csv': 'office_id,name,category\nT04,白沙乡党政办,乡镇\nT05,石门乡党政办,乡镇\n',
        'staff.csv':
          'person_id,office_id,name,birth_date,role,joined_on,left_on,director_since\n' +
          'T04-P1,T04,杨帆,1975-02-01,director,2008-01-01,,2010-01-01\nT05-P1,T05,周敏,1980-06-01,director,2012-01-01,,2016-01-01\n',
        'submissions.csv':
          'submission_id,office_id,person_id,submitted_on,kind,adopted_level,leader_instruction\n' +
          'S1,T04,T04-P1,2024-03-01,information,provincial,true\nS2,T05,T05-P1,2024-04-01,research,none,false\n',
      },
      2024,
      REDUCE_BURDEN,
    );
    try {
      const pagesIn = async (lang: 'zh' | 'en') => {
        const pages: Built[] = [];
        for await (const p of buildSite(makeSite(await loadModel(db, rbScheme, 2024, lang), { svg: false }))) pages.push(p);
        return pages;
      };
      const zh = (await pagesIn('zh')).find((p) => p.path === 'individuals.html')!.html;
      expect(zh).not.toContain(DEFAULT_ZH);
      expect(zh).not.toContain('信息采用、领导批示');
      expect(zh).toContain('按报送信息(每条 1 分)和调研报告(每篇 2 分)计分,信息采用级别和领导批示不计分,取前 10 名');
      const pages = await pagesIn('en');
      const en = pages.find((p) => p.path === 'individuals.html')!.html;
      expect(en).not.toContain(DEFAULT_EN);
      expect(en).toContain('Points for submitted information (1 each) and research reports (2 each)');
      // what it inherits from the default (directors, diagnostics labels) is still said
      expect(pages.find((p) => p.path === 'recommendations.html')!.html).toContain('director for at least 10 full years');
      expect(pages.find((p) => p.path.startsWith('office/T04-'))!.html).toContain('<th scope="row">Active staff</th>');
    } finally {
      db.close();
    }
  });
});

/**
 * Adjustments (复核调整) in the report: the bundled sample's run, with the
 * sample's adjustments file (data/sample/复核调整.csv: TZ2024-01 excludes
 * XZ008's misfiled secret document, which lifts its veto; TZ2024-02 gives
 * BM003 +4.00 on on_time; TZ2024-03 names another office's row and is
 * rejected), appraised in this process (the worker's shared run, sampleRun).
 * The office pages show each adjustment at the item it changed and the
 * excluded row with the evidence; adjustments.html lists them with their
 * effect; the methodology says how many and the rule; every page links the
 * page. A database from before adjustments (no adjustments_applied) gives a
 * site without any of it.
 */
describe('report with adjustments (复核调整)', () => {
  // the reasons of data/sample/复核调整.csv
  const REASON_01 = '经复核，该文件为非密文件，密级误录为“秘密”';
  const REASON_02 = '督办件BM003-2024-D02经交办领导书面同意延期至2024年4月15日，按期办结计';
  let adj: string;
  let sample: Scheme;
  const page = async (rel: string) => readFile(join(adj, 'report', rel), 'utf8');
  const officePage = async (dir: string, id: string) =>
    readFile(
      (await files(join(dir, 'report', 'office'), '.html')).find((f) => f.includes(`/${id}-`))!,
      'utf8',
    );
  /** the excluded row as the run recorded it, and BM003's on_time before and after */
  let excluded: { file: string; line: number };
  let item: { before: string; after: string };

  beforeAll(async () => {
    adj = await sampleOut();
    sample = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    const db = await Db.open(join(adj, 'kaoping.duckdb'), { readOnly: true });
    try {
      excluded = (await db.one<{ file: string; line: number }>(`SELECT file, line FROM excluded_rows WHERE adjustment_id = 'TZ2024-01'`))!;
      item = (await db.one<{ before: string; after: string }>(`
        SELECT printf('%.2f', points - adjustment) AS before, printf('%.2f', points) AS after FROM indicators
        WHERE year = 2024 AND office_id = 'BM003' AND indicator = 'on_time'`))!;
    } finally {
      db.close();
    }
  }, 180_000);

  it('the office pages: each adjustment listed and at its item; the excluded row with the evidence; the veto lifted', async () => {
    const xz008 = await officePage(adj, 'XZ008');
    expect(xz008).not.toContain('<section class="veto"');
    expect(xz008).toContain('<section id="adjustments" class="warn">');
    expect(xz008).toContain(
      '<td style="white-space:nowrap"><bdi>TZ2024-01</bdi></td><td>剔除记录</td><td>发文表 <bdi>XZ008-2024-017</bdi></td>',
    );
    expect(xz008).toContain(`<span class="badge fail">剔除</span> <bdi>${excluded.file}</bdi> 第 ${excluded.line} 行`);
    expect(xz008).toContain(
      `<td><bdi>${REASON_01}</bdi></td><td><bdi>考评组</bdi></td>` + '<td style="white-space:nowrap">2025-01-20</td>',
    );
    // with the evidence: the excluded row, its file, line and id, the adjustment and its reason
    const evidence = xz008.slice(xz008.indexOf('<section id="evidence">'), xz008.indexOf('<section id="diagnostics">'));
    expect(evidence).toContain('<section class="evidence" id="excluded">');
    expect(evidence).toContain(
      `<tr><td><bdi>${excluded.file}</bdi></td><td class="num" data-v="${excluded.line}">${excluded.line}</td>` +
        '<td><bdi>XZ008-2024-017</bdi></td><td><span class="badge fail">剔除</span></td>',
    );
    expect(evidence).toContain('按未载入处理');
    const bm003 = await officePage(adj, 'BM003');
    const items = bm003.slice(bm003.indexOf('<table class="items">'));
    const row = items.slice(items.indexOf('<td>按期办结率 <span class="id">on_time</span>'));
    expect(row.slice(0, row.indexOf('</td>'))).toContain(
      `<a href="#adjustments">TZ2024-02</a> 加减分 +4.00 分,${item.before} → ${item.after}</div>\n` +
        `<div class="muted small">理由:${REASON_02} · 决定人:考评组 · 2025-01-20</div>`,
    );
    expect(bm003).not.toContain('id="excluded"');
    // an office without adjustments: none of it
    const xz002 = await officePage(adj, 'XZ002');
    expect(xz002).not.toContain('id="adjustments"');
    expect(xz002).not.toContain('id="excluded"');
  });

  it('adjustments.html lists every applied adjustment: office (a link), action, item, points, effect; every page links it', async () => {
    const html = await page('adjustments.html');
    expect(html).toContain('<h1>2024 年度复核调整</h1>');
    expect(html).toContain('本年度考评执行复核调整 2 项:剔除记录 1 项,加减分 1 项');
    expect(html).toContain('另有 1 行复核调整不符合要求被拒收,未执行,原因见<a href="data-quality.html">数据质量页</a>。');
    const rows = [...html.matchAll(/<tr><td style="white-space:nowrap"><bdi>(TZ[^<]+)<\/bdi><\/td><td><a href="([^"]+)">/g)];
    expect(rows.map((m) => m[1])).toEqual(['TZ2024-01', 'TZ2024-02']);
    for (const [, , href] of rows) expect(existsSync(join(adj, 'report', href)), href).toBe(true);
    expect(html).toContain(`<td>该项得分 ${item.before} → ${item.after}</td>`);
    expect(html).toContain('<td class="num" data-v="4">+4.00</td>');
    expect(html).not.toContain('TZ2024-03');
    for (const p of ['index.html', 'methodology.html', 'data-quality.html', 'individuals.html']) {
      expect(await page(p), p).toContain('<a href="adjustments.html">复核调整</a>');
    }
    expect(await officePage(adj, 'XZ002')).toContain('<a href="../adjustments.html">复核调整</a>');
  });

  it('the methodology page says how many adjustments of which kind and gives the rule', async () => {
    const html = await page('methodology.html');
    expect(html).toContain('<section id="adjustments"><h2>复核调整</h2>');
    expect(html).toContain('本年度考评执行复核调整 2 项:剔除记录 1 项,加减分 1 项,逐项见<a href="adjustments.html">复核调整页</a>。');
    expect(html).toContain('调整后得分为原得分加上该项各调整分值之和,但不低于 0、不超过该项满分');
    expect(html).toContain('按未载入处理');
  });

  it('in English too, and report --office gives the same office page', async () => {
    const db = await Db.open(join(adj, 'kaoping.duckdb'), { readOnly: true });
    try {
      const s = makeSite(await loadModel(db, sample, 2024, 'en'), { svg: false });
      const pages: Built[] = [];
      for await (const p of buildSite(s)) pages.push(p);
      const of = (prefix: string) => pages.find((p) => p.path.startsWith(prefix))!.html;
      expect(of('adjustments.html')).toContain('<h1>Adjustments 2024</h1>');
      expect(of('adjustments.html')).toContain('applied 2 adjustment(s) (exclusions of rows: 1; points adjustments: 1)');
      expect(of('adjustments.html')).toContain(`<td>item points ${item.before} → ${item.after}</td>`);
      expect(of('office/XZ008-')).toContain(`<span class="badge fail">excluded</span> <bdi>${excluded.file}</bdi> line ${excluded.line}`);
      expect(of('office/BM003-')).toContain(`<a href="#adjustments">TZ2024-02</a> points +4.00: ${item.before} → ${item.after}</div>`);
      expect(of('methodology.html')).toContain('its points plus the sum of its adjustments, never below 0');
      expect(of('index.html')).toContain('<a href="adjustments.html">Adjustments</a>');
    } finally {
      db.close();
    }
    // on demand, from a model of the office alone: the same page, the navigation entry included
    const one = await tempDir('kaoping-report-adj-one-');
    const r = await cli(['report', '--office', 'XZ008', '--db', join(adj, 'kaoping.duckdb'), '--out', one]);
    expect(r.code, r.stderr).toBe(0);
    expect(await officePage(one, 'XZ008')).toBe(await officePage(adj, 'XZ008'));
  });

  it('a database from before adjustments (no adjustments_applied) gives a site without any of it', async () => {
    const copy = join(await tempDir('kaoping-report-adj-old-'), 'kaoping.duckdb');
    await cp(join(adj, 'kaoping.duckdb'), copy);
    const db = await Db.open(copy);
    try {
      await db.run('DROP TABLE adjustments_applied');
      await db.run('DROP TABLE excluded_rows');
      const s = makeSite(await loadModel(db, sample, 2024, 'zh'), { svg: false });
      const pages: Built[] = [];
      for await (const p of buildSite(s)) pages.push(p);
      expect(pages.map((p) => p.path)).not.toContain('adjustments.html');
      for (const p of pages) {
        expect(p.html, p.path).not.toContain('adjustments.html');
        expect(p.html, p.path).not.toContain('id="adjustments"');
      }
    } finally {
      db.close();
    }
  });
});

describe('issue 16: the numbers and words of the report (the default scheme on the sample)', () => {
  let dir: string;
  let def: Scheme;
  const pageOf = async (id: string) =>
    readFile(
      (await files(join(dir, 'report', 'office'), '.html')).find((f) => f.includes(`/${id}-`))!,
      'utf8',
    );
  /** the text of a page without tags */
  const text = (h: string) => h.replace(/<script[^]*?<\/script>/g, '').replace(/<[^>]+>/g, '');

  beforeAll(async () => {
    def = await readScheme(join(ROOT, 'metrics', 'default.yaml'));
    dir = await sampleOut();
  }, 120_000);

  it("every item's rule text states the rule's own parameters (both bundled schemes, zh and en), its unit and percentages", async () => {
    const { ruleText, ruleWords } = await import('../pipeline/score.ts');
    const burden = await readScheme(join(ROOT, 'metrics', 'reduce-burden-2024.yaml'));
    const numbers = (s: string) => (s.match(/\d+(?:\.\d+)?/g) ?? []).map(Number).sort((a, b) => a - b);
    for (const sc of [def, burden]) {
      for (const it of sc.items) {
        const r = it.rule;
        const pc = (x: number) => Math.round(x * 1e6) / 1e4;
        const asShown = (x: number | 'target' | undefined) => (x === 'target' ? [] : [it.unit === '%' ? pc(x!) : x!]);
        const expected = {
          deduct: [r.per_unit!],
          accumulate: [r.per_unit!, it.max],
          linear: [...asShown(r.zero), ...asShown(r.full), 0],
          deduct_over_baseline: [pc(r.ratio ?? 0), r.per_unit!],
        }[r.kind].sort((a, b) => a - b);
        for (const lang of ['zh', 'en'] as const) {
          const rule = ruleText(it, lang);
          // the numbers written are the parameters (and the 0 points of a linear rule), nothing else
          expect([...new Set(numbers(rule))], `${sc.id} ${it.id} ${lang}: ${rule}`).toEqual([...new Set(expected)]);
          if (it.unit === '%' && r.kind === 'linear') expect(rule, `${it.id} ${lang}`).toMatch(/\d%/);
          if (it.unit && it.unit !== '%' && lang === 'zh') expect(rule, it.id).toContain(it.unit);
          expect(ruleWords(it, lang).endsWith(rule), it.id).toBe(true);
        }
      }
    }
    // the adoption levels and the 12 × staff target, beside the SQL that applies them, in both schemes that have them
    const adoption = def.items.find((x) => x.id === 'info_adoption')!;
    expect(ruleWords(adoption, 'zh')).toContain('国家级5分、省级3分、市级1分、县级0.5分,有领导批示的另加2分');
    expect(ruleWords(adoption, 'zh')).not.toContain('每项得1分');
    for (const sc of [def, burden]) {
      const quota = sc.items.find((x) => x.id === 'info_quota')!;
      expect(ruleWords(quota, 'zh'), sc.id).toContain('目标为在岗人数×12条');
      expect(ruleWords(quota, 'en'), sc.id).toContain('12 × the active staff');
    }
  });

  it("an item's counts (what its measure weighs or targets) gives only numbers its SQL or the scheme's macros use", () => {
    const sqlNumbers = (s: string) => new Set((s.match(/\d+(?:\.\d+)?/g) ?? []).map(Number));
    const withCounts = def.items.filter((it) => it.counts);
    expect(withCounts.map((it) => it.id)).toEqual(['info_quota', 'info_adoption']);
    for (const it of withCounts) {
      const sql = sqlNumbers(`${it.measure}\n${def.macros ?? ''}`);
      for (const lang of ['counts', 'counts_en'] as const) {
        for (const n of (it[lang]!.match(/\d+(?:\.\d+)?/g) ?? []).map(Number)) expect(sql.has(n), `${it.id} ${lang}: ${n}`).toBe(true);
      }
    }
  });

  it('the category median and best count only the offices not vetoed, and the pages say so', async () => {
    const db = await Db.open(join(dir, 'kaoping.duckdb'), { readOnly: true });
    let vetoedSeen = 0;
    try {
      const m = await loadModel(db, def, 2024, 'zh');
      for (const c of m.categories) {
        const counted = c.offices.filter((o) => !o.vetoed).map((o) => o.total);
        vetoedSeen += c.offices.length - counted.length;
        expect(c.best, c.name).toBe(Math.max(...counted));
        const s = [...counted].sort((a, b) => a - b);
        const mid = s.length >> 1;
        expect(c.median, c.name).toBeCloseTo(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, 9);
      }
      // a model of one vetoed office (kaoping report --office) computes the same in DuckDB
      const vetoed = m.offices.find((o) => o.vetoed)!;
      const one = await loadModel(db, def, 2024, 'zh', { office: vetoed.office_id });
      const full = m.categories.find((c) => c.name === vetoed.category)!;
      expect(one.categories[0].best).toBe(full.best);
      expect(one.categories[0].median).toBeCloseTo(full.median, 9);
    } finally {
      db.close();
    }
    expect(vetoedSeen).toBeGreaterThan(0);
    const index = await readFile(join(dir, 'report', 'index.html'), 'utf8');
    expect(index).toContain('类别中位数和类别最高分只统计未被一票否决的单位');
    expect(await pageOf('BM015')).toContain('总分与本类别中位数、最高分(不含一票否决单位)');
  });

  it('the commended list shows each office’s rank, not a running number', async () => {
    const index = await readFile(join(dir, 'report', 'index.html'), 'utf8');
    const scores = (await readFile(join(dir, 'scores.csv'), 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const cols = scores[0].split(',');
    const rankOf = new Map(scores.slice(1).map((l) => [l.split(',')[cols.indexOf('office_id')], l.split(',')[cols.indexOf('rank')]]));
    const items = [...index.matchAll(/<li><span class="rank-no">第(\d+)名<\/span> .*?<span class="id">([^<]+)<\/span>/g)];
    expect(items.length).toBeGreaterThan(3);
    for (const [, rank, id] of items) expect(rank, id).toBe(rankOf.get(id));
    expect(index).not.toMatch(/<ol class="commended">/);
    // the rank is the list's only number: the list draws none of its own
    expect(await readFile(join(dir, 'report', 'assets', 'report.css'), 'utf8')).toContain('ol.commended.ranked { list-style: none;');
  });

  it('evidence rows say what the row is (its date), the cap wording, and an item lost on its count says value against target', async () => {
    const xz = await pageOf('XZ022');
    const ev = text(xz.slice(xz.indexOf('id="evidence"')));
    expect(ev).toMatch(/20\d\d-\d\d-\d\d发文,/);
    expect(ev).not.toContain('超出上限18件');
    const db = await Db.open(join(dir, 'kaoping.duckdb'), { readOnly: true });
    try {
      // the cap's rows: the cap, where the excess starts, this row
      const cap = await db.all<{ detail_zh: string; detail: string }>(
        `SELECT detail, detail_zh FROM evidence WHERE year = 2024 AND indicator = 'doc_cap' ORDER BY office_id, line LIMIT 2`,
      );
      for (const c of cap) {
        expect(c.detail_zh).toMatch(/^\d{4}-\d\d-\d\d发文:上限(\d+)件,本年第(\d+)件起超出,此为第\d+件$/);
        const [, limit, from] = c.detail_zh.match(/上限(\d+)件,本年第(\d+)件/)!;
        expect(Number(from)).toBe(Number(limit) + 1);
        expect(c.detail).toMatch(/^issued \S+: cap \d+, over from document #\d+ of the year; this is #\d+$/);
      }
      // the English details carry no raw codes
      const en = await db.all<{ detail: string }>(`SELECT detail FROM evidence UNION ALL SELECT detail FROM vetoes`);
      for (const e of en) expect(e.detail).not.toMatch(/exchange_box|early_leave|top_secret/);
      const lost = await db.all<{ office_id: string; indicator: string }>(
        `SELECT office_id, indicator FROM indicators i WHERE year = 2024 AND indicator IN ('info_quota', 'info_adoption', 'research')
         AND points < max_points - 1e-9 ORDER BY indicator, office_id LIMIT 3`,
      );
      expect(lost.length).toBeGreaterThan(0);
      for (const l of lost) {
        const page = await pageOf(l.office_id);
        const at = page.indexOf(`id="ev-${l.indicator}"`);
        expect(at, `${l.office_id} ${l.indicator}`).toBeGreaterThan(0);
        const section = text(page.slice(at, page.indexOf('</section>', at)));
        expect(section).toContain('按数量计分,无逐行记录');
        expect(section).toMatch(/实测 \d+(\.\d+)? (条|分|篇)(,目标 \d+(\.\d+)? (条|分|篇))?,得 [\d.]+ 分\(满分 [\d.]+ 分\),失 [\d.]+ 分/);
      }
    } finally {
      db.close();
    }
  });

  it('the data-quality page names checks and tables in Chinese, labels its totals and search, and lists the offices affected', async () => {
    const q = await readFile(join(dir, 'report', 'data-quality.html'), 'utf8');
    for (const code of ['type', 'unique', 'reference', 'range', 'order', 'structure', 'required'])
      expect(q).not.toContain(`<td>${code}</td>`);
    expect(q).toContain('<td>类型或格式不符</td>');
    expect(q).toContain('<td>对应记录不存在</td>');
    expect(q).toContain('<td><bdi>documents.csv</bdi></td><td>发文</td>');
    expect(q).toContain('合计(10 个文件)');
    expect(q).toContain('placeholder="搜索拒收明细(文件、列、值或原因)"');
    expect(q).not.toContain('placeholder="搜索单位');
    expect(q.match(/>拒收行</g)?.length).toBe(1);
    // the offices the rejected rows name, each a link to its page, with its rows
    const affected = q.slice(q.indexOf('id="rejected-offices"'), q.indexOf('</table>', q.indexOf('id="rejected-offices"')));
    expect(affected).toMatch(
      /<a href="office\/XZ007-[0-9a-f]{10}\.html"><bdi>[^<]+<\/bdi><\/a> <span class="id">XZ007<\/span><\/td><td class="num"[^>]*>1<\/td>/,
    );
    expect(affected).toContain('XZO18');
    expect(q).toContain('不是考核单位');
  });

  it('says 考核维度 for the dimensions, states the tiers and the quota in words, with no stray space or formula', async () => {
    const method = await readFile(join(dir, 'report', 'methodology.html'), 'utf8');
    expect(method).toContain('考核维度、考核项目与评分规则');
    expect(method).toContain('每个类别的优秀名额为本类别单位数的20%(向下取整),至少1个');
    expect(method).not.toContain('max(');
    expect(method).not.toContain('"1224"');
    expect(method).toContain('如两个单位并列第2名,下一个单位为第4名');
    const pages = [method, await readFile(join(dir, 'report', 'index.html'), 'utf8'), await pageOf('XZ022')];
    for (const p of pages) {
      expect(p).not.toContain('考核内容');
      expect(p).not.toMatch(/乡镇 排名|县级部门 排名/);
    }
    const index = text(pages[1]);
    expect(index).toContain('全部类别合计');
    expect(index).not.toMatch(/考核单位\s*52/);
    // no Chinese header says 考核项目 for a dimension
    expect(pages[2]).toMatch(/<th scope="col">考核项目<\/th>/);
    expect(await readFile(join(dir, 'report', 'assets', 'report.css'), 'utf8')).toMatch(/\.id \{[^}]*white-space: nowrap/);
  });
});
