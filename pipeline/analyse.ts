/**
 * The weight-sensitivity analysis of a stored run, as `kaoping sensitivity`
 * does it: Monte Carlo over the scheme's weights for a scored year
 * (sensitivity.ts) stores `sensitivity`, `sensitivity_dimensions` and
 * `v_sensitivity` in the database and writes OUT/sensitivity.csv. When OUT
 * holds the report of the run it analysed (OUT/report/, of the same year by
 * OUT/manifest.json), that report is written again, now with the robustness
 * page and the marks on fragile and contested decisions: into the staging
 * folder first, then swapped in by renames, so a failure leaves the previous
 * report as it was. The report writer (reports/) is injected.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Db } from './db.ts';
import { checkFile, claimDatabase, openDatabase, type DatabaseClaim } from './dbfile.ts';
import { refreshManifest } from './fingerprint.ts';
import { stageOutput } from './outdir.ts';
import { OUT_ENTRIES } from './outputs.ts';
import { manifestYear, noRunDatabase } from './runs.ts';
import type { Scheme } from './scheme.ts';
import { schemeForSensitivity, sensitivity, writeSensitivityCsv, type SensitivitySummary } from './sensitivity.ts';
import { settingsOfYear, type Settings } from './settings.ts';
import { scoredYear } from './years.ts';

type Lang = 'zh' | 'en';

export interface WeightAnalysisOptions {
  db: string;
  out?: string;
  year?: number;
  draws: number;
  spread: number;
  seed: number;
  lang: Lang;
}

/** Writes the report site of `year` into `dir` (reports/index.ts writeReport). */
export type ReportWriter = (
  db: Db,
  scheme: Scheme,
  year: number,
  dir: string,
  lang: Lang,
  opts: { settings?: Settings },
) => Promise<unknown>;

export interface WeightAnalysis {
  year: number;
  summary: SensitivitySummary;
  /** OUT/sensitivity.csv */
  csv: string;
  /** OUT/report: rewritten with the results (its index page), or left as it is because it shows another year; absent when OUT has none */
  report?: { rewritten: string } | { dir: string; otherYear: number };
}

export async function analyseWeights(opts: WeightAnalysisOptions, writeReport: ReportWriter): Promise<WeightAnalysis> {
  const out = opts.out ?? dirname(resolve(opts.db));
  if (!(await checkFile(resolve(opts.db), opts.db))) {
    throw noRunDatabase(opts.db);
  }
  // OUT first, then the database: every command takes the two locks in this order
  const staged = await stageOutput(out, { db: opts.db });
  let dbClaim: DatabaseClaim | undefined;
  let db: Db | undefined;
  try {
    dbClaim = await claimDatabase(opts.db, { out: staged.target, outEntries: [...staged.owned, ...OUT_ENTRIES] });
    db = await openDatabase(dbClaim.target, opts.db);
    const d = db;
    const year = await scoredYear(db, opts.year);
    const scheme = await schemeForSensitivity(db, year);
    const summary = await sensitivity(db, scheme, { year, draws: opts.draws, spread: opts.spread, seed: opts.seed });
    await writeSensitivityCsv(db, year, join(staged.dir, 'sensitivity.csv'));
    let report: WeightAnalysis['report'];
    // the report of the analysed run, written again with the results (swapped in with the CSV)
    const dir = join(staged.target, 'report');
    if (staged.owned.includes('report') && existsSync(dir)) {
      const shown = await manifestYear(staged.target);
      if (shown !== undefined && shown !== year) {
        report = { dir, otherYear: shown };
      } else {
        try {
          await writeReport(d, scheme, year, join(staged.dir, 'report'), opts.lang, { settings: await settingsOfYear(d, year) });
        } catch (e) {
          throw new Error(`${dir} was not rewritten (the previous report is unchanged): ${(e as Error)?.message ?? String(e)}`, {
            cause: e,
          });
        }
        report = { rewritten: join(dir, 'index.html') };
      }
    }
    // manifest.json follows what changed (the sensitivity tables, the report, sensitivity.csv), so verify still holds
    await staged.commit({ after: () => refreshManifest(staged.target, d, year) });
    db.close();
    db = undefined;
    await dbClaim.release();
    return { year, summary, csv: join(staged.target, 'sensitivity.csv'), report };
  } catch (e) {
    db?.close();
    await dbClaim?.release();
    await staged.abort();
    throw e;
  }
}
