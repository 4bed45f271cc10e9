/**
 * Progress on stderr: shown on a terminal for a stage that runs over a
 * second (stage, seconds, file and rows), silent on a pipe and with --quiet.
 * The load is made to last 1.5 s with the pause hook (pipeline/pause.ts), so
 * the test does not depend on how fast this machine loads the data, and the
 * data can be the small golden set. Real processes for a terminal; for a pipe, this process's own stderr.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, cliOnTerminal, ROOT, tempDir } from './helpers.ts';

const GOLDEN = join(ROOT, 'tests', 'cases', 'golden', 'data');

const env = { KAOPING_PAUSE_AT: 'load', KAOPING_PAUSE_MS: '1500' };
/** How long a run on the terminal may take before it is killed: long enough for a busy machine (not a timing test). */
const ms = 60_000;

describe('progress', () => {
  it('on a terminal, a stage past its first second shows the stage, its seconds, the file and the rows so far, in Chinese by default', async () => {
    const out = join(await tempDir(), 'out');
    const r = await cliOnTerminal(['run', '--data', GOLDEN, '--year', '2024', '--out', out], { env, ms });
    expect(r.code, r.out).toBe(0);
    // the line is redrawn in place: carriage return, erase line, then the text
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequence is the point
    expect(r.out).toMatch(/\r\x1b\[2Kkaoping: 载入 \d+ 秒:[^\r\n]+\.csv 已读 [\d,]+ 行/);
    // and ends with a newline before the next output
    expect(r.out).toMatch(/kaoping: 载入 \d+ 秒:[^\r\n]+ 行\r?\n/);
  });

  it('stays silent when stderr is a pipe', async () => {
    // in this process: a vitest worker's stderr is a pipe (pool forks), which is the point, and a child process would
    // only add its start-up (~3 s of CPU here); the pause hook reads the environment when the stage starts
    expect(process.stderr.isTTY).toBeFalsy();
    const out = join(await tempDir(), 'out');
    Object.assign(process.env, env);
    const r = await cli(['run', '--data', GOLDEN, '--year', '2024', '--out', out]).finally(() => {
      for (const k of Object.keys(env)) delete process.env[k];
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('kaoping: 载入');
    expect(r.stderr).not.toContain('\x1b[2K');
  });

  it('stays silent on a terminal with --quiet', async () => {
    const out = join(await tempDir(), 'out');
    const r = await cliOnTerminal(['run', '--data', GOLDEN, '--year', '2024', '--out', out, '--quiet'], { env, ms });
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain('kaoping: 载入');
    expect(r.out).not.toContain('\x1b[2K');
  });
});
