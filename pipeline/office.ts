/**
 * One office's report page and feedback letter, on demand (`kaoping report
 * --office ID`). A report of a year with more offices than the office-page
 * limit (national scale) has no page per office, nor a letter each above the
 * feedback limit; this writes them into OUT/report/office/ and
 * OUT/feedback/ with the same builders (reports/, injected), from that
 * office's rows only.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Db } from './db.ts';
import { checkFile, openDatabase } from './dbfile.ts';
import { findOffice } from './lookup.ts';
import { schemeOfYear } from './explain.ts';
import { refreshManifest } from './fingerprint.ts';
import { noRunDatabase } from './runs.ts';
import { stageOutput } from './outdir.ts';
import type { Scheme } from './scheme.ts';
import { settingsOfYear, type Settings } from './settings.ts';
import { scoredYear } from './years.ts';

type Lang = 'zh' | 'en';

/** The builders of reports/ for one office: its page (returns the file written), its letter and the letter's file name. */
export interface OfficeWriters {
  page(db: Db, scheme: Scheme, year: number, officeId: string, dir: string, lang: Lang, opts: { settings?: Settings }): Promise<string>;
  letter(db: Db, scheme: Scheme, year: number, officeId: string, file: string, lang: Lang, settings: Settings): Promise<void>;
  letterName(officeId: string): string;
}

export interface OfficeOptions {
  office: string;
  year?: number;
  db?: string;
  out: string;
  lang: Lang;
}

/** Writes the office's page and letter; returns where they are in OUT. */
export async function writeOfficeOnDemand(opts: OfficeOptions, writers: OfficeWriters): Promise<{ page: string; letter: string }> {
  const dbPath = opts.db ?? join(opts.out, 'kaoping.duckdb');
  if (!(await checkFile(dbPath))) {
    throw noRunDatabase(dbPath);
  }
  // OUT is claimed like a run's. The page goes into OUT/report/: in place (under OUT's lock) when
  // that is a report kaoping wrote, else into a new report/ swapped in with the page
  const staged = await stageOutput(opts.out, { db: dbPath });
  const inPlace = staged.owned.includes('report') && existsSync(join(staged.target, 'report'));
  let db: Db | undefined;
  try {
    db = await openDatabase(dbPath, dbPath, { readOnly: true });
    const year = await scoredYear(db, opts.year);
    // the code, in any case, or the office's name; nothing found is one sentence with the nearest offices (lookup.ts)
    const office = await findOffice(db, year, opts.office, opts.db);
    const scheme = await schemeOfYear(db, year);
    // and the office's feedback letter (考核反馈单), into OUT/feedback/
    const feedbackInPlace = staged.owned.includes('feedback') && existsSync(join(staged.target, 'feedback'));
    const letterDir = join(feedbackInPlace ? staged.target : staged.dir, 'feedback');
    await mkdir(letterDir, { recursive: true });
    await writers.letter(db, scheme, year, office, join(letterDir, writers.letterName(office)), opts.lang, await settingsOfYear(db, year));
    const written = await writers.page(db, scheme, year, office, join(inPlace ? staged.target : staged.dir, 'report'), opts.lang, {
      settings: await settingsOfYear(db, year),
    });
    // the page is part of the report manifest.json fingerprints: bring it up to date
    const d = db;
    await staged.commit({ after: () => refreshManifest(staged.target, d, year) });
    db.close();
    db = undefined;
    return {
      page: join(staged.target, relative(inPlace ? staged.target : staged.dir, written)),
      letter: join(staged.target, 'feedback', writers.letterName(office)),
    };
  } catch (e) {
    db?.close();
    await staged.abort();
    throw e;
  }
}
