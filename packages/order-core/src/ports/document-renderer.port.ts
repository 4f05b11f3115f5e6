import type { OrderDocument } from '../documents/document-models';

/**
 * Lays documents out as HTML and prints them to PDF. Everything in a document is plain text: an adapter escapes all
 * of it and must never fetch or run anything, whatever the text holds.
 */
export const DocumentRenderer = Symbol.for('oms.DocumentRenderer');
export interface DocumentRenderer {
  /** A complete, self-contained HTML page (images inlined as data: URLs). */
  html(document: OrderDocument): Promise<string>;
  /** The PDF bytes. */
  pdf(document: OrderDocument): Promise<Uint8Array>;
}
