/**
 * A hook for the crash tests: with KAOPING_PAUSE_AT=<stage> a run announces
 * "paused at <stage>" on stderr and waits there, so a test can SIGKILL it at
 * a known point (load, score, report, swap) and check nothing was damaged.
 * With KAOPING_PAUSE_MS=<ms> as well it waits that long and goes on (the
 * progress test: a stage made to last over a second). Without the variables
 * it does nothing.
 */
export async function pauseAt(stage: string): Promise<void> {
  if (process.env.KAOPING_PAUSE_AT !== stage) return;
  const ms = Number(process.env.KAOPING_PAUSE_MS);
  if (ms > 0) return new Promise((resolve) => setTimeout(resolve, ms));
  process.stderr.write(`kaoping: paused at ${stage}\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}
