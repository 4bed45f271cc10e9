/**
 * node --import tsx bench/profile-report.ts DB OUT [--year Y] [--lang zh|en] [--no-profile]
 *
 * Writes the report of a database (a bench run's OUT/kaoping.duckdb) into
 * OUT under a CPU profile, and prints the report's stage times and the
 * profile's top entries by self time (what BENCH.md lists). The profile
 * inflates the times; --no-profile gives the report's own time, and
 * --callers NAME lists where the self time of the function NAME is spent
 * from (its callers, two levels up).
 */
import { Session } from 'node:inspector/promises';
import { Db } from '../pipeline/db.ts';
import { setDiagnostics } from '../pipeline/diagnostics.ts';
import { readScheme } from '../pipeline/scheme.ts';
import { DEFAULT_SCHEME } from '../pipeline/version.ts';
import { writeReportWithStats } from '../reports/build.ts';
import { freshFolder } from './fresh.ts';

const [dbPath, out] = process.argv.slice(2);
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const lang = arg('--lang') === 'en' ? 'en' : 'zh';
// KAOPING_REPORT_TIMING: each model query's time and the report's timing line, on stderr
setDiagnostics((text) => process.stderr.write(text));
const db = await Db.open(dbPath);
const year = Number(arg('--year') ?? (await db.scalar(`SELECT max(year) FROM scores`)));
const scheme = await readScheme(DEFAULT_SCHEME);
freshFolder(out);
const profiling = !process.argv.includes('--no-profile');
const session = new Session();
if (profiling) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { stats } = await writeReportWithStats(db, scheme, year, out, lang, { sensitivity: false });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
db.close();
const line =
  `report: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (this process); model ${stats.ms.model.toFixed(0)} ms; ${stats.pages} pages, ${stats.officePages} office pages, ` +
  `${(stats.bytes / 1e6).toFixed(1)} MB; ${stats.svgCharts} SVG charts`;
if (!profiling) {
  console.log(line);
  process.exit(0);
}
const { profile } = await session.post('Profiler.stop');

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const self = new Map<string, number>();
const nodes = profile.nodes as Node[];
const dt = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples?.length ?? 1);
const hits = new Map<number, number>();
for (const s of profile.samples ?? []) hits.set(s, (hits.get(s) ?? 0) + 1);
const name = (n: Node) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(node_modules\/|work\/main\/)?/, '')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
for (const n of nodes) self.set(name(n), (self.get(name(n)) ?? 0) + (hits.get(n.id) ?? 0) * dt);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(line);
console.log('| self ms | share | function |\n| ---: | ---: | --- |');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`| ${v.toFixed(0)} | ${((v / total) * 100).toFixed(1)}% | \`${k}\` |`);

const callers = arg('--callers');
if (callers) {
  const parent = new Map<number, Node>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n);
  const by = new Map<string, number>();
  for (const n of nodes) {
    if (n.callFrame.functionName !== callers) continue;
    const p1 = parent.get(n.id);
    const p2 = p1 && parent.get(p1.id);
    const key = [p1, p2].map((p) => (p ? name(p) : '')).join(' < ');
    by.set(key, (by.get(key) ?? 0) + (hits.get(n.id) ?? 0) * dt);
  }
  console.log(`\n| self ms of ${callers} | called from < from |\n| ---: | --- |`);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${v.toFixed(0)} | \`${k}\` |`);
}
