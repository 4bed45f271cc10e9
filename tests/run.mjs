// `npm test`: the type check, ESLint and Prettier run beside vitest instead of before it (on two cores the
// suite's wall time is what counts; together they take about 40 s of CPU). Each check's output is printed
// when it ends; vitest's streams as it runs. The exit code is the first failing one's, else 0.
import { spawn } from 'node:child_process';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const checks = [
  ['tsc', ['--noEmit']],
  ['eslint', ['.']],
  ['prettier', ['--check', '**/*.{ts,js}']],
];

function run(name, args, stream) {
  return new Promise((resolve) => {
    const child = spawn(bin(name), args, { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let out = '';
    if (!stream) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('close', (code) => {
      if (!stream)
        process.stdout.write(`\n${name} ${args.join(' ')}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n${code === 0 ? '' : out}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([...checks.map(([n, a]) => run(n, a, false)), run('vitest', ['run', ...process.argv.slice(2)], true)]);
process.exit(codes.find((c) => c !== 0) ?? 0);
