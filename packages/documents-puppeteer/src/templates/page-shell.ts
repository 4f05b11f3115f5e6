import { html, SafeHtml } from '../escape-html';

/**
 * Nothing but inline styles and data: images and fonts may load; no scripts, frames, forms, objects or connections.
 * A further layer under JavaScript being off and every non-data: request being aborted.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'";

// The policy is a constant with no double quote: it goes into the attribute as written, single quotes unescaped.
const CSP_ATTRIBUTE = new SafeHtml(CONTENT_SECURITY_POLICY);

export type PaperSize = 'A4' | 'Letter';

const BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; line-height: 1.3; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 11pt; margin: 0 0 3pt; text-transform: uppercase; letter-spacing: .04em; }
p { margin: 0; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3pt 4pt; border-bottom: 0.5pt solid #999; overflow-wrap: anywhere; }
th { border-bottom: 1pt solid #000; font-size: 8.5pt; text-transform: uppercase; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.muted { color: #444; font-size: 8.5pt; }
.block { overflow-wrap: anywhere; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/** A complete, self-contained page: the CSP, the page size as CSS `@page`, the styles and the body. */
export function pageShell(input: { readonly title: string; readonly pageCss: string; readonly css: string; readonly body: SafeHtml }): string {
  // The styles are constants of the templates, never built from document text.
  const style = `${input.pageCss}\n${BASE_CSS}\n${input.css}`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP_ATTRIBUTE}">
<meta name="referrer" content="no-referrer">
<title>${input.title}</title>
<style>${styleFragment(style)}</style>
</head>
<body>
${input.body}
</body>
</html>
`.value;
}

/** Paper pages of the office documents (packing slips, invoices, pick lists). */
export function officePageCss(paper: PaperSize): string {
  return `@page { size: ${paper === 'Letter' ? 'letter' : 'A4'}; margin: 12mm 12mm 14mm; }`;
}

/** Template CSS is a constant of this package; it may still not close the style element. */
function styleFragment(css: string): SafeHtml {
  if (css.includes('</')) throw new Error('Template CSS may not contain "</"');
  return new SafeHtml(css);
}
