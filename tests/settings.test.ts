/**
 * Settings 考评设置 (appraisal.yaml in the data folder): read once, shown on
 * every page; a bad file is one sentence naming the key, before anything is written.
 */
import { describe, expect, it } from 'vitest';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, goldenRun, ROOT, tempDir } from './helpers.ts';
import { Db } from '../pipeline/db.ts';
import { schemeOfYear } from '../pipeline/explain.ts';
import { parseSettings, settingsOfYear } from '../pipeline/settings.ts';
import { buildSite, makeSite } from '../reports/index.ts';
import { loadModel } from '../reports/model.ts';

const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

async function dataWith(yaml: string, name = 'appraisal.yaml'): Promise<string> {
  const data = join(await tempDir('kaoping-settings-'), 'data');
  await cp(GOLDEN, data, { recursive: true });
  await writeFile(join(data, name), yaml);
  return data;
}

describe('settings', () => {
  it('a bad settings file is one sentence naming the key; nothing is written', async () => {
    const cases: [string, RegExp][] = [
      ['titel: x\n', /中的键 titel 无法识别/],
      ['publicity_days: -3\n', /publicity_days 为 -3/],
      ['publicity_days: 2.5\n', /publicity_days 为 2.5/],
      ['title: [a, b]\n', /title 应为文字/],
      ['- a\n- b\n', /应由键值组成/],
      ['title: "unterminated\n', /不是有效的 YAML/],
    ];
    for (const [yaml, pattern] of cases) {
      const data = await dataWith(yaml);
      const out = join(await tempDir(), 'out');
      const r = await cli(['run', '--data', data, '--year', '2024', '--out', out, '--quiet']);
      expect(r.code, yaml).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr, yaml).toMatch(pattern);
      expect(await readdir(join(out, '..'))).toEqual([]);
    }
    expect(() => parseSettings({ organ: 'x'.repeat(201) }, 'f')).toThrow(/organ/);
  });

  it('the title, organ and date are on every page; the print header carries the title, the footer the page number', async () => {
    const data = await dataWith('title: 岐山县2024年度办公室工作考评\norgan: 中共岐山县委办公室 岐山县人民政府办公室\npublicity_days: 7\n');
    const out = join(await tempDir(), 'out');
    // no feedback letters (KAOPING_FEEDBACK_LIMIT=0, read when the run writes them): this test reads the report
    const limit = process.env.KAOPING_FEEDBACK_LIMIT;
    process.env.KAOPING_FEEDBACK_LIMIT = '0';
    const r = await cli(['run', '--data', data, '--year', '2024', '--out', out, '--quiet']).finally(() => {
      if (limit === undefined) delete process.env.KAOPING_FEEDBACK_LIMIT;
      else process.env.KAOPING_FEEDBACK_LIMIT = limit;
    });
    expect(r.code, r.stderr).toBe(0);
    const pages = (await readdir(join(out, 'report'), { recursive: true })).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const p of pages) {
      const html = await readFile(join(out, 'report', p), 'utf8');
      expect(html, p).toContain('<p class="masthead-title">岐山县2024年度办公室工作考评</p>');
      expect(html, p).toContain('<p class="masthead-organ">中共岐山县委办公室 岐山县人民政府办公室</p>');
      expect(html, p).toMatch(/<p class="masthead-date">报告日期 \d{4}年\d{1,2}月\d{1,2}日<\/p>/);
      expect(html, p).toContain('@top-center { content: "岐山县2024年度办公室工作考评 · 中共岐山县委办公室 岐山县人民政府办公室"');
      expect(html, p).toContain('@bottom-center { content: "第 " counter(page) " 页"');
    }
    // recorded with the run, so later commands (sensitivity, report --office) show it too
    const s = await cli(['sensitivity', '--db', join(out, 'kaoping.duckdb'), '--draws', '10']);
    expect(s.code, s.stderr).toBe(0);
    expect(await readFile(join(out, 'report', 'sensitivity.html'), 'utf8')).toContain('岐山县2024年度办公室工作考评');
  });

  it('without the file: generic wording with the year', async () => {
    // the golden data's run (no appraisal.yaml): the worker's shared run, a copy of its OUT
    const { out } = await goldenRun();
    const zh = await readFile(join(out, 'report', 'index.html'), 'utf8');
    expect(zh).toContain('<p class="masthead-title">2024年度办公室工作考评</p>');
    expect(zh).not.toContain('masthead-organ');
    expect(zh).toContain('@bottom-center { content: "第 " counter(page) " 页"');
    // in English: the overview built from that run's database with the settings it recorded (none), as --lang en writes it
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      const model = await loadModel(db, await schemeOfYear(db, 2024), 2024, 'en');
      const site = makeSite(model, { svg: false, settings: await settingsOfYear(db, 2024) });
      const index = (await buildSite(site).next()).value!;
      expect(index.path).toBe('index.html');
      expect(index.html).toContain('<p class="masthead-title">Appraisal of office work 2024</p>');
      expect(index.html).not.toContain('masthead-organ');
      expect(index.html).toContain('@bottom-center { content: "Page " counter(page) ""');
    } finally {
      db.close();
    }
  });
});
