import { adminPrincipal, DEFAULT_WAREHOUSE_ID, type Product, type Warehouse } from '@oms/order-core';
import { aProduct, createTestOrderCore } from '@oms/order-testkit';
import type { CompiledQuery, LogEvent } from 'kysely';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { testTargets, type TestDatabase } from './testing/test-databases';

const ADDRESS = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };
const ADMIN = adminPrincipal('placement-test');

/** `insert orders`, `update stock_levels`, `select nextval`, `begin immediate`: what a statement does, and to what. */
function shapeOf(query: CompiledQuery): string {
  const text = query.sql.replace(/\s+/g, ' ').trim().toLowerCase();
  // Kysely quotes the identifiers it writes; a raw subquery (the lines of an order) does not.
  const table = /(?:from|into|update) "([a-z_]+)"/.exec(text)?.[1] ?? /(?:from|into|update) ([a-z_]+)/.exec(text)?.[1];
  if (text.startsWith('select nextval')) return 'select nextval';
  const verb = text.split(' ')[0]!;
  return table === undefined || verb === 'begin' || verb === 'commit' ? text : `${verb} ${table}`;
}

// How many statements a placement sends, and that what it answers is what a later read of the order shows: the
// placement computes its line allocations from the rows it wrote instead of reading them back, and reads stock
// levels only where the first warehouse cannot serve a product.
for (const target of testTargets()) {
  describe(`Placing an order through the core on Kysely, ${target.name}`, () => {
    let current: TestDatabase | undefined;
    let queries: CompiledQuery[] = [];
    beforeEach(async () => {
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    function setup() {
      const uow = new KyselyUnitOfWork(current!.database);
      const { core } = createTestOrderCore({ uow });
      return { uow, core };
    }

    async function stocked(uow: KyselyUnitOfWork, product: Product, levels: Readonly<Record<string, number>>): Promise<Product> {
      await uow.transaction(async (r) => {
        await r.products.insert(product);
        for (const [warehouseId, onHand] of Object.entries(levels)) {
          if (!(await r.stock.adjust(product.id, warehouseId, onHand))) throw new Error('could not stock the product');
        }
      });
      return product;
    }

    async function aWarehouse(uow: KyselyUnitOfWork, code: string, priority: number): Promise<Warehouse> {
      const warehouse: Warehouse = {
        id: `wh_${code.toLowerCase()}`,
        code,
        name: code,
        active: true,
        priority,
        version: 1,
        createdAt: '2026-03-20T12:00:00.000Z',
        updatedAt: '2026-03-20T12:00:00.000Z',
      };
      await uow.repositories.warehouses.insert(warehouse);
      return warehouse;
    }

    it('places 3 lines in 13 statements: no read of the stock levels while the first warehouse has enough, one insert per table, nothing read back', async () => {
      const { uow, core } = setup();
      const products = [];
      for (let i = 0; i < 3; i++) products.push(await stocked(uow, aProduct(), { [DEFAULT_WAREHOUSE_ID]: 10 }));
      queries = [];
      const placed = await core.placeOrder.execute(
        { customerId: 'cust_1', items: products.map((p, i) => ({ productId: p.id, quantity: i + 1 })), shippingAddress: ADDRESS },
        ADMIN,
      );
      const sqlite = current!.database.dialect === 'sqlite';
      expect(queries.map(shapeOf)).toEqual([
        sqlite ? 'begin immediate' : 'begin',
        'select products',
        sqlite ? 'update counters' : 'select nextval',
        'insert orders',
        'insert order_lines',
        'select warehouses',
        'update stock_levels',
        'update stock_levels',
        'update stock_levels',
        'insert reservations',
        'insert inventory_movements',
        'insert order_events',
        'commit',
      ]);
      expect(Object.values(placed.lineAllocations)).toEqual([
        { reserved: 1, backordered: 0, shipped: 0 },
        { reserved: 2, backordered: 0, shipped: 0 },
        { reserved: 3, backordered: 0, shipped: 0 },
      ]);
    });

    it('answers the line allocations a read of the order shows: split over warehouses in priority order, backorders, lines of one product', async () => {
      const { uow, core } = setup();
      const defaultPriority = (await uow.repositories.warehouses.findById(DEFAULT_WAREHOUSE_ID))!.priority;
      const first = await aWarehouse(uow, 'FIRST', defaultPriority - 10);
      const split = await stocked(uow, aProduct(), { [first.id]: 2, [DEFAULT_WAREHOUSE_ID]: 10 });
      const second = await stocked(uow, aProduct(), { [DEFAULT_WAREHOUSE_ID]: 4 });
      const short = await stocked(uow, aProduct({ backorderPolicy: 'backorder' }), { [DEFAULT_WAREHOUSE_ID]: 3 });
      const none = await stocked(uow, aProduct({ backorderPolicy: 'preorder', expectedDate: '2026-06-01' }), {});
      queries = [];
      const placed = await core.placeOrder.execute(
        {
          customerId: 'cust_1',
          items: [
            { productId: short.id, quantity: 2 },
            { productId: split.id, quantity: 5 },
            { productId: none.id, quantity: 1 },
            { productId: short.id, quantity: 4 },
            { productId: second.id, quantity: 4 },
          ],
          shippingAddress: ADDRESS,
        },
        ADMIN,
      );
      // Each of these products is short in the first warehouse: its levels are read once the first try fails.
      expect(queries.map(shapeOf).filter((shape) => shape === 'select stock_levels')).toHaveLength(4);
      const [shortA, splitLine, noneLine, shortB, secondLine] = placed.order.lines.map((l) => l.id);
      expect(placed.lineAllocations).toEqual({
        [shortA!]: { reserved: 2, backordered: 0, shipped: 0 },
        [splitLine!]: { reserved: 5, backordered: 0, shipped: 0 },
        [noneLine!]: { reserved: 0, backordered: 1, shipped: 0 },
        [shortB!]: { reserved: 1, backordered: 3, shipped: 0 },
        [secondLine!]: { reserved: 4, backordered: 0, shipped: 0 },
      });
      queries = [];
      const read = await core.getOrder.execute({ orderId: placed.order.id }, ADMIN);
      expect(read.lineAllocations).toEqual(placed.lineAllocations);
      expect(read.order).toEqual(placed.order);
      // The order and its lines in one statement, then shipments, events, reservations and backorders.
      expect(queries.map(shapeOf)).toEqual(['select orders', 'select shipments', 'select order_events', 'select reservations', 'select backorders']);
      expect(placed.order.status).toBe('out_of_stock');

      const levels = await uow.repositories.stock.levelsFor([split.id, short.id, second.id]);
      expect(levels.map((l) => [l.productId, l.warehouseId, l.onHand - l.reserved])).toEqual(
        expect.arrayContaining([
          [split.id, first.id, 0],
          [split.id, DEFAULT_WAREHOUSE_ID, 7],
          [short.id, DEFAULT_WAREHOUSE_ID, 0],
          [second.id, DEFAULT_WAREHOUSE_ID, 0],
        ]),
      );
      const reservations = await uow.repositories.allocations.reservationsForOrder(placed.order.id);
      expect(reservations.filter((r) => r.productId === split.id).map((r) => [r.warehouseId, r.quantity])).toEqual([
        [first.id, 2],
        [DEFAULT_WAREHOUSE_ID, 3],
      ]);
    });
  });
}
