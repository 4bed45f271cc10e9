/**
 * The peer: what a JS-only pipeline costs. Loads every input file with
 * arquero (its CSV parser; GB18030 decoded with TextDecoder) into the same
 * typed columns kaoping loads (the contract's dates in their four spellings,
 * integers, booleans, enums in English or Chinese, text trimmed), then does
 * the per-office yearly aggregation kaoping's measures start from. No line
 * numbers, no checks, no rejects: less than kaoping does. Prints JSON timings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { TABLES, canonicalColumn, type Column } from '../pipeline/contract.ts';

const dir = process.argv[2];
const DATE = /^(\d{4})(?:-|\/|\.|年)(\d{1,2})(?:-|\/|\.|月)(\d{1,2})日?$/;
const BOOL: Record<string, boolean> = { 是: true, 否: false, true: true, false: false, '1': true, '0': false, y: true, n: false };

/** The typed value of a cell, as kaoping reads it (null where kaoping would reject the cell). */
function parser(c: Column): (s: string) => unknown {
  const text = (s: string) => {
    const t = (s ?? '').trim();
    return t === '' ? null : t;
  };
  switch (c.type) {
    case 'date':
      return (s) => {
        const m = DATE.exec(text(s) ?? '');
        return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
      };
    case 'int':
      return (s) => {
        const t = text(s);
        return t !== null && /^-?\d+$/.test(t) ? Number(t) : null;
      };
    case 'bool':
      return (s) => {
        const t = text(s);
        return t === null ? false : (BOOL[t.toLowerCase()] ?? null);
      };
    case 'enum': {
      const codes = new Map<string, string>();
      for (const [code, label] of Object.entries(c.values!)) {
        codes.set(code, code);
        codes.set(label, code);
      }
      return (s) => {
        const t = text(s);
        return t === null ? (c.emptyAs ?? null) : (codes.get(t) ?? codes.get(t.toLowerCase()) ?? null);
      };
    }
    default:
      return text;
  }
}

const t0 = performance.now();
const tables: Record<string, aq.ColumnTable> = {};
for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
  const bytes = readFileSync(join(dir, f));
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(bytes);
  text = text.replace(/^\uFEFF/, '');
  const t = TABLES.find((x) => f === `${x.name}.csv` || f === `${x.alias}.csv`)!;
  const header = text
    .slice(0, text.indexOf('\n'))
    .replace(/\r$/, '')
    .split(',')
    .map((h) => h.trim());
  const parse: Record<string, (s: string) => unknown> = {};
  const names: Record<string, string> = {};
  for (const h of header) {
    const name = canonicalColumn(t, h);
    if (!name) continue;
    parse[h] = parser(t.columns.find((c) => c.name === name)!);
    names[h] = name;
  }
  tables[t.name] = aq.fromCSV(text, { parse, autoType: false }).rename(names);
}
const loaded = performance.now();
const year = (col: string) => aq.escape((d: any) => (d[col] ? d[col].getUTCFullYear() : null));
const docs = tables.documents
  .derive({ year: year('issued_on') })
  .groupby('office_id', 'year')
  .rollup({ documents: aq.op.count(), broadcasts: aq.op.sum('broadcast'), relays: aq.op.sum('relays_superior') });
const meet = tables.meetings
  .derive({ year: year('held_on') })
  .groupby('office_id', 'year')
  .rollup({ meetings: aq.op.count(), minutes: aq.op.mean('duration_min') });
const subs = tables.submissions
  .derive({ year: year('submitted_on') })
  .groupby('office_id', 'year')
  .rollup({ submissions: aq.op.count(), instructions: aq.op.sum('leader_instruction') });
const sup = tables.supervision
  .derive({ year: year('due_on'), on_time: aq.escape((d: any) => d.completed_on !== null && d.completed_on <= d.due_on) })
  .groupby('office_id', 'year')
  .rollup({ items: aq.op.count(), on_time: aq.op.sum('on_time') });
const att = tables.attendance.groupby('office_id').count({ as: 'records' });
const staff = tables.staff.groupby('office_id').count({ as: 'staff' });
const joined = tables.offices.select('office_id').join_left(staff, 'office_id').join_left(att, 'office_id');
const n = docs.numRows() + meet.numRows() + subs.numRows() + sup.numRows() + joined.numRows();
const done = performance.now();
const rows = Object.values(tables).reduce((a, t) => a + t.numRows(), 0);
console.log(JSON.stringify({ load_ms: Math.round(loaded - t0), aggregate_ms: Math.round(done - loaded), rows, groups: n }));
