/**
 * `kaoping verify --out DIR [--data DIR]`: do the results in OUT still belong
 * to these inputs (pipeline/verify.ts)? Names whatever changed, one sentence
 * each. Exit 0 yes, 2 no (or no readable manifest).
 */
import type { FolderChange, ResultsChange } from '../../pipeline/fingerprint.ts';
import {
  unchanged,
  verifyOutputs,
  type DatabaseCheck,
  type InputChange,
  type ReportCheck,
  type Verification,
} from '../../pipeline/verify.ts';

/** Report files named one by one at most; the rest are counted. */
const MAX_FILES = 10;

export async function runVerify(opts: { out: string; data?: string; lang: 'zh' | 'en' }): Promise<number> {
  const zh = opts.lang === 'zh';
  const v = await verifyOutputs(opts.out, opts.data);
  const m = v.manifest;
  if (unchanged(v)) {
    process.stdout.write(
      zh
        ? `${opts.out} 中 ${m.year} 年度的结果(CSV 文件、数据库结果表和报告)与输入数据(${m.inputs.length} 个文件)、考核细则 ${m.scheme.id} 一致。\n`
        : `The ${m.year} results in ${opts.out} (CSV files, database tables and report) still belong to these inputs (${m.inputs.length} files) ` +
            `and scheme ${m.scheme.id}.\n`,
    );
    return 0;
  }
  const changed = changeWords(v, zh);
  process.stdout.write(
    (zh ? `${opts.out} 中的结果已不对应当前输入:\n` : `The results in ${opts.out} no longer belong to these inputs:\n`) +
      changed.map((c) => `  - ${c}\n`).join(''),
  );
  return 2;
}

/** Every change, one sentence each, in the order verify found them. */
function changeWords(v: Verification, zh: boolean): string[] {
  const words = v.inputs.map((c) => inputWords(c, zh));
  for (const c of v.outputs) {
    words.push(
      c.kind === 'gone'
        ? zh
          ? `输出文件 ${c.file} 已不存在`
          : `output ${c.file} is gone`
        : zh
          ? `输出文件 ${c.file} 已被改动`
          : `output ${c.file} has been modified`,
    );
  }
  words.push(...databaseWords(v.database, zh), ...reportChangeWords(v.report, zh));
  if (v.scheme?.kind === 'gone') words.push(zh ? `考核细则文件 ${v.scheme.file} 已不存在` : `scheme file ${v.scheme.file} is gone`);
  if (v.scheme?.kind === 'changed') words.push(zh ? `考核细则 ${v.scheme.file} 已改变` : `scheme ${v.scheme.file} has changed`);
  return words;
}

function inputWords(c: InputChange, zh: boolean): string {
  switch (c.kind) {
    case 'gone':
      return zh ? `输入文件 ${c.file} 已不存在` : `input ${c.file} is gone`;
    case 'renamed':
      return zh ? `输入文件 ${c.file} 改名为 ${c.now}` : `input ${c.file} is now named ${c.now}`;
    case 'changed':
      return zh ? `输入文件 ${c.file} 的内容已改变` : `input ${c.file} has changed (sha256 differs)`;
    case 'added':
      return zh ? `新增了输入文件 ${c.file}` : `input ${c.file} was added`;
  }
}

function databaseWords(d: DatabaseCheck, zh: boolean): string[] {
  switch (d.kind) {
    case 'unrecorded':
      return [
        zh
          ? 'manifest.json 没有记录数据库结果表的指纹(由旧版 kaoping 写出),无法核对数据库;请重新运行 kaoping run'
          : "manifest.json records no fingerprint of the database's result tables (an older kaoping wrote it), so the database cannot be verified; run kaoping run again",
      ];
    case 'gone':
      return [zh ? `数据库 ${d.file} 已不存在` : `the database ${d.file} is gone`];
    case 'unreadable':
      return [
        zh
          ? `数据库 ${d.file} 无法打开(${d.why}),无法核对其中的结果`
          : `the database ${d.file} cannot be opened (${d.why}), so its results cannot be verified`,
      ];
    case 'compared':
      return d.changes.map((c) => resultsWords(c, d.file, d.year, zh));
  }
}

function reportChangeWords(r: ReportCheck, zh: boolean): string[] {
  if (r.kind === 'unrecorded') {
    return [
      zh
        ? 'manifest.json 没有记录报告文件的指纹(由旧版 kaoping 写出),无法核对报告;请重新运行 kaoping run'
        : 'manifest.json records no fingerprint of the report (an older kaoping wrote it), so the report cannot be verified; run kaoping run again',
    ];
  }
  const words = r.changes.slice(0, MAX_FILES).map((c) => reportWords(c, zh));
  if (r.changes.length > MAX_FILES) {
    const more = r.changes.length - MAX_FILES;
    words.push(zh ? `另有 ${more} 个报告文件不同` : `${more} more report file${more === 1 ? '' : 's'} differ`);
  }
  return words;
}

function resultsWords(c: ResultsChange, file: string, year: number, zh: boolean): string {
  switch (c.kind) {
    case 'gone':
      return zh ? `数据库 ${file} 中的结果表 ${c.table} 已不存在` : `result table ${c.table} is gone from the database ${file}`;
    case 'columns':
      return zh
        ? `数据库 ${file} 中的结果表 ${c.table} 少了列 ${c.missing!.join('、')}`
        : `result table ${c.table} in the database ${file} has lost its columns ${c.missing!.join(', ')}`;
    case 'rows':
      return zh
        ? `数据库 ${file} 中 ${year} 年度的结果表 ${c.table} 已被改动(运行时 ${c.recorded} 行,现有 ${c.now} 行)`
        : `result table ${c.table} (${year}) in the database ${file} has been modified (${c.recorded} rows at the run, ${c.now} now)`;
    case 'content':
      return zh
        ? `数据库 ${file} 中 ${year} 年度的结果表 ${c.table} 已被改动(行数未变,内容与运行时不同)`
        : `result table ${c.table} (${year}) in the database ${file} has been modified (same number of rows, different contents)`;
    case 'added':
      return zh
        ? `数据库 ${file} 中的结果表 ${c.table} 现有 ${c.now} 行 ${year} 年度的数据,不是这次运行写入的`
        : `result table ${c.table} in the database ${file} now has ${c.now} rows of ${year} that the run did not write`;
  }
}

function reportWords(c: FolderChange, zh: boolean): string {
  const f = `report/${c.file}`;
  if (c.kind === 'gone') return zh ? `报告文件 ${f} 已不存在` : `report file ${f} is gone`;
  if (c.kind === 'added') return zh ? `新增了报告文件 ${f}` : `report file ${f} was added`;
  return zh ? `报告文件 ${f} 已被改动` : `report file ${f} has been modified`;
}
