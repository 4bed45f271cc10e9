/**
 * The peer: what a JS-only pipeline costs. Loads every input file with
 * arquero (its CSV parser; GB18030 decoded with TextDecoder) and does the
 * per-office yearly aggregation kaoping's measures need. Prints JSON timings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';

const dir = process.argv[2];
const t0 = performance.now();
const tables: Record<string, aq.ColumnTable> = {};
for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
  const bytes = readFileSync(join(dir, f));
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(bytes);
  tables[f] = aq.fromCSV(text.replace(/^\uFEFF/, ''), { parse: {}, autoType: false });
}
const loaded = performance.now();
const year = (col: string) => (d: any) => aq.op.slice(d[col], 0, 4);
const docs = tables['documents.csv'].derive({ year: aq.escape(year('issued_on')) }).groupby('office_id', 'year').count({ as: 'documents' });
const meet = tables['会议.csv'] ?? tables['meetings.csv'];
const m = meet.derive({ year: aq.escape((d: any) => String(d['召开日期'] ?? d.held_on).slice(0, 4)), dur: aq.escape((d: any) => Number(d['时长分钟'] ?? d.duration_min)) })
  .groupby(meet.columnNames().includes('单位编码') ? '单位编码' : 'office_id', 'year').rollup({ meetings: aq.op.count(), avg: aq.op.mean('dur') });
const subs = tables['submissions.csv'].derive({ year: aq.escape(year('submitted_on')) }).groupby('office_id', 'year').count({ as: 'submissions' });
const sup = tables['supervision.csv'].groupby('office_id').count({ as: 'items' });
const att = tables['attendance.csv'].groupby('office_id').count({ as: 'records' });
const staff = tables['staff.csv'].groupby('office_id').count({ as: 'staff' });
const joined = tables['offices.csv'].select('office_id').join_left(staff, 'office_id').join_left(sup, 'office_id').join_left(att, 'office_id');
const n = docs.numRows() + m.numRows() + subs.numRows() + joined.numRows();
const done = performance.now();
const rows = Object.values(tables).reduce((a, t) => a + t.numRows(), 0);
console.log(JSON.stringify({ load_ms: Math.round(loaded - t0), aggregate_ms: Math.round(done - loaded), rows, groups: n }));
