import { DomainError, type OrderDocument } from '@oms/order-core';

/** Caps on what one render may hold, so one request cannot tie up Chromium or memory. */
export interface DocumentLimits {
  /** Labels in one batch. */
  readonly maxLabels: number;
  /** Lines of a packing slip or invoice, items of a pick list, and per-order entries of a pick list together. */
  readonly maxLines: number;
  /** Pages of one PDF. */
  readonly maxPages: number;
  /** UTF-8 bytes of one HTML page. */
  readonly maxHtmlBytes: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxLabels: 1000,
  maxLines: 5000,
  maxPages: 1000,
  maxHtmlBytes: 16 * 1024 * 1024,
};

export function documentTooLarge(field: string, what: string, actual: number, limit: number): DomainError {
  const message = `is too large to render: ${actual} ${what}, at most ${limit}`;
  return new DomainError('VALIDATION_FAILED', `The document ${message}; print it in smaller parts`, {
    errors: [{ field, message }],
    reason: 'DOCUMENT_TOO_LARGE',
    limit,
    actual,
  });
}

/** Refuses a model past the limits before any HTML is built. */
export function checkDocumentLimits(document: OrderDocument, limits: DocumentLimits): void {
  switch (document.kind) {
    case 'shipping_labels':
      if (document.labels.length > limits.maxLabels) throw documentTooLarge('labels', 'labels', document.labels.length, limits.maxLabels);
      return;
    case 'pick_list': {
      const entries = document.items.reduce((sum, item) => sum + 1 + item.orders.length, 0);
      if (entries > limits.maxLines) throw documentTooLarge('items', 'items and order entries', entries, limits.maxLines);
      return;
    }
    case 'packing_slip':
    case 'invoice':
      if (document.lines.length > limits.maxLines) throw documentTooLarge('lines', 'lines', document.lines.length, limits.maxLines);
      return;
  }
}

export function checkHtmlSize(html: string, limits: DocumentLimits): void {
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > limits.maxHtmlBytes) throw documentTooLarge('html', 'bytes of HTML', bytes, limits.maxHtmlBytes);
}
