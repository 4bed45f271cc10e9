/** `kaoping run`: the appraisal (pipeline/appraise.ts) with the report writers of reports/, then its summary in words. */
import { appraise, RejectedRows, type Appraisal, type AppraiseOptions } from '../../pipeline/appraise.ts';
import { feedbackLimit } from '../../pipeline/outputs.ts';
import { visible } from '../../pipeline/text.ts';
import { writeDocuments } from '../../reports/documents.ts';
import { writeReport } from '../../reports/index.ts';
import { writeWorkbook } from '../../reports/workbook.ts';
import { Progress } from '../progress.ts';
import { formatSummary } from './validate.ts';

export interface RunOptions extends AppraiseOptions {
  quiet?: boolean;
}

export async function runAppraisal(opts: RunOptions): Promise<number> {
  const progress = new Progress(opts.quiet);
  const writers = { workbook: writeWorkbook, documents: writeDocuments, report: writeReport };
  let done: Appraisal;
  try {
    done = await appraise(opts, writers, progress.events());
  } catch (e) {
    if (e instanceof RejectedRows) process.stderr.write(formatSummary(e.checked, opts.lang));
    throw e;
  } finally {
    progress.end();
  }
  process.stdout.write(formatSummary(done.checked, opts.lang) + summaryWords(done, opts.lang));
  return 0;
}

/** Each category's outcome, then where the results, the report, the workbook and the documents are. */
function summaryWords(a: Appraisal, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const { out, written: w } = a;
  const lines: string[] = [];
  if (a.reused !== undefined)
    lines.push(
      zh
        ? `除复核调整表外,输入文件与第 ${a.reused} 次运行载入的完全相同,沿用其已载入并检查的数据表,未重新载入;复核调整表已重新载入并检查。`
        : `The input files other than the adjustments are byte-identical to those run ${a.reused} loaded: its loaded and checked tables ` +
            'were reused, not loaded again; the adjustments were loaded and checked.',
    );
  for (const c of a.categories) {
    const category = visible(c.category); // a name from the data: control characters shown, never sent to the terminal
    lines.push(
      zh
        ? `${category}: ${c.offices} 个单位,优秀 ${c.excellent} 个(名额 ${c.quota}${c.overflow ? `,超出 ${c.overflow} 个并列` : ''}),一票否决 ${c.vetoed} 个`
        : `${category}: ${c.offices} offices, ${c.excellent} excellent (quota ${c.quota}${c.overflow ? `, ${c.overflow} over it by an unbroken tie` : ''}), ` +
            `${c.vetoed} vetoed`,
    );
  }
  lines.push(
    zh ? `${a.year} 年度考评完成(${a.scheme.title})。结果: ${out}` : `Appraisal ${a.year} done (${a.scheme.title_en}). Results: ${out}`,
  );
  lines.push(zh ? `考评报告: ${w.report}` : `Report: ${w.report}`);
  lines.push(zh ? `考评结果汇总表: ${w.workbook}` : `Results workbook: ${w.workbook}`);
  lines.push(
    zh
      ? `公示名单与表彰通报(草稿): ${w.publicity}、${w.notice}`
      : `Publicity list and draft commendation notice: ${w.publicity}, ${w.notice}`,
  );
  lines.push(
    w.feedback
      ? zh
        ? `考核反馈单(每个单位一份): ${w.feedback}`
        : `Feedback letters (one per office): ${w.feedback}`
      : zh
        ? `单位数超过 ${feedbackLimit()} 个,未逐一生成考核反馈单;需要时用 kaoping report --office 单位编码 --out ${out} 生成。`
        : `More than ${feedbackLimit()} offices: no feedback letters were written; kaoping report --office ID --out ${out} writes one.`,
  );
  return lines.map((l) => `${l}\n`).join('');
}
