/**
 * Settings 考评设置: an optional `appraisal.yaml` in the data folder, read once
 * by every command that writes pages or documents. It names the appraisal
 * (`title`, e.g. 岐山县2024年度办公室工作考评) and the issuing organ (`organ`),
 * and gives the 公示 period in days (`publicity_days`) and a `contact` line.
 * Without the file, generic wording is used. It is not an input table.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Db } from './db.ts';
import { InputError } from './errors.ts';

export interface Settings {
  /** e.g. 岐山县2024年度办公室工作考评 */
  title?: string;
  /** the issuing organ, e.g. 中共岐山县委办公室 岐山县人民政府办公室 */
  organ?: string;
  /** days of publication (公示) */
  publicity_days?: number;
  /** who to contact during publication, e.g. 考评办 张三 0917-1234567 */
  contact?: string;
  /** the settings file, when there is one */
  file?: string;
}

const KEYS = ['title', 'organ', 'publicity_days', 'contact'] as const;

/** The settings of a data folder: `appraisal.yaml` (any case; `.yml` too), or none. */
export async function readSettings(dataDir: string): Promise<Settings> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const found = names.filter((n) => /^appraisal\.ya?ml$/i.test(n) || n === '考评设置.yaml');
  if (found.length === 0) return {};
  if (found.length > 1) {
    throw new InputError(
      `${found.join(' and ')} are both settings files; keep one.`,
      `${found.join(' 和 ')} 都是考评设置文件,请只保留一个。`,
    );
  }
  const file = join(dataDir, found[0]);
  let doc: unknown;
  try {
    doc = YAML.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0];
    throw new InputError(`The settings file ${file} is not valid YAML (${why}).`, `考评设置文件 ${file} 不是有效的 YAML(${why})。`);
  }
  return parseSettings(doc, file);
}

export function parseSettings(doc: unknown, file: string): Settings {
  if (doc === null || doc === undefined) return { file };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError(
      `The settings file ${file} must hold keys (title, organ, publicity_days, contact), not a single value.`,
      `考评设置文件 ${file} 应由键值组成(title、organ、publicity_days、contact),而不是单个值。`,
    );
  }
  const o = doc as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(k)) {
      throw new InputError(
        `The settings file ${file} has an unknown key ${k}; the keys are title, organ, publicity_days and contact.`,
        `考评设置文件 ${file} 中的键 ${k} 无法识别;可用的键为 title、organ、publicity_days、contact。`,
      );
    }
  }
  const s: Settings = { file };
  for (const k of ['title', 'organ', 'contact'] as const) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new InputError(`The settings key ${k} in ${file} must be a text.`, `考评设置文件 ${file} 中的 ${k} 应为文字。`);
    }
    const text = String(v).trim();
    // eslint-disable-next-line no-control-regex -- control characters are what this makes safe
    if (text.length > 200 || /[\u0000-\u001f\u007f]/.test(text)) {
      throw new InputError(
        `The settings key ${k} in ${file} must be one line of at most 200 characters.`,
        `考评设置文件 ${file} 中的 ${k} 应为一行文字,不超过 200 个字符。`,
      );
    }
    if (text !== '') s[k] = text;
  }
  const d = o.publicity_days;
  if (d !== undefined && d !== null) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 60) {
      throw new InputError(
        `The settings key publicity_days in ${file} is ${String(d)}, but must be a whole number of days from 1 to 60.`,
        `考评设置文件 ${file} 中的 publicity_days 为 ${String(d)},应为 1 到 60 之间的整数天数。`,
      );
    }
    s.publicity_days = d;
  }
  return s;
}

/** The settings the latest run of `year` recorded (runs.settings), for commands that write pages after the run. */
export async function settingsOfYear(db: Db, year: number): Promise<Settings> {
  const has = await db.scalar<number>(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'runs' AND column_name = 'settings'`);
  if (!Number(has)) return {};
  const text = await db.scalar<string | null>(`SELECT settings::VARCHAR FROM runs WHERE year = $1 ORDER BY run_id DESC LIMIT 1`, [year]);
  if (!text) return {};
  try {
    return parseSettings(JSON.parse(text), 'runs.settings');
  } catch {
    return {};
  }
}

/** What runs.settings records: the keys, without the file's path. */
export function settingsRecord(s: Settings): string {
  const { file: _file, ...keys } = s;
  void _file;
  return JSON.stringify(keys);
}

/** The report date: SOURCE_DATE_EPOCH (seconds; reproducible builds) when set, else today, as YYYY-MM-DD. */
export function reportDate(now = new Date()): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const d = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : now;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
