/**
 * Writing CSV outputs: DuckDB's COPY writes the rows (fast at any size), and
 * the file gets a UTF-8 BOM so Excel on Chinese Windows opens it correctly.
 * Numbers are formatted in SQL (`kp_num`: 2 decimals), and every text cell
 * that a spreadsheet would read as a formula is neutralised (`kp_cell`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { Db, ident, sqlString, type Named } from './db.ts';
import { createFactMacros } from './rules.ts';
import type { Lang } from '../words/index.ts';

/** kp_num and kp_cell for the outputs, and with them kaoping's fact macros (rules.ts), so every database written has both. */
export async function createFormatters(db: Db): Promise<void> {
  await db.run(String.raw`
    CREATE OR REPLACE MACRO kp_num(x) AS CASE WHEN x IS NULL THEN NULL ELSE printf('%.2f', round(x::DOUBLE, 2) + 0.0) END;
    CREATE OR REPLACE MACRO kp_cell(s) AS CASE WHEN regexp_matches(s, '^[=+\-@\t\r]') THEN '''' || s ELSE s END;
  `);
  await createFactMacros(db);
}

/** COPY (query) to `path` as CSV with header and BOM; `params` are the query's named parameters ($year). */
export async function copyCsv(db: Db, query: string, path: string, params?: Named): Promise<void> {
  const tmp = `${path}.nobom`;
  await db.run(`COPY (${query}) TO ${sqlString(tmp)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', NULL '')`, params);
  const out = createWriteStream(path);
  out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  await pipeline(createReadStream(tmp), out);
  await rm(tmp);
}

/** The contract's CSV outputs for one year, written into `dir`. */
export async function writeResultCsvs(
  db: Db,
  scheme: { dimensions: { id: string }[] },
  year: number,
  dir: string,
  lang: Lang,
): Promise<void> {
  const dims = scheme.dimensions.map((d) => `kp_num(${ident(d.id)}) AS ${ident(d.id)}`).join(', ');
  await copyCsv(
    db,
    `
    SELECT year, kp_cell(office_id) AS office_id, kp_cell(office_name) AS office_name, kp_cell(category) AS category,
           kp_num(total) AS total, ${dims}, vetoed, tier, rank, commended
    FROM scores WHERE year = $year ORDER BY scores.category, scores.rank, scores.office_id`,
    join(dir, 'scores.csv'),
    { year },
  );
  await copyCsv(
    db,
    `
    SELECT year, kp_cell(office_id) AS office_id, indicator, kp_num(value) AS value, kp_num(target) AS target,
           kp_num(points) AS points, kp_num(max_points) AS max_points, note, kp_num(coalesce(adjustment, 0)) AS adjustment
    FROM indicators WHERE year = $year ORDER BY indicators.office_id, seq`,
    join(dir, 'indicators.csv'),
    { year },
  );
  await copyCsv(
    db,
    `
    SELECT year, kp_cell(adjustment_id) AS adjustment_id, kp_cell(office_id) AS office_id, action, source, kp_cell(row_id) AS row_id,
           indicator, kp_num(points) AS points, kp_cell(reason) AS reason, kp_cell(decided_by) AS decided_by, decided_on
    FROM adjustments_applied WHERE year = $year ORDER BY adjustments_applied.office_id, adjustments_applied.adjustment_id`,
    join(dir, 'adjustments.csv'),
    { year },
  );
  await copyCsv(
    db,
    `
    SELECT year, rank, kp_cell(person_id) AS person_id, kp_cell(name) AS name, kp_cell(office_id) AS office_id, kp_num(points) AS points
    FROM individuals WHERE year = $year ORDER BY rank, individuals.person_id`,
    join(dir, 'individuals.csv'),
    { year },
  );
  await copyCsv(
    db,
    `
    SELECT year, kp_cell(person_id) AS person_id, kp_cell(name) AS name, kp_cell(office_id) AS office_id, age, director_years
    FROM recommendations WHERE year = $year ORDER BY recommendations.office_id, recommendations.person_id`,
    join(dir, 'recommendations.csv'),
    { year },
  );
  await copyCsv(db, rejectsQuery(lang), join(dir, 'rejects.csv'));
}

/** rejects.csv: file, line, column, value, reason (in the requested language). */
export function rejectsQuery(lang: Lang): string {
  return `SELECT kp_cell(file) AS file, line, kp_cell(nullif("column", '')) AS "column", kp_cell(value) AS value,
                 kp_cell(${lang === 'zh' ? 'reason_zh' : 'reason'}) AS reason
          FROM rejects ORDER BY rejects.file, rejects.line, rejects."column", rejects.reason`;
}
