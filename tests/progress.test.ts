/**
 * Progress on stderr: shown on a terminal for a stage that runs over a
 * second (stage, seconds, file and rows), silent on a pipe and with --quiet.
 * The load is made to last 1.5 s with the pause hook (pipeline/pause.ts), so
 * the test does not depend on how fast this machine loads the data, and the
 * data can be two offices (the progress line is the point, not the data).
 * A real process on a terminal; for a pipe, this process's own stderr.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, cli, dataDir, OFFICES, ROOT, STAFF, tempDir, withEnv } from './helpers.ts';

/**
 * The load made to last 1.5 s; and no office pages or feedback letters (nothing here reads a run's outputs, only what
 * it printed: a run without them costs about a quarter less).
 */
const env = { KAOPING_PAUSE_AT: 'load', KAOPING_PAUSE_MS: '1500', KAOPING_OFFICE_PAGES_LIMIT: '0', KAOPING_FEEDBACK_LIMIT: '0' };
/** How long the process on the terminal may take before it is killed: long enough for a busy machine (not a timing test). */
const ms = 60_000;

/**
 * The process on the terminal: the CLI's `main`, started as bin/kaoping.js starts it (bin/start.js), called for
 * each list of arguments in KAOPING_TEST_RUNS in turn, each followed by a line
 * `[run exited <code>]` on stdout: two runs on one terminal for one process start-up (2-3 s of CPU here).
 */
const ON_TERMINAL = `
const { start } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'bin', 'start.js')).href)});
const main = await start(['node', 'kaoping', 'run']);
for (const args of JSON.parse(process.env.KAOPING_TEST_RUNS)) {
  const code = await main(['node', ${JSON.stringify(BIN)}, ...args]);
  process.stdout.write('\\n[run exited ' + code + ']\\n');
}
`;

/**
 * Runs `runs` one after the other in one process on a pseudo-terminal (util-linux `script`), as a user at a console
 * would: what the terminal showed during each run (stdout and stderr together, raw) and its exit code.
 */
function runsOnTerminal(runs: string[][]): Promise<{ out: string; code: number }[]> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, '--input-type=module', '-e', ON_TERMINAL].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, ...env, KAOPING_TEST_RUNS: JSON.stringify(runs) },
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const parts = out.split(/\r?\n\[run exited (\d+)\]\r?\n/);
      if (code !== 0 || parts.length !== 2 * runs.length + 1) reject(new Error(`the terminal's process ended (${code}): ${out}`));
      else resolve(runs.map((_, i) => ({ out: parts[2 * i], code: Number(parts[2 * i + 1]) })));
    });
    child.stdin.end();
  });
}

let data: string;
/** `kaoping run` of the two offices with --quiet, then without, in one process on a terminal */
let quiet: { out: string; code: number }, shown: { out: string; code: number };
beforeAll(async () => {
  data = await dataDir({ 'offices.csv': OFFICES, 'staff.csv': STAFF });
  const run = async (...more: string[]) => ['run', '--data', data, '--year', '2024', '--out', join(await tempDir(), 'out'), ...more];
  [quiet, shown] = await runsOnTerminal([await run('--quiet'), await run()]);
}, 120_000);

describe('progress', () => {
  it('on a terminal, a stage past its first second shows the stage, its seconds, the file and the rows so far, in Chinese by default', () => {
    expect(shown.code, shown.out).toBe(0);
    // the line is redrawn in place: carriage return, erase line, then the text
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequence is the point
    expect(shown.out).toMatch(/\r\x1b\[2Kkaoping: 载入 \d+ 秒:[^\r\n]+\.csv 已读 [\d,]+ 行/);
    // and ends with a newline before the next output
    expect(shown.out).toMatch(/kaoping: 载入 \d+ 秒:[^\r\n]+ 行\r?\n/);
  });

  it('stays silent when stderr is a pipe', async () => {
    // in this process: a vitest worker's stderr is a pipe (pool forks), which is the point, and a child process would
    // only add its start-up (~3 s of CPU here); the pause hook reads the environment when the stage starts
    expect(process.stderr.isTTY).toBeFalsy();
    const out = join(await tempDir(), 'out');
    const r = await withEnv(env, () => cli(['run', '--data', data, '--year', '2024', '--out', out]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('kaoping: 载入');
    expect(r.stderr).not.toContain('\x1b[2K');
  });

  it('stays silent on a terminal with --quiet', () => {
    expect(quiet.code, quiet.out).toBe(0);
    expect(quiet.out).not.toContain('kaoping: 载入');
    expect(quiet.out).not.toContain('\x1b[2K');
  });
});
