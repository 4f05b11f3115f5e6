import type { Address, InvoiceDocument, LabelBatchDocument, PackingSlipDocument, PickListDocument, SellerDetails, ShippingLabel } from '@oms/order-core';

export const seller: SellerDetails = {
  name: 'Acme Goods Ltd',
  addressLines: ['1 Market Street', 'Springfield 12345', 'US'],
  taxId: 'US-99-1234567',
  email: 'billing@acme.test',
  phone: '+1 555 0100',
};

export function address(overrides: Partial<Address> = {}): Address {
  return { name: 'Ada Lovelace', company: null, street: '12 Analytical Way', street2: 'Flat 3', city: 'London', state: null, zip: 'N1 9GU', country: 'GB', ...overrides };
}

export function packingSlip(overrides: Partial<PackingSlipDocument> = {}): PackingSlipDocument {
  return {
    kind: 'packing_slip',
    orderVersions: { order_01: 3 },
    orderId: 'order_01',
    reference: 'ORD-00042',
    orderDate: '2025-11-20',
    seller,
    shipTo: address(),
    contactName: 'Ada Lovelace',
    contactPhone: '+44 20 7946 0000',
    lines: [
      { sku: 'MUG-BLUE', name: 'Blue enamel mug', quantity: 2 },
      { sku: 'TEA-EARL', name: 'Earl Grey tea 250g', quantity: 5 },
    ],
    itemCount: 7,
    notes: 'Leave at the door',
    ...overrides,
  };
}

export function invoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    kind: 'invoice',
    orderVersions: { order_01: 3 },
    invoiceNumber: 'INV-000042',
    issueDate: '2025-11-21',
    orderId: 'order_01',
    reference: 'ORD-00042',
    seller,
    billTo: address({ name: 'Ada Billing', street: '99 Ledger Road', street2: null }),
    shipTo: address(),
    currency: 'EUR',
    lines: [
      { sku: 'MUG-BLUE', name: 'Blue enamel mug', quantity: 2, unitPrice: '12.50', lineTotal: '25.00' },
      { sku: 'TEA-EARL', name: 'Earl Grey tea 250g', quantity: 5, unitPrice: '4.99', lineTotal: '24.95' },
    ],
    totals: { subtotal: '49.95', discount: '-5.00', shipping: '4.90', tax: '0.00', total: '49.85' },
    taxLines: [{ label: 'VAT 20%', amount: '8.31' }],
    ...overrides,
  };
}

export function pickList(overrides: Partial<PickListDocument> = {}): PickListDocument {
  return {
    kind: 'pick_list',
    orderVersions: { order_01: 3, order_02: 1, order_03: 7 },
    pickListId: 'pick_1a2b3c',
    orderCount: 3,
    itemCount: 12,
    items: [
      {
        warehouseCode: 'MAIN',
        productId: 'prod_mug',
        sku: 'MUG-BLUE',
        name: 'Blue enamel mug',
        quantity: 9,
        orders: [
          { orderId: 'order_01', reference: 'ORD-00042', quantity: 2 },
          { orderId: 'order_02', reference: 'ORD-00043', quantity: 3 },
          { orderId: 'order_03', reference: 'ORD-00044', quantity: 4 },
        ],
      },
      { warehouseCode: 'MAIN', productId: 'prod_tea', sku: 'TEA-EARL', name: 'Earl Grey tea 250g', quantity: 2, orders: [{ orderId: 'order_02', reference: 'ORD-00043', quantity: 2 }] },
      { warehouseCode: 'UNALLOCATED', productId: 'prod_pot', sku: 'POT-1L', name: 'Teapot 1 litre', quantity: 1, orders: [{ orderId: 'order_03', reference: 'ORD-00044', quantity: 1 }] },
    ],
    ...overrides,
  };
}

export function label(overrides: Partial<ShippingLabel> = {}): ShippingLabel {
  return {
    barcode: '1Z999AA10123456784',
    trackingNumber: '1Z999AA10123456784',
    carrier: 'UPS',
    service: 'Ground',
    orderId: 'order_01',
    reference: 'ORD-00042',
    from: { name: seller.name, addressLines: seller.addressLines },
    to: address(),
    contactName: 'Ada Lovelace',
    contactPhone: '+44 20 7946 0000',
    trackingUrl: 'http://localhost:3000/track/order_01',
    itemCount: 7,
    ...overrides,
  };
}

export function labelBatch(labels: readonly ShippingLabel[] = [label()], overrides: Partial<LabelBatchDocument> = {}): LabelBatchDocument {
  return { kind: 'shipping_labels', orderVersions: Object.fromEntries(labels.map((l) => [l.orderId, 1])), labelBatchId: 'lbl_abc', labels, ...overrides };
}
