/**
 * `kaoping verify --out DIR [--data DIR]`: do the results in OUT still belong
 * to these inputs? Re-hashes every input file and CSV output the manifest
 * lists (and the scheme), the year's result tables in the database and every
 * file of the report (fingerprint.ts), and names whatever changed, one
 * sentence each. Exit 0 yes, 2 no (or no readable manifest).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Db } from '../../pipeline/db.ts';
import { InputError } from '../../pipeline/errors.ts';
import { compareFolder, compareResults, databasePath, type DatabaseManifest, type FolderChange, type FolderFingerprint, type ResultsChange } from '../../pipeline/fingerprint.ts';
import { findFiles } from '../../pipeline/load.ts';
import { readScheme } from '../../pipeline/scheme.ts';

interface Manifest {
  data: string;
  year: number;
  scheme: { id: string; file: string; sha256: string };
  inputs: { table: string; file: string; sha256: string; bytes: number }[];
  outputs: Record<string, string>;
  /** since the database and report fingerprints were added; absent in older manifests */
  database?: DatabaseManifest;
  report?: FolderFingerprint;
}

/** Report files named one by one at most; the rest are counted. */
const MAX_FILES = 10;

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** The first part of a parsed manifest.json that is not what a run writes (its name), or undefined when it is a run's manifest. */
function malformed(m: unknown): string | undefined {
  if (!isObject(m)) return 'the whole file';
  if (!Number.isInteger(m.year)) return 'year';
  if (!isString(m.data)) return 'data';
  if (!isObject(m.scheme) || !isString(m.scheme.file) || !isString(m.scheme.sha256)) return 'scheme';
  if (!Array.isArray(m.inputs) || !m.inputs.every((i) => isObject(i) && isString(i.table) && isString(i.file) && isString(i.sha256))) return 'inputs';
  if (!isObject(m.outputs) || !Object.values(m.outputs).every(isString)) return 'outputs';
  if (m.database !== undefined) {
    const d = m.database;
    if (!isObject(d) || !isString(d.file) || !Number.isInteger(d.year) || !isObject(d.tables) ||
      !Object.values(d.tables).every((t) => isObject(t) && Number.isInteger(t.rows) && isString(t.sha256) && Array.isArray(t.columns) && t.columns.every(isString))) return 'database';
  }
  if (m.report !== undefined) {
    const r = m.report;
    if (!isObject(r) || !isString(r.sha256) || !isObject(r.files) || !Object.values(r.files).every(isString)) return 'report';
  }
  return undefined;
}

async function readManifest(path: string, out: string): Promise<Manifest> {
  if (!existsSync(path)) {
    throw new InputError(`${path} does not exist; there is no run to verify in ${out}.`, `${path} 不存在;${out} 中没有可核对的考评结果。`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), so the results in ${out} cannot be verified.`,
      `无法读取 ${path}(${(e as NodeJS.ErrnoException).code ?? (e as Error).message}),因此无法核对 ${out} 中的结果。`);
  }
  if (text.trim() === '') {
    throw new InputError(`${path} is empty, so there is no record to verify the results in ${out} against; run kaoping run again.`,
      `${path} 是空的,没有可据以核对 ${out} 中结果的记录;请重新运行 kaoping run。`);
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new InputError(`${path} is not valid JSON, so the results in ${out} cannot be verified; run kaoping run again.`,
      `${path} 不是有效的 JSON,因此无法核对 ${out} 中的结果;请重新运行 kaoping run。`);
  }
  const bad = malformed(m);
  if (bad === 'the whole file') {
    const kind = m === null ? 'null' : Array.isArray(m) ? 'list' : typeof m;
    const en = kind === 'null' ? 'null' : `a ${kind}`;
    const zhKind = ({ null: ' null', list: '一个数组', number: '一个数字', string: '一个字符串', boolean: '一个布尔值' } as Record<string, string>)[kind] ?? kind;
    throw new InputError(`${path} holds ${en}, not the manifest of a kaoping run, so the results in ${out} cannot be verified; run kaoping run again.`,
      `${path} 中是${zhKind},不是 kaoping 运行的记录,因此无法核对 ${out} 中的结果;请重新运行 kaoping run。`);
  }
  if (bad) {
    throw new InputError(`${path} is not the manifest of a kaoping run (its "${bad}" is missing or malformed), so the results in ${out} cannot be verified; run kaoping run again.`,
      `${path} 不是 kaoping 运行的记录(其中的“${bad}”缺失或格式不对),因此无法核对 ${out} 中的结果;请重新运行 kaoping run。`);
  }
  return m as Manifest;
}

function resultsWords(c: ResultsChange, file: string, year: number, zh: boolean): string {
  switch (c.kind) {
    case 'gone': return zh ? `数据库 ${file} 中的结果表 ${c.table} 已不存在` : `result table ${c.table} is gone from the database ${file}`;
    case 'columns': return zh ? `数据库 ${file} 中的结果表 ${c.table} 少了列 ${c.missing!.join('、')}` : `result table ${c.table} in the database ${file} has lost its columns ${c.missing!.join(', ')}`;
    case 'rows': return zh ? `数据库 ${file} 中 ${year} 年度的结果表 ${c.table} 已被改动(运行时 ${c.recorded} 行,现有 ${c.now} 行)`
      : `result table ${c.table} (${year}) in the database ${file} has been modified (${c.recorded} rows at the run, ${c.now} now)`;
    case 'content': return zh ? `数据库 ${file} 中 ${year} 年度的结果表 ${c.table} 已被改动(行数未变,内容与运行时不同)`
      : `result table ${c.table} (${year}) in the database ${file} has been modified (same number of rows, different contents)`;
    case 'added': return zh ? `数据库 ${file} 中的结果表 ${c.table} 现有 ${c.now} 行 ${year} 年度的数据,不是这次运行写入的`
      : `result table ${c.table} in the database ${file} now has ${c.now} rows of ${year} that the run did not write`;
  }
}

function reportWords(c: FolderChange, zh: boolean): string {
  const f = `report/${c.file}`;
  if (c.kind === 'gone') return zh ? `报告文件 ${f} 已不存在` : `report file ${f} is gone`;
  if (c.kind === 'added') return zh ? `新增了报告文件 ${f}` : `report file ${f} was added`;
  return zh ? `报告文件 ${f} 已被改动` : `report file ${f} has been modified`;
}

export async function runVerify(opts: { out: string; data?: string; lang: 'zh' | 'en' }): Promise<number> {
  const zh = opts.lang === 'zh';
  const m = await readManifest(join(opts.out, 'manifest.json'), opts.out);
  const dataDir = opts.data ?? m.data;
  const changed: string[] = [];
  const found = await findFiles(dataDir);
  for (const input of m.inputs) {
    const file = found.get(input.table);
    if (!file) { changed.push(zh ? `输入文件 ${input.file} 已不存在` : `input ${input.file} is gone`); continue; }
    const sha = await sha256File(join(dataDir, file));
    if (file !== input.file) changed.push(zh ? `输入文件 ${input.file} 改名为 ${file}` : `input ${input.file} is now named ${file}`);
    if (sha !== input.sha256) changed.push(zh ? `输入文件 ${file} 的内容已改变` : `input ${file} has changed (sha256 differs)`);
  }
  for (const [table, file] of found) {
    if (!m.inputs.some((i) => i.table === table)) changed.push(zh ? `新增了输入文件 ${file}` : `input ${file} was added`);
  }
  for (const [file, sha] of Object.entries(m.outputs)) {
    const path = join(opts.out, file);
    if (!existsSync(path)) { changed.push(zh ? `输出文件 ${file} 已不存在` : `output ${file} is gone`); continue; }
    if ((await sha256File(path)) !== sha) changed.push(zh ? `输出文件 ${file} 已被改动` : `output ${file} has been modified`);
  }
  changed.push(...await databaseChanges(opts.out, m, zh));
  changed.push(...await reportChanges(opts.out, m, zh));
  if (!existsSync(m.scheme.file)) {
    changed.push(zh ? `考核细则文件 ${m.scheme.file} 已不存在` : `scheme file ${m.scheme.file} is gone`);
  } else if ((await readScheme(m.scheme.file)).sha256 !== m.scheme.sha256) {
    changed.push(zh ? `考核细则 ${m.scheme.file} 已改变` : `scheme ${m.scheme.file} has changed`);
  }
  if (changed.length === 0) {
    process.stdout.write(zh
      ? `${opts.out} 中 ${m.year} 年度的结果(CSV 文件、数据库结果表和报告)与输入数据(${m.inputs.length} 个文件)、考核细则 ${m.scheme.id} 一致。\n`
      : `The ${m.year} results in ${opts.out} (CSV files, database tables and report) still belong to these inputs (${m.inputs.length} files) and scheme ${m.scheme.id}.\n`);
    return 0;
  }
  process.stdout.write((zh ? `${opts.out} 中的结果已不对应当前输入:\n` : `The results in ${opts.out} no longer belong to these inputs:\n`) + changed.map((c) => `  - ${c}\n`).join(''));
  return 2;
}

/** The year's result tables in the database against the manifest's fingerprint. */
async function databaseChanges(out: string, m: Manifest, zh: boolean): Promise<string[]> {
  const d = m.database;
  if (!d) {
    return [zh ? 'manifest.json 没有记录数据库结果表的指纹(由旧版 kaoping 写出),无法核对数据库;请重新运行 kaoping run'
      : 'manifest.json records no fingerprint of the database\'s result tables (an older kaoping wrote it), so the database cannot be verified; run kaoping run again'];
  }
  const path = databasePath(out, d.file);
  if (!existsSync(path)) return [zh ? `数据库 ${d.file} 已不存在` : `the database ${d.file} is gone`];
  let db: Db;
  try {
    db = await Db.open(path, { readOnly: true, noExternalAccess: true });
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0];
    return [zh ? `数据库 ${d.file} 无法打开(${why}),无法核对其中的结果` : `the database ${d.file} cannot be opened (${why}), so its results cannot be verified`];
  }
  try {
    return (await compareResults(db, d)).map((c) => resultsWords(c, d.file, d.year, zh));
  } finally {
    db.close();
  }
}

/** Every file of OUT/report against the manifest's fingerprint. */
async function reportChanges(out: string, m: Manifest, zh: boolean): Promise<string[]> {
  if (!m.report) {
    return [zh ? 'manifest.json 没有记录报告文件的指纹(由旧版 kaoping 写出),无法核对报告;请重新运行 kaoping run'
      : 'manifest.json records no fingerprint of the report (an older kaoping wrote it), so the report cannot be verified; run kaoping run again'];
  }
  const changes = await compareFolder(join(out, 'report'), m.report);
  const words = changes.slice(0, MAX_FILES).map((c) => reportWords(c, zh));
  if (changes.length > MAX_FILES) {
    const more = changes.length - MAX_FILES;
    words.push(zh ? `另有 ${more} 个报告文件不同` : `${more} more report file${more === 1 ? '' : 's'} differ`);
  }
  return words;
}
