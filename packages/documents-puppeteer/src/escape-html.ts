/**
 * The one escaping function of the templates, and the `html` tag that applies it to every interpolated value, so a
 * template cannot forget it: only fragments built by the tag itself (`SafeHtml`) pass through unchanged.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text to HTML, safe both as element content and inside a double- or single-quoted attribute value. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/** Markup that is already safe: only `html` (and the page shell) make these. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value as string | number);
}

/** A template literal tag: every `${value}` is escaped, except nested `html` fragments; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}
