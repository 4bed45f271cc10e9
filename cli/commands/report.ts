/**
 * `kaoping report --office ID`: the page of one office, on demand. A report
 * of a year with more offices than the office-page limit (national scale)
 * has no page per office; this writes one into OUT/report/office/ with the
 * same page builder, from that office's rows only, and prints its path.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeOfficePage } from '../../reports/index.ts';
import { feedbackFileName, writeFeedback } from '../../reports/documents.ts';
import { mkdir } from 'node:fs/promises';
import type { Db } from '../../pipeline/db.ts';
import { checkFile, openDatabase } from '../../pipeline/dbfile.ts';
import { stageOutput } from '../../pipeline/outdir.ts';
import { refreshManifest } from '../../pipeline/fingerprint.ts';
import { settingsOfYear } from '../../pipeline/settings.ts';
import { InputError } from '../../pipeline/errors.ts';
import { latestScoredYear, schemeOfYear } from '../../pipeline/explain.ts';

export interface ReportOptions { office: string; year?: number; db?: string; out: string; lang: 'zh' | 'en' }

export async function runReport(opts: ReportOptions): Promise<number> {
  const zh = opts.lang === 'zh';
  const dbPath = opts.db ?? join(opts.out, 'kaoping.duckdb');
  if (!(await checkFile(dbPath))) {
    throw new InputError(`The database ${dbPath} does not exist; run kaoping run first or pass --db.`, `数据库 ${dbPath} 不存在;请先运行 kaoping run,或用 --db 指定。`);
  }
  // OUT is claimed like a run's. The page goes into OUT/report/: in place (under OUT's lock) when
  // that is a report kaoping wrote, else into a new report/ swapped in with the page
  const staged = await stageOutput(opts.out, { db: dbPath });
  const inPlace = staged.owned.includes('report') && existsSync(join(staged.target, 'report'));
  let db: Db | undefined;
  try {
    db = await openDatabase(dbPath, dbPath, { readOnly: true });
    const year = opts.year ?? (await latestScoredYear(db));
    const found = await db.scalar<number>(`SELECT count(*) FROM scores WHERE year = $1 AND office_id = $2`, [year, opts.office]);
    if (Number(found) === 0) {
      throw new InputError(`There is no office ${opts.office} in the ${year} results.`, `${year} 年度没有单位编码为 ${opts.office} 的考评结果。`);
    }
    const scheme = await schemeOfYear(db, year);
    // and the office's feedback letter (考核反馈单), into OUT/feedback/
    const feedbackInPlace = staged.owned.includes('feedback') && existsSync(join(staged.target, 'feedback'));
    const letterDir = join(feedbackInPlace ? staged.target : staged.dir, 'feedback');
    await mkdir(letterDir, { recursive: true });
    const letter = join(letterDir, feedbackFileName(opts.office));
    await writeFeedback(db, scheme, year, opts.office, letter, opts.lang, await settingsOfYear(db, year));
    const written = await writeOfficePage(db, scheme, year, opts.office, join(inPlace ? staged.target : staged.dir, 'report'), opts.lang,
      { settings: await settingsOfYear(db, year) });
    // the page is part of the report manifest.json fingerprints: bring it up to date
    const d = db;
    await staged.commit({ after: () => refreshManifest(staged.target, d, year) });
    db.close();
    db = undefined;
    const file = join(staged.target, relative(inPlace ? staged.target : staged.dir, written));
    const letterShown = join(staged.target, 'feedback', feedbackFileName(opts.office));
    process.stdout.write(zh ? `单位页面: ${file}\n考核反馈单: ${letterShown}\n` : `Office page: ${file}\nFeedback letter: ${letterShown}\n`);
    return 0;
  } catch (e) {
    db?.close();
    await staged.abort();
    throw e;
  }
}
