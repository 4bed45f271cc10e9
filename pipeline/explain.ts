/**
 * Explain: a readable account of one office's appraisal, the page the
 * appraisal team shows an office that appeals. Item by item: measured value,
 * target, rule in words, points and points lost, and the rows (file, line,
 * id) that cost them; the veto and its documents; rank, tier, and why the
 * office is or is not commended. Everything is read back from the database
 * of a run, including the scheme it was scored with. Every line is shown
 * through text.ts `visible`: a name holding terminal escapes prints them as
 * `\x1b[...`, it cannot move the cursor or retitle the window.
 */
import { Db } from './db.ts';
import { InputError } from './errors.ts';
import { visible } from './text.ts';
import { note, tier } from '../words/common.ts';
import type { Lang } from '../words/index.ts';
import { parseScheme, type Scheme } from './scheme.ts';
import { ruleWords } from './score.ts';
import { parse } from 'yaml';

/** The scheme a year was scored with, as recorded in `runs`. */
export async function schemeOfYear(db: Db, year: number): Promise<Scheme> {
  const run = await db.one<{ scheme_yaml: string; scheme_file: string; scheme_sha256: string }>(
    `SELECT scheme_yaml, scheme_file, scheme_sha256 FROM runs WHERE year = $1 ORDER BY run_id DESC LIMIT 1`,
    [year],
  );
  if (!run) throw new InputError(`The database has no run for ${year}.`);
  return parseScheme(parse(run.scheme_yaml), run.scheme_file, run.scheme_sha256);
}

export async function latestScoredYear(db: Db): Promise<number> {
  const y = await db.scalar<number | null>(`SELECT max(year) FROM runs`);
  if (y === null || y === undefined) throw new InputError('The database holds no appraisal run yet; run kaoping run first.');
  return Number(y);
}

const MAX_IDS = 12;

export async function explainOffice(db: Db, officeId: string, year: number, lang: Lang): Promise<string> {
  const zh = lang === 'zh';
  const scheme = await schemeOfYear(db, year);
  const s = await db.one<Record<string, unknown>>(`SELECT * FROM scores WHERE year = $1 AND office_id = $2`, [year, officeId]);
  if (!s) {
    throw new InputError(
      zh ? `${year} 年度没有单位编码为 ${officeId} 的考评结果。` : `There is no office ${officeId} in the ${year} results.`,
    );
  }
  const q = await db.one<{ offices: number; quota: number; excellent: number; overflow: number }>(
    `SELECT offices, quota, excellent, overflow FROM quota WHERE year = $1 AND category = $2`,
    [year, s.category as string],
  );
  const items = await db.all<{
    indicator: string;
    dimension: string;
    value: string;
    target: string;
    points: string;
    max_points: string;
    lost: string;
    lost_raw: number;
    note: string;
  }>(
    `
    SELECT indicator, dimension, kp_num(value) AS value, kp_num(target) AS target, kp_num(points) AS points,
           kp_num(max_points) AS max_points, kp_num(max_points - points) AS lost, max_points - points AS lost_raw, note
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
  const title = zh ? scheme.title : scheme.title_en;
  out.push(`${s.office_name} (${officeId}) · ${s.category} · ${year}${zh ? ' 年度' : ''} · ${title}`);
  const total = await num(s.total);
  out.push(
    zh
      ? `总分 ${total} 分;类别内排名第 ${s.rank} 名(共 ${q?.offices} 个单位);等次:${tier(s.tier as string, lang)};${s.commended ? '获评先进办公室' : '未获表彰'}。`
      : `Total ${total}; rank ${s.rank} of ${q?.offices} in its category; tier: ${tier(s.tier as string, lang)}; ${s.commended ? 'commended office' : 'not commended'}.`,
  );
  if (vetoes.length > 0) {
    out.push('');
    for (const v of vetoes) {
      const vdef = scheme.vetoes.find((x) => x.id === v.veto);
      out.push(
        zh
          ? `!! 一票否决:${vdef?.name ?? v.veto} —— ${fileOf(v.source)} 第 ${v.line} 行,编号 ${v.row_id}(${v.detail_zh})。分数照常计算,但等次定为不合格,取消评优资格,排在本类别所有未被否决单位之后。`
          : `!! Veto: ${vdef?.name_en ?? v.veto} — ${fileOf(v.source)} line ${v.line}, id ${v.row_id} (${v.detail}). The score is computed as usual, but the office is graded fail, excluded from every commendation and ranked after all non-vetoed offices of its category.`,
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
      const parts = [
        `${zh ? '实测' : 'value'} ${r.value || '—'}`,
        r.target ? `${zh ? '目标' : 'target'} ${r.target}` : '',
        `${zh ? '得分' : 'points'} ${r.points}/${r.max_points}`,
        r.lost_raw > 1e-9 ? `${zh ? '失分' : 'lost'} ${r.lost}` : '',
        r.note ? `${zh ? '备注' : 'note'}: ${note(r.note, lang)}` : '',
      ].filter(Boolean);
      out.push(`  ${name} (${it.id}): ${parts.join(zh ? ',' : ', ')}`);
      out.push(`    ${zh ? '规则' : 'rule'}: ${ruleWords(it, lang)}`);
      for (const a of adjustments.filter((x) => x.action === 'points' && x.indicator === it.id)) {
        out.push(`    ${adjustmentWords(a, lang)}`);
      }
      const ev = evidence.filter((e) => e.indicator === it.id);
      if (ev.length > 0) {
        const shown = ev
          .slice(0, MAX_IDS)
          .map((e) =>
            zh
              ? `${e.row_id}(${fileOf(e.source)} 第${e.line}行,${e.detail_zh})`
              : `${e.row_id} (${fileOf(e.source)} line ${e.line}, ${e.detail})`,
          );
        const more = ev.length > MAX_IDS ? (zh ? ` 等共 ${ev.length} 条` : ` and ${ev.length - MAX_IDS} more`) : '';
        out.push(`    ${zh ? '失分依据' : 'evidence'}: ${shown.join(zh ? ';' : '; ')}${more}`);
      }
    }
  }
  const excluded = adjustments.filter((x) => x.action === 'exclude');
  if (excluded.length > 0) {
    out.push('');
    out.push(
      zh
        ? '复核调整:剔除的记录(本年度考评按未载入处理,不计入任何项目、一票否决和基数)'
        : 'Adjustments: excluded rows (counted as not loaded in this appraisal: no item, veto or baseline sees them)',
    );
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
  const zh = lang === 'zh';
  const who = zh
    ? `理由:${a.reason};决定人:${a.decided_by};决定日期:${a.decided_on}`
    : `reason: ${a.reason}; decided by ${a.decided_by} on ${a.decided_on}`;
  if (a.action === 'points') {
    return zh
      ? `复核调整 ${a.adjustment_id}(加减分 ${a.points} 分,调整后不低于 0、不超过满分):${who}`
      : `adjustment ${a.adjustment_id} (points ${a.points}, the result kept within 0 and the maximum): ${who}`;
  }
  const where = a.line === null ? (a.row_id ?? '') : zh ? `${a.row_id}(${a.file} 第${a.line}行)` : `${a.row_id} (${a.file} line ${a.line})`;
  return zh ? `已剔除 ${where}:复核调整 ${a.adjustment_id},${who}` : `excluded ${where}: adjustment ${a.adjustment_id}, ${who}`;
}

async function commendationWords(
  db: Db,
  scheme: Scheme,
  s: Record<string, unknown>,
  q: { quota: number; overflow: number } | undefined,
  lang: Lang,
): Promise<string> {
  const zh = lang === 'zh';
  const quota = q?.quota ?? 0;
  const breakers = scheme.tie_breakers
    .map((b) => {
      const d = scheme.dimensions.find((x) => x.id === b)!;
      return zh ? d.name : d.name_en;
    })
    .join(zh ? '、' : ', ');
  if (s.vetoed) return zh ? '评优:一票否决,取消评优资格。' : 'Commendation: excluded by the veto.';
  if ((s.total as number) < scheme.tiers.excellent) {
    return zh
      ? `评优:总分 ${Number(s.total).toFixed(2)} 低于优秀线 ${scheme.tiers.excellent} 分,不能评为优秀。`
      : `Commendation: the total ${Number(s.total).toFixed(2)} is below the excellence line of ${scheme.tiers.excellent}.`;
  }
  const order = s.excellence_order as number;
  const tied = await db.scalar<number>(`SELECT count(*) FROM scores WHERE year = $1 AND category = $2 AND excellence_order = $3`, [
    s.year as number,
    s.category as string,
    order,
  ]);
  if (s.commended) {
    const overflow = q && q.overflow > 0 && tied > 1 && order + tied - 1 > quota;
    return zh
      ? `评优:达到优秀线,在本类别优秀候选中(按总分,再按${breakers}小计)排第 ${order} 位,名额 ${quota} 个,评为优秀并获评先进办公室${overflow ? `;与其他单位完全并列,名额超出 ${q!.overflow} 个` : ''}。`
      : `Commendation: above the excellence line and number ${order} among the candidates of its category (by total, then by the ${breakers} subtotals); the quota is ${quota}, so it is excellent and commended${overflow ? `; it is fully tied with others, so the quota is exceeded by ${q!.overflow}` : ''}.`;
  }
  return zh
    ? `评优:达到优秀线,但在本类别优秀候选中(按总分,再按${breakers}小计)排第 ${order} 位,超出名额 ${quota} 个,定为良好。`
    : `Commendation: above the excellence line, but number ${order} among the candidates of its category (by total, then by the ${breakers} subtotals), beyond the quota of ${quota}; graded good.`;
}
