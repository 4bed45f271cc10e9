/**
 * The report site, end to end: the real CLI on a fixed dataset
 * (tests/golden-report/data: the golden county plus an office with id
 * `../evil` named `<script>alert(1)</script>`, and one rejected row), two
 * years into one database, then checks on the files it wrote.
 *
 * Goldens: tests/golden-report/expected/ (methodology page, one office's
 * Vega-Lite specs). UPDATE_GOLDEN=1 npx vitest run tests/report.test.ts rewrites them.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import AjvModule from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../pipeline/db.ts';
import { readScheme, type Scheme } from '../pipeline/scheme.ts';
import { svgFresh, SvgRenderer, textWidth, type Chart } from '../reports/charts.ts';
import { jsonForScript, html, esc } from '../reports/html.ts';
import { writeReportWithStats } from '../reports/index.ts';
import { loadModel } from '../reports/model.ts';
import { pageNames, safeStem } from '../reports/paths.ts';
import { buildSite, makeSite, type Built } from '../reports/site.ts';
import { cli, ROOT, tempDir } from './helpers.ts';

const HERE = join(ROOT, 'tests', 'golden-report');
const DATA = join(HERE, 'data');
const SCHEME = join(HERE, 'scheme.yaml');
const EXPECTED = join(HERE, 'expected');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const EVIL_ID = '../evil';
const EVIL_NAME = '<script>alert(1)</script>';

let out: string;
let outEn: string;
let scheme: Scheme;

async function files(dir: string, ext = ''): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => join(e.parentPath, e.name)).sort();
}

async function run(args: string[]): Promise<void> {
  const r = await cli(['run', '--data', DATA, '--scheme', SCHEME, ...args]);
  if (r.code !== 0) throw new Error(`kaoping run ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
}

/** Every page and its charts, built from the run's database without writing anything. */
async function site(dir: string, year: number, lang: 'zh' | 'en', svg = false): Promise<Built[]> {
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
}

beforeAll(async () => {
  scheme = await readScheme(SCHEME);
  out = join(await tempDir('kaoping-report-'), 'out');
  outEn = join(await tempDir('kaoping-report-en-'), 'out');
  await run(['--out', out, '--year', '2023']);
  await run(['--out', out, '--year', '2024']);
  await run(['--out', outEn, '--year', '2024', '--lang', 'en']);
}, 120_000);

describe('report site', () => {
  it('writes the pages and the assets', async () => {
    const report = join(out, 'report');
    for (const f of ['index.html', 'individuals.html', 'recommendations.html', 'data-quality.html', 'methodology.html',
      'assets/report.css', 'assets/report.js', 'assets/vega.min.js', 'assets/vega-lite.min.js', 'assets/vega-embed.min.js']) {
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
    const require = createRequire(import.meta.url);
    const schemaPath = join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json');
    const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
    expect(schema.$schema).toMatch(/draft-07/);
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown } };
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    const specs: { where: string; spec: unknown }[] = [];
    for (const [dir, lang] of [[out, 'zh'], [outEn, 'en']] as const) {
      for (const p of await site(dir, 2024, lang)) for (const c of p.charts) specs.push({ where: `${lang} ${p.path} ${c.id}`, spec: c.spec });
    }
    // and the specs as embedded in the written pages
    for (const f of await files(join(out, 'report'), '.html')) {
      const text = await readFile(f, 'utf8');
      for (const m of text.matchAll(/<script type="application\/json" class="vl-spec">(.*?)<\/script>/gs)) {
        specs.push({ where: `page ${relative(out, f)}`, spec: JSON.parse(m[1]) });
      }
    }
    expect(specs.length).toBeGreaterThan(60);
    const kinds = new Set(specs.map((s) => s.where.split(' ').pop()!.replace(/-\d+$/, '')));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['compare', 'dims', 'items', 'tiers', 'trend']));
    const bad = specs.filter((s) => !validate(s.spec)).map((s) => `${s.where}: ${JSON.stringify(validate.errors).slice(0, 300)}`);
    expect(bad).toEqual([]);
  });

  it('no page references anything over the network, and every link stays inside report/ and exists', async () => {
    const report = join(out, 'report');
    for (const dir of [report, join(outEn, 'report')]) {
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
    expect(all.filter((f) => /evil/.test(f)).map((f) => relative(report, f))).toEqual([expect.stringMatching(/^office\/evil-[0-9a-f]{10}\.html$/)]);
    const page = all.find((f) => /evil/.test(f))!;
    const text = await readFile(page, 'utf8');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const f of await files(report, '.html')) {
      const t = await readFile(f, 'utf8');
      expect(t, f).not.toContain(EVIL_NAME);
      expect(t, f).not.toMatch(/<b>&amp;<\/b>/);
      // every <script> is ours: a file from assets/ or an embedded spec
      for (const m of t.matchAll(/<script\b[^>]*>/g)) expect(m[0]).toMatch(/^<script (src="(\.\.\/)?assets\/[a-z.-]+\.js"|type="application\/json" class="vl-spec")>$/);
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
    const ids = ['../x', '..', '.', 'a/b', 'a\\b', 'a\0b', 'x'.repeat(300), '', 'CON', 'nul', 'A1', 'a1', '县级/部门', '/etc/passwd', 'C:\\x', ' ', '%2e%2e%2f'];
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
    const data = ['白沙乡党政办', '乡镇', '西片', '杨帆', '发文'];
    const stripped = data.reduce((s, d) => s.replaceAll(d, ''), text.replace(/<script type="application\/json"[^]*?<\/script>/g, ''));
    expect(stripped.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
    expect(text).toContain('Points against maximum, item by item');
    const zh = await readFile(join(out, 'report', 'index.html'), 'utf8');
    expect(zh).toMatch(/<html lang="zh-CN">/);
    expect(zh).toContain('2024 年度考评报告');
  });

  it('office pages show the veto, the trend, the evidence and the diagnostics', async () => {
    const report = join(out, 'report');
    const page = async (id: string) => readFile((await files(join(report, 'office'), '.html')).find((f) => f.includes(`/${id}-`))!, 'utf8');
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
    const charts: Chart[] = pages.filter((p) => p.path === 'index.html' || /office\/(T04|T06|D03|evil)-/.test(p.path)).flatMap((p) => p.charts);
    const r = new SvgRenderer();
    try {
      for (const c of charts) {
        const cached = await r.svg(c);
        const fresh = await svgFresh(c);
        const at = [...cached].findIndex((ch, i) => ch !== fresh[i]);
        expect(cached === fresh, `${c.id} differs at ${at}: ${cached.slice(at - 40, at + 40)} | ${fresh.slice(at - 40, at + 40)}`).toBe(true);
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
      const b = join(await tempDir('kaoping-rep-b-'), 'report');
      const c = join(await tempDir('kaoping-rep-c-'), 'report');
      const ra = await writeReportWithStats(db, scheme, 2024, a, 'zh');
      await writeReportWithStats(db, scheme, 2024, b, 'zh');
      const fa = await files(a);
      expect(fa.map((f) => relative(a, f))).toEqual((await files(b)).map((f) => relative(b, f)));
      for (const f of fa) expect(await readFile(f, 'utf8'), relative(a, f)).toBe(await readFile(join(b, relative(a, f)), 'utf8'));
      // the same pages as the CLI wrote
      for (const f of fa.filter((x) => x.endsWith('.html'))) {
        expect(await readFile(f, 'utf8'), relative(a, f)).toBe(await readFile(join(out, 'report', relative(a, f)), 'utf8'));
      }
      const perOffice = ra.stats.ms.officePages / ra.stats.officePages;
      console.log(`report: ${ra.stats.pages} pages, ${ra.stats.officePages} office pages, ${ra.stats.svgCharts} SVG charts, ` +
        `${(ra.stats.bytes / 1024).toFixed(0)} KiB, ${ra.stats.ms.total.toFixed(0)} ms in all, ${perOffice.toFixed(2)} ms per office page`);
      expect(perOffice).toBeLessThan(100);

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
});
