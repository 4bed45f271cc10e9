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
 * The writers of a run (pipeline/appraise.ts): results.xlsx, the Word documents and the report site. The documents
 * and the report are written from one model of the year, read when the documents ask for it and let go once the
 * report has it (the model is most of a small run's queries, and 3 s of a province's).
 */
export function runWriters(): RunWriters {
  let held: { db: Db; year: number; lang: string; model: Promise<Model> } | undefined;
  const model: typeof reportModel = (db, scheme, year, lang, opts) => {
    if (held?.db !== db || held.year !== year || held.lang !== lang)
      held = { db, year, lang, model: reportModel(db, scheme, year, lang, opts) };
    return held.model;
  };
  return {
    workbook: writeWorkbook,
    documents: async (db, scheme, year, dir, lang, settings, opts) =>
      writeDocuments(db, scheme, year, dir, lang, settings, {
        ...opts,
        model: await model(db, scheme, year, lang, { sensitivity: false }),
      }),
    report: async (db, scheme, year, dir, lang, opts) => {
      // the run's report leaves out stored sensitivity results (sensitivity: false), as the documents' model does
      const shared = opts.sensitivity === false ? await model(db, scheme, year, lang, { sensitivity: false }) : undefined;
      held = undefined;
      return writeReport(db, scheme, year, dir, lang, { ...opts, model: shared });
    },
  };
}
