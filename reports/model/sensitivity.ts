/**
 * The year's weight sensitivity (tables of kaoping sensitivity), only when it
 * belongs to the results the report shows:
 * - its run_id is the year's latest run in `runs` (v_sensitivity's `outdated`);
 * - that run used the scheme the report is built with;
 * - the inputs loaded now are the ones the latest run recorded, and every
 *   office's stored rank, tier and commendation is the one the analysis
 *   started from, with the same offices.
 * The last two matter inside `kaoping run`: it writes the report before it
 * records its run in `runs`, so an earlier analysis of the same year still
 * looks current by run_id alone; it is kept there only when the run re-scored
 * the same inputs with the same scheme to the same results.
 * Otherwise (no table, no rows, or outdated) the report shows no sensitivity at all.
 */
import { relationColumns, type Row } from '../../pipeline/db.ts';
import type { Scheme } from '../../pipeline/scheme.ts';
import { num, type Reader, type Scope } from './read.ts';
import type { DimensionChange, InputFile, Office, Sensitivity, SensitivityRow, Verdict } from './types.ts';

const VERDICTS = new Set<string>(['stable', 'fragile', 'contested']);

export async function loadSensitivity(
  reader: Reader,
  scheme: Scheme,
  scope: Scope,
  byId: Map<string, Office>,
  inputFiles: InputFile[],
): Promise<Sensitivity | undefined> {
  const exists = async (t: string) => (await relationColumns(reader, t)).length > 0;
  if (!(await exists('sensitivity')) || !(await exists('runs'))) return undefined;
  // a model of one office reads that office's row; the checks on the whole year then run in SQL
  const rows = await reader.all(
    `
    SELECT office_id, run_id, rank, tier, commended, rank_median, rank_p05, rank_p95, p_excellent, p_commended,
           agreement, verdict, draws, spread, seed
    FROM sensitivity WHERE year = $year${scope.only()} ORDER BY office_id`,
    scope.params,
  );
  if (rows.length === 0) return undefined;
  const runId = await currentRun(reader, scheme, scope.year, rows, inputFiles);
  if (runId === undefined || !(await sameBase(reader, scope, runId, rows, byId))) return undefined;
  const byOffice = new Map<string, SensitivityRow>(
    rows.map((r) => [
      String(r.office_id),
      {
        office_id: String(r.office_id),
        rank_median: num(r.rank_median),
        rank_p05: num(r.rank_p05),
        rank_p95: num(r.rank_p95),
        p_excellent: num(r.p_excellent),
        p_commended: num(r.p_commended),
        agreement: num(r.agreement),
        verdict: (VERDICTS.has(String(r.verdict)) ? String(r.verdict) : 'contested') as Verdict,
      },
    ]),
  );
  const { dimensions, changes } = await loadChanges(reader, scheme, scope, byOffice);
  const first = rows[0];
  return { run_id: runId, draws: num(first.draws), spread: num(first.spread), seed: num(first.seed), byId: byOffice, dimensions, changes };
}

/**
 * The run the stored rows belong to, when it is the year's latest with the
 * report's scheme and (inside a run not yet recorded) the inputs loaded now
 * are the ones it recorded; else none.
 */
async function currentRun(reader: Reader, scheme: Scheme, year: number, rows: Row[], inputFiles: InputFile[]): Promise<number | undefined> {
  const runs = await reader.all<{ run_id: number; scheme_sha256: string | null }>(
    `SELECT run_id, scheme_sha256 FROM runs WHERE year = $year ORDER BY run_id DESC LIMIT 1`,
    { year },
  );
  const run = runs[0];
  if (!run || rows.some((r) => r.run_id === null || Number(r.run_id) !== Number(run.run_id))) return undefined;
  if (run.scheme_sha256 !== scheme.sha256) return undefined;
  // inside a run that has not been recorded yet, the loaded inputs are the new ones
  const last = await reader.all<{ inputs: unknown }>(`SELECT inputs::VARCHAR AS inputs FROM runs ORDER BY run_id DESC LIMIT 1`);
  const recorded = inputsKey(last[0]?.inputs);
  if (recorded !== undefined && inputFiles.length > 0 && recorded !== inputsKey(inputFiles)) return undefined;
  return Number(run.run_id);
}

/** Whether the analysis started from exactly the stored results: the same offices with the same ranks, tiers and commendations. */
async function sameBase(reader: Reader, scope: Scope, run: number, rows: Row[], byId: Map<string, Office>): Promise<boolean> {
  if (scope.office !== undefined) {
    const [c] = await reader.all<{ rows: number; other_runs: number; offices: number; same: number }>(
      `
      SELECT (SELECT count(*) FROM sensitivity WHERE year = $year) AS rows,
             (SELECT count(*) FROM sensitivity WHERE year = $year AND (run_id IS NULL OR run_id <> $run)) AS other_runs,
             (SELECT count(*) FROM scores WHERE year = $year) AS offices,
             (SELECT count(*) FROM sensitivity x JOIN scores s USING (year, office_id)
              WHERE x.year = $year AND x.rank = s.rank AND x.tier = s.tier AND x.commended = s.commended) AS same`,
      { year: scope.year, run },
    );
    if (Number(c.other_runs) > 0 || Number(c.rows) !== Number(c.offices) || Number(c.same) !== Number(c.offices)) return false;
  } else if (rows.length !== byId.size) return false;
  return rows.every((r) => {
    const o = byId.get(String(r.office_id));
    return o !== undefined && Number(r.rank) === o.rank && String(r.tier) === o.tier && Boolean(r.commended) === o.commended;
  });
}

/** One dimension removed at a time: each office's rank then, in scheme order, and the dimensions analysed. */
async function loadChanges(
  reader: Reader,
  scheme: Scheme,
  scope: Scope,
  byOffice: Map<string, SensitivityRow>,
): Promise<Pick<Sensitivity, 'dimensions' | 'changes'>> {
  const order = new Map(scheme.dimensions.map((d, i) => [d.id, i]));
  const changes = new Map<string, DimensionChange[]>();
  const present = new Set<string>();
  if ((await relationColumns(reader, 'sensitivity_dimensions')).length > 0) {
    const dimRows = await reader.all(
      `
      SELECT office_id, dimension, rank_without, rank_change FROM sensitivity_dimensions
      WHERE year = $year${scope.only()} ORDER BY office_id, dimension`,
      scope.params,
    );
    for (const r of dimRows) {
      const id = String(r.office_id);
      if (!byOffice.has(id)) continue;
      let list = changes.get(id);
      if (!list) changes.set(id, (list = []));
      list.push({ dimension: String(r.dimension), rank_without: num(r.rank_without), rank_change: num(r.rank_change) });
      present.add(String(r.dimension));
    }
    const at = (d: string) => order.get(d) ?? Number.MAX_SAFE_INTEGER;
    for (const list of changes.values()) list.sort((a, b) => at(a.dimension) - at(b.dimension) || (a.dimension < b.dimension ? -1 : 1));
  }
  const dimensions = [...present].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : 1));
  return { dimensions, changes };
}

/** The input files as a comparable key (table, file, SHA-256), from input_files rows or a run's recorded `inputs` JSON. */
function inputsKey(v: unknown): string | undefined {
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(list)) return undefined;
  type Input = { table?: unknown; file?: unknown; sha256?: unknown };
  const key = (f: Input) => `${String(f.table)}\u0000${String(f.file)}\u0000${String(f.sha256)}`;
  return list.map(key).sort().join('\n');
}
