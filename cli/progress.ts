/**
 * Progress on stderr for long stages: only when stderr is a terminal (CI
 * logs and pipes stay clean), only once a stage has run for a second, and
 * never with --quiet. The line shows the stage, its seconds so far and what
 * it is at (file and rows loaded, table checked, item scored, pages
 * written); it is redrawn four times a second, so a stage waiting on one
 * long statement still shows it is alive. Also times every stage for
 * manifest.json and the benchmark.
 */
export class Progress {
  readonly timings: Record<string, number> = {};
  private stage = '';
  private detail = '';
  private started = 0;
  private shown = false;
  private readonly live: boolean;

  constructor(quiet = false, private out: NodeJS.WriteStream = process.stderr) {
    this.live = !quiet && !!out.isTTY;
  }

  /** Runs one named stage, timing it. */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    this.stage = stage;
    this.detail = '';
    this.started = performance.now();
    this.shown = false;
    const ticker = this.live ? setInterval(() => this.draw(), 250) : undefined;
    try {
      return await fn();
    } finally {
      clearInterval(ticker);
      this.timings[stage] = Math.round(performance.now() - this.started);
      if (this.shown) this.out.write('\n');
      this.shown = false;
    }
  }

  /** What the current stage is at (file and rows so far, item ...); drawn with the next tick. */
  update(text: string): void {
    this.detail = text;
  }

  private draw(): void {
    const ms = performance.now() - this.started;
    if (ms < 1000) return;
    this.out.write(`\r\x1b[2Kkaoping: ${this.stage} ${Math.floor(ms / 1000)} s${this.detail ? `: ${this.detail}` : ''}`);
    this.shown = true;
  }
}
