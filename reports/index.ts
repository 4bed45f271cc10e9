/**
 * The report site's entry for the command line: writeReport (the whole site
 * of a year) and writeOfficePage (one office's page, on demand). They live in
 * build.ts, the only module that imports the pages; see there for the site's
 * layout.
 */
export { buildSite, writeOfficePage, writeReport, writeReportWithStats, type ReportStats } from './build.ts';
export { makeSite, type Built, type Site, type SiteOptions } from './site.ts';
