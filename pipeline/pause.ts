/**
 * A hook for the crash tests: with KAOPING_PAUSE_AT=<stage> a run announces
 * "paused at <stage>" (a diagnostic: stderr under the CLI) and waits there,
 * so a test can SIGKILL it at a known point (load, score, report, swap) and
 * check nothing was damaged.
 * With KAOPING_PAUSE_MS=<ms> as well it waits that long and goes on (the
 * progress test: a stage made to last over a second). Without the variables
 * it does nothing.
 */
import { diagnostic } from './diagnostics.ts';

export async function pauseAt(stage: string): Promise<void> {
  if (process.env.KAOPING_PAUSE_AT !== stage) return;
  const ms = Number(process.env.KAOPING_PAUSE_MS);
  if (ms > 0) return new Promise((resolve) => setTimeout(resolve, ms));
  diagnostic(`kaoping: paused at ${stage}\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}
