/**
 * `kaoping compare --before OUT1 --after OUT2 [--out DIR]`: what changed
 * between two runs (pipeline/compare.ts) — the published run and the run
 * after the appeals, or the same data under two schemes. Prints a summary;
 * with --out, writes DIR/compare.csv.
 */
import { compareRuns, type ComparedOffice } from '../../pipeline/compare.ts';
import { visible } from '../../pipeline/text.ts';

/** Offices named one by one in the summary at most; compare.csv has them all. */
const MAX_NAMED = 20;

export async function runCompare(opts: { before: string; after: string; out?: string; lang: 'zh' | 'en' }): Promise<number> {
  const zh = opts.lang === 'zh';
  const c = await compareRuns(opts.before, opts.after, opts.out);
  const lines: string[] = [];
  const scheme = (r: typeof c.before) => (r.scheme.title ? `${r.scheme.title} (${r.scheme.id})` : r.scheme.id);
  lines.push(
    zh
      ? `比较 ${c.before.dir}(${c.before.year} 年度,${scheme(c.before)},${c.offices.before} 个单位)与 ${c.after.dir}(${c.after.year} 年度,${scheme(c.after)},${c.offices.after} 个单位)。`
      : `Compared ${c.before.dir} (${c.before.year}, ${scheme(c.before)}, ${c.offices.before} offices) with ${c.after.dir} (${c.after.year}, ${scheme(c.after)}, ${c.offices.after} offices).`,
  );
  if (c.before.scheme.sha256 !== c.after.scheme.sha256) {
    lines.push(zh ? '两次运行所用的考核细则不同。' : 'The two runs used different schemes.');
  }
  lines.push(
    zh
      ? `总分、名次、等次或表彰结果有变化的单位:${c.changed} 个,其中等次变化 ${c.tierChanged} 个。`
      : `Offices whose total, rank, tier or commendation changed: ${c.changed}; of them ${c.tierChanged} changed tier.`,
  );
  lines.push(listed(zh ? '新进入表彰名单' : 'Now commended', c.entered, zh));
  lines.push(listed(zh ? '退出表彰名单' : 'No longer commended', c.left, zh));
  if (c.file) lines.push(zh ? `逐单位变化: ${c.file}` : `Office by office: ${c.file}`);
  else if (c.changed > 0)
    lines.push(zh ? '加 --out 文件夹 可写出逐单位的 compare.csv。' : 'Add --out DIR to write compare.csv, office by office.');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

function listed(label: string, offices: ComparedOffice[], zh: boolean): string {
  if (offices.length === 0) return zh ? `${label}:无` : `${label}: none`;
  const names = offices.slice(0, MAX_NAMED).map((o) => `${visible(o.office_name)}(${visible(o.office_id)})`);
  const more = offices.length > MAX_NAMED ? (zh ? ` 等共 ${offices.length} 个` : ` and ${offices.length - MAX_NAMED} more`) : '';
  return zh ? `${label}(${offices.length} 个):${names.join('、')}${more}` : `${label} (${offices.length}): ${names.join(', ')}${more}`;
}
