import type { Address } from '../orders/order';

/**
 * What is on each printed page, decided by the core; an adapter (`DocumentRenderer`) only lays it out. Every text is
 * plain text: renderers must escape it, never interpret it. Amounts are already formatted by their currency's exponent.
 */

export interface SellerDetails {
  readonly name: string;
  /** Postal address lines, as printed. */
  readonly addressLines: readonly string[];
  readonly taxId: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

/** A tax line printed on invoices: a share already included in the prices, at a rate in percent. */
export interface IncludedTaxRule {
  readonly label: string;
  /** Percent, e.g. 20 for 20 %; up to two decimals. */
  readonly ratePercent: number;
}

export interface DocumentSettings {
  readonly seller: SellerDetails;
  readonly includedTaxes: readonly IncludedTaxRule[];
  /** Prefix of invoice numbers: `INV-` gives `INV-000042`. */
  readonly invoicePrefix: string;
  /** The public tracking page printed as a QR code on labels; `{order_id}` is replaced. */
  readonly trackingUrlTemplate: string;
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = {
  seller: { name: 'Your shop', addressLines: [], taxId: null, email: null, phone: null },
  includedTaxes: [],
  invoicePrefix: 'INV-',
  trackingUrlTemplate: 'http://localhost:3000/track/{order_id}',
};

/**
 * Documents hold no clock readings or random ids: equal sources give equal documents, so a renderer may cache the PDF
 * by the document's content, and a changed order (its version is on every order document) renders anew.
 */
interface DocumentBase {
  /** The version of each order the document was made from. */
  readonly orderVersions: Readonly<Record<string, number>>;
}

export interface PackingSlipDocument extends DocumentBase {
  readonly kind: 'packing_slip';
  readonly orderId: string;
  readonly reference: string;
  /** YYYY-MM-DD. */
  readonly orderDate: string;
  readonly seller: SellerDetails;
  readonly shipTo: Address;
  readonly contactName: string;
  readonly contactPhone: string | null;
  readonly lines: readonly { readonly sku: string; readonly name: string; readonly quantity: number }[];
  readonly itemCount: number;
  readonly notes: string | null;
}

export interface InvoiceDocument extends DocumentBase {
  readonly kind: 'invoice';
  readonly invoiceNumber: string;
  /** YYYY-MM-DD of first generation. */
  readonly issueDate: string;
  readonly orderId: string;
  readonly reference: string;
  readonly seller: SellerDetails;
  readonly billTo: Address;
  readonly shipTo: Address;
  readonly currency: string;
  readonly lines: readonly { readonly sku: string; readonly name: string; readonly quantity: number; readonly unitPrice: string; readonly lineTotal: string }[];
  readonly totals: { readonly subtotal: string; readonly discount: string; readonly shipping: string; readonly tax: string; readonly total: string };
  /** Included taxes, for information; the total is the order's. */
  readonly taxLines: readonly { readonly label: string; readonly amount: string }[];
}

export interface PickListDocument extends DocumentBase {
  readonly kind: 'pick_list';
  /** Derived from the orders and their versions: the same batch gives the same id. */
  readonly pickListId: string;
  readonly orderCount: number;
  readonly itemCount: number;
  /** In walking order: by warehouse (its priority), then SKU. */
  readonly items: readonly PickListItem[];
}

export interface PickListItem {
  readonly warehouseCode: string;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly orders: readonly { readonly orderId: string; readonly reference: string; readonly quantity: number }[];
}

export interface ShippingLabel {
  /** What the Code 128 barcode holds: the tracking number, or the order reference when there is none yet. */
  readonly barcode: string;
  readonly trackingNumber: string | null;
  readonly carrier: string;
  readonly service: string | null;
  readonly orderId: string;
  readonly reference: string;
  readonly from: { readonly name: string; readonly addressLines: readonly string[] };
  readonly to: Address;
  readonly contactName: string;
  readonly contactPhone: string | null;
  /** Where the QR code leads: the public tracking page. */
  readonly trackingUrl: string;
  readonly itemCount: number;
}

export interface LabelBatchDocument extends DocumentBase {
  readonly kind: 'shipping_labels';
  /** Derived from what is on the labels: the same batch gives the same id. */
  readonly labelBatchId: string;
  readonly labels: readonly ShippingLabel[];
}

export type OrderDocument = PackingSlipDocument | InvoiceDocument | PickListDocument | LabelBatchDocument;
export type DocumentKind = OrderDocument['kind'];
