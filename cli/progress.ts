/**
 * Progress on stderr for long stages: only when stderr is a terminal (CI
 * logs and pipes stay clean), only once a stage has run for a second, and
 * never with --quiet. The line shows the stage, its seconds so far and what
 * it is at (file and rows loaded, table checked, item scored, pages
 * written); it is redrawn four times a second, so a stage waiting on one
 * long statement still shows it is alive. The stages themselves (and their
 * timings for manifest.json) are the pipeline's: this draws what
 * `events()` hears from them.
 */
import type { StageEvents } from '../pipeline/appraise.ts';

export class Progress {
  private stage = '';
  private detail = '';
  private started = 0;
  private shown = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly live: boolean;

  constructor(
    quiet = false,
    private out: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = !quiet && !!out.isTTY;
  }

  /** The callbacks a pipeline function takes: a stage begins, ends, and what it is at. */
  events(): StageEvents {
    return { onStage: (stage) => this.start(stage), onStageEnd: () => this.end(), onProgress: (detail) => this.update(detail) };
  }

  /** Runs one named stage of the command line's own (generate). */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    this.start(stage);
    try {
      return await fn();
    } finally {
      this.end();
    }
  }

  start(stage: string): void {
    this.end();
    this.stage = stage;
    this.detail = '';
    this.started = performance.now();
    this.shown = false;
    if (this.live) this.ticker = setInterval(() => this.draw(), 250);
  }

  end(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.shown) this.out.write('\n');
    this.shown = false;
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
