// `npm test`: the type check, ESLint and Prettier run beside vitest instead of before it (on two cores the
// suite's wall time is what counts; together they take about 40 s of CPU). Each check's output is printed
// when it ends; vitest's streams as it runs. The exit code is the first failing one's, else 0.
import { spawn } from 'node:child_process';

// npm puts node_modules/.bin on PATH; on Windows its commands are .cmd files, which only a shell starts
const windows = process.platform === 'win32';
const bin = (name) => (windows ? `${name}.cmd` : name);
const checks = [
  ['tsc', ['--noEmit']],
  ['eslint', ['.']],
  ['prettier', ['--check', '**/*.{ts,js}']],
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
