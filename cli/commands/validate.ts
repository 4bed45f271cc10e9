/** `kaoping validate`: load and check (pipeline/appraise.ts checkExports), print a per-file summary; exit 2 when rows were rejected. */
import { checkExports, type CheckOptions } from '../../pipeline/appraise.ts';
import { formatTable } from '../../pipeline/text.ts';
import type { ValidateResult } from '../../pipeline/validate.ts';
import { Progress } from '../progress.ts';

export interface ValidateOptions extends CheckOptions {
  quiet?: boolean;
}

export async function runValidate(opts: ValidateOptions): Promise<number> {
  const progress = new Progress(opts.quiet);
  const { checked, rejects } = await checkExports(opts, progress.events()).finally(() => progress.end());
  process.stdout.write(formatSummary(checked, opts.lang));
  process.stdout.write(opts.lang === 'zh' ? `拒收明细: ${rejects}\n` : `rejects: ${rejects}\n`);
  return checked.rejectedRows > 0 ? 2 : 0;
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
      out +=
        lang === 'zh'
          ? `跳过表头上方的标题行: ${f.file} 第 ${t.line} 行 “${t.text}”\n`
          : `skipped title row above the header: ${f.file} line ${t.line} "${t.text}"\n`;
    }
  }
  for (const w of r.warnings) out += `${lang === 'zh' ? '提示' : 'warning'}: ${lang === 'zh' ? w.message_zh : w.message}\n`;
  out +=
    lang === 'zh'
      ? r.rejectedRows > 0
        ? `共拒收 ${r.rejectedRows} 行;每个文件 已载入 + 拒收 = 数据行。\n`
        : '全部数据行已载入,没有拒收。\n'
      : r.rejectedRows > 0
        ? `${r.rejectedRows} rows rejected; for every file loaded + rejected = rows.\n`
        : 'All rows loaded; nothing rejected.\n';
  return out;
}
