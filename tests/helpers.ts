/** Test helpers: real files in temp folders, a real DuckDB, the real CLI. */
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { Db } from '../pipeline/db.ts';
import { load } from '../pipeline/load.ts';
import { validate } from '../pipeline/validate.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'kaoping.js');

export async function tempDir(prefix = 'kaoping-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A data folder with the given files; strings are written as UTF-8, Buffers as they are. */
export async function dataDir(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tempDir('kaoping-data-');
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

export const gb18030 = (s: string): Buffer => iconv.encode(s, 'gb18030');

export const OFFICES = 'office_id,name,category\nA1,甲镇,乡镇\nA2,乙镇,乡镇\n';
export const STAFF =
  'person_id,office_id,name,birth_date,role,joined_on\nP1,A1,张三,1980-01-02,director,2010-01-01\nP2,A2,李四,1990-05-06,staff,2015-01-01\n';

/** Loads and validates `dir` into an in-memory database. */
export async function check(dir: string, items: { id: string; name: string }[] = []) {
  const db = await Db.open(':memory:');
  const loaded = await load(db, dir);
  const result = await validate(db, loaded, undefined, items);
  const rejects = await db.all<{
    table: string;
    file: string;
    line: number;
    column: string;
    value: string;
    check: string;
    reason: string;
    reason_zh: string;
  }>(`SELECT * FROM rejects ORDER BY file, line, "column"`);
  return { db, result, rejects };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `kaoping ...args` and returns its exit code and output. In this
 * process by default (the real `main`, argv parsing included: the CLI's
 * start-up, ~0.7 s a spawn, is what made the suite slow); as a child process,
 * as a user would run it with pipes, when it is given `input` or `env` or
 * `spawn: true`.
 */
export async function cli(
  args: string[],
  opts: { cwd?: string; input?: string; env?: Record<string, string>; spawn?: boolean } = {},
): Promise<CliResult> {
  if (opts.spawn || opts.input !== undefined || opts.env !== undefined) return spawnCli(args, opts);
  return inProcess(args, opts.cwd ?? ROOT);
}

/** `kaoping ...args` through `main` in this process, from `cwd`, with stdout and stderr captured. */
export async function inProcess(args: string[], cwd = ROOT): Promise<CliResult> {
  const { main } = await import('../cli/main.ts');
  const before = process.cwd();
  const [w1, w2] = [process.stdout.write, process.stderr.write];
  let stdout = '',
    stderr = '';
  process.stdout.write = ((s: string | Uint8Array) => {
    stdout += typeof s === 'string' ? s : Buffer.from(s).toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    stderr += typeof s === 'string' ? s : Buffer.from(s).toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    process.chdir(cwd);
    const code = await main(['node', BIN, ...args]);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

/**
 * `kaoping run ...args --out OUT --quiet`, run once per test worker for the test files that only need what it writes,
 * and handed to each caller as its own copy (cp -r) of that OUT at a new temp folder, as if the caller had run it
 * there, with what the run printed. The files of a worker share this process (vitest.config.ts: isolate false), so
 * the runs are kept on globalThis, one per list of arguments. A run costs 2-4 s of CPU here.
 */
export async function sharedRun(args: string[]): Promise<CliResult & { out: string }> {
  const shared = ((globalThis as { kaopingSharedRuns?: Map<string, Promise<CliResult & { out: string }>> }).kaopingSharedRuns ??=
    new Map());
  const key = JSON.stringify(args);
  if (!shared.has(key))
    shared.set(
      key,
      (async () => {
        const out = join(await tempDir('kaoping-shared-run-'), 'out');
        return { ...(await inProcess(['run', ...args, '--out', out, '--quiet'])), out };
      })(),
    );
  const ran = await shared.get(key)!;
  if (ran.code !== 0) throw new Error(`kaoping run ${args.join(' ')} failed (exit ${ran.code}): ${ran.stderr}`);
  const out = join(await tempDir('kaoping-run-copy-'), 'out');
  await cp(ran.out, out, { recursive: true, verbatimSymlinks: true });
  return { ...ran, out };
}

/** `kaoping run --out OUT --quiet` on the bundled sample (data/sample, so its latest year: 2024): sharedRun. */
export const sampleRun = () => sharedRun([]);

/** `kaoping run --data tests/cases/golden/data --year 2024 --out OUT --quiet`: sharedRun. */
export const goldenRun = () => sharedRun(['--data', join(ROOT, 'tests', 'cases', 'golden', 'data'), '--year', '2024']);

/** Runs `kaoping ...args` as a child process, as a user would (stdout and stderr are pipes); `env` is added to the environment. */
export function spawnCli(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/**
 * Runs `kaoping ...args` on a pseudo-terminal, as a user at a console would
 * (util-linux `script`): `out` is everything the terminal showed, stdout and
 * stderr together, raw. The end of `input` reaches the command as Ctrl-D. A
 * command still alive after `ms` is killed, and `exited` is false.
 */
export function cliOnTerminal(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; ms?: number } = {},
): Promise<{ code: number | null; out: string; exited: boolean }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...opts.env } });
    let out = '';
    let exited = true;
    const timer = setTimeout(() => {
      exited = false;
      child.kill('SIGKILL');
    }, opts.ms ?? 20_000);
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, exited });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Parses a CSV written by kaoping (BOM, header) into objects; small files only. */
export function readCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  return parsed.data;
}

/** Loads, checks, scores and ranks `files` for `year` in memory, as `kaoping run` does. */
export async function appraise(files: Record<string, string | Buffer>, year: number, schemePath = join(ROOT, 'metrics', 'default.yaml')) {
  const { readScheme } = await import('../pipeline/scheme.ts');
  const { appraiseYear } = await import('../pipeline/appraise.ts');
  const { createFormatters } = await import('../pipeline/write.ts');
  const scheme = await readScheme(schemePath);
  const { db } = await check(await dataDir(files), scheme.items);
  await appraiseYear(db, scheme, year, (table) => `${table}.csv`);
  await createFormatters(db);
  const item = async (office: string, indicator: string) =>
    (await db.one<{ value: number | null; target: number | null; points: number; note: string | null }>(
      `SELECT value, target, points, note FROM indicators WHERE year = $1 AND office_id = $2 AND indicator = $3`,
      [year, office, indicator],
    ))!;
  return { db, scheme, item };
}

/** The default scheme (metrics/default.yaml) with `edit` applied to its YAML document, written to a temp folder; its path. */
export async function schemeVariant(edit: (s: any) => void): Promise<string> {
  const doc = parse(await readFile(join(ROOT, 'metrics', 'default.yaml'), 'utf8'));
  edit(doc);
  const path = join(await tempDir('kaoping-scheme-'), 'variant.yaml');
  await writeFile(path, stringify(doc));
  return path;
}

/**
 * A scheme's YAML document cut to the dimensions holding the items `ids` (all of their items, in their order: an item
 * is not always the first of the scheme, so a refusal's item comes from its place among others), their points the
 * total, its tiers scaled to that total (an edit for schemeVariant). For the cases about what one query of the scheme
 * does: the access check and the check of the columns go through the queries in the scheme's order and refuse the
 * first bad one, and score checks the rows of every item in one query after the last one and names the first item in
 * the scheme's order with a bad row; the other dimensions' items pass those checks and give finite rows, so they change
 * nothing there, but checking and scoring them cost 0.1-0.5 CPU-s a case.
 */
export const toDimensionsOf =
  (...ids: string[]) =>
  (s: any) => {
    s.dimensions = s.dimensions.filter((d: any) => d.items.some((i: any) => ids.includes(i.id)));
    s.total = s.dimensions.reduce((sum: number, d: any) => sum + d.points, 0);
    s.tie_breakers = s.tie_breakers.filter((t: string) => s.dimensions.some((d: any) => d.id === t));
    s.tiers = { excellent: 0.9 * s.total, good: 0.8 * s.total, pass: 0.6 * s.total };
  };

/** The item `id` of a scheme's YAML document. */
export const schemeItem = (s: any, id: string) => s.dimensions.flatMap((d: any) => d.items).find((i: any) => i.id === id);

/** `f` with the environment variables `env` set; afterwards they are as they were. */
export async function withEnv<T>(env: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const old = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

type Appraised = Awaited<ReturnType<typeof appraise>>;

/**
 * Data folders appraised together (2024, the default scheme: `appraise`), in one appraisal instead of one each, where
 * they cannot meet: each folder's office ids and categories get its name in front (A1 of folder `veto` is veto_A1, in
 * category veto_乡镇), so each folder is ranked, tiered and given its quota among its own offices, and every item is
 * scored per office; so do the ids of its adjustments (an exclusion names its row, a points adjustment its office's
 * item). For folders whose other ids (documents, persons, ...) differ already, and of which only one has persons with
 * points (advanced individuals are ranked across all offices). A table's rows are in the order the folders were added
 * (the first folder's rows keep their lines). `mine(rows)`: the rows of the folder (by office_id, else adjustment_id),
 * with those ids as the folder wrote them. `add` while the tests are collected; the first folder a test asks for
 * appraises them all, and the merged load must reject nothing.
 */
export class Together {
  private readonly folders = new Map<string, Record<string, string>>();
  private appraised?: Promise<Appraised>;

  add(name: string, files: Record<string, string>) {
    this.folders.set(name, files);
    const office = (id: string) => `${name}_${id}`;
    return async () => {
      const { db, item } = await (this.appraised ??= this.appraise());
      const prefix = office('');
      const strip = (id: unknown) => (typeof id === 'string' && id.startsWith(prefix) ? id.slice(prefix.length) : id);
      const mine = <T extends { office_id?: unknown; adjustment_id?: unknown }>(rows: T[]): T[] =>
        rows
          .filter((r) => String(r.office_id ?? r.adjustment_id).startsWith(prefix))
          .map((r) => ({
            ...r,
            ...('office_id' in r ? { office_id: strip(r.office_id) } : {}),
            ...('adjustment_id' in r ? { adjustment_id: strip(r.adjustment_id) } : {}),
          }));
      return { db, office, prefix, mine, item: (id: string, indicator: string) => item(office(id), indicator) };
    };
  }

  private async appraise(): Promise<Appraised> {
    const tables = new Map<string, { fields: string[]; rows: Record<string, string>[] }>();
    for (const [name, files] of this.folders) {
      for (const [file, text] of Object.entries(files)) {
        const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
        const t = tables.get(file) ?? { fields: [], rows: [] };
        for (const f of parsed.meta.fields!) if (!t.fields.includes(f)) t.fields.push(f);
        for (const r of parsed.data) {
          const row = { ...r };
          if ('office_id' in row) row.office_id = `${name}_${row.office_id}`;
          if ('category' in row) row.category = `${name}_${row.category}`;
          if ('adjustment_id' in row) row.adjustment_id = `${name}_${row.adjustment_id}`;
          t.rows.push(row);
        }
        tables.set(file, t);
      }
    }
    const files: Record<string, string> = {};
    for (const [file, t] of tables) files[file] = Papa.unparse(t.rows, { columns: t.fields, newline: '\n' }) + '\n';
    const appraised = await appraise(files, 2024);
    // nothing of any folder rejected: each is appraised with all its rows, as on its own
    expect(await appraised.db.all(`SELECT * FROM rejects`)).toEqual([]);
    return appraised;
  }
}
