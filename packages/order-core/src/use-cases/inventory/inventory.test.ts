import { createTestOrderCore, domainErrorOf } from '@oms/order-testkit';
import { adminPrincipal, type Principal } from '../../auth/principal';
import { DEFAULT_WAREHOUSE_ID } from '../../inventory/warehouse';

const admin = adminPrincipal('admin_1', 'ops@example.com');
const reader: Principal = { kind: 'integration', id: 'tok_r', name: 'stock report', scopes: ['inventory:read'] };
const address = { name: 'Jane', street: '1 Main St', city: 'Springfield', zip: '62701' };

async function setup() {
  const kit = createTestOrderCore();
  const { core } = kit;
  const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Tee', price: 10 }, admin);
  const pre = await core.createProduct.execute({ sku: 'PRE', name: 'Pre', price: 10, backorderPolicy: 'preorder', expectedDate: '2026-04-01' }, admin);
  return { ...kit, tee, pre };
}

describe('warehouses', () => {
  it('creates, updates at a version and lists by priority; refuses a taken code', async () => {
    const { core } = await setup();
    const east = await core.createWarehouse.execute({ code: 'east', name: 'East', priority: 5 }, admin);
    expect(east).toMatchObject({ code: 'EAST', active: true, priority: 5, version: 1 });
    expect((await domainErrorOf(core.createWarehouse.execute({ code: 'EAST', name: 'Again' }, admin))).code).toBe('CONFLICT');
    const off = await core.updateWarehouse.execute({ warehouseId: east.id, changes: { active: false }, expectedVersion: 1 }, admin);
    expect(off).toMatchObject({ active: false, version: 2 });
    expect((await domainErrorOf(core.updateWarehouse.execute({ warehouseId: east.id, changes: { name: 'x' }, expectedVersion: 1 }, admin))).code).toBe('PRECONDITION_FAILED');
    expect((await core.listWarehouses.execute({}, reader)).map((w) => w.code)).toEqual(['DEFAULT', 'EAST']);
    expect((await core.listWarehouses.execute({ activeOnly: true }, reader)).map((w) => w.code)).toEqual(['DEFAULT']);
    expect((await domainErrorOf(core.createWarehouse.execute({ code: 'X', name: 'X' }, reader))).code).toBe('FORBIDDEN');
    expect((await domainErrorOf(core.createWarehouse.execute({ code: 'bad code!', name: '' }, admin))).details['errors']).toHaveLength(2);
  });

  it('reserves from warehouses in priority order and splits one line across them, skipping inactive ones', async () => {
    const { core, tee } = await setup();
    const first = await core.createWarehouse.execute({ code: 'FIRST', name: 'First', priority: 0 }, admin);
    const closed = await core.createWarehouse.execute({ code: 'CLOSED', name: 'Closed', priority: 0, active: false }, admin);
    await core.bulkAdjustStock.execute(
      {
        adjustments: [
          { productId: tee.id, warehouseId: first.id, quantityChange: 2, reason: 'restock' },
          { productId: tee.id, warehouseId: closed.id, quantityChange: 50, reason: 'restock' },
          { productId: tee.id, quantityChange: 5, reason: 'restock' },
        ],
      },
      admin,
    );
    const { order, lineAllocations } = await core.placeOrder.execute({ customerId: 'c', items: [{ productId: tee.id, quantity: 4 }], shippingAddress: address }, admin);
    expect(Object.values(lineAllocations)).toEqual([{ reserved: 4, backordered: 0, shipped: 0 }]);
    const levels = await core.listStockLevels.execute({ productId: tee.id }, reader);
    const reserved = Object.fromEntries(levels.items.map((l) => [l.warehouseId, l.reserved]));
    // DEFAULT and FIRST share priority 0: the tie is broken by code, so DEFAULT (5 on hand) serves all 4.
    expect(reserved).toEqual({ [DEFAULT_WAREHOUSE_ID]: 4, [first.id]: 0, [closed.id]: 0 });
    const second = await core.placeOrder.execute({ customerId: 'c', items: [{ productId: tee.id, quantity: 3 }], shippingAddress: address }, admin);
    expect(second.order.status).toBe('pending');
    const after = Object.fromEntries((await core.listStockLevels.execute({ productId: tee.id }, reader)).items.map((l) => [l.warehouseId, l.reserved]));
    expect(after).toEqual({ [DEFAULT_WAREHOUSE_ID]: 5, [first.id]: 2, [closed.id]: 0 });
    expect(order.status).toBe('pending');
  });
});

describe('bulk stock adjustments', () => {
  it('records every adjustment in the history with reason, note and actor', async () => {
    const { core, tee } = await setup();
    const movements = await core.bulkAdjustStock.execute({ adjustments: [{ productId: tee.id, quantityChange: 10, reason: 'restock', note: 'PO-42' }, { productId: tee.id, quantityChange: -1, reason: 'damaged' }] }, admin);
    expect(movements.map((m) => [m.onHandChange, m.reason, m.note])).toEqual([[10, 'restock', 'PO-42'], [-1, 'damaged', null]]);
    const history = await core.listInventoryHistory.execute({ productId: tee.id }, reader);
    expect(history.items.map((m) => m.onHandChange)).toEqual([10, -1]);
    expect(history.items[0]?.actor).toEqual({ kind: 'staff', id: 'admin_1', display: 'ops@example.com' });
    expect((await core.listInventoryHistory.execute({ reason: 'damaged' }, reader)).total).toBe(1);
  });

  it('refuses bad input naming each item and changes nothing', async () => {
    const { core, tee } = await setup();
    await core.bulkAdjustStock.execute({ adjustments: [{ productId: tee.id, quantityChange: 3, reason: 'restock' }] }, admin);
    const bad = await domainErrorOf(
      core.bulkAdjustStock.execute(
        {
          adjustments: [
            { productId: tee.id, quantityChange: 0, reason: 'restock' },
            { productId: tee.id, quantityChange: 1.5, reason: 'restock' },
            { productId: tee.id, quantityChange: 1, reason: 'stolen' as never },
          ],
        },
        admin,
      ),
    );
    expect((bad.details['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['adjustments[0].quantity_change', 'adjustments[1].quantity_change', 'adjustments[2].reason']);
    const unknown = await domainErrorOf(
      core.bulkAdjustStock.execute({ adjustments: [{ productId: tee.id, quantityChange: 5, reason: 'restock' }, { productId: 'prod_x', warehouseId: 'wh_x', quantityChange: 1, reason: 'restock' }] }, admin),
    );
    expect(unknown.details['errors']).toEqual([
      { field: 'adjustments[1].product_id', message: 'product prod_x does not exist' },
      { field: 'adjustments[1].warehouse_id', message: 'warehouse wh_x does not exist' },
    ]);
    const below = await domainErrorOf(
      core.bulkAdjustStock.execute({ adjustments: [{ productId: tee.id, quantityChange: 5, reason: 'restock' }, { productId: tee.id, quantityChange: -9, reason: 'lost' }] }, admin),
    );
    expect(below.details['errors']).toEqual([{ field: 'adjustments[1].quantity_change', message: 'would leave -1 on hand with 0 reserved' }]);
    const levels = await core.listStockLevels.execute({ productId: tee.id }, reader);
    expect(levels.items.map((l) => l.onHand)).toEqual([3]);
    expect((await core.listInventoryHistory.execute({ productId: tee.id }, reader)).total).toBe(1);
  });
});

describe('backorders and pre-orders', () => {
  it('turns a pre-order policy shortfall into a pre-order with its expected date and allocates it by hand, partly', async () => {
    const { core, pre } = await setup();
    const placed = await core.placeOrder.execute({ customerId: 'c', items: [{ productId: pre.id, quantity: 5 }], shippingAddress: address }, admin);
    expect(placed.order.status).toBe('out_of_stock');
    expect(placed.events.map((e) => e.type)).toEqual(['order_placed', 'status_changed']);
    const [preorder] = (await core.listBackorders.execute({ kind: 'preorder' }, reader)).items;
    expect(preorder).toMatchObject({ kind: 'preorder', quantity: 5, expectedDate: '2026-04-01', status: 'waiting' });
    expect(await domainErrorOf(core.allocateBackorder.execute({ backorderId: preorder!.id }, admin))).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { items: [{ sku: 'PRE', product_id: pre.id, requested: 5, available: 0 }] },
    });
    await core.bulkAdjustStock.execute({ adjustments: [{ productId: pre.id, quantityChange: 3, reason: 'restock' }] }, admin);
    const partial = await core.allocateBackorder.execute({ backorderId: preorder!.id, quantity: 2 }, admin);
    expect(partial).toMatchObject({ quantityAllocated: 2, backorder: { quantity: 3, status: 'waiting' } });
    const rest = await core.allocateBackorder.execute({ backorderId: preorder!.id }, admin);
    expect(rest).toMatchObject({ quantityAllocated: 1, backorder: { quantity: 2 } });
    await core.bulkAdjustStock.execute({ adjustments: [{ productId: pre.id, quantityChange: 10, reason: 'restock' }] }, admin);
    expect((await core.allocateBackorder.execute({ backorderId: preorder!.id }, admin)).backorder.status).toBe('allocated');
    expect((await domainErrorOf(core.allocateBackorder.execute({ backorderId: preorder!.id }, admin))).code).toBe('CONFLICT');
    const details = await core.getOrder.execute({ orderId: placed.order.id }, admin);
    expect(details.order.status).toBe('pending');
    expect(Object.values(details.lineAllocations)).toEqual([{ reserved: 5, backordered: 0, shipped: 0 }]);
    expect((await domainErrorOf(core.allocateBackorder.execute({ backorderId: 'bo_none' }, admin))).code).toBe('NOT_FOUND');
  });

  it('refuses to ship an order that still waits for stock, and cancels its backorders with it', async () => {
    const { core, tee } = await setup();
    await core.updateProduct.execute({ productId: tee.id, changes: { backorderPolicy: 'backorder' } }, admin);
    await core.bulkAdjustStock.execute({ adjustments: [{ productId: tee.id, quantityChange: 1, reason: 'restock' }] }, admin);
    const { order } = await core.placeOrder.execute({ customerId: 'c', items: [{ productId: tee.id, quantity: 3 }], shippingAddress: address }, admin);
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, admin);
    expect(await domainErrorOf(core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped' }, admin))).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      // 3 ordered, 1 reserved: the 2 on backorder cannot ship.
      details: { items: [{ sku: 'TEE', product_id: tee.id, requested: 3, available: 1 }] },
    });
    await core.cancelOrder.execute({ orderId: order.id }, admin);
    expect((await core.listBackorders.execute({ statuses: ['cancelled'] }, reader)).items.map((b) => b.quantity)).toEqual([2]);
    expect((await core.listStockLevels.execute({ productId: tee.id }, reader)).items[0]).toMatchObject({ onHand: 1, reserved: 0 });
  });
});

describe('bulk product updates and export', () => {
  it('updates all or nothing, naming unknown ids', async () => {
    const { core, tee, pre } = await setup();
    const updated = await core.bulkUpdateProducts.execute({ productIds: [tee.id, pre.id], updates: { category: 'cat_02', price: '12.50', backorderPolicy: 'backorder' } }, admin);
    expect(updated.map((p) => [p.category, p.price, p.backorderPolicy, p.version])).toEqual([['cat_02', 1250, 'backorder', 2], ['cat_02', 1250, 'backorder', 2]]);
    const missing = await domainErrorOf(core.bulkUpdateProducts.execute({ productIds: [tee.id, 'prod_x', 'prod_y'], updates: { status: 'inactive' } }, admin));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', details: { missing_ids: ['prod_x', 'prod_y'] } });
    expect((await core.getProduct.execute({ productId: tee.id }, admin)).status).toBe('active');
    const noUpdates = await domainErrorOf(core.bulkUpdateProducts.execute({ productIds: [tee.id] } as never, admin));
    expect(noUpdates.details['errors']).toEqual([{ field: 'updates', message: 'must change at least one field' }]);
    expect((await domainErrorOf(core.bulkUpdateProducts.execute({ productIds: [tee.id], updates: { expectedDate: '2026-02-30' } }, admin))).details['errors']).toEqual([
      { field: 'updates.expected_date', message: 'must be a date such as 2026-04-01' },
    ]);
  });

  it('streams the whole catalog in pages, after checking the permission', async () => {
    const { core } = await setup();
    for (let i = 0; i < 1_203; i++) await core.createProduct.execute({ sku: `BULK-${i}`, name: `Bulk ${i}`, price: 1 }, admin);
    const skus: string[] = [];
    for await (const product of core.exportProducts.execute({}, admin)) skus.push(product.sku);
    expect(skus).toHaveLength(1_205);
    expect(new Set(skus).size).toBe(1_205);
    expect(() => core.exportProducts.execute({}, { kind: 'customer', id: 'u', customerId: 'c', email: null })).toThrow('products:read');
  });
});
