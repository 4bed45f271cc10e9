/**
 * Progress on stderr: shown on a terminal for a stage that runs over a
 * second (stage, seconds, file and rows), silent on a pipe and with --quiet.
 * The load is made to last 1.5 s with the pause hook (pipeline/pause.ts), so
 * the test does not depend on how fast this machine loads the sample.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN, tempDir } from './helpers.ts';

const SLOW_LOAD = { ...process.env, KAOPING_PAUSE_AT: 'load', KAOPING_PAUSE_MS: '1500' };

/** Runs kaoping with `args`; on a pseudo-terminal (util-linux `script`) or with stdout and stderr as pipes. */
function run(args: string[], terminal: boolean): Promise<{ code: number | null; stderr: string; all: string }> {
  return new Promise((resolve, reject) => {
    const cmd = [process.execPath, BIN, ...args];
    const child = terminal
      ? spawn('script', ['-qec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { env: SLOW_LOAD })
      : spawn(cmd[0], cmd.slice(1), { env: SLOW_LOAD });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, all: stdout + stderr }));
    child.stdin.end();
  });
}

describe('progress', () => {
  it('on a terminal, a stage past its first second shows the stage, its seconds, the file and the rows so far', async () => {
    const out = join(await tempDir(), 'out');
    const r = await run(['run', '--year', '2024', '--out', out], true);
    expect(r.code, r.all).toBe(0);
    // the line is redrawn in place: carriage return, erase line, then the text
    expect(r.all).toMatch(/\r\x1b\[2Kkaoping: load \d+ s: [^\r\n]+\.csv: [\d,]+ rows/);
    // and ends with a newline before the next output
    expect(r.all).toMatch(/kaoping: load \d+ s: [^\r\n]+ rows\r?\n/);
  });

  it('stays silent when stderr is a pipe', async () => {
    const out = join(await tempDir(), 'out');
    const r = await run(['run', '--year', '2024', '--out', out], false);
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).not.toContain('kaoping: load');
    expect(r.stderr).not.toContain('\x1b[2K');
  });

  it('stays silent on a terminal with --quiet', async () => {
    const out = join(await tempDir(), 'out');
    const r = await run(['run', '--year', '2024', '--out', out, '--quiet'], true);
    expect(r.code, r.all).toBe(0);
    expect(r.all).not.toContain('kaoping: load');
    expect(r.all).not.toContain('\x1b[2K');
  });
});
