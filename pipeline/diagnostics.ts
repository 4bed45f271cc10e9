/**
 * Diagnostics for whoever works on kaoping, each switched on by an
 * environment variable (KAOPING_TRACE in db.ts, KAOPING_PAUSE_AT in
 * pause.ts, KAOPING_REPORT_TIMING in reports/): the library hands its lines
 * to a sink that the command line installs (stderr). Without one they go
 * nowhere, so nothing below cli/ prints.
 */
let sink: ((text: string) => void) | undefined;

/** Where diagnostic lines go from now on (cli/main.ts: stderr). */
export function setDiagnostics(write: (text: string) => void): void {
  sink = write;
}

/** One diagnostic line (ending in a newline), to the installed sink if any. */
export function diagnostic(text: string): void {
  sink?.(text);
}
