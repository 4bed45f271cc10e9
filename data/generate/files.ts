/**
 * The files of the data contract as the generator writes them: name,
 * encoding, header style, and how each spells dates, enums and booleans —
 * realistic spellings, as Excel on Chinese Windows exports them: 会议.csv is
 * GB18030 with Chinese headers and CRLF; the rest are UTF-8 with BOM and
 * English headers.
 */
import { table as contractTable } from '../../pipeline/contract.ts';
import type { DateStyle } from './helpers.ts';
import type { TableName } from './types.ts';

export interface FileSpec {
  table: TableName;
  file: string;
  encoding: 'utf8-bom' | 'gb18030';
  header: 'english' | 'chinese';
  eol: '\n' | '\r\n';
  columns: string[];
}

/** The files in the order they are written (and their bad rows listed). */
export const FILES: FileSpec[] = [
  file('offices', 'offices.csv', ['office_id', 'name', 'category', 'region']),
  file('staff', 'staff.csv', ['person_id', 'office_id', 'name', 'birth_date', 'role', 'joined_on', 'left_on', 'director_since']),
  file('documents', 'documents.csv', [
    'doc_id',
    'office_id',
    'issued_on',
    'secrecy',
    'channel',
    'broadcast',
    'relays_superior',
    'drafted_on',
    'checked_on',
    'countersigned_on',
    'signed_on',
    'proofread_on',
    'printed_on',
  ]),
  file('document_counts', 'document_counts.csv', ['office_id', 'year', 'documents']),
  // as Excel on Chinese Windows saves "CSV": GB18030, Chinese header, CRLF
  {
    ...file('meetings', '会议.csv', ['meeting_id', 'office_id', 'held_on', 'duration_min', 'format']),
    encoding: 'gb18030',
    header: 'chinese',
    eol: '\r\n',
  },
  file('submissions', 'submissions.csv', [
    'submission_id',
    'office_id',
    'person_id',
    'submitted_on',
    'kind',
    'adopted_level',
    'leader_instruction',
  ]),
  file('supervision', 'supervision.csv', ['item_id', 'office_id', 'assigned_on', 'due_on', 'completed_on', 'feedback_on']),
  file('trainings', 'trainings.csv', ['person_id', 'trained_on', 'course']),
  file('attendance', 'attendance.csv', ['record_id', 'office_id', 'person_id', 'recorded_on', 'kind']),
];

/** A file as most are written: UTF-8 with BOM, English header, LF. */
function file(table: TableName, name: string, columns: string[]): FileSpec {
  return { table, file: name, encoding: 'utf8-bom', header: 'english', eol: '\n', columns };
}

/** How dates are spelt per file ('mixed': a spelling per row, as in a hand-kept roster). */
export const DATES: Record<TableName, DateStyle | 'mixed'> = {
  offices: 'iso',
  staff: 'mixed',
  documents: 'slash',
  document_counts: 'iso',
  meetings: 'iso',
  submissions: 'dot',
  supervision: 'cn',
  trainings: 'iso',
  attendance: 'iso',
};

/** The Chinese label of an enum code, from the contract (so the two cannot drift apart). */
export function zh(tableName: TableName, column: string, code: string): string {
  const label = contractTable(tableName).columns.find((c) => c.name === column)?.values?.[code];
  if (label === undefined) throw new Error(`generate: no Chinese label for ${tableName}.${column} = ${code}`);
  return label;
}

/** Checks FILES against the contract and returns each file's header cells. */
export function headers(): Map<TableName, string[]> {
  const out = new Map<TableName, string[]>();
  for (const f of FILES) {
    const t = contractTable(f.table);
    const names = t.columns.map((c) => c.name);
    if (names.join(',') !== f.columns.join(',')) {
      throw new Error(
        `generate: the contract's ${f.table} columns (${names.join(', ')}) differ from the generator's ` +
          `(${f.columns.join(', ')}); update data/generate/files.ts`,
      );
    }
    out.set(f.table, f.header === 'chinese' ? t.columns.map((c) => c.alias) : names);
  }
  return out;
}
