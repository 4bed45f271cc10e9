/**
 * Synthetic office-automation exports for kaoping: the CSV files of the data
 * contract (offices, staff, documents, document_counts, 会议, submissions,
 * supervision, trainings, attendance), for any number of offices and years.
 *
 * - Deterministic: every office draws from its own random stream (random.ts),
 *   so the output depends only on the options. No Math.random, no clock.
 * - Streaming: offices are generated one at a time (office.ts, one module per
 *   table) and written through buffered streams (csv.ts), so memory stays flat
 *   from 50 offices to 400,000.
 * - Realistic spellings per file (files.ts); the offices and their designed
 *   cases, the curated sample included, in offices.ts.
 */
import { resolve } from 'node:path';
import { InputError } from '../../pipeline/errors.ts';
import { makeDirs } from '../../pipeline/outdir.ts';
import { CsvFile, writeFailure } from './csv.ts';
import { FILES, headers } from './files.ts';
import { generateOffice } from './office.ts';
import { randomSpec, sampleSpecs } from './offices.ts';
import type { BadRow, Ctx, GenerateOptions, GenerateResult, OfficeFacts, OfficeSpec, TableName } from './types.ts';

export type { BadKind, BadRow, Cases, GenerateOptions, GenerateResult, OfficeFacts, OfficeOutput, OfficeSpec } from './types.ts';
export { Rng } from './random.ts';
export { day } from './helpers.ts';
export { DEPARTMENT, TOWNSHIP } from './county.ts';
export { BAD_KINDS, SAMPLE_ROSTER } from './offices.ts';
export { FILES } from './files.ts';
export { writeFailure } from './csv.ts';
export { generateOffice } from './office.ts';

type Files = Map<TableName, CsvFile>;

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const roster = checkOptions(opts);
  const heads = headers();
  await makeDirs(resolve(opts.out)).catch((e) => {
    throw writeFailure(e, opts.out);
  });
  const files: Files = new Map();
  for (const f of FILES) files.set(f.table, new CsvFile(f, opts.out, heads.get(f.table)!));
  const ctx: Ctx = { y0: opts.years[0], Y: opts.years[1], seed: opts.seed | 0, sample: !!roster };
  const bad: BadRow[] = [];
  const facts: OfficeFacts[] = [];
  try {
    for (let i = 0; i < opts.offices; i++) {
      if (opts.onOffice && i % 256 === 0) opts.onOffice(i);
      const spec = roster ? roster[i] : randomSpec(i, opts.offices, ctx.seed, opts.bad ?? false);
      if (!opts.bad && spec.cases.bad) spec.cases = { ...spec.cases, bad: undefined };
      const office = await writeOffice(spec, ctx, files, bad);
      if (roster) facts.push(office);
    }
    for (const file of files.values()) await file.close();
  } catch (e) {
    // the first error is the one reported; the other files are closed without waiting on them
    for (const file of files.values()) file.abandon();
    if (e instanceof InputError || (e as NodeJS.ErrnoException)?.code) throw writeFailure(e, opts.out);
    throw e;
  }
  return result(files, bad, facts);
}

/** Throws on options the generator cannot honour; returns the curated roster for `sample: true`. */
function checkOptions(opts: GenerateOptions): OfficeSpec[] | null {
  const [y0, Y] = opts.years;
  if (!Number.isInteger(y0) || !Number.isInteger(Y) || y0 > Y || y0 < 1990 || Y > 2100) {
    throw new Error(`generate: years must be two whole years first <= last, got ${opts.years.join('..')}`);
  }
  if (!Number.isInteger(opts.offices) || opts.offices < 1) {
    throw new Error(`generate: offices must be a positive whole number, got ${opts.offices}`);
  }
  const roster = opts.sample ? sampleSpecs() : null;
  if (roster && opts.offices !== roster.length) {
    throw new Error(`generate: the sample is the curated county of ${roster.length} offices; pass offices: ${roster.length}`);
  }
  return roster;
}

/** Draws one office, adds its rows to the files (noting the physical line of each bad row) and flushes what is due. */
async function writeOffice(spec: OfficeSpec, ctx: Ctx, files: Files, bad: BadRow[]): Promise<OfficeFacts> {
  const out = generateOffice(spec, ctx);
  for (const f of FILES) {
    const file = files.get(f.table)!;
    for (const r of out.rows[f.table]) {
      const line = file.add(r.fields);
      if (r.bad) bad.push({ file: f.file, line, office_id: spec.office_id, ...r.bad });
    }
  }
  for (const file of files.values()) await file.flush();
  return out.facts;
}

/** Rows per file, and the bad rows in the order of FILES, then by line. */
function result(files: Files, bad: BadRow[], facts: OfficeFacts[]): GenerateResult {
  const counts: Record<string, number> = {};
  for (const f of FILES) counts[f.file] = files.get(f.table)!.rows;
  bad.sort((a, b) => FILES.findIndex((f) => f.file === a.file) - FILES.findIndex((f) => f.file === b.file) || a.line - b.line);
  return { files: counts, bad, facts };
}
