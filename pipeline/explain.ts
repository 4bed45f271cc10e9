/**
 * Explain: a readable account of one office's appraisal, the page the
 * appraisal team shows an office that appeals. Item by item: measured value
 * and target with the item's unit (件, 分钟, 94%), the rule in words, points
 * and points lost, and the rows (file, line, id) that cost them, with where
 * to find all of them when the list is cut short; the veto and its
 * documents; rank, tier and why (the tier lines or the veto), and why the
 * office is or is not commended. Everything is read back from the database
 * of a run, including the scheme it was scored with. The office may be named
 * by its code in any case or by its name (lookup.ts); the year is checked
 * (years.ts). Every line is shown through text.ts `visible`: a name holding
 * terminal escapes prints them as `\x1b[...`, it cannot move the cursor or
 * retitle the window.
 */
import { Db, sqlString } from './db.ts';
import { InputError } from './errors.ts';
import { findOffice, queryCommand } from './lookup.ts';
import { vetoWords } from './rules.ts';
import { visible } from './text.ts';
import { scoredYear } from './years.ts';
import { note, tier } from '../words/common.ts';
import { explainWords } from '../words/explain.ts';
import type { Lang, Vars } from '../words/index.ts';
import { quantity } from '../words/units.ts';
import { parseScheme, type Scheme } from './scheme.ts';
import { ruleWords } from './score.ts';
import { parse } from 'yaml';

/** The scheme a year was scored with, as recorded in `runs`. */
export async function schemeOfYear(db: Db, year: number): Promise<Scheme> {
  const run = await db.one<{ scheme_yaml: string; scheme_file: string; scheme_sha256: string }>(
    `SELECT scheme_yaml, scheme_file, scheme_sha256 FROM runs WHERE year = $1 ORDER BY run_id DESC LIMIT 1`,
    [year],
  );
  if (!run) throw new InputError(`The database has no appraisal run for ${year}.`, `数据库中没有 ${year} 年度的考评结果。`);
  return parseScheme(parse(run.scheme_yaml), run.scheme_file, run.scheme_sha256);
}

/** Evidence rows shown per item; the rest are pointed to. */
const MAX_IDS = 12;

export interface ExplainOptions {
  /** the office's code, in any case, or its name (lookup.ts) */
  office: string;
  /** default: the latest appraised year (years.ts) */
  year?: number;
  lang: Lang;
  /** the database as the person gave it (--db), for the `kaoping query` commands the text suggests */
  dbShown?: string;
}

/** `kaoping explain`: the account of one office's appraisal of a year. */
export async function explain(db: Db, opts: ExplainOptions): Promise<string> {
  const year = await scoredYear(db, opts.year);
  const officeId = await findOffice(db, year, opts.office, opts.dbShown);
  return explainOffice(db, officeId, year, opts.lang, opts.dbShown);
}

export async function explainOffice(db: Db, officeId: string, year: number, lang: Lang, dbShown?: string): Promise<string> {
  const w = (key: Parameters<typeof explainWords>[1], vars?: Vars) => explainWords(lang, key, vars);
  const zh = lang === 'zh';
  const scheme = await schemeOfYear(db, year);
  const s = await db.one<Record<string, unknown>>(`SELECT * FROM scores WHERE year = $1 AND office_id = $2`, [year, officeId]);
  if (!s) {
    throw new InputError(`There is no office ${officeId} in the ${year} results.`, `${year} 年度没有单位编码为 ${officeId} 的考评结果。`);
  }
  const q = await db.one<{ offices: number; quota: number; excellent: number; overflow: number }>(
    `SELECT offices, quota, excellent, overflow FROM quota WHERE year = $1 AND category = $2`,
    [year, s.category as string],
  );
  const items = await db.all<{
    indicator: string;
    value: number | null;
    target: number | null;
    points: string;
    max_points: string;
    lost: string;
    lost_raw: number;
    note: string;
  }>(
    `
    SELECT indicator, value, target, kp_num(points) AS points, kp_num(max_points) AS max_points, kp_num(max_points - points) AS lost,
           max_points - points AS lost_raw, note
    FROM indicators WHERE year = $1 AND office_id = $2 ORDER BY seq`,
    [year, officeId],
  );
  const evidence = await db.all<{ indicator: string; source: string; row_id: string; line: number; detail: string; detail_zh: string }>(
    `
    SELECT indicator, source, row_id, line, detail, detail_zh FROM evidence
    WHERE year = $1 AND office_id = $2 ORDER BY indicator, source, line`,
    [year, officeId],
  );
  const vetoes = await db.all<{ veto: string; source: string; row_id: string; line: number; detail: string; detail_zh: string }>(
    `
    SELECT veto, source, row_id, line, detail, detail_zh FROM vetoes WHERE year = $1 AND office_id = $2 ORDER BY line`,
    [year, officeId],
  );
  const adjustments = await officeAdjustments(db, officeId, year);
  const files = new Map(
    (await db.all<{ table: string; file: string }>(`SELECT "table", file FROM input_files`)).map((r) => [r.table, r.file]),
  );
  const fileOf = (source: string) => files.get(source) ?? `${source}.csv`;
  const num = async (x: unknown) => db.scalar<string>(`SELECT kp_num($1::DOUBLE)`, [x as number]);

  const out: string[] = [];
  out.push(
    w('header', {
      name: String(s.office_name),
      id: officeId,
      category: String(s.category),
      year,
      title: zh ? scheme.title : scheme.title_en,
    }),
  );
  out.push(
    w('summary', {
      total: await num(s.total),
      rank: Number(s.rank),
      offices: q?.offices ?? '',
      tier: tier(s.tier as string, lang),
      commended: w(s.commended ? 'commended' : 'notCommended'),
    }),
  );
  if (vetoes.length > 0) {
    out.push('');
    for (const v of vetoes) {
      const vdef = scheme.vetoes.find((x) => x.id === v.veto);
      const name = (zh ? vdef?.name : vdef?.name_en) ?? v.veto;
      out.push(
        w('veto', {
          name,
          file: fileOf(v.source),
          line: v.line,
          id: v.row_id,
          detail: zh ? v.detail_zh : v.detail,
          effect: vetoWords(lang),
        }),
      );
    }
  }
  for (const d of scheme.dimensions) {
    const sub = await num(s[`${d.id}_raw`]);
    out.push('');
    out.push(`${zh ? d.name : d.name_en}  ${sub} / ${d.points.toFixed(2)}`);
    for (const it of d.items) {
      const r = items.find((x) => x.indicator === it.id);
      if (!r) continue;
      const name = zh ? it.name : it.name_en;
      const target = quantity(r.target, it, lang);
      const parts = [
        w('value', { value: quantity(r.value, it, lang) || '—' }),
        target ? w(it.rule.kind === 'deduct_over_baseline' ? 'cap' : 'target', { target }) : '',
        w('points', { points: r.points, max: r.max_points }),
        r.lost_raw > 1e-9 ? w('lost', { lost: r.lost }) : '',
        r.note ? w('note', { note: note(r.note, lang) }) : '',
      ].filter(Boolean);
      out.push(`  ${name} (${it.id}): ${parts.join(w('partSep'))}`);
      out.push(`    ${w('rule', { rule: ruleWords(it, lang) })}`);
      for (const a of adjustments.filter((x) => x.action === 'points' && x.indicator === it.id)) {
        out.push(`    ${adjustmentWords(a, lang)}`);
      }
      const ev = evidence.filter((e) => e.indicator === it.id);
      if (ev.length > 0) {
        const shown = ev
          .slice(0, MAX_IDS)
          .map((e) => w('evidenceRow', { id: e.row_id, file: fileOf(e.source), line: e.line, detail: zh ? e.detail_zh : e.detail }));
        const more = ev.length > MAX_IDS ? w('evidenceMore', { all: ev.length, more: ev.length - MAX_IDS }) : '';
        out.push(`    ${w('evidence', { rows: shown.join(w('evidenceSep')) })}${more}`);
        if (more) {
          const sql =
            `SELECT row_id, line, ${zh ? 'detail_zh' : 'detail'} FROM v_evidence ` +
            `WHERE year = ${year} AND office_id = ${sqlString(officeId)} AND indicator = ${sqlString(it.id)} ORDER BY source, line`;
          out.push(`    ${w('evidenceRest', { more: ev.length - MAX_IDS, query: queryCommand(sql, dbShown) })}`);
        }
      }
    }
  }
  const excluded = adjustments.filter((x) => x.action === 'exclude');
  if (excluded.length > 0) {
    out.push('');
    out.push(w('excludedTitle'));
    for (const a of excluded) out.push(`  ${adjustmentWords(a, lang)}`);
  }
  out.push('');
  out.push(await commendationWords(db, scheme, s, q, lang));
  // names, ids, details and file names come from the data: their control characters are shown, not sent to the terminal
  return out.map((line) => visible(line)).join('\n') + '\n';
}

interface OfficeAdjustment {
  adjustment_id: string;
  action: 'exclude' | 'points';
  source: string | null;
  row_id: string | null;
  indicator: string | null;
  points: string | null;
  reason: string;
  decided_by: string;
  decided_on: string;
  file: string | null;
  line: number | null;
}

/** The office's applied adjustments of the year (adjustments.ts), excluded rows with their file and line. */
async function officeAdjustments(db: Db, officeId: string, year: number): Promise<OfficeAdjustment[]> {
  const present = await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'adjustments_applied' AND NOT temporary`);
  if (Number(present) === 0) return []; // a database from before adjustments
  return db.all<OfficeAdjustment>(
    `
    SELECT a.adjustment_id, a.action, a.source, a.row_id, a.indicator, printf('%+.2f', a.points) AS points, a.reason, a.decided_by,
           strftime(a.decided_on, '%Y-%m-%d') AS decided_on, x.file, x.line
    FROM adjustments_applied a LEFT JOIN excluded_rows x USING (year, adjustment_id)
    WHERE a.year = $1 AND a.office_id = $2 ORDER BY a.adjustment_id`,
    [year, officeId],
  );
}

function adjustmentWords(a: OfficeAdjustment, lang: Lang): string {
  const why = explainWords(lang, 'adjustedBy', { reason: a.reason, who: a.decided_by, on: a.decided_on });
  if (a.action === 'points') return explainWords(lang, 'adjustedPoints', { adjustment: a.adjustment_id, points: a.points ?? '', why });
  const row =
    a.line === null ? (a.row_id ?? '') : explainWords(lang, 'excludedRow', { id: a.row_id ?? '', file: a.file ?? '', line: a.line });
  return explainWords(lang, 'excluded', { row, adjustment: a.adjustment_id, why });
}

/** The closing line: why the office has its tier (the tier lines of the scheme, or the veto) and is or is not commended. */
async function commendationWords(
  db: Db,
  scheme: Scheme,
  s: Record<string, unknown>,
  q: { quota: number; overflow: number } | undefined,
  lang: Lang,
): Promise<string> {
  const w = (key: Parameters<typeof explainWords>[1], vars?: Vars) => explainWords(lang, key, vars);
  const quota = q?.quota ?? 0;
  const { excellent, good, pass } = scheme.tiers;
  const breakers = scheme.tie_breakers
    .map((b) => {
      const d = scheme.dimensions.find((x) => x.id === b)!;
      return lang === 'zh' ? d.name : d.name_en;
    })
    .join(w('breakerSep'));
  if (s.vetoed) return w('vetoed');
  if ((s.total as number) < excellent) {
    const why = s.tier === 'good' ? 'tierGood' : s.tier === 'pass' ? 'tierPass' : 'tierFail';
    return w('belowExcellent', { total: Number(s.total).toFixed(2), excellent, tier: w(why, { good, pass }) });
  }
  const order = s.excellence_order as number;
  const tied = await db.scalar<number>(`SELECT count(*) FROM scores WHERE year = $1 AND category = $2 AND excellence_order = $3`, [
    s.year as number,
    s.category as string,
    order,
  ]);
  if (s.commended) {
    const overflow = q && q.overflow > 0 && tied > 1 && order + tied - 1 > quota;
    return w('commendedWithin', { breakers, order, quota, overflow: overflow ? w('overflow', { overflow: q!.overflow }) : '' });
  }
  return w('beyondQuota', { breakers, order, quota });
}
