/**
 * npm run bench [-- --size county|city|province|national ...]
 *
 * For each size: generates the data once (cached in .bench/data/<size>),
 * runs `kaoping run` on it and reads the per-stage timings from manifest.json
 * and the peak RSS from /usr/bin/time; measures the floor (bare DuckDB
 * read_csv of every file) and the peer (arquero load + per-office
 * aggregation) on the same files; prints a table and writes BENCH.md.
 * Default sizes: county, city, province; `--size national` adds 400,000 offices.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = join(ROOT, '.bench');
const SIZES: Record<string, number> = { county: 100, city: 1500, province: 15000, national: 400000 };
const args = process.argv.slice(2);
const wanted = args.flatMap((a, i) => (a === '--size' ? [args[i + 1]] : []));
const sizes = wanted.length ? [...wanted] : ['county', 'city', 'province'];
if (wanted.includes('national') && wanted.length === 1) sizes.unshift('county', 'city', 'province');
const noPeer = args.includes('--no-peer');

interface Timed {
  ms: number;
  rssMb: number;
  out: string;
  err: string;
  code: number;
}

/** Runs a node script under /usr/bin/time for the wall time and peak RSS. */
function timed(argv: string[], env: Record<string, string> = {}): Timed {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'KAOPING_RSS_KB=%M', process.execPath, ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - t0;
  const rss = Number(/KAOPING_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, rssMb: rss / 1024, out: r.stdout, err: r.stderr.replace(/KAOPING_RSS_KB=\d+\n?/, ''), code: r.status ?? -1 };
}

/** Reads every file of `dir` once, so that the timed runs find them in the page cache. */
function warm(dir: string): void {
  const buf = Buffer.allocUnsafe(8 << 20);
  for (const f of files(dir)) {
    const fd = openSync(join(dir, f), 'r');
    while (readSync(fd, buf, 0, buf.length, null) > 0);
    closeSync(fd);
  }
}

/** The data files of `dir` (kaoping keeps its own folder, .kaoping/, beside them). */
function files(dir: string): string[] {
  return readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
}

function dirBytes(dir: string): number {
  return files(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
}

const results: Record<string, any>[] = [];
for (const size of sizes) {
  const offices = SIZES[size];
  if (!offices) throw new Error(`unknown size ${size} (county, city, province, national)`);
  const data = join(BENCH, 'data', size);
  if (!existsSync(join(data, 'offices.csv'))) {
    process.stderr.write(`bench: generating ${size} (${offices} offices)...\n`);
    const g = timed([
      'bin/kaoping.js',
      'generate',
      '--offices',
      String(offices),
      '--years',
      '2023..2024',
      '--seed',
      '1',
      '--out',
      data,
      '--quiet',
    ]);
    if (g.code !== 0) throw new Error(g.err);
    process.stderr.write(`bench: generated in ${(g.ms / 1000).toFixed(1)} s, ${(dirBytes(data) / 2 ** 20).toFixed(0)} MiB\n`);
  }
  const out = join(BENCH, 'out', size);
  rmSync(out, { recursive: true, force: true });
  // every measurement reads the files from the page cache: read them once, untimed, first
  // (else the first one, kaoping, pays for reading them from disk and the floor does not)
  warm(data);
  process.stderr.write(`bench: ${size}: kaoping run...\n`);
  const run = timed(['bin/kaoping.js', 'run', '--data', data, '--year', '2024', '--out', out, '--quiet']);
  if (run.code !== 0) throw new Error(`kaoping run failed on ${size}: ${run.err}`);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const rows = manifest.inputs.reduce((a: number, i: { rows: number }) => a + i.rows, 0);
  process.stderr.write(`bench: ${size}: floor...\n`);
  const floor = timed(['--import', 'tsx', 'bench/floor.ts', data, join(BENCH, 'floor', size)]);
  if (floor.code !== 0) throw new Error(floor.err);
  rmSync(join(BENCH, 'floor', size, 'floor.duckdb'), { force: true });
  let peer: Timed | null = null;
  if (!noPeer && offices <= 15000) {
    process.stderr.write(`bench: ${size}: peer (arquero)...\n`);
    peer = timed(['--max-old-space-size=16384', '--import', 'tsx', 'bench/peer-arquero.ts', data]);
    if (peer.code !== 0) throw new Error(peer.err);
  }
  // sensitivity: 1,000 draws of the weights on the run's database, into a folder of its own (so the figure is the
  // analysis and sensitivity.csv; with --out the run's OUT it also writes the report again, the report stage's cost)
  let sens: Timed | null = null;
  if (offices <= 15000) {
    process.stderr.write(`bench: ${size}: sensitivity, 1000 draws...\n`);
    const sensOut = join(BENCH, 'sensitivity', size);
    rmSync(sensOut, { recursive: true, force: true });
    sens = timed(['bin/kaoping.js', 'sensitivity', '--db', join(out, 'kaoping.duckdb'), '--out', sensOut, '--draws', '1000']);
    if (sens.code !== 0) throw new Error(`kaoping sensitivity failed on ${size}: ${sens.err}`);
  }
  const t = manifest.timings_ms as Record<string, number>;
  const floorMs = JSON.parse(floor.out).load_ms;
  const peerJson = peer ? JSON.parse(peer.out) : null;
  results.push({
    size,
    offices,
    rows,
    mib: dirBytes(data) / 2 ** 20,
    total_ms: run.ms,
    rss_mb: run.rssMb,
    t,
    floor_ms: floorMs,
    sens_ms: sens?.ms ?? null,
    peer_ms: peerJson ? peerJson.load_ms + peerJson.aggregate_ms : null,
    peer_rss_mb: peer?.rssMb ?? null,
  });
}

const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : (ms / 1000).toFixed(2));
const STAGES = ['load', 'check', 'score', 'rank', 'write', 'documents', 'report', 'store'];
const head = [
  'size',
  'offices',
  'input rows',
  'MiB',
  'run total s',
  'peak RSS MiB',
  ...STAGES.map((st) => `${st} s`),
  'floor s',
  'run / floor',
  'load / floor',
  'sensitivity 1000 s',
  'peer s',
];
const lines = results.map((r) => [
  r.size,
  r.offices.toLocaleString('en'),
  r.rows.toLocaleString('en'),
  r.mib.toFixed(0),
  s(r.total_ms),
  r.rss_mb.toFixed(0),
  ...STAGES.map((st) => s(r.t[st])),
  s(r.floor_ms),
  (r.total_ms / r.floor_ms).toFixed(1) + '×',
  (r.t.load / r.floor_ms).toFixed(2) + '×',
  s(r.sens_ms),
  s(r.peer_ms),
]);
const table = [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
console.log(table);

/** The issue's targets (issue 18), each with the figure this run measured. */
const by = (size: string) => results.find((r) => r.size === size);
const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
const targets: string[] = [];
const P = by('province'),
  C = by('county'),
  N = by('national');
if (P) {
  const ratio = P.total_ms / P.floor_ms;
  targets.push(
    `| province whole run ≤ 5× the floor, peak RSS ≤ 1 GiB | ${verdict(ratio <= 5 && P.rss_mb <= 1024)}: ${ratio.toFixed(1)}× (${s(P.total_ms)} s against ${s(P.floor_ms)} s), ${P.rss_mb.toFixed(0)} MiB |`,
  );
  targets.push(`| province report ≤ 1.5 s | ${verdict(P.t.report <= 1500)}: ${s(P.t.report)} s |`);
  targets.push(
    `| province load ≤ 1.5× the floor | ${verdict(P.t.load <= 1.5 * P.floor_ms)}: ${(P.t.load / P.floor_ms).toFixed(2)}× (${s(P.t.load)} s) |`,
  );
  targets.push(`| province store ≤ 0.3 s | ${verdict(P.t.store <= 300)}: ${s(P.t.store)} s |`);
  targets.push(`| province xlsx + docx ≤ 2 s | ${verdict(P.t.documents <= 2000)}: ${s(P.t.documents)} s |`);
  if (P.sens_ms !== null)
    targets.push(`| province sensitivity, 1,000 draws ≤ 6 s | ${verdict(P.sens_ms <= 6000)}: ${s(P.sens_ms)} s (whole command) |`);
}
if (C) targets.push(`| county report ≤ 0.3 s | ${verdict(C.t.report <= 300)}: ${s(C.t.report)} s |`);
if (N)
  targets.push(
    `| national whole run ≤ 100 s, peak RSS ≤ 8 GiB | ${verdict(N.total_ms <= 100_000 && N.rss_mb <= 8192)}: ${s(N.total_ms)} s, ${N.rss_mb.toFixed(0)} MiB |`,
  );

const versions = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
const v = (p: string) => versions[`node_modules/${p}`]?.version;
const md = `# Benchmark

Command: \`npm run bench${wanted.length ? ' -- ' + wanted.map((w) => `--size ${w}`).join(' ') : ''}\` (data cached in \`.bench/\`).
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version};
@duckdb/node-api ${v('@duckdb/node-api')}, arquero ${v('arquero')}, vega-lite ${v('vega-lite')}. Run on ${new Date().toISOString().slice(0, 10)}.

${table}

- **run total**: wall time of \`kaoping run --year 2024\` (Node start, load, check, score, rank, CSV outputs, documents, report, database), peak RSS of that process.
- **stages** come from \`manifest.json\` (\`timings_ms\`): load = encoding check, line numbering and DuckDB \`read_csv\` trimming and typing every cell (into temporary tables); check = every contract check; score = the scheme's measures, rules and evidence; rank = totals, tiers, quota, individuals; write = CSV outputs; documents = results.xlsx, publicity.docx, notice.docx (and the feedback letters up to their limit); report = the report site; store = writing the checked inputs to the database file (\`all_<table>\`, the only place they are stored).
- **floor**: a bare \`CREATE TABLE AS SELECT * FROM read_csv(...)\` of every input file with the dialect and column types given (bench/floor.ts), the cost of getting the bytes into DuckDB.
- **run / floor**: the whole run against the floor; **load / floor**: the load stage against it.
- **sensitivity 1000**: wall time of \`kaoping sensitivity --draws 1000 --out <a folder of its own>\` on the run's database: the analysis and sensitivity.csv (with \`--out\` the run's OUT it also writes the report again, at the report stage's cost). Not run above province size.
- **peer**: arquero loading the same files into the same typed columns (dates in four spellings, integers, booleans, enums, trimmed text) and doing the per-office yearly aggregation (bench/peer-arquero.ts), what a JS-only pipeline costs; it keeps no line numbers and makes no checks. Not run above province size.

## Targets (issue 18), from this run

| target | result |
|---|---|
${targets.join('\n')}
`;
writeFileSync(
  join(ROOT, 'BENCH.md'),
  md + (existsSync(join(ROOT, 'bench', 'NOTES.md')) ? '\n' + readFileSync(join(ROOT, 'bench', 'NOTES.md'), 'utf8') : ''),
);
console.log('wrote BENCH.md');
