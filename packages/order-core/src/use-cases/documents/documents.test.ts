import { createTestOrderCore, domainErrorOf } from '@oms/order-testkit';
import { adminPrincipal, type Principal } from '../../auth/principal';

const admin = adminPrincipal('admin_1', 'admin@example.com');
const reader: Principal = { kind: 'integration', id: 'tok_r', name: 'reports', scopes: ['orders:read'] };
const address = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };

async function setup() {
  const kit = createTestOrderCore({
    documents: {
      seller: { name: 'Acme Outfitters', addressLines: ['1 Dock Rd', 'Chicago IL 60601'], taxId: 'US-123', email: 'billing@acme.example', phone: null },
      includedTaxes: [{ label: 'VAT 20% (included)', ratePercent: 20 }],
      trackingUrlTemplate: 'https://shop.example/track/{order_id}',
    },
  });
  const { core } = kit;
  const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Custom T-Shirt', price: '19.99' }, admin);
  const mug = await core.createProduct.execute({ sku: 'MUG', name: 'Mug', price: 10 }, admin);
  const cap = await core.createProduct.execute({ sku: 'CAP', name: 'Cap', price: 5, backorderPolicy: 'backorder' }, admin);
  await core.bulkAdjustStock.execute({ adjustments: [tee, mug].map((p) => ({ productId: p.id, quantityChange: 50, reason: 'restock' as const })) }, admin);
  const place = async (items: { productId: string; quantity: number }[]) =>
    (await core.placeOrder.execute({ customerId: 'cust_1', items, shippingAddress: address, notes: '<b>leave at door</b>' }, admin)).order;
  return { ...kit, tee, mug, cap, place };
}

describe('documents', () => {
  it('builds a packing slip with the lines and no prices, as plain text', async () => {
    const { core, place, tee } = await setup();
    const order = await place([{ productId: tee.id, quantity: 2 }]);
    const slip = await core.getPackingSlip.execute({ orderId: order.id }, reader);
    expect(slip).toMatchObject({ kind: 'packing_slip', reference: 'ORD-00001', orderDate: '2026-03-20', itemCount: 2, notes: '<b>leave at door</b>', orderVersions: { [order.id]: 1 } });
    expect(slip.lines).toEqual([{ sku: 'TEE', name: 'Custom T-Shirt', quantity: 2 }]);
    expect(JSON.stringify(slip)).not.toContain('19.99');
    expect(await domainErrorOf(core.getPackingSlip.execute({ orderId: order.id }, { kind: 'customer', id: 'u', customerId: 'cust_1', email: null }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await domainErrorOf(core.getPackingSlip.execute({ orderId: 'order_missing' }, reader))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('numbers invoices on first generation, keeps the number, and prints the order totals and included tax', async () => {
    const { core, place, tee, mug, clock } = await setup();
    const first = await place([{ productId: tee.id, quantity: 3 }]);
    const second = await place([{ productId: mug.id, quantity: 1 }]);
    const a = await core.getInvoice.execute({ orderId: second.id }, reader);
    clock.advance(86_400_000);
    const b = await core.getInvoice.execute({ orderId: first.id }, reader);
    const again = await core.getInvoice.execute({ orderId: second.id }, reader);
    expect([a.invoiceNumber, b.invoiceNumber, again.invoiceNumber]).toEqual(['INV-000001', 'INV-000002', 'INV-000001']);
    expect([a.issueDate, b.issueDate, again.issueDate]).toEqual(['2026-03-20', '2026-03-21', '2026-03-20']);
    expect(b.totals).toEqual({ subtotal: '59.97', discount: '0.00', shipping: '0.00', tax: '0.00', total: '59.97' });
    expect(b.lines).toEqual([{ sku: 'TEE', name: 'Custom T-Shirt', quantity: 3, unitPrice: '19.99', lineTotal: '59.97' }]);
    // 59.97 * 20 / 120 = 9.995 -> 10.00 (half up)
    expect(b.taxLines).toEqual([{ label: 'VAT 20% (included)', amount: '10.00' }]);
    expect(b.seller.name).toBe('Acme Outfitters');
  });

  it('adds up a pick list for three orders per product and warehouse, with the per-order breakdown', async () => {
    const { core, place, tee, mug, cap } = await setup();
    const o1 = await place([{ productId: tee.id, quantity: 2 }, { productId: mug.id, quantity: 1 }]);
    const o2 = await place([{ productId: tee.id, quantity: 3 }]);
    const o3 = await place([{ productId: mug.id, quantity: 4 }, { productId: cap.id, quantity: 2 }, { productId: tee.id, quantity: 1 }]);
    await core.shipOrder.execute({ orderId: o2.id, carrier: 'UPS', lines: [{ productId: tee.id, quantity: 1 }] }, admin);
    const list = await core.getPickList.execute({ orderIds: [o1.id, o2.id, o3.id, o1.id] }, reader);
    expect(list.orderCount).toBe(3);
    expect(list.items.map((i) => [i.warehouseCode, i.sku, i.quantity])).toEqual([
      ['DEFAULT', 'MUG', 5],
      ['DEFAULT', 'TEE', 5],
      ['UNALLOCATED', 'CAP', 2],
    ]);
    expect(list.items[1]!.orders).toEqual([
      { orderId: o1.id, reference: o1.reference, quantity: 2 },
      { orderId: o2.id, reference: o2.reference, quantity: 2 },
      { orderId: o3.id, reference: o3.reference, quantity: 1 },
    ]);
    expect(list.itemCount).toBe(12);
    expect((await core.getPickList.execute({ orderIds: [o3.id, o1.id, o2.id] }, reader)).pickListId).not.toBe(list.pickListId);
    expect((await core.getPickList.execute({ orderIds: [o1.id, o2.id, o3.id] }, reader)).pickListId).toBe(list.pickListId);
    expect(await domainErrorOf(core.getPickList.execute({ orderIds: [o1.id, 'order_missing'] }, reader))).toMatchObject({ code: 'NOT_FOUND', details: { missing: ['order_missing'] } });
    expect(await domainErrorOf(core.getPickList.execute({ orderIds: [] }, reader))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('prints a label per parcel (tracking number) or per order (reference), and marks the orders packed', async () => {
    const { core, place, tee } = await setup();
    const shipped = await place([{ productId: tee.id, quantity: 1 }]);
    const { shipment } = await core.shipOrder.execute({ orderId: shipped.id, carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }, admin);
    const fresh = await place([{ productId: tee.id, quantity: 2 }]);
    const batch = await core.getShippingLabels.execute({ orderIds: [shipped.id, fresh.id], markPacked: true }, admin);
    expect(batch.labels.map((l) => [l.reference, l.barcode, l.carrier, l.itemCount])).toEqual([
      [shipped.reference, '1Z999AA10123456784', 'UPS', 1],
      [fresh.reference, fresh.reference, '', 2],
    ]);
    expect(batch.labels[1]).toMatchObject({ trackingUrl: `https://shop.example/track/${fresh.id}`, from: { name: 'Acme Outfitters', addressLines: ['1 Dock Rd', 'Chicago IL 60601'] } });
    expect((await core.getOrder.execute({ orderId: fresh.id }, admin)).order.status).toBe('packed');
    const byShipment = await core.getShippingLabels.execute({ shipmentIds: [shipment.id] }, reader);
    expect(byShipment.labels).toHaveLength(1);
    expect(await domainErrorOf(core.getShippingLabels.execute({ orderIds: [fresh.id], markPacked: true }, reader))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await domainErrorOf(core.getShippingLabels.execute({}, reader))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
