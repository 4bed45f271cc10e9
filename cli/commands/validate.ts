/** `kaoping validate`: load and check, print a per-file summary, write rejects.csv. */
import { join } from 'node:path';
import { stageOutput } from '../../pipeline/outdir.ts';
import { Db } from '../../pipeline/db.ts';
import { load } from '../../pipeline/load.ts';
import { validate, type ValidateResult } from '../../pipeline/validate.ts';
import { copyCsv, createFormatters, rejectsQuery } from '../../pipeline/write.ts';
import { SAMPLE_DATA } from '../../pipeline/version.ts';
import { formatTable } from '../../pipeline/text.ts';
import { Progress } from '../progress.ts';

export interface ValidateOptions {
  data?: string;
  out: string;
  lang: 'zh' | 'en';
  allowLinks?: boolean;
  quiet?: boolean;
}


export async function runValidate(opts: ValidateOptions): Promise<number> {
  const dataDir = opts.data ?? SAMPLE_DATA;
  // OUT is claimed like a run's; the scratch database (a national-size load can spill) lives in its staging area
  const staged = await stageOutput(opts.out, { data: dataDir });
  let db: Db | undefined;
  try {
    db = await Db.open(join(staged.scratch, 'validate.duckdb'), { tempDirectory: join(staged.scratch, 'spill') });
    const d = db;
    const progress = new Progress(opts.quiet);
    const loaded = await progress.time('load', () => load(d, dataDir, {
      allowLinks: opts.allowLinks,
      workDir: staged.scratch,
      onRows: (file, rows) => progress.update(`${file}: ${rows.toLocaleString('en')} rows`),
    }));
    const result = await progress.time('check', () => validate(d, loaded, (file) => progress.update(file)));
    await createFormatters(db);
    await copyCsv(db, rejectsQuery(opts.lang), join(staged.dir, 'rejects.csv'));
    db.close();
    db = undefined;
    await staged.commit();
    process.stdout.write(formatSummary(result, opts.lang));
    const target = join(staged.target, 'rejects.csv');
    process.stdout.write(opts.lang === 'zh' ? `拒收明细: ${target}\n` : `rejects: ${target}\n`);
    return result.rejectedRows > 0 ? 2 : 0;
  } catch (e) {
    db?.close();
    await staged.abort();
    throw e;
  }
}

/** The per-file summary table: rows = loaded + rejected for every file. */
export function formatSummary(r: ValidateResult, lang: 'zh' | 'en'): string {
  const head = lang === 'zh' ? ['文件', '编码', '数据行', '已载入', '拒收'] : ['file', 'encoding', 'rows', 'loaded', 'rejected'];
  const rows = r.files.map((f) => [f.file, f.encoding, String(f.rows), String(f.loaded), String(f.rejected)]);
  const total = r.files.reduce((a, f) => [a[0] + f.rows, a[1] + f.loaded, a[2] + f.rejected], [0, 0, 0]);
  rows.push([lang === 'zh' ? '合计' : 'total', '', ...total.map(String)]);
  let out = formatTable(head, rows, [false, false, true, true, true]);
  for (const f of r.files) {
    for (const t of f.titles) {
      out += lang === 'zh' ? `跳过表头上方的标题行: ${f.file} 第 ${t.line} 行 “${t.text}”\n` : `skipped title row above the header: ${f.file} line ${t.line} "${t.text}"\n`;
    }
  }
  for (const w of r.warnings) out += `${lang === 'zh' ? '提示' : 'warning'}: ${lang === 'zh' ? w.message_zh : w.message}\n`;
  out += lang === 'zh'
    ? (r.rejectedRows > 0 ? `共拒收 ${r.rejectedRows} 行;每个文件 已载入 + 拒收 = 数据行。\n` : '全部数据行已载入,没有拒收。\n')
    : (r.rejectedRows > 0 ? `${r.rejectedRows} rows rejected; for every file loaded + rejected = rows.\n` : 'All rows loaded; nothing rejected.\n');
  return out;
}

