/**
 * The office a person names on the command line (`explain --office`): by its
 * code as written, by its code in any case (xz001), or by its name
 * (城关镇党政办, any case, surrounding spaces and full-width letters as typed
 * by a Chinese input method ignored). When nothing matches, one sentence
 * names the nearest codes and names: those containing what was typed or
 * contained in it, then those a few edits away (DuckDB's levenshtein over
 * the year's offices).
 */
import type { Db } from './db.ts';
import { InputError } from './errors.ts';
import { visible } from './text.ts';

/** Suggestions at most. */
const NEAREST = 3;
/** Edits, as a share of the longer text's length, within which a code or name is near. */
const NEAR = 0.5;
/** How much farther than the nearest a suggestion may be. */
const MARGIN = 0.1;

interface Office {
  office_id: string;
  office_name: string;
}

const shown = (o: Office, lang: 'zh' | 'en') =>
  visible(lang === 'zh' ? `${o.office_id}(${o.office_name})` : `${o.office_id} (${o.office_name})`);

/**
 * The code of the office of the `year` results that `given` names. `dbShown`
 * (the --db as given) goes into the query a sentence suggests.
 */
export async function findOffice(db: Db, year: number, given: string, dbShown?: string): Promise<string> {
  const typedShown = visible(given);
  const exact = await db.scalar<number>(`SELECT count(*) FROM scores WHERE year = $1 AND office_id = $2`, [year, given]);
  if (Number(exact) > 0) return given;
  const typed = given.normalize('NFKC').trim();
  const matches = await db.all<Office & { how: number }>(
    `
    SELECT office_id, office_name, how FROM (
      SELECT office_id, office_name,
             CASE WHEN office_id = $2 THEN 0 WHEN lower(office_id) = lower($2) THEN 1
                  WHEN trim(office_name) = $2 THEN 2 WHEN lower(trim(office_name)) = lower($2) THEN 3 END AS how
      FROM scores WHERE year = $1)
    WHERE how IS NOT NULL ORDER BY how, office_id`,
    [year, typed],
  );
  const best = matches.filter((m) => m.how === matches[0]?.how);
  if (best.length === 1) return best[0].office_id;
  if (best.length > 1) {
    const list = (lang: 'zh' | 'en') => best.map((o) => shown(o, lang)).join(lang === 'zh' ? '、' : ', ');
    throw new InputError(
      `"${typedShown}" names ${best.length} offices of the ${year} results: ${list('en')}; give the office's code exactly.`,
      `“${typedShown}”对应 ${year} 年度考评结果中的 ${best.length} 个单位:${list('zh')};请写明单位编码。`,
    );
  }
  const nearest = await db.all<Office & { distance: number }>(
    `
    WITH o AS (SELECT office_id, office_name, lower(office_id) AS code, lower(trim(office_name)) AS name, lower($2) AS typed
               FROM scores WHERE year = $1),
    d AS (SELECT *, least(levenshtein(code, typed) / greatest(strlen(code), strlen(typed), 1),
                          levenshtein(name, typed) / greatest(strlen(name), strlen(typed), 1)) AS distance,
                 typed <> '' AND (contains(name, typed) OR contains(code, typed) OR contains(typed, name)) AS part
          FROM o)
    SELECT office_id, office_name, distance FROM d WHERE part OR distance <= ${NEAR}
    ORDER BY distance, office_id LIMIT ${NEAREST}`,
    [year, typed],
  );
  // the nearest, and those nearly as near (not a worse one only to fill the list)
  const near = nearest.filter((o) => o.distance <= nearest[0].distance + MARGIN);
  if (near.length > 0) {
    const en = near.map((o) => shown(o, 'en'));
    throw new InputError(
      `There is no office "${typedShown}" (code or name) in the ${year} results; ` +
        `did you mean ${en.length > 1 ? `${en.slice(0, -1).join(', ')} or ${en.at(-1)}` : en[0]}?`,
      `${year} 年度考评结果中没有编码或名称为“${typedShown}”的单位;是否要找 ${near.map((o) => shown(o, 'zh')).join('、')}?`,
    );
  }
  const query = queryCommand(`SELECT office_id, office_name, category FROM scores WHERE year = ${year} ORDER BY office_id`, dbShown);
  throw new InputError(
    `There is no office "${typedShown}" (code or name) in the ${year} results, nor one near it; ${query} lists them.`,
    `${year} 年度考评结果中没有编码或名称为“${typedShown}”的单位,也没有相近的;运行 ${query} 可列出全部单位。`,
  );
}

/**
 * `kaoping query [--db DB] "SQL"` as a person types it in a shell: the SQL in
 * double quotes (with the characters a shell would expand there escaped), the
 * database path quoted when it needs to be.
 */
export function queryCommand(sql: string, dbShown?: string): string {
  const db =
    dbShown === undefined
      ? ''
      : /^[\p{L}\p{N}._/:@%+=,-]+$/u.test(dbShown)
        ? ` --db ${dbShown}`
        : ` --db '${dbShown.replaceAll("'", "'\\''")}'`;
  return visible(`kaoping query${db} "${sql.replace(/["$`\\]/g, (c) => `\\${c}`)}"`);
}
