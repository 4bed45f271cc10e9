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
import type { StageDetail, StageEvents } from '../pipeline/appraise.ts';
import { cli, type CliWord } from '../words/cli.ts';
import type { Lang } from '../words/index.ts';

export class Progress {
  private stage = '';
  private detail: StageDetail | string = '';
  private started = 0;
  private shown = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly live: boolean;

  constructor(
    quiet = false,
    private readonly lang: Lang = 'zh',
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

  /** What the current stage is at (file and rows so far, item ..., or the words of a stage of the command line's own); drawn with the next tick. */
  update(detail: StageDetail | string): void {
    this.detail = detail;
  }

  private draw(): void {
    const ms = performance.now() - this.started;
    if (ms < 1000) return;
    this.out.write(`\r\x1b[2Kkaoping: ${progressLine(this.lang, this.stage, Math.floor(ms / 1000), this.detail)}`);
    this.shown = true;
  }
}

/** The progress line after `kaoping: `: the stage in words, its seconds so far, and where it is. */
export function progressLine(lang: Lang, stage: string, seconds: number, detail: StageDetail | string): string {
  const t = (key: CliWord, vars?: Record<string, string | number>) => cli(lang, key, vars);
  const name = STAGES.has(stage) ? t(`stage.${stage}` as CliWord) : stage;
  const where = detailWords(lang, detail);
  return t('progress.line', { stage: name, seconds }) + (where ? t('progress.sep') + where : '');
}

/** The stages with words of their own in words/cli.ts (`stage.load` ...): the pipeline's, and generate. */
const STAGES = new Set(['load', 'check', 'score', 'rank', 'write', 'documents', 'report', 'store', 'generate']);

function detailWords(lang: Lang, d: StageDetail | string): string {
  const n = (x: number) => x.toLocaleString('en');
  if (typeof d === 'string') return d;
  if ('reused' in d) return cli(lang, 'progress.reused', { run: d.reused });
  if ('pages' in d) return cli(lang, 'progress.pages', { pages: n(d.pages) });
  if ('item' in d) return cli(lang, 'progress.item', { item: d.item, nth: d.nth, of: d.of });
  if ('sheet' in d) return cli(lang, 'progress.sheet', { sheet: d.sheet, rows: n(d.rows) });
  if ('rows' in d) return cli(lang, 'progress.rows', { file: d.file, rows: n(d.rows) });
  return cli(lang, 'progress.file', { file: d.file });
}
