/**
 * Errors a user can act on. `InputError` is bad usage or bad input (exit 2),
 * carrying one readable sentence; anything else is an unexpected failure
 * (exit 1). The CLI prints the sentence, never a stack trace unless --debug.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A file-level problem: names the file and the problem in one sentence. */
export class FileError extends InputError {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'FileError';
  }
}
