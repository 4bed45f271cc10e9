/**
 * Errors a user can act on. `InputError` is bad usage or bad input (exit 2),
 * carrying one readable sentence, in English and, where given, in Chinese
 * (shown by default; `--lang en` shows the English); anything else is an
 * unexpected failure (exit 1). The CLI prints the sentence, never a stack
 * trace unless --debug.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly zh: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  text(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.zh : this.message;
  }
}

/** A file-level problem: names the file and the problem in one sentence. */
export class FileError extends InputError {
  constructor(
    readonly file: string,
    problem: string,
    problemZh: string,
  ) {
    super(`${file}: ${problem}`, `${file}:${problemZh}`);
    this.name = 'FileError';
  }
}
