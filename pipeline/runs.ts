/**
 * The record of a run, in its two places: the database's `runs` table (one
 * row per run: year, scheme, inputs, settings; what later commands read the
 * scheme and settings of a year back from) and OUT/manifest.json (what the
 * run read and wrote, with hashes, for `kaoping verify`). The table's
 * columns, the manifest's shape, writing and reading both live here.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TABLES } from './contract.ts';
import type { Db } from './db.ts';
import { InputError } from './errors.ts';
import type { DatabaseManifest, FolderFingerprint } from './fingerprint.ts';
import type { Scheme } from './scheme.ts';
import { settingsRecord, type Settings } from './settings.ts';
import type { FileSummary } from './validate.ts';
import { VERSION } from './version.ts';

/** Creates `runs` in a database that has none, and adds the columns later versions record. */
async function createRunsTable(db: Db): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS runs (run_id INTEGER, year INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP,
    tool_version VARCHAR, scheme_id VARCHAR, scheme_file VARCHAR, scheme_sha256 VARCHAR, scheme_yaml VARCHAR, data_dir VARCHAR, inputs JSON)`);
  await db.run(`ALTER TABLE runs ADD COLUMN IF NOT EXISTS settings JSON`); // the settings (appraisal.yaml) the pages were written with
  // the run whose loaded and checked tables this run reused instead of loading its byte-identical files again (reuse.ts)
  await db.run(`ALTER TABLE runs ADD COLUMN IF NOT EXISTS reused_from INTEGER`);
}

export interface RunRecord {
  year: number;
  scheme: Scheme;
  dataDir: string;
  started: Date;
  files: unknown[];
  settings: Settings;
  /** the run whose load this run reused (reuse.ts), if it did */
  reusedFrom?: number;
}

/** Records the run in the database (`runs`): what was scored, with which scheme and inputs. Returns its run_id. */
export async function recordRun(db: Db, r: RunRecord): Promise<number> {
  await createRunsTable(db);
  await db.run(
    `INSERT INTO runs BY NAME SELECT coalesce(max(run_id), 0) + 1 AS run_id, $1 AS year, $2::TIMESTAMP AS started_at,
      now()::TIMESTAMP AS finished_at, $3 AS tool_version, $4 AS scheme_id, $5 AS scheme_file, $6 AS scheme_sha256, $7 AS scheme_yaml,
      $8 AS data_dir, $9::JSON AS inputs, $10::JSON AS settings, $11::INTEGER AS reused_from FROM runs`,
    [
      r.year,
      r.started.toISOString(),
      VERSION,
      r.scheme.id,
      r.scheme.path,
      r.scheme.sha256,
      r.scheme.text ?? '',
      resolve(r.dataDir),
      JSON.stringify(r.files),
      settingsRecord(r.settings),
      r.reusedFrom ?? null,
    ],
  );
  return Number(await db.scalar(`SELECT max(run_id) FROM runs`));
}

/** A command that reads a run's database was given one that is not there. */
export function noRunDatabase(shown: string): InputError {
  return new InputError(
    `The database ${shown} does not exist; run kaoping run first or pass --db.`,
    `数据库 ${shown} 不存在;请先运行 kaoping run,或用 --db 指定。`,
  );
}

/** OUT/manifest.json as a run writes it (refreshManifest in fingerprint.ts updates `database`, `report` and sensitivity.csv's hash). */
export interface Manifest {
  tool: 'kaoping';
  version: string;
  year: number;
  scheme: { id: string; title: string; file: string; sha256: string };
  /** the data folder, absolute */
  data: string;
  /** validate.ts's file summaries, the title rows named `skipped_rows` */
  inputs: (Omit<FileSummary, 'titles'> & { skipped_rows: FileSummary['titles'] })[];
  missing_tables: string[];
  /**
   * when every input but the adjustments file was byte-identical to the latest run's in the database: the run whose
   * loaded and checked tables were reused instead of loading those files again (reuse.ts)
   */
  reused_from?: number;
  /**
   * when the data folder holds an adjustments file (its sha256 is among `inputs`): the rows of the year applied, by action,
   * and the rows excluded (adjustments.ts)
   */
  adjustments?: AdjustmentCounts;
  /** file in OUT -> sha256 */
  outputs: Record<string, string>;
  database: DatabaseManifest;
  report: FolderFingerprint;
  timings_ms: Record<string, number>;
  started_at: string;
  finished_at: string;
  refreshed_at?: string;
}

export interface AdjustmentCounts {
  file: string;
  sha256: string;
  applied: number;
  exclude: number;
  points: number;
  excluded_rows: number;
}

export interface ManifestParts {
  adjustments?: AdjustmentCounts;
  reusedFrom?: number;
  year: number;
  scheme: Scheme;
  dataDir: string;
  files: FileSummary[];
  outputs: Record<string, string>;
  database: DatabaseManifest;
  report: FolderFingerprint;
  timings: Record<string, number>;
  started: Date;
}

/** The manifest of a run that has just written its outputs (finished now). */
export function buildManifest(p: ManifestParts): Manifest {
  return {
    tool: 'kaoping',
    version: VERSION,
    year: p.year,
    scheme: { id: p.scheme.id, title: p.scheme.title, file: p.scheme.path, sha256: p.scheme.sha256 },
    data: resolve(p.dataDir),
    inputs: p.files.map((f) => ({
      table: f.table,
      file: f.file,
      encoding: f.encoding,
      sha256: f.sha256,
      bytes: f.bytes,
      rows: f.rows,
      loaded: f.loaded,
      rejected: f.rejected,
      skipped_rows: f.titles,
    })),
    missing_tables: TABLES.filter((t) => !t.usuallyAbsent && !p.files.some((f) => f.table === t.name)).map((t) => t.name),
    ...(p.reusedFrom ? { reused_from: p.reusedFrom } : {}),
    ...(p.adjustments ? { adjustments: p.adjustments } : {}),
    outputs: p.outputs,
    database: p.database,
    report: p.report,
    timings_ms: p.timings,
    started_at: p.started.toISOString(),
    finished_at: new Date().toISOString(),
  };
}

/** The sha256 of each of `files` in `dir`, for the manifest's `outputs`. */
export async function hashOutputs(dir: string, files: string[]): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const f of files)
    outputs[f] = createHash('sha256')
      .update(await readFile(join(dir, f)))
      .digest('hex');
  return outputs;
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
}

/**
 * The part of a manifest.json that `readManifest` vouches for: what verify
 * compares. `database` and `report` are absent in manifests written before
 * they were fingerprinted.
 */
export interface RecordedManifest {
  data: string;
  year: number;
  scheme: { id: string; file: string; sha256: string };
  inputs: { table: string; file: string; sha256: string; bytes: number }[];
  outputs: Record<string, string>;
  database?: DatabaseManifest;
  report?: FolderFingerprint;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** The first part of a parsed manifest.json that is not what a run writes (its name), or undefined when it is a run's manifest. */
function malformed(m: unknown): string | undefined {
  if (!isObject(m)) return 'the whole file';
  if (!Number.isInteger(m.year)) return 'year';
  if (!isString(m.data)) return 'data';
  if (!isObject(m.scheme) || !isString(m.scheme.file) || !isString(m.scheme.sha256)) return 'scheme';
  const isInput = (i: unknown) => isObject(i) && isString(i.table) && isString(i.file) && isString(i.sha256);
  if (!Array.isArray(m.inputs) || !m.inputs.every(isInput)) return 'inputs';
  if (!isObject(m.outputs) || !Object.values(m.outputs).every(isString)) return 'outputs';
  if (m.database !== undefined) {
    const d = m.database;
    if (
      !isObject(d) ||
      !isString(d.file) ||
      !Number.isInteger(d.year) ||
      !isObject(d.tables) ||
      !Object.values(d.tables).every(
        (t) => isObject(t) && Number.isInteger(t.rows) && isString(t.sha256) && Array.isArray(t.columns) && t.columns.every(isString),
      )
    )
      return 'database';
  }
  if (m.report !== undefined) {
    const r = m.report;
    if (!isObject(r) || !isString(r.sha256) || !isObject(r.files) || !Object.values(r.files).every(isString)) return 'report';
  }
  return undefined;
}

/** OUT/manifest.json at `path`, checked; anything but a run's manifest is one sentence naming what is wrong. */
export async function readManifest(path: string, out: string): Promise<RecordedManifest> {
  if (!existsSync(path)) {
    throw new InputError(`${path} does not exist; there is no run to verify in ${out}.`, `${path} 不存在;${out} 中没有可核对的考评结果。`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(
      `${path} cannot be read (${why}), so the results in ${out} cannot be verified.`,
      `无法读取 ${path}(${why}),因此无法核对 ${out} 中的结果。`,
    );
  }
  if (text.trim() === '') {
    throw new InputError(
      `${path} is empty, so there is no record to verify the results in ${out} against; run kaoping run again.`,
      `${path} 是空的,没有可据以核对 ${out} 中结果的记录;请重新运行 kaoping run。`,
    );
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new InputError(
      `${path} is not valid JSON, so the results in ${out} cannot be verified; run kaoping run again.`,
      `${path} 不是有效的 JSON,因此无法核对 ${out} 中的结果;请重新运行 kaoping run。`,
    );
  }
  const bad = malformed(m);
  if (bad === 'the whole file') {
    const kind = m === null ? 'null' : Array.isArray(m) ? 'list' : typeof m;
    const en = kind === 'null' ? 'null' : `a ${kind}`;
    const zhKind =
      ({ null: ' null', list: '一个数组', number: '一个数字', string: '一个字符串', boolean: '一个布尔值' } as Record<string, string>)[
        kind
      ] ?? kind;
    throw new InputError(
      `${path} holds ${en}, not the manifest of a kaoping run, so the results in ${out} cannot be verified; run kaoping run again.`,
      `${path} 中是${zhKind},不是 kaoping 运行的记录,因此无法核对 ${out} 中的结果;请重新运行 kaoping run。`,
    );
  }
  if (bad) {
    throw new InputError(
      `${path} is not the manifest of a kaoping run (its "${bad}" is missing or malformed), so the results in ${out} cannot be verified; ` +
        'run kaoping run again.',
      `${path} 不是 kaoping 运行的记录(其中的“${bad}”缺失或格式不对),因此无法核对 ${out} 中的结果;请重新运行 kaoping run。`,
    );
  }
  return m as RecordedManifest;
}

/** The year of the run whose outputs are in OUT (OUT/manifest.json), if it says; undefined for no or an unreadable manifest. */
export async function manifestYear(out: string): Promise<number | undefined> {
  try {
    const y = (JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { year?: unknown }).year;
    return typeof y === 'number' && Number.isInteger(y) ? y : undefined;
  } catch {
    return undefined;
  }
}
