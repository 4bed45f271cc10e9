// `npm test`: the type check, ESLint and Prettier run beside vitest instead of before it (on two cores the
// suite's wall time is what counts). Each check's output is printed when it ends; vitest's streams as it runs.
// The exit code is the first failing one's, else 0.
import { spawn } from 'node:child_process';

// npm puts node_modules/.bin on PATH; on Windows its commands are .cmd files, which only a shell starts
const windows = process.platform === 'win32';
const bin = (name) => (windows ? `${name}.cmd` : name);
// Each keeps what it learnt under node_modules/.cache/kaoping (git ignores node_modules): a later npm test checks
// again only the files that changed (a clean clone pays the whole: about 50 s of CPU here; a warm run about 15 s).
// ESLint's rules here read one file at a time (no type information), so its cache by content is exact.
const cache = 'node_modules/.cache/kaoping';
const checks = [
  ['tsc', ['--noEmit', '--incremental', '--tsBuildInfoFile', `${cache}/tsbuildinfo`]],
  ['eslint', ['--cache', '--cache-strategy', 'content', '--cache-location', `${cache}/eslint`, '.']],
  ['prettier', ['--check', '--cache', '--cache-strategy', 'content', '--cache-location', `${cache}/prettier`, '**/*.{ts,js}']],
];

function run(name, args, stream) {
  return new Promise((resolve) => {
    const quoted = windows ? args.map((a) => (/[\s*{}]/.test(a) ? `"${a}"` : a)) : args;
    const child = spawn(bin(name), quoted, { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'], shell: windows });
    let out = '';
    if (!stream) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    // not found: run through npm (npm test), which puts node_modules/.bin on PATH
    child.on('error', (e) => {
      process.stdout.write(`\n${name}: cannot start (${e.message}); run it as npm test\n`);
      resolve(1);
    });
    child.on('close', (code) => {
      if (!stream)
        process.stdout.write(`\n${name} ${args.join(' ')}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n${code === 0 ? '' : out}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([...checks.map(([n, a]) => run(n, a, false)), run('vitest', ['run', ...process.argv.slice(2)], true)]);
process.exit(codes.find((c) => c !== 0) ?? 0);
