/**
 * Do the results in OUT still belong to their inputs? Re-hashes every input
 * file and output the manifest lists (and the scheme), the year's result
 * tables in the database and every file of the report (fingerprint.ts), and
 * returns what changed, part by part, in the order `kaoping verify` names
 * it: inputs, outputs, database, report, scheme.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Db } from './db.ts';
import { compareFolder, compareResults, databasePath, type FolderChange, type ResultsChange } from './fingerprint.ts';
import { findFiles } from './load.ts';
import { readManifest, type RecordedManifest } from './runs.ts';
import { readScheme } from './scheme.ts';

export type InputChange =
  | { kind: 'gone'; file: string }
  | { kind: 'renamed'; file: string; now: string }
  | { kind: 'changed'; file: string }
  | { kind: 'added'; file: string };

export interface OutputChange {
  kind: 'gone' | 'modified';
  file: string;
}

/** The database's side: not recorded (an older manifest), gone, unreadable, or compared table by table. */
export type DatabaseCheck =
  | { kind: 'unrecorded' }
  | { kind: 'gone'; file: string }
  | { kind: 'unreadable'; file: string; why: string }
  | { kind: 'compared'; file: string; year: number; changes: ResultsChange[] };

export type ReportCheck = { kind: 'unrecorded' } | { kind: 'compared'; changes: FolderChange[] };

export interface SchemeChange {
  kind: 'gone' | 'changed';
  file: string;
}

export interface Verification {
  manifest: RecordedManifest;
  inputs: InputChange[];
  outputs: OutputChange[];
  database: DatabaseCheck;
  report: ReportCheck;
  scheme?: SchemeChange;
}

/** True when nothing changed: the results in OUT still belong to these inputs. */
export function unchanged(v: Verification): boolean {
  return (
    v.inputs.length === 0 &&
    v.outputs.length === 0 &&
    v.scheme === undefined &&
    v.database.kind === 'compared' &&
    v.database.changes.length === 0 &&
    v.report.kind === 'compared' &&
    v.report.changes.length === 0
  );
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
}

/** Checks OUT (its manifest.json) against the data folder: `data`, or the one the manifest records. */
export async function verifyOutputs(out: string, data?: string): Promise<Verification> {
  const manifest = await readManifest(join(out, 'manifest.json'), out);
  return {
    manifest,
    inputs: await inputChanges(manifest, data ?? manifest.data),
    outputs: await outputChanges(out, manifest),
    database: await databaseCheck(out, manifest),
    report: manifest.report
      ? { kind: 'compared', changes: await compareFolder(join(out, 'report'), manifest.report) }
      : { kind: 'unrecorded' },
    scheme: await schemeChange(manifest),
  };
}

async function inputChanges(m: RecordedManifest, dataDir: string): Promise<InputChange[]> {
  const changes: InputChange[] = [];
  const found = await findFiles(dataDir);
  for (const input of m.inputs) {
    const file = found.get(input.table);
    if (!file) {
      changes.push({ kind: 'gone', file: input.file });
      continue;
    }
    const sha = await sha256File(join(dataDir, file));
    if (file !== input.file) changes.push({ kind: 'renamed', file: input.file, now: file });
    if (sha !== input.sha256) changes.push({ kind: 'changed', file });
  }
  for (const [table, file] of found) {
    if (!m.inputs.some((i) => i.table === table)) changes.push({ kind: 'added', file });
  }
  return changes;
}

async function outputChanges(out: string, m: RecordedManifest): Promise<OutputChange[]> {
  const changes: OutputChange[] = [];
  for (const [file, sha] of Object.entries(m.outputs)) {
    const path = join(out, file);
    if (!existsSync(path)) {
      changes.push({ kind: 'gone', file });
      continue;
    }
    if ((await sha256File(path)) !== sha) changes.push({ kind: 'modified', file });
  }
  return changes;
}

/** The year's result tables in the database against the manifest's fingerprint. */
async function databaseCheck(out: string, m: RecordedManifest): Promise<DatabaseCheck> {
  const d = m.database;
  if (!d) return { kind: 'unrecorded' };
  const path = databasePath(out, d.file);
  if (!existsSync(path)) return { kind: 'gone', file: d.file };
  let db: Db;
  try {
    db = await Db.open(path, { readOnly: true, noExternalAccess: true });
  } catch (e) {
    return { kind: 'unreadable', file: d.file, why: String((e as Error)?.message ?? e).split('\n')[0] };
  }
  try {
    return { kind: 'compared', file: d.file, year: d.year, changes: await compareResults(db, d) };
  } finally {
    db.close();
  }
}

async function schemeChange(m: RecordedManifest): Promise<SchemeChange | undefined> {
  if (!existsSync(m.scheme.file)) return { kind: 'gone', file: m.scheme.file };
  if ((await readScheme(m.scheme.file)).sha256 !== m.scheme.sha256) return { kind: 'changed', file: m.scheme.file };
  return undefined;
}
