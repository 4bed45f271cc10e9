/**
 * The quality model: the input files as loaded, the rejected cells (a
 * summary by file, column and check, and the rows up to REJECTS_CAP), the
 * warnings and the title rows skipped above the headers. A model of one
 * office reads the input files only (its page names the files of its
 * evidence; the data-quality page is the whole year's).
 */
import { relationColumns } from '../../pipeline/db.ts';
import type { Reader } from './read.ts';
import {
  REJECTS_CAP,
  type InputFile,
  type QualityModel,
  type Reject,
  type RejectSummary,
  type RejectedOffice,
  type SkippedRow,
  type Warning,
} from './types.ts';

export async function loadQuality(reader: Reader, single: boolean): Promise<QualityModel> {
  const exists = async (t: string) => (await relationColumns(reader, t)).length > 0;
  const inputFiles = (await exists('input_files'))
    ? await reader.all<InputFile>(`
      SELECT "table", file, encoding, sha256, bytes, rows, loaded, rejected FROM input_files ORDER BY file, "table"`)
    : [];
  const rejects =
    !single && (await exists('rejects'))
      ? await loadRejects(reader)
      : { rejects: [], rejectCount: 0, rejectSummary: [], rejectedOffices: [], rejectedRows: 0, rejectedWithoutOffice: 0 };
  const warnings =
    !single && (await exists('warnings'))
      ? await reader.all<Warning>(`SELECT "table", message, message_zh FROM warnings ORDER BY "table", message`)
      : [];
  const skippedRows =
    !single && (await exists('skipped_rows'))
      ? await reader.all<SkippedRow>(`SELECT "table", file, line, text FROM skipped_rows ORDER BY file, line`)
      : [];
  return { inputFiles, ...rejects, warnings, skippedRows };
}

async function loadRejects(reader: Reader): Promise<Omit<QualityModel, 'inputFiles' | 'warnings' | 'skippedRows'>> {
  const rejectCount = Number(await reader.scalar(`SELECT count(*) FROM rejects`));
  const rejects = await reader.all<Reject>(
    `
    SELECT "table", file, line, coalesce("column", '') AS "column", value, "check", reason, reason_zh FROM rejects
    ORDER BY file, line, "column", reason LIMIT $cap`,
    { cap: REJECTS_CAP },
  );
  const rejectSummary = await reader.all<RejectSummary>(`
    SELECT file, coalesce("column", '') AS "column", "check", arg_min(reason, line) AS reason,
           arg_min(reason_zh, line) AS reason_zh, count(DISTINCT line) AS rows
    FROM rejects GROUP BY file, "column", "check" ORDER BY file, "column", "check"`);
  // the offices the rejected rows name (rejected_keys.office_id; a database from before it has none): their scores lack them
  const hasOffice = (await relationColumns(reader, 'rejected_keys')).includes('office_id');
  const rejectedOffices = hasOffice
    ? await reader.all<RejectedOffice>(`
      SELECT k.office_id, count(DISTINCT (k."table", k.line)) AS rows, string_agg(DISTINCT r.file, ', ' ORDER BY r.file) AS files
      FROM rejected_keys k JOIN rejects r ON r."table" = k."table" AND r.line = k.line
      WHERE k.office_id IS NOT NULL GROUP BY k.office_id ORDER BY rows DESC, k.office_id`)
    : [];
  const rejectedRows = Number(await reader.scalar(`SELECT count(DISTINCT ("table", line)) FROM rejects`));
  const named = rejectedOffices.reduce((n, o) => n + Number(o.rows), 0);
  return { rejects, rejectCount, rejectSummary, rejectedOffices, rejectedRows, rejectedWithoutOffice: rejectedRows - named };
}
