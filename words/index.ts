/**
 * The words catalog: every word a person reads (help, progress, errors,
 * pages, sheets, documents), in Chinese (the default) and English. One
 * mechanism for all of it: a catalog is a record of `{ zh, en }` entries,
 * read through `catalog(...)`, with `{name}` placeholders filled in. The
 * entries live by area in this folder (words/<area>.ts); words/ imports
 * nothing outside itself, and every layer (cli/, pipeline/, reports/,
 * data/) may import it.
 */
export type Lang = 'zh' | 'en';

/** One entry: the same words in both languages. */
export interface Word {
  zh: string;
  en: string;
}

export type Vars = Record<string, string | number>;

/** `text` with its `{name}` placeholders filled from `vars` (a name not in `vars` stays as written). */
export function fill(text: string, vars: Vars = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The reader of a catalog: `say(lang, key, vars)` is the entry's words in `lang`, placeholders filled. */
export function catalog<K extends string>(words: Record<K, Word>): (lang: Lang, key: K, vars?: Vars) => string {
  return (lang, key, vars = {}) => fill(words[key][lang], vars);
}
