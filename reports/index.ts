/**
 * The report site's entry for the command line: writeReport (the whole site
 * of a year) and writeOfficePage (one office's page, on demand). They live in
 * build.ts, the only module that imports the pages; see there for the site's
 * layout. runWriters: what `kaoping run` hands its appraisal to write with.
 */
import type { RunWriters } from '../pipeline/appraise.ts';
import type { Db } from '../pipeline/db.ts';
import { reportModel, writeReport } from './build.ts';
import { writeDocuments } from './documents.ts';
import type { Model } from './model.ts';
import { writeWorkbook } from './workbook.ts';

export { buildSite, reportModel, writeOfficePage, writeReport, writeReportWithStats, type ReportStats } from './build.ts';
export { makeSite, type Built, type Site, type SiteOptions } from './site.ts';

/**
 * The writers of a run (pipeline/appraise.ts): the report site, results.xlsx and the Word documents. The report's
 * model of the year (it leaves out stored sensitivity results, as a run's report does) is handed on to the
 * documents, which then let it go: the model is most of a small run's queries, and 3 s of a province's.
 */
export function runWriters(): RunWriters {
  let held: { db: Db; year: number; lang: string; model: Promise<Model> } | undefined;
  return {
    report: async (db, scheme, year, dir, lang, opts) => {
      held = undefined;
      if (opts.sensitivity !== false) return writeReport(db, scheme, year, dir, lang, opts);
      const model = reportModel(db, scheme, year, lang, opts);
      held = { db, year, lang, model };
      return writeReport(db, scheme, year, dir, lang, { ...opts, model: await model });
    },
    workbook: writeWorkbook,
    documents: async (db, scheme, year, dir, lang, settings, opts) => {
      const model = held?.db === db && held.year === year && held.lang === lang ? await held.model : undefined;
      held = undefined;
      return writeDocuments(db, scheme, year, dir, lang, settings, { ...opts, model });
    },
  };
}
