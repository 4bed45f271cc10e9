/**
 * Charts: Vega-Lite specs (pure functions of the model) and their static SVG,
 * compiled in Node (vega-lite compile -> vega View, renderer 'none' ->
 * toSVG()). The same spec, with its data inline under `datasets`, is what a
 * page embeds for the interactive view, and what the tests validate against
 * the Vega-Lite JSON schema.
 *
 * Speed: compiling and parsing a spec costs ~10 ms; the data does not change
 * the compiled dataflow. So `SvgRenderer` compiles each spec *without* its
 * datasets once (the template), keeps one View per template, and for every
 * chart only swaps the data in and renders: ~2 ms per chart instead of ~12.
 *
 * Text width: vega without canvas estimates 0.8 em per character, far too
 * narrow for Chinese and too wide for Latin. `textMetrics.width` is replaced
 * so East Asian wide characters count as 1 em, bidi and other format
 * characters (the isolates around data texts) none, and others 0.6 em.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { agreementPct, fmt, tier as tierWord } from '../words/common.ts';
import type { Lang } from '../words/index.ts';
import { charWidth } from '../pipeline/text.ts';
import type { Scheme } from '../pipeline/scheme.ts';
import type { Category, HistoryPoint, Indicator, Model, Office, Sensitivity } from './model.ts';
import { isolate } from './html.ts';
import { t } from '../words/report.ts';

export const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';

export const TIER_ORDER = ['excellent', 'good', 'pass', 'fail'] as const;
const TIER_COLOR: Record<string, string> = { excellent: '#2e7d32', good: '#1565c0', pass: '#ef8f00', fail: '#c62828' };
const DIM_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#e15759', '#9c755f', '#ff9da7', '#bab0ac'];

/** Text width for vega: East Asian wide characters 1 em, controls and bidi format characters none, everything else 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let wide = 0,
    narrow = 0;
  for (const ch of text.trim()) {
    const w = charWidth(ch.codePointAt(0)!);
    if (w === 2) wide++;
    else if (w === 1) narrow++;
  }
  return (wide + 0.6 * narrow) * fontSize;
}

type TextItem = { fontSize?: number | string; limit?: number };
const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
metrics.width = (item: TextItem, text: unknown): number => {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const w = textWidth(text == null ? '' : String(text), size);
  return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
};

export const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 240, titleFontWeight: 'normal' as const },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 200, orient: 'bottom' as const, direction: 'horizontal' as const },
  title: { fontSize: 13, anchor: 'start' as const, fontWeight: 'bold' as const },
  bar: { discreteBandSize: 12 },
};

/** A chart of a page: its id (unique in the site), title, spec, and whether the page offers the interactive view. */
export interface Chart {
  id: string;
  title: string;
  spec: TopLevelSpec;
  /** the spec as JSON (JSON.stringify(spec)), when it can be made cheaper than that (office charts: officeSpec) */
  json?: () => string;
  interactive: boolean;
  /** the chart's values as plain bars: the static fallback of a page without SVG charts (office pages of a large year) */
  bars?: BarRow[];
}

/** One bar of a chart's static fallback: `value` of `max` drawn as a share, `text` beside it. */
export interface BarRow {
  label: string;
  value: number;
  max: number;
  text: string;
}

/**
 * Unique labels: a repeated label gets its id appended (the label isolated from it, html.ts `isolate`), so
 * nominal scales never merge two rows.
 */
function uniqueLabels<T>(rows: T[], label: (r: T) => string, id: (r: T) => string): string[] {
  const count = new Map<string, number>();
  for (const r of rows) count.set(label(r), (count.get(label(r)) ?? 0) + 1);
  return rows.map((r) => (count.get(label(r))! > 1 ? `${isolate(label(r))} (${isolate(id(r))})` : label(r)));
}

const dimName = (scheme: Scheme, id: string, lang: Lang) => {
  const d = scheme.dimensions.find((x) => x.id === id);
  return d ? (lang === 'zh' ? d.name : d.name_en) : id;
};

/** The colour scale of the dimensions: their names in scheme order, each with its colour. */
function dimensionScale(scheme: Scheme, lang: Lang): { domain: string[]; range: string[] } {
  const domain = scheme.dimensions.map((d) => dimName(scheme, d.id, lang));
  return { domain, range: scheme.dimensions.map((_, i) => DIM_COLORS[i % DIM_COLORS.length]) };
}

/** Tier distribution: offices per tier, one stacked bar per category. */
export function tierChart(m: Model): Chart {
  const { lang } = m;
  const rows = m.categories.flatMap((c) =>
    TIER_ORDER.map((tr, i) => ({
      category: c.name,
      tier: tierWord(tr, lang),
      order: i,
      offices: c.tiers[tr] ?? 0,
    })),
  );
  const title = t(lang, 'tierChart');
  return {
    id: 'tiers',
    title,
    interactive: true,
    spec: {
      title,
      width: 520,
      height: { step: 26 },
      config: CONFIG,
      datasets: { tiers: rows },
      data: { name: 'tiers' },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'category', type: 'nominal', title: null, sort: null },
        x: { field: 'offices', type: 'quantitative', title: t(lang, 'tierChartY'), stack: 'zero', axis: { tickMinStep: 1, format: 'd' } },
        color: {
          field: 'tier',
          type: 'nominal',
          title: t(lang, 'tier'),
          scale: { domain: TIER_ORDER.map((x) => tierWord(x, lang)), range: TIER_ORDER.map((x) => TIER_COLOR[x]) },
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'category', type: 'nominal', title: t(lang, 'category') },
          { field: 'tier', type: 'nominal', title: t(lang, 'tier') },
          { field: 'offices', type: 'quantitative', title: t(lang, 'offices') },
        ],
      },
    },
  };
}

/**
 * The five (scheme) dimension subtotals per office of a category, stacked, in rank order; the legend names each
 * dimension's maximum. A vetoed office (ranked last whatever its points) is drawn grey and labelled 一票否决.
 */
export function dimensionsChart(m: Model, c: Category, index: number, limit: number): Chart {
  const { lang, scheme } = m;
  const shown = c.offices.slice(0, limit);
  const labels = uniqueLabels(
    shown,
    (o) => o.office_name,
    (o) => o.office_id,
  );
  const dimLabel = (id: string) => {
    const d = scheme.dimensions.find((x) => x.id === id)!;
    return t(lang, 'dimMax', { dimension: dimName(scheme, id, lang), max: fmtMax(d.points) });
  };
  const rows = shown.flatMap((o, i) => {
    const sum = scheme.dimensions.reduce((n, d) => n + (o.dims[d.id] ?? 0), 0);
    return scheme.dimensions.map((d, j) => ({
      office: labels[i],
      pos: i,
      dimension: dimLabel(d.id),
      dim_order: j,
      points: o.dims[d.id] ?? 0,
      total: o.total,
      vetoed: o.vetoed,
      sum,
    }));
  });
  const title =
    shown.length < c.offices.length
      ? t(lang, 'dimChartTop', { category: isolate(c.name), n: shown.length })
      : t(lang, 'dimChart', { category: isolate(c.name) });
  const scale = { domain: scheme.dimensions.map((d) => dimLabel(d.id)), range: dimensionScale(scheme, lang).range };
  const x = {
    field: 'points',
    type: 'quantitative' as const,
    title: t(lang, 'points'),
    stack: 'zero' as const,
    scale: { domain: [0, scheme.total] },
  };
  const vetoed = shown.some((o) => o.vetoed);
  return {
    id: `dims-${index}`,
    title,
    interactive: true,
    spec: {
      title,
      width: 520,
      height: { step: 18 },
      config: CONFIG,
      datasets: { dims: rows },
      data: { name: 'dims' },
      encoding: { y: { field: 'office', type: 'nominal', title: null, sort: { field: 'pos', op: 'min', order: 'ascending' } } },
      layer: [
        {
          params: [{ name: 'pick', select: { type: 'point', fields: ['dimension'] }, bind: 'legend' }],
          mark: { type: 'bar' },
          encoding: {
            x,
            color: {
              condition: { test: 'datum.vetoed', value: VETOED_COLOR },
              field: 'dimension',
              type: 'nominal',
              title: t(lang, 'dimension'),
              scale,
            },
            order: { field: 'dim_order', type: 'quantitative' },
            opacity: { condition: { param: 'pick', value: 1 }, value: 0.25 },
            tooltip: [
              { field: 'office', type: 'nominal', title: t(lang, 'office') },
              { field: 'dimension', type: 'nominal', title: t(lang, 'dimension') },
              { field: 'points', type: 'quantitative', title: t(lang, 'points'), format: '.2f' },
              { field: 'total', type: 'quantitative', title: t(lang, 'total'), format: '.2f' },
            ],
          },
        },
        ...(vetoed
          ? [
              {
                transform: [{ filter: 'datum.vetoed && datum.dim_order === 0' }],
                mark: {
                  type: 'text' as const,
                  align: 'right' as const,
                  dx: -4,
                  fontSize: 11,
                  fontWeight: 'bold' as const,
                  color: '#8e1b1b',
                },
                encoding: { x: { field: 'sum', type: 'quantitative' as const }, text: { value: t(lang, 'vetoedBar') } },
              },
            ]
          : []),
      ],
    },
  };
}

const VETOED_COLOR = '#c9ced4';
/** A maximum as written in a legend: whole points as they are, else 2 decimals. */
const fmtMax = (x: number) => (Number.isInteger(x) ? String(x) : fmt(x));

/**
 * An office chart's spec: the same for every office of a site but for its
 * datasets, so its JSON text around them is made once per model (`kind`
 * names the skeleton; `make` builds it from the model alone, with a
 * `datasets` key where the office's data go) and each office's text is that
 * with its datasets' JSON in between: the same text JSON.stringify(spec) gives.
 */
function officeSpec(m: Model, kind: string, make: () => TopLevelSpec, datasets: Record<string, unknown[]>): Pick<Chart, 'spec' | 'json'> {
  let kinds = SKELETONS.get(m);
  if (!kinds) SKELETONS.set(m, (kinds = new Map()));
  let sk = kinds.get(kind);
  if (!sk) {
    const skeleton = make() as TopLevelSpec & { datasets?: unknown };
    const parts = JSON.stringify({ ...skeleton, datasets: DATASETS }).split(`"${DATASETS}"`);
    if (parts.length !== 2) throw new Error(`chart ${kind}: its spec holds the datasets marker`);
    const [before, after] = parts;
    kinds.set(kind, (sk = { skeleton, before, after }));
  }
  const { skeleton, before, after } = sk;
  return { spec: { ...skeleton, datasets } as TopLevelSpec, json: () => before + JSON.stringify(datasets) + after };
}

const SKELETONS = new WeakMap<Model, Map<string, { skeleton: TopLevelSpec; before: string; after: string }>>();
const DATASETS = 'kaoping:office-datasets';

/** The office's total against its category's median and best. */
export function compareChart(m: Model, o: Office, c: Category): Chart {
  const { lang, scheme } = m;
  const rows = [
    { label: t(lang, 'thisOffice'), value: o.total, text: fmt(o.total), self: 1 },
    { label: t(lang, 'catMedian'), value: c.median, text: fmt(c.median), self: 0 },
    { label: t(lang, 'catBest'), value: c.best, text: fmt(c.best), self: 0 },
  ];
  const title = t(lang, 'compareTitle');
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: null };
  const make = (): TopLevelSpec => ({
    title,
    width: 420,
    height: { step: 22 },
    config: CONFIG,
    datasets: {},
    data: { name: 'compare' },
    encoding: { y, x: { field: 'value', type: 'quantitative', title: t(lang, 'total'), scale: { domain: [0, scheme.total] } } },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: { color: { field: 'self', type: 'nominal', legend: null, scale: { domain: [0, 1], range: ['#9fb3c8', '#1565c0'] } } },
      },
      { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'text', type: 'nominal' } } },
    ],
  });
  return {
    id: 'compare',
    title,
    interactive: false,
    bars: rows.map((r) => ({ label: r.label, value: r.value, max: scheme.total, text: r.text })),
    ...officeSpec(m, 'compare', make, { compare: rows }),
  };
}

/** Items as points against maximum: the grey bar is the maximum, the coloured bar the points. */
export function itemsChart(m: Model, o: Office, items: Indicator[]): Chart {
  const { lang, scheme } = m;
  const names = new Map(scheme.items.map((it) => [it.id, lang === 'zh' ? it.name : it.name_en]));
  const labels = uniqueLabels(
    items,
    (r) => names.get(r.indicator) ?? r.indicator,
    (r) => r.indicator,
  );
  const rows = items.map((r, i) => ({
    item: labels[i],
    dimension: dimName(scheme, r.dimension, lang),
    points: r.points,
    max: r.max_points,
    lost: Math.max(0, r.max_points - r.points),
    text: `${fmt(r.points)} / ${fmt(r.max_points)}`,
  }));
  const title = t(lang, 'itemsTitle');
  const y = { field: 'item', type: 'nominal' as const, title: null, sort: null };
  const make = (): TopLevelSpec => ({
    description: title,
    width: 360,
    height: { step: 18 },
    config: CONFIG,
    datasets: {},
    data: { name: 'items' },
    encoding: { y },
    layer: [
      { mark: { type: 'bar', color: '#e3e7ec' }, encoding: { x: { field: 'max', type: 'quantitative', title: t(lang, 'points') } } },
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'points', type: 'quantitative' },
          color: {
            field: 'dimension',
            type: 'nominal',
            title: t(lang, 'dimension'),
            scale: dimensionScale(scheme, lang),
          },
          tooltip: [
            { field: 'item', type: 'nominal', title: t(lang, 'item') },
            { field: 'points', type: 'quantitative', title: t(lang, 'points'), format: '.2f' },
            { field: 'max', type: 'quantitative', title: t(lang, 'max'), format: '.2f' },
            { field: 'lost', type: 'quantitative', title: t(lang, 'lost'), format: '.2f' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#444' },
        encoding: { x: { field: 'max', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  });
  return {
    id: 'items',
    title,
    interactive: true,
    bars: rows.map((r) => ({ label: r.item, value: r.points, max: r.max, text: r.text })),
    ...officeSpec(m, 'items', make, { items: rows }),
  };
}

/** The office's total by year, with its category's median each year. */
export function trendChart(m: Model, o: Office, hist: HistoryPoint[]): Chart {
  const { lang, scheme } = m;
  const self = t(lang, 'thisOffice');
  const med = t(lang, 'catMedian');
  const rows = hist.flatMap((h) => [
    { year: String(h.year), series: self, total: h.total },
    ...(h.category_median === null ? [] : [{ year: String(h.year), series: med, total: h.category_median }]),
  ]);
  const title = t(lang, 'trendTitle');
  const make = (): TopLevelSpec => ({
    description: title,
    width: 360,
    height: 180,
    config: CONFIG,
    datasets: {},
    data: { name: 'trend' },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: t(lang, 'year'), axis: { labelAngle: 0 } },
      y: { field: 'total', type: 'quantitative', title: t(lang, 'total'), scale: { domain: [0, scheme.total] } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: [self, med], range: ['#1565c0', '#9aa5b1'] },
        // the legend draws each series as its line: solid for this office, dashed for the category median
        legend: { symbolType: 'stroke', symbolSize: 400, symbolStrokeWidth: 2 },
      },
      // the same field and title as the colour: one legend, its symbols solid (this office) and dashed (the median)
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: {
          domain: [self, med],
          range: [
            [1, 0],
            [4, 3],
          ],
        },
      },
    },
  });
  return {
    id: 'trend',
    title,
    interactive: true,
    bars: rows.map((r) => ({ label: `${r.year} ${r.series}`, value: r.total, max: scheme.total, text: fmt(r.total) })),
    ...officeSpec(m, 'trend', make, { trend: rows }),
  };
}

/** A probability as a whole percentage; never 0% or 100% unless it is exactly 0 or 1. */
export function pct(p: number): string {
  if (!Number.isFinite(p)) return '';
  if (p > 0 && p < 0.01) return '<1%';
  if (p < 1 && p > 0.99) return '>99%';
  return `${Math.round(p * 100)}%`;
}

/** A rank as written: whole ranks as they are, a median between two ranks with one decimal. */
export function rankText(r: number): string {
  if (!Number.isFinite(r)) return '';
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** A signed rank change: +2, −1, 0. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

function needSensitivity(m: Model): Sensitivity {
  if (!m.sensitivity) throw new Error('the model has no sensitivity results');
  return m.sensitivity;
}

/**
 * Rank intervals of offices of a category when the weights vary (kaoping
 * sensitivity): the 5th–95th percentile rank as an error bar, the median
 * rank as a dot and the actual rank as a tick; commended offices in the
 * colour of excellence, and a ⚠ with the share of draws agreeing with the
 * commendation decision where it is fragile or contested (the share the verdict is read from).
 */
/** The rows of an interval chart: each office's rank, median and P5–P95 rank, commendation and flag. */
function intervalRows(m: Model, shown: Office[], yes: string, no: string) {
  const { lang } = m;
  const sens = needSensitivity(m);
  const labels = uniqueLabels(
    shown,
    (o) => o.office_name,
    (o) => o.office_id,
  );
  return shown.map((o, i) => {
    const r = sens.byId.get(o.office_id);
    return {
      office: labels[i],
      pos: i,
      rank: o.rank,
      median: r?.rank_median ?? o.rank,
      p05: r?.rank_p05 ?? o.rank,
      p95: r?.rank_p95 ?? o.rank,
      status: o.commended ? yes : no,
      p_commended: r ? pct(r.p_commended) : '',
      verdict: r ? t(lang, r.verdict) : '',
      agreement: r ? agreementPct(r.agreement) : '',
      flag: r && r.verdict !== 'stable' ? `\u26a0 ${agreementPct(r.agreement)}` : '',
    };
  });
}

export function intervalChart(m: Model, c: Category, index: number, shown: Office[]): Chart {
  const { lang } = m;
  const yes = t(lang, 'commended');
  const no = t(lang, 'notCommended');
  const rows = intervalRows(m, shown, yes, no);
  const last = Math.max(1, ...rows.map((r) => Math.max(r.rank, r.p95, r.median)));
  const first = Math.min(...rows.map((r) => Math.min(r.rank, r.p05, r.median)), last);
  // the commendation boundary: after the category's last commended office, when some office is not commended
  const lastCommended = c.offices.reduce<Office | undefined>((a, o) => (o.commended ? o : a), undefined);
  const boundary =
    lastCommended && c.offices.some((o) => !o.commended) && lastCommended.rank + 0.5 >= first && lastCommended.rank + 0.5 <= last
      ? [{ boundary: lastCommended.rank + 0.5 }]
      : [];
  const part = shown.length < c.offices.length;
  const text = part
    ? t(lang, 'intervalChartPart', { category: isolate(c.name), from: shown[0]?.rank ?? 1, to: shown[shown.length - 1]?.rank ?? 1 })
    : t(lang, 'intervalChart', { category: isolate(c.name) });
  const x = {
    type: 'quantitative' as const,
    title: t(lang, 'rank'),
    scale: { domain: [Math.max(0.5, first - 0.5), last + 0.5], nice: false, zero: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const y = {
    field: 'office',
    type: 'nominal' as const,
    title: null,
    sort: { field: 'pos', op: 'min' as const, order: 'ascending' as const },
  };
  const color = {
    field: 'status',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [yes, no], range: [TIER_COLOR.excellent, '#8d99a6'] },
  };
  return {
    id: `intervals-${index}`,
    title: text,
    interactive: true,
    spec: {
      title: { text, subtitle: t(lang, 'intervalChartSub'), subtitleFontSize: 11, subtitleColor: '#616e7c' },
      width: 520,
      height: { step: 20 },
      config: CONFIG,
      datasets: { intervals: rows, boundary },
      layer: [
        {
          data: { name: 'intervals' },
          mark: { type: 'errorbar', thickness: 3 },
          encoding: { y, x: { field: 'p05', ...x }, x2: { field: 'p95' }, color },
        },
        {
          data: { name: 'intervals' },
          mark: { type: 'tick', color: '#1f2933', thickness: 2, size: 16 },
          encoding: { y, x: { field: 'rank', type: 'quantitative' } },
        },
        {
          data: { name: 'intervals' },
          mark: { type: 'point', filled: true, size: 70, opacity: 1 },
          encoding: {
            y,
            x: { field: 'median', type: 'quantitative' },
            color,
            tooltip: [
              { field: 'office', type: 'nominal', title: t(lang, 'office') },
              { field: 'rank', type: 'quantitative', title: t(lang, 'baseRank') },
              { field: 'median', type: 'quantitative', title: t(lang, 'medianRank') },
              { field: 'p05', type: 'quantitative', title: 'P5' },
              { field: 'p95', type: 'quantitative', title: 'P95' },
              { field: 'p_commended', type: 'nominal', title: t(lang, 'pCommended') },
              { field: 'agreement', type: 'nominal', title: t(lang, 'agreement') },
              { field: 'verdict', type: 'nominal', title: t(lang, 'verdict') },
            ],
          },
        },
        {
          data: { name: 'intervals' },
          mark: { type: 'text', align: 'left', dx: 9, fontSize: 11, color: '#8a4b00' },
          encoding: { y, x: { field: 'p95', type: 'quantitative' }, text: { field: 'flag', type: 'nominal' } },
        },
        {
          data: { name: 'boundary' },
          mark: { type: 'rule', color: '#8a4b00', strokeDash: [5, 3], strokeWidth: 1.5 },
          encoding: { x: { field: 'boundary', type: 'quantitative' } },
        },
      ],
    },
  };
}

/**
 * One dimension removed at a time: the rank change of each office (rows)
 * for each dimension (columns) as a heat map; blue moves up, orange falls back.
 */
export function rankChangeChart(m: Model, c: Category, index: number, shown: Office[]): Chart {
  const { lang, scheme } = m;
  const sens = needSensitivity(m);
  const labels = uniqueLabels(
    shown,
    (o) => o.office_name,
    (o) => o.office_id,
  );
  const dims = sens.dimensions.map((d) => dimName(scheme, d, lang));
  const rows = shown.flatMap((o, i) =>
    (sens.changes.get(o.office_id) ?? []).map((ch) => ({
      office: labels[i],
      pos: i,
      dimension: dimName(scheme, ch.dimension, lang),
      rank: o.rank,
      without: ch.rank_without,
      change: ch.rank_change,
      text: signed(ch.rank_change),
    })),
  );
  const most = Math.max(1, ...rows.map((r) => Math.abs(r.change)));
  // columns as wide as the longest dimension name (Chinese or English), within reason; longer names are cut with an ellipsis
  const step = Math.ceil(Math.min(130, Math.max(56, ...dims.map((d) => textWidth(d, 11) + 14))));
  const part = shown.length < c.offices.length;
  const title = part
    ? t(lang, 'changeChartPart', { category: isolate(c.name), from: shown[0]?.rank ?? 1, to: shown[shown.length - 1]?.rank ?? 1 })
    : t(lang, 'changeChart', { category: isolate(c.name) });
  return {
    id: `changes-${index}`,
    title,
    interactive: true,
    spec: {
      title,
      width: { step },
      height: { step: 20 },
      config: CONFIG,
      datasets: { changes: rows },
      data: { name: 'changes' },
      encoding: {
        y: { field: 'office', type: 'nominal', title: null, sort: { field: 'pos', op: 'min', order: 'ascending' } },
        x: { field: 'dimension', type: 'nominal', title: null, sort: dims, axis: { labelAngle: 0, orient: 'top', labelLimit: step - 6 } },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: '#fff', strokeWidth: 1 },
          encoding: {
            color: {
              field: 'change',
              type: 'quantitative',
              title: t(lang, 'rankChange'),
              scale: { domain: [-most, most], scheme: 'blueorange' },
              legend: { tickMinStep: 1, format: 'd' },
            },
            tooltip: [
              { field: 'office', type: 'nominal', title: t(lang, 'office') },
              { field: 'dimension', type: 'nominal', title: t(lang, 'dimension') },
              { field: 'rank', type: 'quantitative', title: t(lang, 'baseRank') },
              { field: 'without', type: 'quantitative', title: t(lang, 'rankWithout') },
              { field: 'text', type: 'nominal', title: t(lang, 'rankChange') },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            text: { field: 'text', type: 'nominal' },
            color: {
              condition: { test: `abs(datum.change) >= ${Math.max(1, Math.ceil(most * 0.6))}`, value: '#ffffff' },
              value: '#1f2933',
            },
          },
        },
      ],
    },
  };
}

/**
 * Renders specs to static SVG. Each distinct spec-without-data is compiled
 * and parsed once; its View is reused with new data for every chart.
 * Warnings from Vega-Lite are collected (the tests expect none).
 */
export interface ChartRenderer {
  svg(chart: Chart): Promise<string>;
  readonly warnings: string[];
  readonly rendered: number;
  finalize(): void | Promise<void>;
}

export class SvgRenderer implements ChartRenderer {
  readonly warnings: string[] = [];
  private views = new Map<string, vega.View>();
  /** one chart at a time: a reused view must not take new data while it renders */
  private queue: Promise<unknown> = Promise.resolve();
  compiled = 0;
  rendered = 0;

  private logger(): vega.LoggerInterface {
    const warnings = this.warnings;
    let lvl = 2;
    const logger = {
      level(l?: number) {
        if (l === undefined) return lvl;
        lvl = l;
        return logger;
      },
      error(...a: readonly unknown[]) {
        throw new Error(a.map(String).join(' '));
      },
      warn(...a: readonly unknown[]) {
        warnings.push(a.map(String).join(' '));
        return logger;
      },
      info() {
        return logger;
      },
      debug() {
        return logger;
      },
    };
    return logger as unknown as vega.LoggerInterface;
  }

  svg(chart: Chart): Promise<string> {
    const next = this.queue.then(() => this.render(chart));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async render(chart: Chart): Promise<string> {
    const { datasets, ...template } = staticSpec(chart.spec) as TopLevelSpec & { datasets?: Record<string, unknown[]> };
    const key = JSON.stringify(template);
    let view = this.views.get(key);
    if (!view) {
      const compiled = vl.compile(template as TopLevelSpec, { logger: this.logger() }).spec;
      view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: this.logger() });
      this.views.set(key, view);
      this.compiled++;
    }
    for (const [name, values] of Object.entries(datasets ?? {})) view.data(name, values as object[]);
    // a reused view sizes itself only on its first run unless asked again (autosize 'pad' follows the data)
    view.resize();
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    this.rendered++;
    return tidySvg(svg, chart.id, chart.title);
  }

  finalize(): void {
    for (const v of this.views.values()) v.finalize();
    this.views.clear();
  }
}

/**
 * SVG for inline use in HTML: no XML namespaces (the HTML parser knows SVG,
 * and the page then names no http URL at all), ids made unique per chart so
 * several charts on a page never share a clip path or gradient id, and an
 * accessible name.
 */
export function tidySvg(svg: string, chartId: string, title: string): string {
  const p = `${chartId}-`;
  const fontAttr = ` font-family="${FONT.replace(/"/g, '&quot;')}"`;
  return (
    svg
      .replace(/ xmlns(:xlink)?="[^"]*"/g, '')
      // the static chart is one image for assistive technology: per-mark roles and labels go
      .replace(/ (role|aria-[a-z]+)="[^"]*"/g, '')
      // the font stack once on the root (inherited) instead of on every text element
      .split(fontAttr)
      .join('')
      // geometry to 2 decimals (29.500000000000007 -> 29.5)
      .replace(
        / (d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g,
        (_, a: string, v: string) => ` ${a}="${v.replace(/-?\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100))}"`,
      )
      .replace(/ id="([^"]+)"/g, (_, id: string) => ` id="${p}${id}"`)
      .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${p}${id})`)
      .replace(/ (xlink:)?href="#([^"]+)"/g, (_, x: string | undefined, id: string) => ` ${x ?? ''}href="#${p}${id}"`)
      .replace(/^<svg /, `<svg role="img" aria-label="${title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}"${fontAttr} `)
  );
}

/**
 * The spec as drawn for the static SVG: the same spec without ARIA
 * attributes on every mark (the static SVG is one image with one label;
 * per-mark labels would only double its size). The interactive view keeps them.
 */
export function staticSpec(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...(spec.config ?? {}), aria: false } } as TopLevelSpec;
}

/** Compiles a spec from scratch (no template cache); for tests that compare with the cached path. */
export async function svgFresh(chart: Chart): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(staticSpec(chart.spec)).spec), { renderer: 'none' });
  vega.resetSVGDefIds();
  const svg = await view.toSVG();
  view.finalize();
  return tidySvg(svg, chart.id, chart.title);
}
