/**
 * HTML building, safe by default: the `html` tag escapes every interpolated
 * value unless it is already `Html` (made by `html` or `raw`). Data values
 * (office names, ids, details) therefore cannot inject markup, and JSON put
 * into a page cannot close its <script> element.
 */

export class Html {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}

type Part = Html | string | number | boolean | null | undefined | Part[];

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// eslint-disable-next-line no-control-regex -- control characters are what esc makes safe
const UNSAFE = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Text or attribute value, escaped. Control characters (NUL ...) are
 * dropped. Most values need nothing: one test, and the string as it is.
 */
export function esc(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  if (!UNSAFE.test(s)) return s;
  return (
    s
      .replace(/[&<>"']/g, (c) => ESC[c])
      // eslint-disable-next-line no-control-regex -- control characters are what this makes safe
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

function part(v: Part): string {
  if (typeof v === 'string') return esc(v);
  if (v instanceof Html) return v.s;
  // a number's text needs no escaping
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) {
    let s = '';
    for (const x of v) s += part(x);
    return s;
  }
  return esc(v);
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let s = strings[0];
  for (let i = 0; i < values.length; i++) s += part(values[i]) + strings[i + 1];
  return new Html(s);
}

/** Markup that is trusted as it is (our own SVG from vega, our own fragments). */
export function raw(s: string): Html {
  return new Html(s);
}

export function join(parts: Part[], sep: Html | string = ''): Html {
  return new Html(parts.map(part).join(part(sep)));
}

/**
 * JSON for a <script type="application/json"> element: `<`, `>` and `&`
 * become \u003c, \u003e, \u0026, so no data value can end the script
 * element or open a comment; U+2028/2029 are escaped too.
 */
export function jsonForScript(value: unknown): Html {
  return scriptJson(JSON.stringify(value));
}

/** The same for a JSON text already made (JSON.stringify's output). */
export function scriptJson(s: string): Html {
  if (!/[<>&\u2028\u2029]/.test(s)) return new Html(s);
  return new Html(
    s
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

/**
 * A data text (an office's or person's name, a category, an id, a file name,
 * an evidence detail) isolated from the text around it: a right-to-left
 * override (U+202E) or an Arabic or Hebrew name inside cannot reorder what
 * follows it, such as the score after an office's name. `<bdi>` is
 * `unicode-bidi: isolate`, which also ignores unmatched bidi controls inside.
 */
export function bdi(v: unknown): Html {
  if (v === null || v === undefined || v === '') return new Html('');
  return html`<bdi>${v as Part}</bdi>`;
}

/**
 * The same for plain text (a page's <title>, attribute values, chart titles,
 * a data text inside a sentence of words.ts): between U+2068 FIRST STRONG
 * ISOLATE and U+2069 POP DIRECTIONAL ISOLATE. Isolate controls inside are
 * dropped, so a stray U+2069 in the data cannot end the isolation early.
 */
export function isolate(v: unknown): string {
  const s = String(v ?? '');
  if (s === '') return s;
  return `\u2068${s.replace(/[\u2066-\u2069]/g, '')}\u2069`;
}
