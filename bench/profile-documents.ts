/**
 * npx tsx bench/profile-documents.ts DB OUT [--year Y] [--lang zh|en] [--profile] [--repeat N]
 *
 * Writes results.xlsx, publicity.docx and notice.docx of a database (a copy
 * of a bench run's OUT/kaoping.duckdb) into OUT the way a run's documents
 * stage does (pipeline/appraise.ts scoreAndWrite: the formatters, the
 * workbook, then the Word documents without feedback letters), and prints
 * each one's time and the sheets' times; with --profile, the CPU profile's
 * top entries by self time.
 */
import { Session } from 'node:inspector/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Db } from '../pipeline/db.ts';
import { readScheme } from '../pipeline/scheme.ts';
import { settingsOfYear } from '../pipeline/settings.ts';
import { DEFAULT_SCHEME } from '../pipeline/version.ts';
import { createFormatters } from '../pipeline/write.ts';
import { writeDocuments } from '../reports/documents.ts';
import { writeWorkbook } from '../reports/workbook.ts';
import { loadModel } from '../reports/model.ts';
import { freshFolder } from './fresh.ts';

const [dbPath, out] = process.argv.slice(2);
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const lang = arg('--lang') === 'en' ? 'en' : 'zh';
const repeat = Number(arg('--repeat') ?? 1);
const db = await Db.open(dbPath);
const year = Number(arg('--year') ?? (await db.scalar(`SELECT max(year) FROM scores`)));
const scheme = await readScheme(DEFAULT_SCHEME);
const settings = { ...(await settingsOfYear(db, year)), date: new Date(Date.UTC(2025, 0, 15)) };
await createFormatters(db);
let session: Session | undefined;
if (process.argv.includes('--profile')) {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}
for (let k = 0; k < repeat; k++) {
  freshFolder(out);
  // each sheet: its rows and when its last chunk was written (a sheet's time: from the previous sheet's last chunk to its own)
  const sheets = new Map<string, { rows: number; at: number }>();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await writeWorkbook(db, scheme, year, join(out, 'results.xlsx'), lang, settings, {
    onProgress: (name, rows) => sheets.set(name, { rows, at: performance.now() }),
  });
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  await writeDocuments(db, scheme, year, out, lang, settings, { feedback: false });
  const t2 = performance.now();
  // the model the Word documents read (reports/model.ts, shared with the report), on its own
  await loadModel(db, scheme, year, lang, { sensitivity: false, detail: false });
  const t3 = performance.now();
  const mb = (f: string) => (statSync(join(out, f)).size / 1e6).toFixed(1);
  console.log(
    `workbook ${(t1 - t0).toFixed(0)} ms (cpu ${((c1.user + c1.system) / 1000).toFixed(0)} ms, ${mb('results.xlsx')} MB); docx ${(t2 - t1).toFixed(0)} ms ` +
      `(publicity ${mb('publicity.docx')} MB, notice ${mb('notice.docx')} MB); together ${(t2 - t0).toFixed(0)} ms; the docx's model alone ${(t3 - t2).toFixed(0)} ms`,
  );
  let last = t0;
  const parts = [...sheets].map(([name, { rows, at }]) => `${name} ${rows} rows ${(at - last).toFixed(0)} ms` + ((last = at), ''));
  console.log(`  ${parts.join('; ')}; then the package ${(t1 - last).toFixed(0)} ms`);
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const self = new Map<string, number>();
  const dt = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples?.length ?? 1);
  const hits = new Map<number, number>();
  for (const s of profile.samples ?? []) hits.set(s, (hits.get(s) ?? 0) + 1);
  for (const n of profile.nodes as Node[]) {
    const f = n.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules\/|work\/main\/)?/, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (hits.get(n.id) ?? 0) * dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log('| self ms | share | function |\n| ---: | ---: | --- |');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`| ${v.toFixed(0)} | ${((v / total) * 100).toFixed(1)}% | \`${k}\` |`);
}
db.close();
