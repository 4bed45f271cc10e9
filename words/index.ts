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
  if (!text.includes('{')) return text;
  let parts = PARTS.get(text);
  if (!parts) PARTS.set(text, (parts = text.split(/\{(\w+)\}/)));
  // parts: text, name, text, name, ..., text
  let s = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    s += (k in vars ? String(vars[k]) : `{${k}}`) + parts[i + 1];
  }
  return s;
}

/** Each text's pieces around its placeholders, split once (the catalog's texts are few, and filled many times). */
const PARTS = new Map<string, string[]>();

/** The reader of a catalog: `say(lang, key, vars)` is the entry's words in `lang`, placeholders filled. */
export function catalog<K extends string>(words: Record<K, Word>): (lang: Lang, key: K, vars?: Vars) => string {
  return (lang, key, vars = {}) => fill(words[key][lang], vars);
}
