/**
 * `Content-Disposition: attachment` for a download (RFC 6266): a plain ASCII `filename` for old clients and the exact
 * name as UTF-8 in `filename*` (RFC 8187), which every current browser prefers. The fallback keeps printable ASCII
 * only; quotes, backslashes and percent signs (which some clients decode) become `_`, so nothing can end the quoted
 * string or inject a parameter. Path separators are replaced too, though stored names never contain them.
 */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}

/** Printable ASCII, without `"`, `\`, `%` and `/`; anything else becomes `_`. Never empty. */
export function asciiFallback(filename: string): string {
  const ascii = [...filename].map((c) => (/^[\x20-\x7e]$/.test(c) && !/["\\%/]/.test(c) ? c : '_')).join('');
  return ascii.trim() === '' ? 'file' : ascii;
}

/** RFC 8187 value-chars: attr-char as is, every other UTF-8 byte percent-encoded. */
function encodeExtValue(text: string): string {
  // encodeURIComponent leaves ! ' ( ) * ~ unencoded; of those, attr-char allows only ! and ~.
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
