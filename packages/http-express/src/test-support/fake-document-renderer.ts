import type { DocumentRenderer, OrderDocument } from '@oms/order-core';

/** What a fake PDF says it is: the kind and every id on the document, in a comment line of the file. */
export function fakePdfSummary(document: OrderDocument): string {
  const ids = Object.keys(document.orderVersions).join(',');
  const extra = document.kind === 'invoice' ? ` invoice=${document.invoiceNumber}` : document.kind === 'pick_list' ? ` pick_list=${document.pickListId}` : '';
  return `oms-fake kind=${document.kind} orders=${ids}${extra}`;
}

/**
 * A tiny but well-formed PDF (one empty 4x6 in page, a correct cross-reference table) with `comment` on its second
 * line. Printable ASCII only, so byte offsets are character offsets.
 */
export function tinyPdf(comment: string): Uint8Array {
  const safe = comment.replace(/[^\x20-\x7e]/g, '?');
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] >>'];
  let text = `%PDF-1.4\n% ${safe}\n`;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // A plain Uint8Array, not a Buffer: the routes must not depend on Buffer's extras.
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The HTML the fake renders: the document as escaped JSON, so tests can compare exactly. */
export function fakeHtml(document: OrderDocument): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${document.kind}</title></head><body><pre>${escapeHtml(JSON.stringify(document))}</pre></body></html>`;
}

/**
 * A DocumentRenderer without Chromium: deterministic HTML (the document as escaped JSON) and a tiny valid PDF naming
 * the kind and the ids; it keeps every document it was given, so tests can check what was (and was not) rendered.
 */
export class FakeDocumentRenderer implements DocumentRenderer {
  readonly htmlCalls: OrderDocument[] = [];
  readonly pdfCalls: OrderDocument[] = [];

  async html(document: OrderDocument): Promise<string> {
    this.htmlCalls.push(document);
    return fakeHtml(document);
  }

  async pdf(document: OrderDocument): Promise<Uint8Array> {
    this.pdfCalls.push(document);
    return tinyPdf(fakePdfSummary(document));
  }

  /** Every call, HTML and PDF. */
  get calls(): number {
    return this.htmlCalls.length + this.pdfCalls.length;
  }
}
