/** `kaoping run`: load -> validate -> score -> rank -> write, into an atomically swapped OUT. */
import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { accumulateInputs, createViews } from '../../pipeline/history.ts';
import { pauseAt } from '../../pipeline/pause.ts';
import { Db } from '../../pipeline/db.ts';
import { InputError } from '../../pipeline/errors.ts';
import { stageOutput, writeError } from '../../pipeline/outdir.ts';
import { claimDatabase, installDatabase, openDatabase, type DatabaseClaim } from '../../pipeline/dbfile.ts';
import { rank } from '../../pipeline/rank.ts';
import { checkSchemeSql, readScheme } from '../../pipeline/scheme.ts';
import { score } from '../../pipeline/score.ts';
import { TABLES } from '../../pipeline/contract.ts';
import { DEFAULT_SCHEME, SAMPLE_DATA, VERSION } from '../../pipeline/version.ts';
import { createFormatters, writeResultCsvs } from '../../pipeline/write.ts';
import { formatSummary } from './validate.ts';
import { load } from '../../pipeline/load.ts';
import { validate } from '../../pipeline/validate.ts';
import { Progress } from '../progress.ts';
import { visible } from '../../pipeline/text.ts';
import { readSettings, settingsRecord, type Settings } from '../../pipeline/settings.ts';
import { writeReport } from '../../reports/index.ts';
import { writeDocuments } from '../../reports/documents.ts';
import { writeWorkbook } from '../../reports/workbook.ts';
import { databaseName, folderFingerprint, resultsFingerprint } from '../../pipeline/fingerprint.ts';

export interface RunOptions {
  data?: string; year?: number; scheme?: string; out: string; db?: string;
  strict?: boolean; allowLinks?: boolean; quiet?: boolean; lang: 'zh' | 'en';
}

export const CSV_OUTPUTS = ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv'];
export const DOCUMENT_OUTPUTS = ['results.xlsx', 'publicity.docx', 'notice.docx'];
/** Every entry a run or a later command (sensitivity) writes into OUT: a --db in OUT may not take one of these names. */
export const OUT_ENTRIES = [...CSV_OUTPUTS, ...DOCUMENT_OUTPUTS, 'feedback', 'manifest.json', 'report', 'sensitivity.csv', 'kaoping.duckdb'];

/**
 * Above this many offices a run writes no feedback letters (考核反馈单); `kaoping report --office ID`
 * writes one on demand. About 60 ms a letter (docx packing): 300 offices take some 18 s.
 * KAOPING_FEEDBACK_LIMIT overrides.
 */
export const FEEDBACK_LIMIT = 300;
export function feedbackLimit(): number {
  const v = Number(process.env.KAOPING_FEEDBACK_LIMIT);
  return Number.isInteger(v) && v >= 0 && process.env.KAOPING_FEEDBACK_LIMIT ? v : FEEDBACK_LIMIT;
}

export async function runAppraisal(opts: RunOptions): Promise<number> {
  const started = new Date();
  const zh = opts.lang === 'zh';
  const progress = new Progress(opts.quiet);
  const dataDir = opts.data ?? SAMPLE_DATA;
  const scheme = await readScheme(opts.scheme ?? DEFAULT_SCHEME);
  const settings = await readSettings(dataDir);
  // OUT and the database are claimed (checked, locked) before anything is read or written.
  // The database accumulates across years: the run works on a copy and puts it in place only when all succeeded.
  const staged = await stageOutput(opts.out, { data: dataDir, db: opts.db });
  let dbClaim: DatabaseClaim | undefined;
  let db: Db | undefined;
  try {
    dbClaim = await claimDatabase(opts.db ?? join(staged.target, 'kaoping.duckdb'),
      { data: dataDir, out: staged.target, outEntries: [...staged.owned, ...OUT_ENTRIES] });
    const dbTarget = dbClaim.target;
    const dbInOut = dbTarget === join(staged.target, 'kaoping.duckdb');
    const dbPath = join(dbInOut ? staged.dir : staged.scratch, 'kaoping.duckdb');
    const spill = join(staged.scratch, 'spill');
    if (dbClaim.existed) await copyFile(dbTarget, dbPath).catch((e) => { throw writeError(e, staged.target); });
    db = await openDatabase(dbPath, dbTarget, { tempDirectory: spill });
    const d = db;
    let files = 0;
    const loaded = await progress.time('load', () => load(d, dataDir, {
      allowLinks: opts.allowLinks,
      workDir: staged.scratch,
      onProgress: async () => { if (++files === 2) await pauseAt('load'); },
      onRows: (file, rows) => progress.update(`${file}: ${rows.toLocaleString('en')} rows`),
    }));
    const checked = await progress.time('check', () => validate(d, loaded, (file) => progress.update(file)));
    if (opts.strict && checked.rejectedRows > 0) {
      process.stderr.write(formatSummary(checked, opts.lang));
      throw new InputError(`${checked.rejectedRows} rows were rejected and --strict is set, so nothing was scored or written (see kaoping validate).`,
        `有 ${checked.rejectedRows} 行被拒收,且设置了 --strict,因此没有计分,也没有改动任何输出(详见 kaoping validate)。`);
    }
    const year = opts.year ?? (await latestYear(db));
    await progress.time('score', async () => {
      await checkSchemeSql(d, scheme, year);
      await score(d, scheme, year, (id, nth, of) => progress.update(`${id} (${nth}/${of})`));
    });
    await pauseAt('score');
    await progress.time('rank', () => rank(d, scheme, year));
    await progress.time('write', async () => {
      await createFormatters(d);
      await writeResultCsvs(d, scheme, year, staged.dir, opts.lang);
    });
    // what the team hands out: 公示名单, 表彰通报 and one 考核反馈单 per office (on demand above the limit)
    const offices = Number(await d.scalar(`SELECT count(*) FROM scores WHERE year = $1`, [year]));
    const feedback = offices <= feedbackLimit();
    await progress.time('documents', async () => {
      await writeWorkbook(d, scheme, year, join(staged.dir, 'results.xlsx'), opts.lang, settings,
        { onProgress: (sheet, rows) => progress.update(`results.xlsx ${sheet}: ${rows.toLocaleString('en')}`) });
      await writeDocuments(d, scheme, year, staged.dir, opts.lang, settings, { feedback });
    });
    await pauseAt('report');
    // sensitivity results describe an earlier run of this year: this run's report leaves them out
    await progress.time('report', () => writeReport(d, scheme, year, join(staged.dir, 'report'), opts.lang,
      { sensitivity: false, settings, onPage: (n) => progress.update(`${n.toLocaleString('en')} pages`) }));
    const summary = await db.all<{ category: string; offices: number; excellent: number; quota: number; overflow: number; vetoed: number }>(`
      SELECT q.category, q.offices, q.excellent, q.quota, q.overflow,
             (SELECT count(*) FROM scores s WHERE s.year = q.year AND s.category = q.category AND s.vetoed) AS vetoed
      FROM quota q WHERE year = $1 ORDER BY category`, [year]);
    const runId = await recordRun(db, { year, scheme, dataDir, started, files: checked.files, settings });
    await progress.time('store', async () => {
      await accumulateInputs(d, runId);
      await createViews(d);
    });
    // the year's result tables as stored, for kaoping verify (fingerprint.ts)
    const results = await resultsFingerprint(db, year);
    db.close();
    db = undefined;
    const outputs: Record<string, string> = {};
    for (const f of [...CSV_OUTPUTS, ...DOCUMENT_OUTPUTS]) outputs[f] = createHash('sha256').update(await readFile(join(staged.dir, f))).digest('hex');
    const manifest = {
      tool: 'kaoping',
      version: VERSION,
      year,
      scheme: { id: scheme.id, title: scheme.title, file: scheme.path, sha256: scheme.sha256 },
      data: resolve(dataDir),
      inputs: checked.files.map((f) => ({ table: f.table, file: f.file, encoding: f.encoding, sha256: f.sha256, bytes: f.bytes, rows: f.rows, loaded: f.loaded, rejected: f.rejected, skipped_rows: f.titles })),
      missing_tables: TABLES.filter((t) => !checked.files.some((f) => f.table === t.name)).map((t) => t.name),
      outputs,
      database: { file: databaseName(staged.target, dbTarget), ...results },
      report: await folderFingerprint(join(staged.dir, 'report')),
      timings_ms: progress.timings,
      started_at: started.toISOString(),
      finished_at: new Date().toISOString(),
    };
    await writeFile(join(staged.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await pauseAt('install');
    if (!dbInOut) await installDatabase(dbPath, dbTarget);
    await staged.commit({ replace: true, keep: dbInOut ? [] : ['kaoping.duckdb'] });
    await dbClaim.release();
    const out = staged.target;
    process.stdout.write(formatSummary(checked, opts.lang));
    for (const c of summary) {
      c.category = visible(c.category); // a name from the data: control characters shown, never sent to the terminal
      process.stdout.write(zh
        ? `${c.category}: ${c.offices} 个单位,优秀 ${c.excellent} 个(名额 ${c.quota}${c.overflow ? `,超出 ${c.overflow} 个并列` : ''}),一票否决 ${c.vetoed} 个\n`
        : `${c.category}: ${c.offices} offices, ${c.excellent} excellent (quota ${c.quota}${c.overflow ? `, ${c.overflow} over it by an unbroken tie` : ''}), ${c.vetoed} vetoed\n`);
    }
    process.stdout.write(zh ? `${year} 年度考评完成(${scheme.title})。结果: ${out}\n` : `Appraisal ${year} done (${scheme.title_en}). Results: ${out}\n`);
    process.stdout.write(zh ? `考评报告: ${join(out, 'report', 'index.html')}\n` : `Report: ${join(out, 'report', 'index.html')}\n`);
    process.stdout.write(zh ? `考评结果汇总表: ${join(out, 'results.xlsx')}\n` : `Results workbook: ${join(out, 'results.xlsx')}\n`);
    process.stdout.write(zh ? `公示名单与表彰通报(草稿): ${join(out, 'publicity.docx')}、${join(out, 'notice.docx')}\n`
      : `Publicity list and draft commendation notice: ${join(out, 'publicity.docx')}, ${join(out, 'notice.docx')}\n`);
    process.stdout.write(feedback
      ? (zh ? `考核反馈单(每个单位一份): ${join(out, 'feedback')}\n` : `Feedback letters (one per office): ${join(out, 'feedback')}\n`)
      : (zh ? `单位数超过 ${feedbackLimit()} 个,未逐一生成考核反馈单;需要时用 kaoping report --office 单位编码 --out ${out} 生成。\n`
        : `More than ${feedbackLimit()} offices: no feedback letters were written; kaoping report --office ID --out ${out} writes one.\n`));
    return 0;
  } catch (e) {
    db?.close();
    await dbClaim?.release();
    await staged.abort();
    throw e;
  }
}

/** The latest year any dated row of the data falls in. */
export async function latestYear(db: Db): Promise<number> {
  const parts = TABLES.filter((t) => t.yearColumn).map((t) => `SELECT max(year(${t.yearColumn})) AS y FROM ${t.name}`);
  parts.push('SELECT max(year) AS y FROM document_counts');
  const y = await db.scalar<number | null>(`SELECT max(y) FROM (${parts.join(' UNION ALL ')})`);
  if (y === null || y === undefined) throw new InputError('The data has no dated rows, so there is no year to appraise; pass --year.', '数据中没有带日期的记录,无法确定考评年度;请用 --year 指定。');
  return Number(y);
}

/** Records the run in the database (`runs`): what was scored, with which scheme and inputs. */
async function recordRun(db: Db, r: { year: number; scheme: Awaited<ReturnType<typeof readScheme>>; dataDir: string; started: Date; files: unknown[]; settings: Settings }): Promise<number> {
  await db.run(`CREATE TABLE IF NOT EXISTS runs (run_id INTEGER, year INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP,
    tool_version VARCHAR, scheme_id VARCHAR, scheme_file VARCHAR, scheme_sha256 VARCHAR, scheme_yaml VARCHAR, data_dir VARCHAR, inputs JSON)`);
  await db.run(`ALTER TABLE runs ADD COLUMN IF NOT EXISTS settings JSON`); // the settings (appraisal.yaml) the pages were written with
  await db.run(`INSERT INTO runs BY NAME SELECT coalesce(max(run_id), 0) + 1 AS run_id, $1 AS year, $2::TIMESTAMP AS started_at, now()::TIMESTAMP AS finished_at,
      $3 AS tool_version, $4 AS scheme_id, $5 AS scheme_file, $6 AS scheme_sha256, $7 AS scheme_yaml, $8 AS data_dir, $9::JSON AS inputs, $10::JSON AS settings FROM runs`,
    [r.year, r.started.toISOString(), VERSION, r.scheme.id, r.scheme.path, r.scheme.sha256, r.scheme.text ?? '', resolve(r.dataDir), JSON.stringify(r.files), settingsRecord(r.settings)]);
  return Number(await db.scalar(`SELECT max(run_id) FROM runs`));
}
