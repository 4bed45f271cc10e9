/**
 * Page file names from data values (office ids, category names). An id is
 * data: it may hold `../`, `/`, `\`, NUL, Windows-reserved names or 300
 * characters. The file name keeps a short readable part (ASCII letters,
 * digits, `_`, `-` only, at most 40 characters) and adds a short SHA-1 of
 * the whole id, so it always stays inside its folder, needs no URL encoding,
 * and two ids never share a page (not even on a case-insensitive disk). A
 * collision of the short hash is detected and resolved with a longer one.
 */
import { createHash } from 'node:crypto';

export function safeStem(id: string, hashLength = 10, fallback = 'x'): string {
  const readable =
    id
      .normalize('NFKC')
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^[_-]+|[_-]+$/g, '')
      .slice(0, 40) || fallback;
  const hash = createHash('sha1').update(id, 'utf8').digest('hex').slice(0, hashLength);
  return `${readable}-${hash}`;
}

/**
 * Assigns every id a distinct file name `<folder>/<stem>.html`, case-insensitively distinct (an id with no
 * ASCII letters or digits reads as the folder's name).
 */
export function pageNames(ids: Iterable<string>, folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    if (out.has(id)) continue;
    let len = 10;
    let stem = safeStem(id, len, folder);
    while (used.has(stem.toLowerCase())) stem = safeStem(id, (len += 4), folder);
    used.add(stem.toLowerCase());
    out.set(id, `${folder}/${stem}.html`);
  }
  return out;
}
