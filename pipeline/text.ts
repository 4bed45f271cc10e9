/**
 * Plain-text output for the terminal: tables aligned for Chinese (East Asian
 * wide) characters, and `visible`, which shows control characters as escapes
 * so text from the data cannot drive the terminal.
 */

/**
 * Characters a terminal would act on or reorder instead of showing: C0
 * controls (ESC starts cursor movement, colour, window-title sequences),
 * DEL, C1 controls (U+009B is CSI on its own), and the Unicode bidi and
 * line/paragraph separator format characters (U+061C, U+200E/F,
 * U+202A-U+202E, U+2066-U+2069, U+2028/9), which flip the order of what
 * follows on terminals that apply the bidi algorithm.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The escape shown for one unsafe character: `\x1b` below U+0100, else `\u202e`. */
function escapeOf(c: string): string {
  const cp = c.codePointAt(0)!;
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/**
 * `s` safe to print on a terminal: every control and bidi format character
 * shown as an escape (`\x1b`, `\x07`, `\x9b`, `\u202e`); newlines too, unless
 * `keepNewlines` (for text whose lines are meant as lines). Everything else,
 * Chinese included, is unchanged.
 */
export function visible(s: string, keepNewlines = false): string {
  if (!UNSAFE_TEST.test(s)) return s;
  return s.replace(UNSAFE, (c) => (keepNewlines && c === '\n' ? c : escapeOf(c)));
}

/** True when `s` holds a character `visible` would escape. */
export function hasUnsafe(s: string): boolean {
  return UNSAFE_TEST.test(s);
}

/** Display width: East Asian wide characters take two columns; controls and bidi format characters none. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Columns one code point takes: 2 (East Asian wide), 0 (control or bidi/format character) or 1. */
export function charWidth(cp: number): 0 | 1 | 2 {
  return isWide(cp) ? 2 : isZeroWidth(cp) ? 0 : 1;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function isZeroWidth(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff
  );
}

/** A plain text table aligned by display width; every cell and heading is shown through `visible`. */
export function formatTable(head: string[], rows: string[][], right: boolean[] = []): string {
  head = head.map((h) => visible(h));
  rows = rows.map((r) => r.map((c) => visible(c ?? '')));
  // a loop, not Math.max(...rows): a --limit of 200,000 rows would overflow the stack
  const widths = head.map((h) => displayWidth(h));
  for (const r of rows)
    r.forEach((c, i) => {
      if (i < widths.length) widths[i] = Math.max(widths[i], displayWidth(c));
    });
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - displayWidth(s));
    return right[i] ? fill + s : s + fill;
  };
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c ?? '', i))
      .join('  ')
      .trimEnd() + '\n';
  return line(head) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}
