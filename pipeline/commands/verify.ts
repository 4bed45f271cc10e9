/**
 * `kaoping verify --out DIR [--data DIR]`: do the results in OUT still belong
 * to these inputs? Re-hashes every input file and output the manifest lists
 * (and the scheme), and names whatever changed. Exit 0 yes, 2 no.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { findFiles } from '../load.ts';
import { readScheme } from '../scheme.ts';

interface Manifest {
  data: string;
  year: number;
  scheme: { id: string; file: string; sha256: string };
  inputs: { table: string; file: string; sha256: string; bytes: number }[];
  outputs: Record<string, string>;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
}

export async function runVerify(opts: { out: string; data?: string; lang: 'zh' | 'en' }): Promise<number> {
  const zh = opts.lang === 'zh';
  const manifestPath = join(opts.out, 'manifest.json');
  if (!existsSync(manifestPath)) throw new InputError(`${manifestPath} does not exist; there is no run to verify in ${opts.out}.`);
  let m: Manifest;
  try {
    m = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch {
    throw new InputError(`${manifestPath} is not valid JSON.`);
  }
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
  if (!existsSync(m.scheme.file)) {
    changed.push(zh ? `考核细则文件 ${m.scheme.file} 已不存在` : `scheme file ${m.scheme.file} is gone`);
  } else if ((await readScheme(m.scheme.file)).sha256 !== m.scheme.sha256) {
    changed.push(zh ? `考核细则 ${m.scheme.file} 已改变` : `scheme ${m.scheme.file} has changed`);
  }
  if (changed.length === 0) {
    process.stdout.write(zh
      ? `${opts.out} 中 ${m.year} 年度的结果与输入数据(${m.inputs.length} 个文件)、考核细则 ${m.scheme.id} 一致。\n`
      : `The ${m.year} results in ${opts.out} still belong to these inputs (${m.inputs.length} files) and scheme ${m.scheme.id}.\n`);
    return 0;
  }
  process.stdout.write((zh ? `${opts.out} 中的结果已不对应当前输入:\n` : `The results in ${opts.out} no longer belong to these inputs:\n`) + changed.map((c) => `  - ${c}\n`).join(''));
  return 2;
}
