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
  const { ageBands, roles } = await loadStaff(reader, scope);
  return { indicators, evidence, evidenceCount, vetoes, diagnosticsColumns, diagnostics, ageBands, roles };
}

/** Each office's items in scheme order (read column by column: a province has millions). */
async function loadIndicators(db: Db, scope: Scope): Promise<Map<string, Indicator[]>> {
  const indicators = new Map<string, Indicator[]>();
  const ind = await readColumns(
    db,
    `
    SELECT office_id, dimension, indicator, seq, value, target, points, max_points, note
    FROM indicators WHERE year = $year${scope.only()} ORDER BY office_id, seq`,
    scope.params,
  );
  const [oid, dim, indicator, seq, value, target, points, maxp, note] = [
    'office_id',
    'dimension',
    'indicator',
    'seq',
    'value',
    'target',
    'points',
    'max_points',
    'note',
  ].map(ind.col);
  for (let i = 0; i < ind.n; i++) {
    const id = String(oid[i]);
    let list = indicators.get(id);
    if (!list) indicators.set(id, (list = []));
    list.push({
      office_id: id,
      dimension: String(dim[i]),
      indicator: String(indicator[i]),
      seq: num(seq[i]),
      value: numOrNull(value[i]),
      target: numOrNull(target[i]),
      points: num(points[i]),
      max_points: num(maxp[i]),
      note: textOrNull(note[i]),
    });
  }
  return indicators;
}

/**
 * The evidence: one query, at most EVIDENCE_CAP rows per office and item,
 * plus the full counts; only the detail in the page's language.
 */
async function loadEvidence(db: Db, scope: Scope, lang: Lang): Promise<Pick<OfficeDetail, 'evidence' | 'evidenceCount'>> {
  const evidence = new Map<string, Map<string, Evidence[]>>();
  const evidenceCount = new Map<string, Map<string, number>>();
  const ev = await readColumns(
    db,
    `
    SELECT office_id, indicator, source, row_id, line, ${lang === 'zh' ? 'detail_zh' : 'detail'} AS detail,
           count(*) OVER (PARTITION BY office_id, indicator) AS n
    FROM evidence WHERE year = $year${scope.only()}
    QUALIFY row_number() OVER (PARTITION BY office_id, indicator ORDER BY line, row_id, source) <= $cap
    ORDER BY office_id, indicator, line, row_id, source`,
    { ...scope.params, cap: EVIDENCE_CAP },
  );
  const [oid, indicator, source, rowId, line, detailCol, n] = ['office_id', 'indicator', 'source', 'row_id', 'line', 'detail', 'n'].map(
    ev.col,
  );
  let m: Map<string, Evidence[]> | undefined;
  let lastOffice: string | undefined;
  let list: Evidence[] | undefined;
  let lastItem: string | undefined;
  for (let i = 0; i < ev.n; i++) {
    const o = String(oid[i]);
    const it = String(indicator[i]);
    if (o !== lastOffice) {
      evidence.set(o, (m = new Map()));
      evidenceCount.set(o, new Map());
      lastOffice = o;
      lastItem = undefined;
    }
    if (it !== lastItem) {
      m!.set(it, (list = []));
      evidenceCount.get(o)!.set(it, num(n[i]));
      lastItem = it;
    }
    list!.push({
      office_id: o,
      indicator: it,
      source: String(source[i]),
      row_id: String(rowId[i] ?? ''),
      line: num(line[i]),
      detail: String(detailCol[i] ?? ''),
    });
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

/** Age structure and roles of active staff at year end (persons active in the year). */
async function loadStaff(reader: Reader, scope: Scope): Promise<Pick<OfficeDetail, 'ageBands' | 'roles'>> {
  const ageBands = new Map<string, Record<string, number>>();
  const roles = new Map<string, Record<string, number>>();
  if ((await relationColumns(reader, 'staff')).length === 0) return { ageBands, roles };
  const rows = await reader.all<{ office_id: string; band: string; role: string; n: number }>(
    `
    SELECT office_id,
           CASE WHEN age < 35 THEN '<35' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' ELSE '55+' END AS band,
           coalesce(role, '') AS role, count(*) AS n
    FROM (SELECT office_id, role, date_sub('year', birth_date, make_date($year::INTEGER, 12, 31)) AS age FROM staff
          WHERE joined_on <= make_date($year::INTEGER, 12, 31)
            AND (left_on IS NULL OR left_on >= make_date($year::INTEGER, 1, 1))${scope.only()})
    GROUP BY ALL ORDER BY office_id, band, role`,
    scope.params,
  );
  for (const r of rows) {
    const a = ageBands.get(r.office_id) ?? {};
    a[r.band] = (a[r.band] ?? 0) + num(r.n);
    ageBands.set(r.office_id, a);
    const ro = roles.get(r.office_id) ?? {};
    ro[r.role] = (ro[r.role] ?? 0) + num(r.n);
    roles.set(r.office_id, ro);
  }
  return { ageBands, roles };
}
