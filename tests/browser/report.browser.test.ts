/**
 * The report site in a real browser, opened the way the appraisal team opens
 * it: from disk (file://), no server, no network. Chromium is Debian's
 * (/usr/bin/chromium, or $CHROMIUM); playwright-core only drives it.
 *
 * Checks: charts render (static SVG marks, and the interactive vega-embed
 * view), the ranking table sorts on a header click and filters on search,
 * no console errors, no request outside file://, pages work without
 * JavaScript, and print to A4 PDF. Screenshots and PDFs go to
 * test-artifacts/ (gitignored): report-*.png/pdf and print-*.png/pdf from the
 * report fixture; sample-{index,category,office,quality}[-en].png from the
 * sample (2023 and 2024); city-{index,category,office,office-nojs,quality}[-en].png,
 * report-category-city[-scrolled].png and report-city-search.png from a
 * generated city of 1,500 offices (its office pages have no SVG: static bars);
 * report-office-large-nojs.png, an office page without SVG or scripts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const DATA = join(ROOT, 'tests', 'cases', 'golden-report', 'data');
const SCHEME = join(ROOT, 'tests', 'cases', 'golden-report', 'scheme.yaml');
const ARTIFACTS = join(ROOT, 'test-artifacts');

let browser: Browser;
let report: string;
/** the same output after kaoping sensitivity (the report rewritten with the robustness page) */
let reportSens: string;

async function officePage(id: string): Promise<string> {
  const f = (await readdir(join(report, 'office'))).find((n) => n.startsWith(`${id}-`));
  if (!f) throw new Error(`no page for office ${id}`);
  return join(report, 'office', f);
}

/** A page that records console errors, page errors and every request. */
async function open(ctx: BrowserContext, file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // a request the page itself gave up because the test clicked a link before it ended (net::ERR_ABORTED) is not a
  // failure of the report; a file that is missing (net::ERR_FILE_NOT_FOUND) or refused is
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** Waits until every interactive chart of the page has been drawn by vega-embed. */
async function liveCharts(page: Page): Promise<number> {
  await page.waitForFunction(
    () => {
      const want = document.querySelectorAll('figure.has-live').length;
      return want > 0 && document.querySelectorAll('figure.is-live .live svg').length === want;
    },
    undefined,
    { timeout: 30_000 },
  );
  return page.locator('figure.is-live').count();
}

async function printPdf(page: Page, name: string): Promise<void> {
  const path = join(ARTIFACTS, name);
  const pdf = await page.pdf({ format: 'A4', path, printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  expect(existsSync(path)).toBe(true);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM=/path/to/chromium)`);
  const out = join(await tempDir('kaoping-browser-'), 'out');
  for (const year of ['2023', '2024']) {
    const r = await cli(['run', '--data', DATA, '--scheme', SCHEME, '--out', out, '--year', year]);
    if (r.code !== 0) throw new Error(`kaoping run failed: ${r.stderr}`);
  }
  report = join(out, 'report');
  const outSens = join(await tempDir('kaoping-browser-sens-'), 'out');
  await cp(out, outSens, { recursive: true });
  const r = await cli(['sensitivity', '--db', join(outSens, 'kaoping.duckdb'), '--draws', '200', '--seed', '1']);
  if (r.code !== 0) throw new Error(`kaoping sensitivity failed: ${r.stderr}`);
  reportSens = join(outSens, 'report');
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('report in Chromium from file://', () => {
  it('overview: charts render, the ranking sorts and filters, no errors, nothing but file://', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, requests } = await open(ctx, join(report, 'index.html'));
    const live = await liveCharts(page);
    expect(live).toBe(3); // tiers + one dimension chart per category
    // the static SVG is in the page (hidden once the live view is up) and has marks
    expect(await page.locator('figure .static svg g.mark-rect path').count()).toBeGreaterThan(10);
    // the interactive view drew its own marks
    expect(await page.locator('figure.is-live .live svg g.mark-rect path').count()).toBeGreaterThan(10);
    expect(await page.locator('figure.is-live .static').first().isVisible()).toBe(false);

    // the 片区 column (the data has regions): rank, office, region, total, ...
    expect(await page.locator('#rank-0 thead th:nth-child(3)').innerText()).toMatch(/^片区/);
    // sort the first ranking table by total (4th column): the first click descending (best first), then ascending
    const totals = () =>
      page.$$eval('#rank-0 tbody tr', (rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[3].getAttribute('data-v'))));
    const before = await totals();
    expect(before).toEqual([...before].sort((a, b) => b - a)); // as written: by rank
    await page.click('#rank-0 thead th:nth-child(4)');
    expect(await page.getAttribute('#rank-0 thead th:nth-child(4)', 'aria-sort')).toBe('descending');
    expect(await totals()).toEqual([...before].sort((a, b) => b - a));
    await page.click('#rank-0 thead th:nth-child(4)');
    expect(await totals()).toEqual([...before].sort((a, b) => a - b));
    expect(await page.getAttribute('#rank-0 thead th:nth-child(4)', 'aria-sort')).toBe('ascending');

    // 县级部门 holds the vetoed D03, whose computed total is high: on a score column it sorts last either way, as it ranks
    const lastRow = () => page.locator('#rank-1 tbody tr').last();
    expect(await page.locator('#rank-1 tbody tr.vetoed').count()).toBe(1);
    await page.click('#rank-1 thead th:nth-child(4)');
    expect(await page.getAttribute('#rank-1 thead th:nth-child(4)', 'aria-sort')).toBe('descending');
    expect(await lastRow().getAttribute('class')).toBe('vetoed');
    const rest = await page.$$eval('#rank-1 tbody tr:not(.vetoed)', (rows) =>
      rows.map((r) => Number((r as HTMLTableRowElement).cells[3].getAttribute('data-v'))),
    );
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    await page.click('#rank-1 thead th:nth-child(4)');
    expect(await lastRow().getAttribute('class')).toBe('vetoed');
    // the rank column: ascending first, the vetoed office (ranked last) at the bottom
    await page.click('#rank-1 thead th:nth-child(1)');
    expect(await page.getAttribute('#rank-1 thead th:nth-child(1)', 'aria-sort')).toBe('ascending');
    expect(await lastRow().getAttribute('class')).toBe('vetoed');
    await page.click('#rank-0 thead th:nth-child(4)');
    // sort by office name (text)
    await page.click('#rank-0 thead th:nth-child(2)');
    expect(await page.getAttribute('#rank-0 thead th:nth-child(2)', 'aria-sort')).toBe('ascending');

    // search
    const filter = page.locator('input.table-filter[data-table="rank-0"]');
    expect(await filter.isVisible()).toBe(true);
    await filter.fill('T04');
    expect(await page.locator('#rank-0 tbody tr:visible').count()).toBe(1);
    expect(await page.locator('#rank-0 ~ p.no-match').isVisible()).toBe(false);
    // nothing matches: the table says so
    await filter.fill('没有这个单位');
    expect(await page.locator('#rank-0 tbody tr:visible').count()).toBe(0);
    expect(await page.locator('#rank-0 ~ p.no-match').isVisible()).toBe(true);
    expect(await page.locator('#rank-0 ~ p.no-match').innerText()).toBe('无匹配的单位');
    await filter.fill('');
    expect(await page.locator('#rank-0 tbody tr:visible').count()).toBe(before.length);
    expect(await page.locator('#rank-0 ~ p.no-match').isVisible()).toBe(false);

    // the region filter: only that region's offices
    const region = page.locator('select.region-filter[data-table="rank-0"]');
    expect(await region.isVisible()).toBe(true);
    const regions = await page.$$eval('#rank-0 tbody tr', (rows) => rows.map((r) => r.getAttribute('data-region')));
    const first = regions[0]!;
    await region.selectOption(first);
    expect(await page.locator('#rank-0 tbody tr:visible').count()).toBe(regions.filter((r) => r === first).length);
    expect(
      await page.$$eval('#rank-0 tbody tr:visible', (rows) =>
        rows.every((r) => (r as HTMLTableRowElement).cells[2].textContent === r.getAttribute('data-region')),
      ),
    ).toBe(true);
    await region.selectOption('');
    expect(await page.locator('#rank-0 tbody tr:visible').count()).toBe(before.length);

    // the office named <script>alert(1)</script> is text, and did not run
    expect(await page.locator('#rank-0 a', { hasText: '<script>alert(1)</script>' }).count()).toBe(1);

    await page.screenshot({ path: join(ARTIFACTS, 'report-index.png'), fullPage: true });
    await printPdf(page, 'report-index.pdf');
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });

  it('office page: static and interactive charts, trend, evidence; prints to A4', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, requests } = await open(ctx, await officePage('T04'));
    expect(await liveCharts(page)).toBe(2); // items and trend are interactive; the comparison is static only
    for (const id of ['compare', 'items', 'trend']) {
      expect(await page.locator(`#fig-${id} .static svg [class^="mark-"]`).count(), id).toBeGreaterThan(0);
    }
    expect(await page.locator('#fig-items .live svg g.mark-rect path').count()).toBeGreaterThanOrEqual(32);
    expect(await page.locator('#fig-trend .live svg g.mark-line path').count()).toBeGreaterThan(0);
    expect(await page.locator('#evidence table').count()).toBeGreaterThan(3);
    await page.screenshot({ path: join(ARTIFACTS, 'report-office.png'), fullPage: true });
    await printPdf(page, 'report-office.pdf');
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);

    // a vetoed office shows the banner
    const vetoed = await open(ctx, await officePage('D03'));
    expect(await vetoed.page.locator('section.veto[role="alert"]').isVisible()).toBe(true);
    expect(vetoed.errors).toEqual([]);
    await ctx.close();
  });

  it('print: navigation hidden, static charts shown, charts not split across pages', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await open(ctx, await officePage('T04'));
    await liveCharts(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.site').isVisible()).toBe(false);
    expect(await page.locator('#fig-items .static').isVisible()).toBe(true);
    expect(await page.locator('#fig-items .live').isVisible()).toBe(false);
    const breaks = await page.$$eval('figure.chart', (figs) => figs.map((f) => getComputedStyle(f).breakInside));
    expect(breaks.length).toBe(3);
    expect(new Set(breaks)).toEqual(new Set(['avoid']));
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('works with JavaScript disabled: tables and static charts are in the HTML', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const { page, requests } = await open(ctx, join(report, 'index.html'));
    expect(await page.locator('#rank-0 tbody tr').count()).toBe(11);
    expect(await page.locator('figure .static svg').first().isVisible()).toBe(true);
    expect(await page.locator('input.table-filter').first().isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'report-index-nojs.png'), fullPage: true });
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    const office = await open(ctx, await officePage('T04'));
    expect(await office.page.locator('#fig-items .static svg').isVisible()).toBe(true);
    await ctx.close();
  });

  it('office pages of a large run (no static SVG) draw their charts in the browser', async () => {
    const out = join(await tempDir('kaoping-browser-large-'), 'out');
    // the helper passes its own environment on: set the limit for this one run
    process.env.KAOPING_OFFICE_SVG_LIMIT = '0';
    const r = await cli(['run', '--data', DATA, '--scheme', SCHEME, '--out', out, '--year', '2024']).finally(() => {
      delete process.env.KAOPING_OFFICE_SVG_LIMIT;
    });
    expect(r.code).toBe(0);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const file = join(
      out,
      'report',
      'office',
      (await readdir(join(out, 'report', 'office'))).find((n) => n.startsWith('T04-'))!,
    );
    expect(await readFile(file, 'utf8')).not.toContain('<svg');
    // JavaScript disabled (a locked-down browser): every figure still shows its values as static bars
    const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const still = await open(nojs, file);
    for (const id of ['compare', 'items']) {
      expect(await still.page.locator(`#fig-${id} .static table.bars`).isVisible(), id).toBe(true);
      expect(await still.page.locator(`#fig-${id} .static table.bars .bar > span`).count(), id).toBeGreaterThan(2);
    }
    expect(await still.page.locator('#fig-items .static table.bars tr').count()).toBe(16);
    await still.page.screenshot({ path: join(ARTIFACTS, 'report-office-large-nojs.png'), fullPage: true });
    await nojs.close();
    const { page, errors, requests } = await open(ctx, file);
    expect(await liveCharts(page)).toBe(2); // compare and items (one year only: no trend)
    expect(await page.locator('#fig-items .live svg g.mark-rect path').count()).toBeGreaterThanOrEqual(32);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#fig-items .live').isVisible()).toBe(true);
    await printPdf(page, 'report-office-large.pdf');
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });

  it('robustness page: error bars and the one-at-a-time heat map render, tables sort; marks on the overview; prints', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, requests } = await open(ctx, join(reportSens, 'sensitivity.html'));
    expect(await liveCharts(page)).toBe(4); // rank intervals and rank changes, per category
    for (const i of [0, 1]) {
      // static SVG: error bars (rules), actual ranks (ticks), medians (symbols), heat map cells
      expect(
        await page
          .locator(`#fig-intervals-${i} .static svg g.mark-rule.role-mark line, #fig-intervals-${i} .static svg g.mark-rule.role-mark path`)
          .count(),
      ).toBeGreaterThan(0);
      expect(await page.locator(`#fig-intervals-${i} .static svg g.mark-symbol.role-mark path`).count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator(`#fig-changes-${i} .static svg g.mark-rect.role-mark path`).count()).toBeGreaterThanOrEqual(4 * 5);
      // the interactive view drew the same
      expect(
        await page
          .locator(`#fig-intervals-${i} .live svg g.mark-rule.role-mark line, #fig-intervals-${i} .live svg g.mark-rule.role-mark path`)
          .count(),
      ).toBeGreaterThan(0);
      expect(await page.locator(`#fig-intervals-${i} .live svg g.mark-symbol.role-mark path`).count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator(`#fig-changes-${i} .live svg g.mark-rect.role-mark path`).count()).toBeGreaterThanOrEqual(4 * 5);
    }
    expect(await page.locator('nav.site a[aria-current="page"]').innerText()).toBe('稳健性分析');
    // the interval table sorts by P(commended) (6th column)
    const p = () =>
      page.$$eval('#sens-table-0 tbody tr', (rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[5].getAttribute('data-v'))));
    await page.click('#sens-table-0 thead th:nth-child(6)');
    const asc = await p();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(await page.locator('#sens-table-0 .badge.sens').first().isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'report-sensitivity.png'), fullPage: true });
    await printPdf(page, 'report-sensitivity.pdf');
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);

    // the overview marks the fragile and contested decisions, visibly
    const overview = await open(ctx, join(reportSens, 'index.html'));
    await liveCharts(overview.page);
    const d01 = overview.page.locator('#commendations li', { hasText: 'D01' }).locator('.badge.sens');
    expect(await d01.isVisible()).toBe(true);
    expect(await d01.innerText()).toMatch(/^⚠ (脆弱|有争议) · 结论一致 \d+%$/);
    expect(await overview.page.locator('#commendations li', { hasText: 'T01' }).locator('.badge.sens').count()).toBe(0);
    expect(overview.errors).toEqual([]);
    expect(overview.requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });

  it('a year above the office-page limit: paginated category pages navigate and sort, office names are text, an on-demand page renders', async () => {
    const out = join(await tempDir('kaoping-browser-national-'), 'out');
    const env = { KAOPING_OFFICE_PAGES_LIMIT: '5', KAOPING_CATEGORY_PAGE_SIZE: '4' };
    Object.assign(process.env, env);
    const r = await cli(['run', '--data', DATA, '--scheme', SCHEME, '--out', out, '--year', '2024'])
      .then(async (x) => (x.code === 0 ? cli(['report', '--office', 'T04', '--out', out]) : x))
      .finally(() => {
        for (const k of Object.keys(env)) delete process.env[k];
      });
    expect(r.code, r.stderr).toBe(0);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, requests } = await open(ctx, join(out, 'report', 'index.html'));
    await liveCharts(page);
    expect(await page.locator('#rank-0 tbody a').count()).toBe(0);
    expect(await page.locator('#office-pages code').innerText()).toContain('kaoping report --office');
    // to the first page of the category, then the next one
    await page.click('#categories tbody tr:first-child a');
    expect(await page.locator('nav.pager').first().innerText()).toContain('第 1 页');
    await page.click('nav.pager >> nth=0 >> a[rel="next"]');
    expect(await page.locator('nav.pager').first().innerText()).toContain('第 2 页');
    const ranks = () =>
      page.$$eval('#rank-all tbody tr', (rows) => rows.map((x) => Number((x as HTMLTableRowElement).cells[0].getAttribute('data-v'))));
    const before = await ranks();
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThanOrEqual(4);
    await page.click('#rank-all thead th:nth-child(1)');
    await page.click('#rank-all thead th:nth-child(1)');
    expect(await ranks()).toEqual([...before].sort((a, b) => b - a));
    await page.click('nav.pager >> nth=0 >> a[rel="prev"]');
    expect(await page.locator('nav.pager').first().innerText()).toContain('第 1 页');
    // the page written on demand
    const file = join(
      out,
      'report',
      'office',
      (await readdir(join(out, 'report', 'office'))).find((n) => n.startsWith('T04-'))!,
    );
    const office = await open(ctx, file);
    expect(await liveCharts(office.page)).toBe(1); // items (compare is static only; one year: no trend)
    expect(await office.page.locator('#fig-compare .static svg').count()).toBe(1);
    expect(office.errors).toEqual([]);
    expect(errors).toEqual([]);
    expect([...requests, ...office.requests].filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });

  it('English pages render without errors', async () => {
    const out = join(await tempDir('kaoping-browser-en-'), 'out');
    const r = await cli(['run', '--data', DATA, '--scheme', SCHEME, '--out', out, '--year', '2024', '--lang', 'en']);
    expect(r.code).toBe(0);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, requests } = await open(ctx, join(out, 'report', 'index.html'));
    await liveCharts(page);
    expect(await page.locator('nav.site').innerText()).toContain('Overview');
    expect(await readFile(join(out, 'report', 'index.html'), 'utf8')).toMatch(/<html lang="en">/);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });
});

describe('a city of 1,500 offices (kaoping generate): search, sticky header, region filter, Back', () => {
  let city: string;
  let cityEn: string;
  let largest: string;
  beforeAll(async () => {
    const data = join(await tempDir('kaoping-browser-city-'), 'data');
    const g = await cli(['generate', '--offices', '1500', '--out', data]);
    if (g.code !== 0) throw new Error(`kaoping generate failed: ${g.stderr}`);
    city = join(await tempDir('kaoping-browser-city-'), 'out');
    cityEn = join(await tempDir('kaoping-browser-city-en-'), 'out');
    for (const [out, lang] of [
      [city, 'zh'],
      [cityEn, 'en'],
    ]) {
      const r = await cli(['run', '--data', data, '--out', out, '--lang', lang, '--quiet']);
      if (r.code !== 0) throw new Error(`kaoping run failed: ${r.stderr}`);
    }
    // the category with most offices: its overview table lists its first 50 only
    const offices = (await readFile(join(data, 'offices.csv'), 'utf8')).trim().split('\n').slice(1);
    const counts = new Map<string, number>();
    for (const l of offices) counts.set(l.split(',')[2], (counts.get(l.split(',')[2]) ?? 0) + 1);
    largest = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    expect(counts.get(largest)!).toBeGreaterThan(300);
  });

  /** The index of the overview table (#rank-<i>) of category `name`. */
  async function tableOf(page: Page, name: string): Promise<string> {
    const id = await page.$$eval(
      'section.category',
      (sections, n) => sections.find((x) => x.querySelector('h2')?.textContent?.includes(n as string))?.querySelector('table')?.id,
      name,
    );
    if (!id) throw new Error(`no table of ${name}`);
    return id;
  }

  it('the overview search finds an office far below the first 50 and links to its row on the category page', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, requests } = await open(ctx, join(city, 'report', 'index.html'));
    const id = await tableOf(page, largest);
    expect(await page.locator(`#${id} tbody tr`).count()).toBe(50);
    // an office deep in the ranking (the 300th listed on its category page)
    const catHref = await page.locator('#categories tbody tr', { hasText: largest }).locator('a').getAttribute('href');
    const catFile = join(city, 'report', catHref!);
    const deep = await readFile(catFile, 'utf8');
    const rows = [...deep.matchAll(/<tr id="o-([^"]+)"[^>]*><td class="num" data-v="(\d+)"/g)];
    const [, officeId, rank] = rows[299];
    expect(Number(rank)).toBeGreaterThan(50);
    await page.fill(`input.table-filter[data-table="${id}"]`, officeId);
    expect(await page.locator(`#${id} tbody tr:visible`).count()).toBe(0);
    const more = page.locator(`.search-more[data-table="${id}"]`);
    expect(await more.isVisible()).toBe(true);
    expect(await page.locator(`#${id} ~ p.no-match`).isVisible()).toBe(false);
    const link = more.locator('a').first();
    expect(await link.innerText()).toContain(`第 ${rank} 名`);
    await page.evaluate((t) => document.getElementById(t)?.closest('section')?.querySelector('h2')?.scrollIntoView(), id);
    await page.screenshot({ path: join(ARTIFACTS, 'report-city-search.png') });
    await link.click();
    await page.waitForLoadState('load');
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#o-${officeId}`);
    const row = page.locator(`tr[id="o-${officeId}"]`);
    expect(await row.isVisible()).toBe(true);
    const box = (await row.boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y).toBeLessThan(900);
    expect(
      await row
        .locator('td')
        .first()
        .evaluate((td) => getComputedStyle(td).backgroundColor),
    ).toBe('rgb(255, 243, 191)');
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });

  it('the category page: its header stays in view after scrolling, the region filter, Back restores the search', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const overview = await open(ctx, join(city, 'report', 'index.html'));
    const catHref = await overview.page.locator('#categories tbody tr', { hasText: largest }).locator('a').getAttribute('href');
    await overview.page.close();
    const { page, errors, requests } = await open(ctx, join(city, 'report', catHref!));
    const all = await page.locator('#rank-all tbody tr').count();
    expect(all).toBeGreaterThan(300);
    await page.screenshot({ path: join(ARTIFACTS, 'report-category-city.png') });
    await page.mouse.wheel(0, 6000);
    await page.waitForFunction(() => window.scrollY > 5000);
    const head = page.locator('#rank-all thead th').first();
    const top = (await head.boundingBox())!.y;
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(2);
    // what is drawn at the top of the window is the header, not a row scrolled under it
    const box = (await head.boundingBox())!;
    const at = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('thead') !== null,
      [box.x + 10, box.y + box.height / 2],
    );
    expect(at).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'report-category-city-scrolled.png') });
    await page.evaluate(() => window.scrollTo(0, 0));

    // the region filter
    const regions = await page.$$eval('select.region-filter option', (o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
    expect(regions.length).toBeGreaterThan(1);
    const counts = await page.$$eval('#rank-all tbody tr', (rows) => rows.map((r) => r.getAttribute('data-region')));
    await page.selectOption('select.region-filter', regions[1]);
    expect(await page.locator('#rank-all tbody tr:visible').count()).toBe(counts.filter((r) => r === regions[1]).length);
    await page.selectOption('select.region-filter', '');

    // search, leave for an office page, come back: the box and the filter as they were
    const query = await page.locator('#rank-all tbody tr').nth(120).locator('.id').innerText();
    await page.fill('input.table-filter', query);
    expect(await page.locator('#rank-all tbody tr:visible').count()).toBe(1);
    await page.locator('#rank-all tbody tr:visible a').first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toContain('/office/');
    await page.goBack({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('#rank-all tbody tr:not([hidden])').length === 1);
    expect(await page.inputValue('input.table-filter')).toBe(query);
    expect(await page.locator('#rank-all tbody tr:visible').count()).toBe(1);
    expect(await page.locator('#rank-all tbody tr:visible .id').innerText()).toBe(query);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await ctx.close();
  });

  it('screenshots in Chinese and English: overview, category page, office page (static bars without scripts), data quality', async () => {
    for (const [out, suffix] of [
      [city, ''],
      [cityEn, '-en'],
    ]) {
      const rep = join(out, 'report');
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const overview = await open(ctx, join(rep, 'index.html'));
      await liveCharts(overview.page);
      await overview.page.screenshot({ path: join(ARTIFACTS, `city-index${suffix}.png`) });
      const category = (await readdir(join(rep, 'category'))).sort()[0];
      const cat = await open(ctx, join(rep, 'category', category));
      await cat.page.screenshot({ path: join(ARTIFACTS, `city-category${suffix}.png`) });
      const office = (await readdir(join(rep, 'office'))).sort()[0];
      const off = await open(ctx, join(rep, 'office', office));
      await off.page.screenshot({ path: join(ARTIFACTS, `city-office${suffix}.png`), fullPage: true });
      const quality = await open(ctx, join(rep, 'data-quality.html'));
      await quality.page.screenshot({ path: join(ARTIFACTS, `city-quality${suffix}.png`), fullPage: true });
      for (const p of [overview, cat, off, quality]) expect(p.errors).toEqual([]);
      await ctx.close();
      // a locked-down browser: the office page of a 1,500-office year has no SVG, its figures are bars
      const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
      const still = await open(nojs, join(rep, 'office', office));
      expect(await still.page.locator('#fig-items .static table.bars').isVisible()).toBe(true);
      expect(await still.page.locator('#fig-compare .static table.bars').isVisible()).toBe(true);
      await still.page.screenshot({ path: join(ARTIFACTS, `city-office-nojs${suffix}.png`), fullPage: true });
      await nojs.close();
    }
  });
});

describe('the sample in Chinese and English: screenshots of the pages the team reads first', () => {
  it('overview, a category page, an office page and the data-quality page, zh and en (test-artifacts/sample-*.png)', async () => {
    for (const lang of ['zh', 'en']) {
      const out = join(await tempDir(`kaoping-browser-sample-${lang}-`), 'out');
      for (const year of ['2023', '2024']) {
        const r = await cli(['run', '--year', year, '--out', out, '--lang', lang, '--quiet']);
        expect(r.code, r.stderr).toBe(0);
      }
      const rep = join(out, 'report');
      const suffix = lang === 'en' ? '-en' : '';
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const office = (await readdir(join(rep, 'office'))).sort().find((n) => n.startsWith('XZ008-'))!;
      const shots: [string, string, boolean][] = [
        ['index.html', 'sample-index', true],
        [join('category', (await readdir(join(rep, 'category'))).sort()[0]), 'sample-category', true],
        [join('office', office), 'sample-office', true],
        ['data-quality.html', 'sample-quality', true],
      ];
      for (const [file, name, full] of shots) {
        const { page, errors, requests } = await open(ctx, join(rep, file));
        if ((await page.locator('figure.has-live').count()) > 0) await liveCharts(page);
        await page.screenshot({ path: join(ARTIFACTS, `${name}${suffix}.png`), fullPage: full });
        expect(errors, file).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
        await page.close();
      }
      await ctx.close();
    }
  });
});

describe('the printed report (A4, what the team hands out)', () => {
  const TITLE = '示例县2024年度办公室工作考评';

  /** Prints `file` as the browser's print dialog would (the page's own @page sizes), to test-artifacts/NAME.pdf and a PNG of page 1. */
  async function print(ctx: BrowserContext, file: string, name: string): Promise<string[]> {
    const { page, errors } = await open(ctx, file);
    await page.emulateMedia({ media: 'print' });
    const path = join(ARTIFACTS, `${name}.pdf`);
    await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
    expect(errors).toEqual([]);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', path, join(ARTIFACTS, name)]);
    return Array.from({ length: pages }, (_, i) =>
      execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), path, '-'], { encoding: 'utf8' }),
    );
  }

  it('the overview, a 28-office category and an office page: few pages, the title and 第 N 页 on every page, no sort arrows', async () => {
    const data = join(await tempDir('kaoping-print-'), 'data');
    await cp(join(ROOT, 'data', 'sample'), data, { recursive: true });
    await writeFile(join(data, 'appraisal.yaml'), `title: ${TITLE}\norgan: 中共示例县委办公室 示例县人民政府办公室\n`);
    const out = join(await tempDir('kaoping-print-'), 'out');
    const r = await cli(['run', '--data', data, '--year', '2024', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rep = join(out, 'report');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const category = (await readdir(join(rep, 'category'))).sort()[0];
    const office = (await readdir(join(rep, 'office'))).sort()[0];
    const printed = {
      overview: await print(ctx, join(rep, 'index.html'), 'print-overview'),
      category: await print(ctx, join(rep, 'category', category), 'print-category'),
      office: await print(ctx, join(rep, 'office', office), 'print-office'),
    };
    await ctx.close();
    expect(printed.overview.length).toBeLessThanOrEqual(6);
    expect(printed.category.length).toBeLessThanOrEqual(2);
    expect(printed.office.length).toBeLessThanOrEqual(3);
    for (const [what, pages] of Object.entries(printed)) {
      pages.forEach((text, i) => {
        expect(text, `${what} page ${i + 1}`).toContain(TITLE);
        expect(text.replace(/\s+/g, ''), `${what} page ${i + 1}`).toContain(`第${i + 1}页`);
        expect(text, `${what} page ${i + 1}`).not.toMatch(/[↕↑↓]/);
      });
    }
    // a name is on one line: every row of the category (24 offices) sits on the first landscape page, rank, name and code together
    const rows = printed.category[0].split('\n').filter((l) => /^\s*\d+\s+\S+\s+BM\d{3}\b/.test(l));
    expect(rows.length).toBe(24);
  });
});
