/**
 * Progress on stderr for long stages: only when stderr is a terminal (CI
 * logs and pipes stay clean), only for a stage that has run over a second,
 * and never with --quiet. Also times every stage for manifest.json and the
 * benchmark.
 */
export class Progress {
  readonly timings: Record<string, number> = {};
  private stage = '';
  private started = 0;
  private shown = false;
  private readonly live: boolean;

  constructor(quiet = false, private out: NodeJS.WriteStream = process.stderr) {
    this.live = !quiet && !!out.isTTY;
  }

  /** Runs one named stage, timing it. */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    this.stage = stage;
    this.started = performance.now();
    this.shown = false;
    try {
      return await fn();
    } finally {
      this.timings[stage] = Math.round(performance.now() - this.started);
      if (this.shown) this.out.write('\n');
      this.shown = false;
    }
  }

  /** A progress line for the current stage (file, rows so far ...), shown after its first second. */
  update(text: string): void {
    if (!this.live || performance.now() - this.started < 1000) return;
    this.out.write(`\r\x1b[2Kkaoping: ${this.stage}: ${text}`);
    this.shown = true;
  }
}
