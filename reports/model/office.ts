/**
 * The office model: the per-office detail only office pages show (each
 * item's value, target and points, the evidence rows that cost points, the
 * veto rows, the scheme's diagnostics and the staff's age structure and
 * roles), for the whole year or the scope's one office.
 */
import { relationColumns, type Db, type Row } from '../../pipeline/db.ts';
import type { Lang } from '../../words/index.ts';
import { groupBy, num, numOrNull, readColumns, textOrNull, type Reader, type Scope } from './read.ts';
import { EVIDENCE_CAP, type Evidence, type Indicator, type OfficeDetail, type VetoRow } from './types.ts';

/** The detail of a model without it (a year above the office-page limit). */
export function noDetail(): OfficeDetail {
  return {
    indicators: new Map(),
    evidence: new Map(),
    evidenceCount: new Map(),
    vetoes: new Map(),
    diagnosticsColumns: [],
    diagnostics: new Map(),
    ageBands: new Map(),
    roles: new Map(),
  };
}

export async function loadDetail(db: Db, reader: Reader, scope: Scope, lang: Lang): Promise<OfficeDetail> {
  const indicators = await loadIndicators(db, scope);
  const { evidence, evidenceCount } = await loadEvidence(db, scope, lang);
  const vetoes = await loadVetoes(reader, scope);
  const { diagnosticsColumns, diagnostics } = await loadDiagnostics(reader, scope);
  const { ageBands, roles } = await loadStaff(db, reader, scope);
  return { indicators, evidence, evidenceCount, vetoes, diagnosticsColumns, diagnostics, ageBands, roles };
}

/**
 * Each office's items in scheme order, read column by column (a province
 * has millions of values): numbers, with the item and the office as small
 * integer codes into two short lists, so no text is converted per row.
 */
async function loadIndicators(db: Db, scope: Scope): Promise<Map<string, Indicator[]>> {
  const indicators = new Map<string, Indicator[]>();
  const year = `FROM indicators WHERE year = $year${scope.only()}`;
  const kinds = `SELECT indicator, dimension, row_number() OVER (ORDER BY indicator, dimension) - 1 AS k
    FROM (SELECT DISTINCT indicator, dimension ${year})`;
  const kind = await readColumns(db, `${kinds} ORDER BY k`, scope.params);
  const [kindIndicator, kindDimension] = ['indicator', 'dimension'].map(kind.col);
  const offices = await readColumns(db, `SELECT office_id, count(*) AS n ${year} GROUP BY office_id ORDER BY office_id`, scope.params);
  const [officeId, officeRows] = ['office_id', 'n'].map(offices.col);
  const ind = await readColumns(
    db,
    `
    SELECT k.k AS kind, i.seq, i.value, i.target, i.points, i.max_points, i.note
    FROM indicators i JOIN (${kinds}) k USING (indicator, dimension)
    WHERE i.year = $year${scope.only('i.office_id')} ORDER BY i.office_id, i.seq`,
    scope.params,
  );
  const [k, seq, value, target, points, maxp, note] = ['kind', 'seq', 'value', 'target', 'points', 'max_points', 'note'].map(ind.col);
  let i = 0;
  for (let o = 0; o < offices.n; o++) {
    const id = String(officeId[o]);
    const list: Indicator[] = [];
    for (const end = i + num(officeRows[o]); i < end; i++) {
      const c = num(k[i]);
      list.push({
        office_id: id,
        dimension: String(kindDimension[c]),
        indicator: String(kindIndicator[c]),
        seq: num(seq[i]),
        value: numOrNull(value[i]),
        target: numOrNull(target[i]),
        points: num(points[i]),
        max_points: num(maxp[i]),
        note: textOrNull(note[i]),
      });
    }
    indicators.set(id, list);
  }
  return indicators;
}

/**
 * The evidence: one query, at most EVIDENCE_CAP rows per office and item,
 * plus the full counts; only the detail in the page's language. DuckDB
 * sorts and caps each office's rows and hands them over as one JSON text
 * per office (items in id order, rows by line, row id and source): a
 * province has hundreds of thousands of rows, and one text parsed by
 * JSON.parse costs a fraction of converting each value on its own.
 */
async function loadEvidence(db: Db, scope: Scope, lang: Lang): Promise<Pick<OfficeDetail, 'evidence' | 'evidenceCount'>> {
  const evidence = new Map<string, Map<string, Evidence[]>>();
  const evidenceCount = new Map<string, Map<string, number>>();
  const ev = await readColumns(
    db,
    `
    SELECT office_id, to_json(list_sort(list({i: indicator, n: n, rows: rows}))) AS items FROM (
      SELECT office_id, indicator, count(*) AS n,
             list_sort(list({l: line, r: row_id, s: source, d: ${lang === 'zh' ? 'detail_zh' : 'detail'}}))[1:$cap] AS rows
      FROM evidence WHERE year = $year${scope.only()}
      GROUP BY office_id, indicator)
    GROUP BY office_id ORDER BY office_id`,
    { ...scope.params, cap: EVIDENCE_CAP },
  );
  const [oid, json] = ['office_id', 'items'].map(ev.col);
  type Group = { i: string; n: number; rows: { l: number | null; r: string | null; s: string; d: string | null }[] };
  for (let k = 0; k < ev.n; k++) {
    const o = String(oid[k]);
    const m = new Map<string, Evidence[]>();
    const counts = new Map<string, number>();
    for (const g of JSON.parse(String(json[k])) as Group[]) {
      counts.set(g.i, g.n);
      m.set(
        g.i,
        g.rows.map((e) => ({ office_id: o, indicator: g.i, source: e.s, row_id: e.r ?? '', line: num(e.l), detail: e.d ?? '' })),
      );
    }
    evidence.set(o, m);
    evidenceCount.set(o, counts);
  }
  return { evidence, evidenceCount };
}

async function loadVetoes(reader: Reader, scope: Scope): Promise<Map<string, VetoRow[]>> {
  const rows = await reader.all<VetoRow>(
    `
    SELECT office_id, veto, source, row_id, line, detail, detail_zh FROM vetoes
    WHERE year = $year${scope.only()} ORDER BY office_id, veto, line, row_id`,
    scope.params,
  );
  return groupBy(rows, (r) => r.office_id);
}

/** The scheme's diagnostics (not scored), when it has them: their columns in the query's order, and a row per office. */
async function loadDiagnostics(reader: Reader, scope: Scope): Promise<Pick<OfficeDetail, 'diagnosticsColumns' | 'diagnostics'>> {
  const diagnostics = new Map<string, Row>();
  const columns = await relationColumns(reader, 'diagnostics');
  if (columns.length === 0) return { diagnosticsColumns: [], diagnostics };
  for (const r of await reader.all(`SELECT * FROM diagnostics WHERE year = $year${scope.only()} ORDER BY office_id`, scope.params)) {
    diagnostics.set(String(r.office_id), r);
  }
  return { diagnosticsColumns: columns.filter((c) => c !== 'year' && c !== 'office_id'), diagnostics };
}

/**
 * Age structure and roles of active staff at year end (persons active in
 * the year): counts by band and role, as one JSON text per office.
 */
async function loadStaff(db: Db, reader: Reader, scope: Scope): Promise<Pick<OfficeDetail, 'ageBands' | 'roles'>> {
  const ageBands = new Map<string, Record<string, number>>();
  const roles = new Map<string, Record<string, number>>();
  if ((await relationColumns(reader, 'staff')).length === 0) return { ageBands, roles };
  const staff = await readColumns(
    db,
    `
    SELECT office_id, to_json(list({b: band, r: role, n: n})) AS counts FROM (
      SELECT office_id,
             CASE WHEN age < 35 THEN '<35' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' ELSE '55+' END AS band,
             coalesce(role, '') AS role, count(*) AS n
      FROM (SELECT office_id, role, date_sub('year', birth_date, make_date($year::INTEGER, 12, 31)) AS age FROM staff
            WHERE joined_on <= make_date($year::INTEGER, 12, 31)
              AND (left_on IS NULL OR left_on >= make_date($year::INTEGER, 1, 1))${scope.only()})
      GROUP BY ALL)
    GROUP BY office_id ORDER BY office_id`,
    scope.params,
  );
  const [oid, counts] = ['office_id', 'counts'].map(staff.col);
  for (let k = 0; k < staff.n; k++) {
    const a: Record<string, number> = {};
    const ro: Record<string, number> = {};
    // in band and role order, as the rows were summed before (the pages order bands and roles themselves)
    const rows = (JSON.parse(String(counts[k])) as { b: string; r: string; n: number }[]).sort((x, y) =>
      x.b < y.b ? -1 : x.b > y.b ? 1 : x.r < y.r ? -1 : x.r > y.r ? 1 : 0,
    );
    for (const r of rows) {
      a[r.b] = (a[r.b] ?? 0) + num(r.n);
      ro[r.r] = (ro[r.r] ?? 0) + num(r.n);
    }
    ageBands.set(String(oid[k]), a);
    roles.set(String(oid[k]), ro);
  }
  return { ageBands, roles };
}
