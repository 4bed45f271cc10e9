/**
 * The appraisal as a library: load -> check -> score -> rank -> write ->
 * report -> documents -> store, into an atomically swapped OUT (`appraise`),
 * and its first two stages alone (`checkExports`, for `kaoping validate`).
 * Nothing here prints: what a stage is at goes to the caller's callbacks
 * (`StageEvents`), and what is written from reports/ (workbook, documents,
 * report site) comes in as `RunWriters`, so pipeline/ never imports
 * reports/ and a test can run the stages with writers of its own.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Db } from './db.ts';
import { claimDatabase, installDatabase, openDatabase, type DatabaseClaim } from './dbfile.ts';
import { InputError } from './errors.ts';
import { databaseName, resultsFingerprint, writtenFingerprint } from './fingerprint.ts';
import { accumulateInputs, createViews } from './history.ts';
import { load } from './load.ts';
import { stageOutput, writeError } from './outdir.ts';
import { CSV_OUTPUTS, DOCUMENT_OUTPUTS, feedbackLimit, OUT_ENTRIES } from './outputs.ts';
import { pauseAt } from './pause.ts';
import { rank } from './rank.ts';
import { buildManifest, hashOutputs, recordRun, writeManifest, type Manifest } from './runs.ts';
import { checkSchemeSql, readScheme, type Scheme } from './scheme.ts';
import { score } from './score.ts';
import { FRESH_TABLE, reusableLoad, reuseTables, type ReusedLoad } from './reuse.ts';
import { readSettings, type Settings } from './settings.ts';
import { typedView, validate, type ValidateResult } from './validate.ts';
import { adjustPoints, adjustmentCounts, excludeRows, recordAdjustments } from './adjustments.ts';
import { DEFAULT_SCHEME, SAMPLE_DATA } from './version.ts';
import { copyCsv, createFormatters, rejectsQuery, writeResultCsvs } from './write.ts';
import { appraisalYear } from './years.ts';

type Lang = 'zh' | 'en';

/** What a caller hears of the stages (the command line draws a progress line from it). */
export interface StageEvents {
  /** a stage begins: load, check, score, rank, write, report, documents, store */
  onStage?: (stage: string) => void;
  /** the stage has ended, done or failed, after `ms` */
  onStageEnd?: (stage: string, ms: number) => void;
  /** what the current stage is at: file and rows loaded, table checked, item scored, sheet or pages written */
  onProgress?: (detail: StageDetail) => void;
}

/** Where a stage is, as facts (the caller puts them into words): */
export type StageDetail =
  | { file: string; rows: number } // load: rows of a file read so far
  | { file: string } // check: the file being checked; load, when it may reuse the latest run's: the file being hashed
  | { reused: number } // load: the tables loaded by that run are reused, only the adjustments file is loaded (reuse.ts)
  | { item: string; nth: number; of: number } // score: the scheme's item being scored
  | { sheet: string; rows: number } // documents: results.xlsx's sheet and its rows written so far
  | { pages: number }; // report: pages written so far

/** Runs named stages, timing each (the timings go into manifest.json) and telling the caller. */
export class Stages {
  readonly timings: Record<string, number> = {};
  constructor(private readonly events: StageEvents = {}) {}

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    this.events.onStage?.(stage);
    const started = performance.now();
    try {
      return await fn();
    } finally {
      const ms = Math.round(performance.now() - started);
      this.timings[stage] = ms;
      this.events.onStageEnd?.(stage, ms);
    }
  }

  progress(detail: StageDetail): void {
    this.events.onProgress?.(detail);
  }
}

/** The writers of reports/ a run calls: results.xlsx, the Word documents and the report site. */
export interface RunWriters {
  workbook(
    db: Db,
    scheme: Scheme,
    year: number,
    file: string,
    lang: Lang,
    settings: Settings,
    opts: { onProgress?: (sheet: string, rows: number) => void },
  ): Promise<unknown>;
  documents(
    db: Db,
    scheme: Scheme,
    year: number,
    dir: string,
    lang: Lang,
    settings: Settings,
    opts: { feedback: boolean },
  ): Promise<unknown>;
  report(
    db: Db,
    scheme: Scheme,
    year: number,
    dir: string,
    lang: Lang,
    opts: { sensitivity?: boolean; settings?: Settings; onPage?: (pages: number) => void },
  ): Promise<unknown>; // a ReportWritten: the manifest takes its hashes instead of reading the folder back
}

/** What a report writer may return: the sha256 of every file it wrote (path relative to the report folder), for the manifest. */
export interface ReportWritten {
  files: Record<string, string>;
}

export interface AppraiseOptions {
  data?: string;
  year?: number;
  /**
   * `--years`: these years in turn, the last one the appraisal year (instead of `year`). The earlier years are
   * scored, ranked and stored in the database, for the report's trend; OUT holds the last year's outputs (an earlier
   * year's would only be replaced). One load, one OUT, one database: all the years succeed, or nothing changes.
   */
  years?: number[];
  scheme?: string;
  out: string;
  db?: string;
  strict?: boolean;
  allowLinks?: boolean;
  lang: Lang;
}

/** One category's outcome, for the summary a run prints. */
export interface CategoryOutcome {
  category: string;
  offices: number;
  excellent: number;
  quota: number;
  overflow: number;
  vetoed: number;
}

export interface Appraisal {
  year: number;
  /** the earlier years of `years`, appraised and stored in the database before `year` */
  earlier: number[];
  scheme: Scheme;
  /** the load and check: files, rows loaded and rejected, warnings */
  checked: ValidateResult;
  /** the earlier command's run whose loaded and checked tables this one reused (every input but the adjustments file byte-identical; reuse.ts) */
  reused?: number;
  categories: CategoryOutcome[];
  /** OUT, resolved, and what the run put in it */
  out: string;
  written: { report: string; workbook: string; publicity: string; notice: string; feedback?: string };
  /** false when the year has more offices than feedbackLimit(): no feedback letters were written */
  feedback: boolean;
  manifest: Manifest;
}

/** --strict and rows were rejected: nothing was scored or written. Carries the check, so the caller can show it. */
export class RejectedRows extends InputError {
  constructor(readonly checked: ValidateResult) {
    super(
      `${checked.rejectedRows} rows were rejected and --strict is set, so nothing was scored or written (see kaoping validate).`,
      `有 ${checked.rejectedRows} 行被拒收,且设置了 --strict,因此没有计分,也没有改动任何输出(详见 kaoping validate)。`,
    );
  }
}

/**
 * Loads the data folder into `db` and checks it (stages load and check).
 * `reuse`: the database holds earlier runs, so the latest one's load is
 * reused when the files are the same (reuse.ts); the adjustments file is
 * loaded and checked all the same.
 */
async function loadAndCheck(
  db: Db,
  dataDir: string,
  stages: Stages,
  opts: { allowLinks?: boolean; workDir: string; onFile?: () => Promise<void>; scheme: Scheme; reuse?: boolean },
): Promise<{ checked: ValidateResult; reused?: ReusedLoad }> {
  let reused: ReusedLoad | undefined;
  const loaded = await stages.time('load', async () => {
    if (opts.reuse) {
      const onFile = async (file: string) => {
        stages.progress({ file });
        await opts.onFile?.();
      };
      reused = await reusableLoad(db, dataDir, { allowLinks: opts.allowLinks, onFile });
    }
    if (reused) {
      stages.progress({ reused: reused.from });
      await reuseTables(db, reused);
    }
    return load(db, dataDir, {
      allowLinks: opts.allowLinks,
      workDir: opts.workDir,
      onProgress: opts.onFile,
      onRows: (file, rows) => stages.progress({ file, rows }),
      tables: reused ? [FRESH_TABLE] : undefined,
    });
  });
  const checked = await stages.time('check', () => validate(db, loaded, (file) => stages.progress({ file }), opts.scheme.items, reused));
  return { checked, reused };
}

/**
 * `kaoping run`. OUT and the database are claimed (checked, locked) before
 * anything is read or written. The database accumulates across years: the
 * run works on a copy and puts it in place only when all succeeded.
 */
export async function appraise(opts: AppraiseOptions, writers: RunWriters, events: StageEvents = {}): Promise<Appraisal> {
  const started = new Date();
  const stages = new Stages(events);
  const dataDir = opts.data ?? SAMPLE_DATA;
  const scheme = await readScheme(opts.scheme ?? DEFAULT_SCHEME);
  const settings = await readSettings(dataDir);
  const staged = await stageOutput(opts.out, { data: dataDir, db: opts.db });
  let dbClaim: DatabaseClaim | undefined;
  let db: Db | undefined;
  try {
    dbClaim = await claimDatabase(opts.db ?? join(staged.target, 'kaoping.duckdb'), {
      data: dataDir,
      out: staged.target,
      outEntries: [...staged.owned, ...OUT_ENTRIES],
    });
    const dbTarget = dbClaim.target;
    const dbInOut = dbTarget === join(staged.target, 'kaoping.duckdb');
    const dbPath = join(dbInOut ? staged.dir : staged.scratch, 'kaoping.duckdb');
    if (dbClaim.existed)
      await copyFile(dbTarget, dbPath).catch((e) => {
        throw writeError(e, staged.target);
      });
    db = await openDatabase(dbPath, dbTarget, { tempDirectory: join(staged.scratch, 'spill') });
    let files = 0;
    const { checked, reused } = await loadAndCheck(db, dataDir, stages, {
      allowLinks: opts.allowLinks,
      workDir: staged.scratch,
      onFile: async () => {
        if (++files === 2) await pauseAt('load');
      },
      scheme,
      reuse: dbClaim.existed,
    });
    if (opts.strict && checked.rejectedRows > 0) throw new RejectedRows(checked);
    const fileOf = (table: string) => checked.files.find((f) => f.table === table)?.file ?? `${table}.csv`;
    const d = db;
    /** A year's run recorded and its inputs stored: the loaded tables under the run that loaded them, once. */
    const store = async (year: number, yearStarted: Date, reusedFrom: number | undefined, last: boolean) => {
      const runId = await recordRun(d, { year, scheme, dataDir, started: yearStarted, files: checked.files, settings, reusedFrom });
      await stages.time('store', async () => {
        // a reused load's tables are stored already, as the run that loaded them left them
        await accumulateInputs(d, runId, reusedFrom !== undefined ? [FRESH_TABLE] : undefined);
        await createViews(d);
        // the database file written now, not when the run closes it (the same work; the close then has little left)
        if (last) await d.run('CHECKPOINT');
      });
      return runId;
    };
    // --years: each earlier year scored, ranked and stored on this load, as a run of its own that reuses the first
    // one's load (what a run of that year and then a run of the next gives, reuse.ts); its outputs are not written
    const earlier: number[] = [];
    let reusedFrom = reused?.from;
    let yearStarted = started;
    for (const asked of (opts.years ?? [opts.year]).slice(0, -1)) {
      const year = await appraisalYear(db, asked);
      await appraiseYear(db, scheme, year, fileOf, stages);
      const runId = await store(year, yearStarted, reusedFrom, false);
      reusedFrom ??= runId;
      earlier.push(year);
      yearStarted = new Date();
    }
    const year = await appraisalYear(db, opts.years?.at(-1) ?? opts.year);
    const r = { scheme, year, settings, lang: opts.lang, dir: staged.dir, fileOf };
    const written = await scoreAndWrite(db, r, writers, stages);
    const { feedback } = written;
    const categories = await categoryOutcomes(db, year);
    await store(year, yearStarted, reusedFrom, true);
    // the year's result tables as stored, for kaoping verify (fingerprint.ts)
    const results = await resultsFingerprint(db, year);
    const adjustments = await adjustmentCounts(
      db,
      year,
      checked.files.find((f) => f.table === 'adjustments'),
    );
    db.close();
    db = undefined;
    const manifest = buildManifest({
      year,
      scheme,
      dataDir,
      files: checked.files,
      reusedFrom,
      started: yearStarted,
      timings: stages.timings,
      adjustments,
      outputs: await hashOutputs(staged.dir, [...CSV_OUTPUTS, ...DOCUMENT_OUTPUTS]),
      database: { file: databaseName(staged.target, dbTarget), ...results },
      report: await writtenFingerprint(join(staged.dir, 'report'), written.report),
    });
    await writeManifest(staged.dir, manifest);
    await pauseAt('install');
    if (!dbInOut) await installDatabase(dbPath, dbTarget);
    await staged.commit({ replace: true, keep: dbInOut ? [] : ['kaoping.duckdb'] });
    await dbClaim.release();
    return {
      year,
      earlier,
      scheme,
      checked,
      // an earlier command's load this command reused (the years of --years after the first score the same load; the
      // manifest and the runs table still say that their runs reused the first one's, as the database holds them)
      reused: reused?.from,
      categories,
      out: staged.target,
      written: writtenIn(staged.target, feedback),
      feedback,
      manifest,
    };
  } catch (e) {
    db?.close();
    await dbClaim?.release();
    await staged.abort();
    throw e;
  }
}

/**
 * Stages score and rank of a checked database: the scheme's items with the
 * year's adjustments (复核调整: its exclusions hold while the year is scored
 * and ranked, its points adjust the items), then totals, veto, ranks, tiers,
 * quota, commendations, individuals. `fileOf` names the file a table was read from.
 */
export async function appraiseYear(
  db: Db,
  scheme: Scheme,
  year: number,
  fileOf: (table: string) => string,
  stages: Stages = new Stages({}),
): Promise<void> {
  let excluded: string[] = [];
  try {
    await stages.time('score', async () => {
      const columns = await checkSchemeSql(db, scheme, year);
      await recordAdjustments(db, scheme.items, year, fileOf);
      excluded = await excludeRows(db, year, (table, filter) => typedView(db, table, filter));
      await score(db, scheme, year, (item, nth, of) => stages.progress({ item, nth, of }), columns);
      await adjustPoints(db, year);
    });
    await pauseAt('score');
    await stages.time('rank', () => rank(db, scheme, year));
  } finally {
    // the tables are all their loaded rows again, whatever happened (the store stage keeps every loaded row)
    for (const table of excluded) await typedView(db, table);
  }
}

/**
 * Stages score, rank, write, report and documents; `feedback`: the feedback letters were written; `report`: the
 * sha256 of every report file, when the writer hashed them as it wrote them.
 */
async function scoreAndWrite(
  db: Db,
  r: { scheme: Scheme; year: number; settings: Settings; lang: Lang; dir: string; fileOf: (table: string) => string },
  writers: RunWriters,
  stages: Stages,
): Promise<{ feedback: boolean; report?: Record<string, string> }> {
  const { scheme, year, settings, lang, dir } = r;
  await appraiseYear(db, scheme, year, r.fileOf, stages);
  await stages.time('write', async () => {
    await createFormatters(db);
    await writeResultCsvs(db, scheme, year, dir, lang);
  });
  await pauseAt('report');
  // sensitivity results describe an earlier run of this year: this run's report leaves them out
  const report = await stages.time('report', () =>
    writers.report(db, scheme, year, join(dir, 'report'), lang, {
      sensitivity: false,
      settings,
      onPage: (pages) => stages.progress({ pages }),
    }),
  );
  // what the team hands out: 公示名单, 表彰通报 and one 考核反馈单 per office (on demand above the limit); after the
  // report, whose model of the year the writers may hand on to them (reports/index.ts runWriters)
  const offices = Number(await db.scalar(`SELECT count(*) FROM scores WHERE year = $1`, [year]));
  const feedback = offices <= feedbackLimit();
  await stages.time('documents', async () => {
    await writers.workbook(db, scheme, year, join(dir, 'results.xlsx'), lang, settings, {
      onProgress: (sheet, rows) => stages.progress({ sheet, rows }),
    });
    await writers.documents(db, scheme, year, dir, lang, settings, { feedback });
  });
  const files = (report as ReportWritten | undefined)?.files;
  return { feedback, report: files && typeof files === 'object' ? files : undefined };
}

async function categoryOutcomes(db: Db, year: number): Promise<CategoryOutcome[]> {
  return db.all<CategoryOutcome>(
    `
      SELECT q.category, q.offices, q.excellent, q.quota, q.overflow,
             (SELECT count(*) FROM scores s WHERE s.year = q.year AND s.category = q.category AND s.vetoed) AS vetoed
      FROM quota q WHERE year = $1 ORDER BY category`,
    [year],
  );
}

function writtenIn(out: string, feedback: boolean): Appraisal['written'] {
  return {
    report: join(out, 'report', 'index.html'),
    workbook: join(out, 'results.xlsx'),
    publicity: join(out, 'publicity.docx'),
    notice: join(out, 'notice.docx'),
    feedback: feedback ? join(out, 'feedback') : undefined,
  };
}

export interface CheckOptions {
  data?: string;
  out: string;
  lang: Lang;
  allowLinks?: boolean;
}

/** `kaoping validate`: load and check without scoring; writes OUT/rejects.csv. Returns the check and the file written. */
export async function checkExports(opts: CheckOptions, events: StageEvents = {}): Promise<{ checked: ValidateResult; rejects: string }> {
  const dataDir = opts.data ?? SAMPLE_DATA;
  // OUT is claimed like a run's; the scratch database (a national-size load can spill) lives in its staging area
  const staged = await stageOutput(opts.out, { data: dataDir });
  let db: Db | undefined;
  try {
    db = await Db.open(join(staged.scratch, 'validate.duckdb'), { tempDirectory: join(staged.scratch, 'spill') });
    // an adjustment names an item of the scheme in use: validate, which takes no scheme, checks against the default one
    const scheme = await readScheme(DEFAULT_SCHEME);
    const { checked } = await loadAndCheck(db, dataDir, new Stages(events), {
      allowLinks: opts.allowLinks,
      workDir: staged.scratch,
      scheme,
    });
    await createFormatters(db);
    await copyCsv(db, rejectsQuery(opts.lang), join(staged.dir, 'rejects.csv'));
    db.close();
    db = undefined;
    await staged.commit();
    return { checked, rejects: join(staged.target, 'rejects.csv') };
  } catch (e) {
    db?.close();
    await staged.abort();
    throw e;
  }
}
