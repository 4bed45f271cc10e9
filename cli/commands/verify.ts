/**
 * `kaoping verify --out DIR [--data DIR]`: do the results in OUT still belong
 * to these inputs (pipeline/verify.ts)? Names whatever changed, one sentence
 * each. Exit 0 yes, 2 no (or no readable manifest).
 */
import type { FolderChange, ResultsChange } from '../../pipeline/fingerprint.ts';
import {
  unchanged,
  verifyOutputs,
  type DatabaseCheck,
  type InputChange,
  type ReportCheck,
  type Verification,
} from '../../pipeline/verify.ts';
import { cliIn } from '../../words/cli.ts';
import type { Lang } from '../../words/index.ts';

type Say = ReturnType<typeof cliIn>;

/** Report files named one by one at most; the rest are counted. */
const MAX_FILES = 10;

export async function runVerify(opts: { out: string; data?: string; lang: Lang }): Promise<number> {
  const t = cliIn(opts.lang);
  const v = await verifyOutputs(opts.out, opts.data);
  const m = v.manifest;
  if (unchanged(v)) {
    process.stdout.write(`${t('verify.ok', { out: opts.out, year: m.year, inputs: m.inputs.length, scheme: m.scheme.id })}\n`);
    return 0;
  }
  const changed = changeWords(v, t);
  process.stdout.write(`${t('verify.changed', { out: opts.out })}\n` + changed.map((c) => `  - ${c}\n`).join(''));
  return 2;
}

/** Every change, one sentence each, in the order verify found them. */
function changeWords(v: Verification, t: Say): string[] {
  const words = v.inputs.map((c) => inputWords(c, t));
  for (const c of v.outputs) words.push(t(c.kind === 'gone' ? 'verify.outputGone' : 'verify.outputModified', { file: c.file }));
  words.push(...databaseWords(v.database, t), ...reportChangeWords(v.report, t));
  if (v.scheme?.kind === 'gone') words.push(t('verify.schemeGone', { file: v.scheme.file }));
  if (v.scheme?.kind === 'changed') words.push(t('verify.schemeChanged', { file: v.scheme.file }));
  return words;
}

function inputWords(c: InputChange, t: Say): string {
  switch (c.kind) {
    case 'gone':
      return t('verify.inputGone', { file: c.file });
    case 'renamed':
      return t('verify.inputRenamed', { file: c.file, now: c.now });
    case 'changed':
      return t('verify.inputChanged', { file: c.file });
    case 'added':
      return t('verify.inputAdded', { file: c.file });
  }
}

function databaseWords(d: DatabaseCheck, t: Say): string[] {
  switch (d.kind) {
    case 'unrecorded':
      return [t('verify.dbUnrecorded')];
    case 'gone':
      return [t('verify.dbGone', { file: d.file })];
    case 'unreadable':
      return [t('verify.dbUnreadable', { file: d.file, why: d.why })];
    case 'compared':
      return d.changes.map((c) => resultsWords(c, d.file, d.year, t));
  }
}

function reportChangeWords(r: ReportCheck, t: Say): string[] {
  if (r.kind === 'unrecorded') return [t('verify.reportUnrecorded')];
  const words = r.changes.slice(0, MAX_FILES).map((c) => reportWords(c, t));
  const more = r.changes.length - MAX_FILES;
  if (more > 0) words.push(more === 1 ? t('verify.reportMoreOne') : t('verify.reportMore', { n: more }));
  return words;
}

function resultsWords(c: ResultsChange, file: string, year: number, t: Say): string {
  switch (c.kind) {
    case 'gone':
      return t('verify.tableGone', { file, table: c.table });
    case 'columns':
      return t('verify.tableColumns', { file, table: c.table, columns: c.missing!.join(t('help.valueSep')) });
    case 'rows':
      return t('verify.tableRows', { file, table: c.table, year, recorded: c.recorded!, now: c.now! });
    case 'content':
      return t('verify.tableContent', { file, table: c.table, year });
    case 'added':
      return t('verify.tableAdded', { file, table: c.table, year, now: c.now! });
  }
}

function reportWords(c: FolderChange, t: Say): string {
  const file = `report/${c.file}`;
  if (c.kind === 'gone') return t('verify.reportGone', { file });
  if (c.kind === 'added') return t('verify.reportAdded', { file });
  return t('verify.reportModified', { file });
}
