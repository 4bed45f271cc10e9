/**
 * The Word documents of a year (docx, fonts named and not embedded):
 * - publicity.docx (公示名单): the proposed commended offices by category
 *   and the advanced individuals, the 公示 period and contact, organ and date;
 * - notice.docx (表彰通报): a draft commendation notice laid out after
 *   GB/T 9704-2012 (reports/docx/common.ts has the page, fonts and grid);
 * - feedback/<safe>.docx (考核反馈单): one per office, its items, every lost
 *   point and the rows behind it (reports/docx/feedback.ts).
 * Everything comes from the report's model (reports/model.ts): a fixed
 * number of bulk queries for the whole year, never one per office; a single
 * office's sheet reads the model of that office alone.
 * Without settings, generic wording: the organ is "(发文机关)", the 公示
 * period five working days, the contact a placeholder; the date is today's
 * unless `settings.date` gives one.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../pipeline/db.ts';
import type { Scheme } from '../pipeline/scheme.ts';
import type { Settings } from '../pipeline/settings.ts';
import type { DocSettings } from './docx/common.ts';
import { feedbackDoc, feedbackDocument } from './docx/feedback.ts';
import { noticeDoc, publicityDoc } from './docx/lists.ts';
import { save } from './docx/package.ts';
import { loadModel, type Model } from './model.ts';
import { pageNames, safeStem } from './paths.ts';
import type { Lang } from '../words/index.ts';

export type { DocSettings } from './docx/common.ts';

const FEEDBACK_DIR = 'feedback';

/** The file name of an office's feedback sheet: `<readable>-<sha1>.docx`, like its report page (reports/paths.ts). */
export function feedbackFileName(officeId: string): string {
  return `${safeStem(officeId, 10, FEEDBACK_DIR)}.docx`;
}

const listModel = (db: Db, scheme: Scheme, year: number, lang: Lang) =>
  loadModel(db, scheme, year, lang, { sensitivity: false, detail: false });

export async function writePublicity(
  db: Db,
  scheme: Scheme,
  year: number,
  file: string,
  lang: Lang,
  settings: Settings & { date?: Date },
): Promise<void> {
  await publicityDoc(await listModel(db, scheme, year, lang), settings, file);
}

export async function writeNotice(
  db: Db,
  scheme: Scheme,
  year: number,
  file: string,
  lang: Lang,
  settings: Settings & { date?: Date },
): Promise<void> {
  await noticeDoc(await listModel(db, scheme, year, lang), settings, file);
}

/** One office's feedback sheet, from the model of that office alone (its cost does not grow with the year's offices). */
export async function writeFeedback(
  db: Db,
  scheme: Scheme,
  year: number,
  officeId: string,
  file: string,
  lang: Lang,
  settings: Settings & { date?: Date },
): Promise<void> {
  const m = await loadModel(db, scheme, year, lang, { sensitivity: false, office: officeId });
  const o = m.byId.get(officeId);
  if (!o) throw new Error(`no office ${officeId} in the ${year} results`);
  await feedbackDoc(m, o, settings, file);
}

/**
 * publicity.docx, notice.docx and, with `opts.feedback`, feedback/<safe>.docx
 * for every office of the year, into `outDir` (which exists), from `opts.model` when given (the year's model, read
 * once for these and the report) or a model read here. The files
 * written, relative to outDir, in a stable order. File names of the sheets
 * are feedbackFileName's, made distinct within the year as report pages are
 * (pageNames: a short-hash collision gets a longer hash).
 */
export async function writeDocuments(
  db: Db,
  scheme: Scheme,
  year: number,
  outDir: string,
  lang: Lang,
  settings: Settings & { date?: Date },
  opts: { feedback: boolean; model?: Model },
): Promise<{ files: string[] }> {
  const s: DocSettings = { ...settings, date: settings.date ?? new Date() };
  // a model without the per-office detail serves the lists; the letters need it
  const given = opts.model && (opts.model.detail || !opts.feedback) && !opts.model.single ? opts.model : undefined;
  const m: Model = given ?? (await loadModel(db, scheme, year, lang, { sensitivity: false, detail: opts.feedback }));
  const files = ['publicity.docx', 'notice.docx'];
  await publicityDoc(m, s, join(outDir, 'publicity.docx'));
  await noticeDoc(m, s, join(outDir, 'notice.docx'));
  if (opts.feedback) {
    await mkdir(join(outDir, FEEDBACK_DIR), { recursive: true });
    const names = pageNames(
      m.offices.map((o) => o.office_id),
      FEEDBACK_DIR,
    );
    for (const o of m.offices) {
      const rel = names.get(o.office_id)!.replace(/\.html$/, '.docx');
      await save(feedbackDocument(m, o, s), join(outDir, rel));
      files.push(rel);
    }
  }
  return { files };
}
