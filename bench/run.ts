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
const sizes = wanted.length ? wanted : ['county', 'city', 'province'];
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
  const t = manifest.timings_ms as Record<string, number>;
  const floorMs = JSON.parse(floor.out).load_ms;
  const peerJson = peer ? JSON.parse(peer.out) : null;
  const lcs = t.load + t.check + t.score;
  results.push({
    size,
    offices,
    rows,
    mib: dirBytes(data) / 2 ** 20,
    total_ms: run.ms,
    rss_mb: run.rssMb,
    ...t,
    rows_per_s: rows / ((t.load + t.check) / 1000),
    floor_ms: floorMs,
    floor_ratio: lcs / floorMs,
    peer_ms: peerJson ? peerJson.load_ms + peerJson.aggregate_ms : null,
    peer_rss_mb: peer?.rssMb ?? null,
    peer_ratio: peerJson ? (peerJson.load_ms + peerJson.aggregate_ms) / (t.load + t.check + t.score + t.rank) : null,
  });
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const head = [
  'size',
  'offices',
  'input rows',
  'MiB',
  'run total s',
  'peak RSS MiB',
  'load s',
  'check s',
  'score s',
  'rank s',
  'write s',
  'report s',
  'store s',
  'rows/s (load+check)',
  'floor s',
  'load+check+score / floor',
  'peer s',
  'peer RSS MiB',
  'peer / kaoping',
];
const lines = results.map((r) => [
  r.size,
  r.offices.toLocaleString('en'),
  r.rows.toLocaleString('en'),
  r.mib.toFixed(0),
  s(r.total_ms),
  r.rssMb?.toFixed(0) ?? r.rss_mb.toFixed(0),
  s(r.load),
  s(r.check),
  s(r.score),
  s(r.rank),
  s(r.write),
  s(r.report),
  s(r.store),
  Math.round(r.rows_per_s).toLocaleString('en'),
  s(r.floor_ms),
  r.floor_ratio.toFixed(2) + '×',
  r.peer_ms === null ? '—' : s(r.peer_ms),
  r.peer_rss_mb === null ? '—' : r.peer_rss_mb.toFixed(0),
  r.peer_ratio === null ? '—' : r.peer_ratio.toFixed(1) + '×',
]);
const table = [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
console.log(table);

const versions = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
const v = (p: string) => versions[`node_modules/${p}`]?.version;
const md = `# Benchmark

Command: \`npm run bench${wanted.length ? ' -- ' + wanted.map((w) => `--size ${w}`).join(' ') : ''}\` (data cached in \`.bench/\`).
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version};
@duckdb/node-api ${v('@duckdb/node-api')}, arquero ${v('arquero')}, vega-lite ${v('vega-lite')}. Run on ${new Date().toISOString().slice(0, 10)}.

${table}

- **run total**: wall time of \`kaoping run --year 2024\` (Node start, load, check, score, rank, CSV outputs, report, database), peak RSS of that process.
- **stages** come from \`manifest.json\` (\`timings_ms\`): load = encoding check, line numbering and DuckDB \`read_csv\` trimming and typing every cell (into temporary tables); check = every contract check; score = the scheme's measures, rules and evidence; rank = totals, tiers, quota, individuals; write = CSV outputs; report = the report site; store = writing the checked inputs to the database file (\`all_<table>\`, the only place they are stored).
- **floor**: a bare \`CREATE TABLE AS SELECT * FROM read_csv(...)\` of every input file with the dialect and column types given (bench/floor.ts), the cost of getting the bytes into DuckDB.
- **peer**: arquero loading the same files into the same typed columns (dates in four spellings, integers, booleans, enums, trimmed text) and doing the per-office yearly aggregation (bench/peer-arquero.ts), what a JS-only pipeline costs; it keeps no line numbers and makes no checks. Compared with kaoping's load+check+score+rank. Not run above province size.
`;
writeFileSync(
  join(ROOT, 'BENCH.md'),
  md + (existsSync(join(ROOT, 'bench', 'NOTES.md')) ? '\n' + readFileSync(join(ROOT, 'bench', 'NOTES.md'), 'utf8') : ''),
);
console.log('wrote BENCH.md');
