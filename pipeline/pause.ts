/**
 * A hook for the crash tests: with KAOPING_PAUSE_AT=<stage> a run announces
 * "paused at <stage>" on stderr and waits there, so a test can SIGKILL it at
 * a known point (load, score, report, swap) and check nothing was damaged.
 * Without the variable it does nothing.
 */
export async function pauseAt(stage: string): Promise<void> {
  if (process.env.KAOPING_PAUSE_AT !== stage) return;
  process.stderr.write(`kaoping: paused at ${stage}\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}
