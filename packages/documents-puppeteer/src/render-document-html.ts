import { DomainError, type OrderDocument } from '@oms/order-core';
import { BarcodeInputError } from './templates/barcode-images';
import { invoiceHtml } from './templates/invoice-template';
import { packingSlipHtml } from './templates/packing-slip-template';
import type { PaperSize } from './templates/page-shell';
import { pickListHtml } from './templates/pick-list-template';
import { shippingLabelsHtml } from './templates/shipping-labels-template';

/** Part of every cache key: bump it whenever a template's output changes, so cached PDFs are printed anew. */
export const TEMPLATE_VERSION = 'documents-puppeteer/1';

export interface DocumentHtmlOptions {
  /** Paper of packing slips, invoices and pick lists; labels are always 4x6 inches. Default A4. */
  readonly paper?: PaperSize;
}

/**
 * The complete, self-contained HTML page of a document, without Chromium: every text escaped, images inlined as
 * data: URLs, the page size in CSS `@page`, and a Content-Security-Policy that loads nothing.
 */
export async function renderDocumentHtml(document: OrderDocument, options: DocumentHtmlOptions = {}): Promise<string> {
  const paper = options.paper ?? 'A4';
  switch (document.kind) {
    case 'packing_slip':
      return packingSlipHtml(document, paper);
    case 'invoice':
      return invoiceHtml(document, paper);
    case 'pick_list':
      return pickListHtml(document, paper);
    case 'shipping_labels':
      try {
        return await shippingLabelsHtml(document);
      } catch (error) {
        if (!(error instanceof BarcodeInputError)) throw error;
        throw DomainError.validation([{ field: error.field ?? 'labels', message: error.problem }]);
      }
    default:
      return unknownKind(document);
  }
}

function unknownKind(document: never): never {
  throw DomainError.validation([{ field: 'kind', message: `is not a document kind this renderer knows: ${String((document as { kind?: unknown }).kind)}` }]);
}
