/**
 * Compare: what changed between two runs — the published run (公示) and the
 * run after the appeals (复核调整), or the same data under two schemes
 * (what-if). It reads the two output folders' contract files (scores.csv,
 * indicators.csv, adjustments.csv), checked first against each folder's
 * manifest.json so that a half-replaced or hand-edited folder is never
 * compared, and finds in DuckDB every office whose total, rank, tier or
 * commendation changed, with the items whose points changed and the
 * adjustments of that office.
 *
 * compare.csv: office_id, office_name, category, total_before, total_after,
 * rank_before, rank_after, tier_before, tier_after, commended_before,
 * commended_after, items_changed, adjustments. An office in only one of the
 * runs has the other side empty. `items_changed` lists `item before→after`
 * separated by "; "; `adjustments` the adjustment ids of the office applied
 * in either run, separated by "; ".
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Db, sqlString } from './db.ts';
import { InputError } from './errors.ts';
import { stageOutput } from './outdir.ts';
import { copyCsv, createFormatters } from './write.ts';

export interface RunFolder {
  dir: string;
  year: number;
  scheme: { id: string; title?: string; sha256: string };
  /** whether its manifest records an adjustments.csv (checked like the others): a run before adjustments has none */
  adjustments: boolean;
}

export interface ComparedOffice {
  office_id: string;
  office_name: string;
  category: string;
  tier_before: string | null;
  tier_after: string | null;
  commended_before: boolean | null;
  commended_after: boolean | null;
}

export interface Comparison {
  before: RunFolder;
  after: RunFolder;
  offices: { before: number; after: number };
  /** offices whose total, rank, tier or commendation changed (or that are in one run only) */
  changed: number;
  /** of those, offices whose tier changed */
  tierChanged: number;
  /** offices commended after but not before, and the other way round */
  entered: ComparedOffice[];
  left: ComparedOffice[];
}

/** The contract files a run folder must hold for a comparison. */
const NEEDED = ['scores.csv', 'indicators.csv'];

/** Reads and checks one run folder: its manifest, and the CSVs against the hashes it records. */
export async function readRunFolder(dir: string, option: '--before' | '--after'): Promise<RunFolder> {
  const abs = resolve(dir);
  const isDir = await stat(abs).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new InputError(`${option} ${dir} is not a folder a kaoping run wrote.`, `${option} ${dir} 不是 kaoping run 写出的结果文件夹。`);
  }
  let manifest: { year?: number; scheme?: RunFolder['scheme']; outputs?: Record<string, string> };
  try {
    manifest = JSON.parse(await readFile(join(abs, 'manifest.json'), 'utf8'));
  } catch {
    throw new InputError(
      `${option} ${dir} holds no readable manifest.json, so it is not the output of a kaoping run.`,
      `${option} ${dir} 中没有可读的 manifest.json,不是 kaoping run 的结果文件夹。`,
    );
  }
  const outputs = manifest.outputs ?? {};
  for (const f of [...NEEDED, 'adjustments.csv']) {
    if (!outputs[f]) {
      if (NEEDED.includes(f)) {
        throw new InputError(
          `${option} ${dir}: manifest.json records no ${f}, so the folder cannot be compared.`,
          `${option} ${dir}:manifest.json 中没有 ${f},无法比较。`,
        );
      }
      continue;
    }
    const bytes = await readFile(join(abs, f)).catch(() => undefined);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== outputs[f]) {
      throw new InputError(
        `${option} ${dir}: ${f} is not the file its run wrote (missing or changed since); run it again or compare another folder.`,
        `${option} ${dir}:${f} 与该次运行写出的文件不一致(缺失或已被改动);请重新运行,或比较其他文件夹。`,
      );
    }
  }
  if (typeof manifest.year !== 'number' || !manifest.scheme) {
    throw new InputError(
      `${option} ${dir}: manifest.json names no year or scheme.`,
      `${option} ${dir}:manifest.json 中没有年度或考核细则。`,
    );
  }
  return { dir: abs, year: manifest.year, scheme: manifest.scheme, adjustments: !!outputs['adjustments.csv'] };
}

/** Loads both runs' scores and indicators (and adjustments, where written) into `db` as before_* and after_* tables. */
async function loadRuns(db: Db, runs: { before: RunFolder; after: RunFolder }): Promise<void> {
  for (const [side, run] of Object.entries(runs)) {
    await db.run(`CREATE OR REPLACE TABLE ${side}_scores AS
      SELECT office_id, office_name, category, total::DOUBLE AS total, rank::INTEGER AS rank, tier, commended::BOOLEAN AS commended
      FROM read_csv(${sqlString(join(run.dir, 'scores.csv'))}, header = true, all_varchar = true)`);
    await db.run(`CREATE OR REPLACE TABLE ${side}_items AS
      SELECT office_id, indicator, points::DOUBLE AS points
      FROM read_csv(${sqlString(join(run.dir, 'indicators.csv'))}, header = true, all_varchar = true)`);
    // only a file the manifest vouches for: one put into the folder later is not this run's
    await db.run(
      run.adjustments
        ? `CREATE OR REPLACE TABLE ${side}_adjustments AS SELECT adjustment_id, office_id
         FROM read_csv(${sqlString(join(run.dir, 'adjustments.csv'))}, header = true, all_varchar = true)`
        : `CREATE OR REPLACE TABLE ${side}_adjustments (adjustment_id VARCHAR, office_id VARCHAR)`,
    );
  }
}

/** The changed offices, one row each, with compare.csv's columns (numbers still numbers). */
const CHANGED_SQL = `
  WITH pairs AS (
    SELECT coalesce(a.office_id, b.office_id) AS office_id,
           coalesce(a.office_name, b.office_name) AS office_name,
           coalesce(a.category, b.category) AS category,
           b.total AS total_before, a.total AS total_after, b.rank AS rank_before, a.rank AS rank_after,
           b.tier AS tier_before, a.tier AS tier_after, b.commended AS commended_before, a.commended AS commended_after
    FROM before_scores b FULL OUTER JOIN after_scores a USING (office_id)),
  items AS (
    SELECT coalesce(a.office_id, b.office_id) AS office_id,
           string_agg(coalesce(a.indicator, b.indicator) || ' ' || coalesce(printf('%.2f', b.points), '-') || '→'
                      || coalesce(printf('%.2f', a.points), '-'), '; ' ORDER BY coalesce(a.indicator, b.indicator)) AS items_changed
    FROM before_items b FULL OUTER JOIN after_items a USING (office_id, indicator)
    WHERE b.points IS DISTINCT FROM a.points
    GROUP BY ALL),
  adj AS (
    SELECT office_id, string_agg(DISTINCT adjustment_id, '; ' ORDER BY adjustment_id) AS adjustments
    FROM (SELECT * FROM before_adjustments UNION ALL SELECT * FROM after_adjustments) GROUP BY office_id)
  SELECT p.*, i.items_changed, j.adjustments
  FROM pairs p LEFT JOIN items i USING (office_id) LEFT JOIN adj j USING (office_id)
  WHERE p.total_before IS DISTINCT FROM p.total_after OR p.rank_before IS DISTINCT FROM p.rank_after
     OR p.tier_before IS DISTINCT FROM p.tier_after OR p.commended_before IS DISTINCT FROM p.commended_after`;

/**
 * Compares two run folders; with `out`, writes compare.csv there (an output
 * folder of kaoping's, claimed and locked like every --out). Both run
 * folders are only read.
 */
export async function compareRuns(beforeDir: string, afterDir: string, out?: string): Promise<Comparison & { file?: string }> {
  const before = await readRunFolder(beforeDir, '--before');
  const after = await readRunFolder(afterDir, '--after');
  const staged = out === undefined ? undefined : await stageOutput(out);
  try {
    const result = await compareInto(before, after, staged?.dir);
    await staged?.commit();
    return staged ? { ...result, file: join(staged.target, 'compare.csv') } : result;
  } catch (e) {
    await staged?.abort();
    throw e;
  }
}

async function compareInto(before: RunFolder, after: RunFolder, outDir: string | undefined): Promise<Comparison> {
  const db = await Db.open(':memory:');
  try {
    await loadRuns(db, { before, after });
    await db.run(`CREATE TABLE changed AS ${CHANGED_SQL}`);
    if (outDir) {
      await createFormatters(db);
      await copyCsv(
        db,
        `
        SELECT kp_cell(office_id) AS office_id, kp_cell(office_name) AS office_name, kp_cell(category) AS category,
               kp_num(total_before) AS total_before, kp_num(total_after) AS total_after, rank_before, rank_after,
               tier_before, tier_after, commended_before, commended_after, kp_cell(items_changed) AS items_changed,
               kp_cell(adjustments) AS adjustments
        FROM changed ORDER BY category, coalesce(rank_after, rank_before), office_id`,
        join(outDir, 'compare.csv'),
      );
    }
    const count = async (sql: string) => Number(await db.scalar(sql));
    const listed = (where: string) =>
      db.all<ComparedOffice>(`
      SELECT office_id, office_name, category, tier_before, tier_after, commended_before, commended_after
      FROM changed WHERE ${where} ORDER BY category, coalesce(rank_after, rank_before), office_id`);
    return {
      before,
      after,
      offices: { before: await count('SELECT count(*) FROM before_scores'), after: await count('SELECT count(*) FROM after_scores') },
      changed: await count('SELECT count(*) FROM changed'),
      tierChanged: await count('SELECT count(*) FROM changed WHERE tier_before IS DISTINCT FROM tier_after'),
      entered: await listed('coalesce(commended_after, false) AND NOT coalesce(commended_before, false)'),
      left: await listed('coalesce(commended_before, false) AND NOT coalesce(commended_after, false)'),
    };
  } finally {
    db.close();
  }
}
