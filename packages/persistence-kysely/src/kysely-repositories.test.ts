import { DEFAULT_WAREHOUSE_ID, type OrderListQuery } from '@oms/order-core';
import { aProduct, anApiToken, anOrder, anOrderLine, rejectionCode } from '@oms/order-testkit';
import { sql } from 'kysely';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { testTargets, useTestDatabase } from './testing/test-databases';

const newestFirst: OrderListQuery = { sort: { field: 'created_at', direction: 'desc' }, limit: 20, offset: 0 };

// What the shared contract leaves open but this adapter promises: error details, atomicity without a caller's
// transaction, Unicode search, timestamp normalisation and strict integer reads.
for (const target of testTargets()) {
  describe(`Kysely repositories on ${target.name}`, () => {
    const database = useTestDatabase(target);
    const uow = () => new KyselyUnitOfWork(database());

    it('names the entity and field of every unique key it refuses', async () => {
      const product = aProduct();
      const order = anOrder();
      const token = anApiToken();
      const repos = uow().repositories;
      await repos.products.insert(product);
      await repos.orders.insert(order);
      await repos.apiTokens.insert(token);
      await repos.orderEvents.append([{ id: 'evt_1', orderId: order.id, type: 'order_placed', actor: { kind: 'public', id: null, display: 'public' }, at: order.createdAt, data: { status: 'pending', total: 1, currency: 'USD' } }]);

      const details = async (promise: Promise<unknown>) => {
        const result = await rejectionCode(promise);
        expect(result.code).toBe('CONFLICT');
        return result.details;
      };
      expect(await details(repos.products.insert(aProduct({ sku: product.sku })))).toEqual({ entity: 'product', field: 'sku' });
      expect(await details(repos.products.insert(aProduct({ id: product.id })))).toEqual({ entity: 'product', field: 'id' });
      expect(await details(repos.orders.insert(anOrder({ number: order.number, reference: 'ORD-OTHER' })))).toEqual({ entity: 'order', field: 'number' });
      expect(await details(repos.orders.insert(anOrder({ number: 90_001, reference: order.reference })))).toEqual({ entity: 'order', field: 'reference' });
      expect(await details(repos.orders.insert(anOrder({ number: 90_002, lines: order.lines })))).toEqual({ entity: 'order_line', field: 'id' });
      expect(await details(repos.apiTokens.insert(anApiToken({ tokenHash: token.tokenHash })))).toEqual({ entity: 'api_token', field: 'token_hash' });
      expect(await details(repos.orderEvents.append([{ id: 'evt_1', orderId: order.id, type: 'order_placed', actor: { kind: 'public', id: null, display: 'public' }, at: order.createdAt, data: { status: 'pending', total: 1, currency: 'USD' } }]))).toEqual({
        entity: 'order_event',
        field: 'id',
      });
    });

    it('names the entity and field of every inventory key it refuses', async () => {
      const repos = uow().repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      const at = '2026-03-20T12:00:00.000Z';
      const warehouse = { id: 'wh_east', code: 'EAST', name: 'East', active: true, priority: 1, version: 1, createdAt: at, updatedAt: at };
      const reservation = { id: 'res_1', allocationId: 'alloc_1', orderId: order.id, lineId: order.lines[0]!.id, productId: 'prod_1', warehouseId: DEFAULT_WAREHOUSE_ID, quantity: 1, status: 'held' as const, shipmentId: null, createdAt: at, updatedAt: at };
      const backorder = { id: 'bo_1', kind: 'backorder' as const, orderId: order.id, lineId: order.lines[0]!.id, productId: 'prod_1', quantity: 1, requestedQuantity: 1, expectedDate: null, status: 'waiting' as const, version: 1, createdAt: at, updatedAt: at };
      const movement = { id: 'mov_1', productId: 'prod_1', warehouseId: DEFAULT_WAREHOUSE_ID, onHandChange: 1, reservedChange: 0, reason: 'restock' as const, orderId: null, note: null, actor: { kind: 'system' as const, id: null, display: 'system' }, at };
      await repos.warehouses.insert(warehouse);
      await repos.allocations.insertReservations([reservation]);
      await repos.allocations.insertBackorders([backorder]);
      await repos.stock.appendMovements([movement]);

      const details = async (promise: Promise<unknown>) => {
        const result = await rejectionCode(promise);
        expect(result.code).toBe('CONFLICT');
        return result.details;
      };
      expect(await details(repos.warehouses.insert({ ...warehouse, id: 'wh_other' }))).toEqual({ entity: 'warehouse', field: 'code' });
      expect(await details(repos.warehouses.insert({ ...warehouse, code: 'OTHER' }))).toEqual({ entity: 'warehouse', field: 'id' });
      expect(await details(repos.warehouses.update({ ...warehouse, id: DEFAULT_WAREHOUSE_ID, version: 2 }, 1))).toEqual({ entity: 'warehouse', field: 'code' });
      expect(await details(repos.allocations.insertReservations([reservation]))).toEqual({ entity: 'reservation', field: 'id' });
      expect(await details(repos.allocations.insertBackorders([backorder]))).toEqual({ entity: 'backorder', field: 'id' });
      expect(await details(repos.stock.appendMovements([movement]))).toEqual({ entity: 'inventory_movement', field: 'id' });
    });

    it('writes many reservations, backorders and movements all or nothing, beyond one INSERT', async () => {
      const repos = uow().repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      const at = '2026-03-20T12:00:00.000Z';
      const many = Array.from({ length: 1_201 }, (_, i) => ({
        id: `mov_${String(i).padStart(5, '0')}`,
        productId: 'prod_1',
        warehouseId: DEFAULT_WAREHOUSE_ID,
        onHandChange: 1,
        reservedChange: 0,
        reason: 'restock' as const,
        orderId: null,
        note: null,
        actor: { kind: 'system' as const, id: null, display: 'system' },
        at,
      }));
      // The last row collides with the first: the earlier INSERTs must be rolled back with it.
      expect((await rejectionCode(repos.stock.appendMovements([...many.slice(0, 1_200), many[0]!]))).code).toBe('CONFLICT');
      expect((await repos.stock.listMovements({ limit: 1, offset: 0 })).total).toBe(0);
      await repos.stock.appendMovements(many);
      expect((await repos.stock.listMovements({ limit: 1, offset: 0 })).total).toBe(1_201);

      const reservations = Array.from({ length: 1_100 }, (_, i) => ({
        id: `res_${String(i).padStart(5, '0')}`,
        allocationId: 'alloc_1',
        orderId: order.id,
        lineId: order.lines[0]!.id,
        productId: 'prod_1',
        warehouseId: DEFAULT_WAREHOUSE_ID,
        quantity: 1,
        status: 'held' as const,
        shipmentId: null,
        createdAt: at,
        updatedAt: at,
      }));
      await repos.allocations.insertReservations(reservations);
      await repos.allocations.setReservationStatus(reservations.map((r) => r.id), 'released', '2026-03-21T00:00:00.000Z');
      const stored = await repos.allocations.reservationsForOrder(order.id);
      expect(stored).toHaveLength(1_100);
      expect(stored.every((r) => r.status === 'released' && r.updatedAt === '2026-03-21T00:00:00.000Z')).toBe(true);
    });

    it('stores calendar dates as given and refuses ones that do not exist', async () => {
      const product = aProduct({ backorderPolicy: 'preorder', expectedDate: '2028-02-29' });
      await uow().repositories.products.insert(product);
      expect(await uow().repositories.products.findById(product.id)).toEqual(product);
      await expect(uow().repositories.products.insert(aProduct({ expectedDate: '2026-02-30' }))).rejects.toThrow(/expectedDate must be a calendar date/);
    });

    it('stores an order and its lines atomically even outside a transaction', async () => {
      const first = anOrder();
      const second = anOrder({ lines: [anOrderLine(), { ...first.lines[0]! }] });
      const repos = uow().repositories;
      await repos.orders.insert(first);
      expect((await rejectionCode(repos.orders.insert(second))).code).toBe('CONFLICT');
      expect(await repos.orders.findById(second.id)).toBeNull();
      expect((await repos.orders.list(newestFirst)).total).toBe(1);
    });

    it('keeps the transaction usable after an idempotency CONFLICT, so the caller decides what to do', async () => {
      const now = '2026-03-20T12:00:00.000Z';
      const record = { scope: 's', key: 'k', operation: 'place_order', fingerprint: 'f', result: { ok: true }, createdAt: now, expiresAt: '2026-03-21T12:00:00.000Z' };
      await uow().transaction((r) => r.idempotency.insert(record, now));
      const product = aProduct();
      const conflict = await uow().transaction(async (r) => {
        const outcome = await rejectionCode(r.idempotency.insert({ ...record, fingerprint: 'other' }, now));
        await r.products.insert(product);
        return outcome;
      });
      expect(conflict).toEqual({ code: 'CONFLICT', details: { entity: 'idempotency_key', field: 'key' } });
      expect(await uow().repositories.products.findById(product.id)).toEqual(product);
      expect((await uow().repositories.idempotency.find('s', 'k', now))?.fingerprint).toBe('f');
    });

    it('searches names and e-mails ignoring case beyond ASCII', async () => {
      const elodie = anOrder({ contact: { name: 'Élodie Brûlé', email: 'ÉLODIE@EXAMPLE.FR', phone: null } });
      const other = anOrder({ contact: { name: 'Bob', email: 'bob@example.com', phone: null } });
      await uow().transaction(async (r) => {
        await r.orders.insert(elodie);
        await r.orders.insert(other);
        await r.products.insert(aProduct({ name: 'Café Crème', sku: 'CAFE-1' }));
      });
      const search = async (text: string) => (await uow().repositories.orders.list({ ...newestFirst, search: text })).items.map((o) => o.id);
      expect(await search('élodie')).toEqual([elodie.id]);
      expect(await search('BRÛLÉ')).toEqual([elodie.id]);
      expect(await search('élodie@example')).toEqual([elodie.id]);
      expect((await uow().repositories.products.list({ search: 'CAFÉ CRÈME', limit: 10, offset: 0 })).total).toBe(1);
    });

    it('matches nothing for an empty status list and counts with the same filters as the page', async () => {
      await uow().transaction(async (r) => {
        for (let i = 0; i < 5; i++) await r.orders.insert(anOrder({ status: i < 3 ? 'pending' : 'shipped' }));
      });
      const orders = uow().repositories.orders;
      const none = await orders.list({ ...newestFirst, statuses: [] });
      expect(none).toEqual({ items: [], total: 0, nextCursor: null });
      const page = await orders.list({ ...newestFirst, statuses: ['pending'], limit: 2 });
      expect(page.items).toHaveLength(2);
      expect(page.total).toBe(3);
      expect(page.nextCursor).not.toBeNull();
    });

    it('stores timestamps in one fixed-width UTC form and refuses ones it cannot', async () => {
      const product = aProduct({ createdAt: '2026-03-20T14:00:00+02:00', updatedAt: '2026-03-20T12:00:00Z' });
      await uow().repositories.products.insert(product);
      const read = await uow().repositories.products.findById(product.id);
      expect(read).toMatchObject({ createdAt: '2026-03-20T12:00:00.000Z', updatedAt: '2026-03-20T12:00:00.000Z' });
      await expect(uow().repositories.products.insert(aProduct({ createdAt: 'soon' }))).rejects.toThrow(/createdAt must be an ISO 8601 timestamp/);
    });

    it('refuses to read an integer a JS number cannot hold exactly', async () => {
      const product = aProduct();
      await uow().repositories.products.insert(product);
      await sql`update products set price_minor = 9007199254740993 where id = ${product.id}`.execute(database().db);
      await expect(uow().repositories.products.findById(product.id)).rejects.toThrow(/9007199254740993, which is not a safe integer/);
    });

    it('reads an order with its lines in one statement: lines in position order, no lines, exact integers', async () => {
      const lines = [anOrderLine({ quantity: 3, metadata: { gift: true, note: 'ü "quoted"' } }), anOrderLine(), anOrderLine({ name: 'Ünïcødé ✓' })];
      const order = anOrder({ lines });
      const empty = anOrder({ lines: [] });
      const repos = uow().repositories;
      await repos.orders.insert(order);
      await repos.orders.insert(empty);
      expect(await repos.orders.findById(order.id)).toEqual(order);
      expect(await repos.orders.findByReference(order.reference)).toEqual(order);
      expect(await repos.orders.findById(empty.id)).toEqual(empty);
      expect(await repos.orders.findById('order_none')).toBeNull();
      // Stored positions, not insertion order, decide the order of the lines.
      await sql`update order_lines set position = 10 - position where order_id = ${order.id}`.execute(database().db);
      expect((await repos.orders.findById(order.id))?.lines.map((l) => l.id)).toEqual([lines[2]!.id, lines[1]!.id, lines[0]!.id]);
      await sql`update order_lines set line_total_minor = 9007199254740993 where id = ${lines[1]!.id}`.execute(database().db);
      await expect(repos.orders.findById(order.id)).rejects.toThrow(/9007199254740993, which is not a safe integer/);
    });

    it('refuses a fractional amount in a money column', async () => {
      const product = aProduct();
      await uow().repositories.products.insert(product);
      // PostgreSQL rejects it by the BIGINT type, SQLite by the STRICT table.
      const fraction = sql`update products set price_minor = ${database().dialect === 'postgres' ? sql`'12.5'::numeric` : sql`12.5`} where id = ${product.id}`;
      const outcome = await fraction.execute(database().db).then(
        () => 'stored',
        () => 'refused',
      );
      expect([outcome, (await uow().repositories.products.findById(product.id))?.price]).toEqual(
        // PostgreSQL rounds numeric to bigint on assignment instead of failing; what matters is that no fraction is kept.
        database().dialect === 'postgres' ? ['stored', 13] : ['refused', product.price],
      );
    });
  });
}
