import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The tool version, from package.json (recorded in manifest.json). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** The bundled sample data folder. */
export const SAMPLE_DATA = fileURLToPath(new URL('../data/sample/', import.meta.url));
/** The bundled default scheme. */
export const DEFAULT_SCHEME = fileURLToPath(new URL('../metrics/default.yaml', import.meta.url));
