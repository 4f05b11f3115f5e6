/** The file types accepted by default: recognised by their first bytes. */
export const DEFAULT_ALLOWED_FILE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv'] as const;

/** How many leading bytes are inspected. */
export const SNIFF_BYTES = 8_192;

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/**
 * The content type of a file from its first bytes: PNG, JPEG, GIF, WebP and PDF by their signatures; text when the
 * bytes are UTF-8 without control characters and do not start like markup (HTML, XML, SVG are refused: a browser
 * would run them); CSV is text whose name ends in .csv. Null when it is none of these.
 */
export function detectFileType(head: Uint8Array, filename: string, complete: boolean): string | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (head.length === 0) return null;
  const text = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  if (!isPlainUtf8(text, complete)) return null;
  if (looksLikeMarkup(text)) return null;
  return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
}

/** UTF-8 with no control characters but tab, line feed, form feed and carriage return. A cut-off last character is fine unless complete. */
function isPlainUtf8(bytes: Uint8Array, complete: boolean): boolean {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return false;
      i += 1;
      continue;
    }
    const length = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    if (length === 0) return false;
    if (i + length > bytes.length) return !complete;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return false;
    i += length;
  }
  return true;
}

function looksLikeMarkup(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x0c)) i++;
  return bytes[i] === 0x3c; // '<'
}

/**
 * A filename safe to store and show: the last path segment only, control and reserved characters replaced, no
 * leading dots, at most 200 characters. `../../etc/passwd` becomes `passwd`.
 */
export function sanitizeFilename(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const limited = [...cleaned].slice(0, 200).join('');
  return limited === '' ? 'file' : limited;
}
