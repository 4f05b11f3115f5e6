import type { Order, OrderListQuery, OrderSummary, UnitOfWork } from '@oms/order-core';
import { anAddress, anOrder, anOrderLine } from '../builders';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

function summaryOf(order: Order): OrderSummary {
  const { lines: _lines, ...rest } = order;
  return rest;
}

const baseQuery: OrderListQuery = { sort: { field: 'created_at', direction: 'desc' }, limit: 20, offset: 0 };

async function insertAll(uow: UnitOfWork, orders: readonly Order[]): Promise<void> {
  await uow.transaction(async (r) => {
    for (const order of orders) await r.orders.insert(order);
  });
}

/** What every OrderRepository must do. */
export function describeOrderRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`OrderRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const orders = () => uow().repositories.orders;

    it('reads back exactly what it stored, lines in order, and null on a miss', async () => {
      const order = anOrder({
        lines: [anOrderLine({ quantity: 1, metadata: { engraving: 'J.D.', nested: { a: [1, 2] } } }), anOrderLine({ quantity: 3 })],
        billingAddress: anAddress({ name: 'Acme Billing', company: 'Acme', street2: 'Suite 5', state: null, country: null }),
        contact: { name: 'Jane Doe', email: 'jane@example.com', phone: '+1 555 0100' },
        notes: 'Leave at the door',
        metadata: { channel: 'phone', tags: ['vip'], score: 3.5, gift: true, none: null },
      });
      await insertAll(uow(), [order]);
      expect(await orders().findById(order.id)).toEqual(order);
      expect(await orders().findById('order_missing')).toBeNull();
      expect(await orders().findByReference(order.reference)).toEqual(order);
      expect(await orders().findByReference('ORD-99999')).toBeNull();
    });

    it('keeps money above 2^31 minor units exact', async () => {
      const line = anOrderLine({ quantity: 3, unitPrice: 333_333_333_333_333, lineTotal: 999_999_999_999_999 });
      const order = anOrder({ lines: [line], totals: { subtotal: 999_999_999_999_999, discount: 0, tax: 0, shipping: 0, total: 999_999_999_999_999 } });
      const small = anOrder({ totals: { subtotal: 2_147_483_648, discount: 0, tax: 0, shipping: 0, total: 2_147_483_648 } });
      await insertAll(uow(), [order, small]);
      const read = await orders().findById(order.id);
      expect(read?.totals.total).toBe(999_999_999_999_999);
      expect(read?.lines[0]?.unitPrice).toBe(333_333_333_333_333);
      expect(typeof read?.totals.total).toBe('number');
      const page = await orders().list({ ...baseQuery, sort: { field: 'total', direction: 'desc' } });
      expect(page.items.map((o) => o.totals.total)).toEqual([999_999_999_999_999, 2_147_483_648]);
    });

    it('refuses a second order with the same id or number with CONFLICT', async () => {
      const order = anOrder();
      await insertAll(uow(), [order]);
      expect((await rejectionCode(insertAll(uow(), [{ ...order, number: order.number + 1000, reference: 'ORD-X' }]))).code).toBe('CONFLICT');
      expect((await rejectionCode(insertAll(uow(), [anOrder({ number: order.number, reference: order.reference })]))).code).toBe('CONFLICT');
    });

    it('updates the header only at the expected version, keeping the lines', async () => {
      const order = anOrder();
      await insertAll(uow(), [order]);
      const cancelled: Order = {
        ...order,
        status: 'cancelled',
        trackingNumber: '1Z999AA10123456784',
        carrier: 'UPS',
        cancellation: { reason: 'Customer asked', refundRequested: true, at: '2026-03-21T09:00:00.000Z', by: { kind: 'staff', id: 'u1', display: 'marc@example.com' } },
        version: 2,
        updatedAt: '2026-03-21T09:00:00.000Z',
      };
      expect(await uow().transaction((r) => r.orders.update(cancelled, 1))).toBe(true);
      expect(await orders().findById(order.id)).toEqual(cancelled);
      const stale = { ...order, status: 'shipped' as const, version: 2 };
      expect(await uow().transaction((r) => r.orders.update(stale, 1))).toBe(false);
      expect((await orders().findById(order.id))?.status).toBe('cancelled');
      expect(await uow().transaction((r) => r.orders.update(anOrder({ id: 'order_ghost' }), 1))).toBe(false);
    });

    it('hands out increasing, distinct order numbers, also concurrently', async () => {
      const first = await uow().transaction((r) => r.orders.nextNumber());
      const second = await uow().transaction((r) => r.orders.nextNumber());
      expect(second).toBeGreaterThan(first);
      const concurrent = await Promise.all(Array.from({ length: 10 }, () => uow().transaction((r) => r.orders.nextNumber())));
      expect(new Set(concurrent).size).toBe(10);
      expect(Math.min(...concurrent)).toBeGreaterThan(second);
    });

    it('lists summaries newest first with a total, without lines', async () => {
      const older = anOrder({ createdAt: '2026-03-20T10:00:00.000Z', updatedAt: '2026-03-20T10:00:00.000Z' });
      const newer = anOrder({ createdAt: '2026-03-20T11:00:00.000Z', updatedAt: '2026-03-20T11:00:00.000Z' });
      await insertAll(uow(), [older, newer]);
      const page = await orders().list(baseQuery);
      expect(page.items).toEqual([summaryOf(newer), summaryOf(older)]);
      expect(page.total).toBe(2);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by statuses, customer, search and created range', async () => {
      const a = anOrder({ status: 'pending', customerId: 'cust_a', contact: { name: 'Ann Smith', email: 'Ann@Example.com', phone: null }, createdAt: '2026-03-01T00:00:00.000Z' });
      const b = anOrder({ status: 'shipped', customerId: 'cust_b', contact: { name: 'Bob Jones', email: 'bob@example.org', phone: null }, createdAt: '2026-03-15T12:00:00.000Z' });
      const c = anOrder({ status: 'cancelled', customerId: 'cust_a', contact: { name: 'Cy 100%_off', email: null, phone: null }, createdAt: '2026-03-31T23:59:59.999Z' });
      await insertAll(uow(), [a, b, c]);
      const ids = async (query: Partial<OrderListQuery>) => (await orders().list({ ...baseQuery, ...query })).items.map((o) => o.id);
      expect(await ids({ statuses: ['pending', 'cancelled'] })).toEqual([c.id, a.id]);
      expect(await ids({ customerId: 'cust_a' })).toEqual([c.id, a.id]);
      expect(await ids({ search: 'ann@example' })).toEqual([a.id]);
      expect(await ids({ search: 'JONES' })).toEqual([b.id]);
      expect(await ids({ search: b.id })).toEqual([b.id]);
      expect(await ids({ search: c.reference.toLowerCase() })).toEqual([c.id]);
      expect(await ids({ search: '100%_' })).toEqual([c.id]);
      expect(await ids({ search: '%' })).toEqual([c.id]);
      expect(await ids({ search: 'nobody' })).toEqual([]);
      expect(await ids({ createdFrom: '2026-03-15T12:00:00.000Z', createdTo: '2026-03-31T23:59:59.999Z' })).toEqual([c.id, b.id]);
      expect(await ids({ createdTo: '2026-03-15T11:59:59.999Z' })).toEqual([a.id]);
      const filtered = await orders().list({ ...baseQuery, customerId: 'cust_a', statuses: ['pending'] });
      expect(filtered.total).toBe(1);
    });

    it('sorts by each field in both directions, breaking ties by id', async () => {
      const t = '2026-03-20T12:00:00.000Z';
      const x = anOrder({ createdAt: t, updatedAt: '2026-03-22T00:00:00.000Z', totals: { subtotal: 500, discount: 0, tax: 0, shipping: 0, total: 500 } });
      const y = anOrder({ createdAt: t, updatedAt: '2026-03-21T00:00:00.000Z', totals: { subtotal: 100, discount: 0, tax: 0, shipping: 0, total: 100 } });
      const z = anOrder({ createdAt: '2026-03-19T00:00:00.000Z', updatedAt: '2026-03-23T00:00:00.000Z', totals: { subtotal: 500, discount: 0, tax: 0, shipping: 0, total: 500 } });
      await insertAll(uow(), [x, y, z]);
      const ids = async (field: 'created_at' | 'updated_at' | 'total', direction: 'asc' | 'desc') =>
        (await orders().list({ ...baseQuery, sort: { field, direction } })).items.map((o) => o.id);
      const [first, second] = [x.id, y.id].sort();
      expect(await ids('created_at', 'desc')).toEqual([second, first, z.id]);
      expect(await ids('created_at', 'asc')).toEqual([z.id, first, second]);
      expect(await ids('updated_at', 'asc')).toEqual([y.id, x.id, z.id]);
      expect(await ids('total', 'asc')).toEqual([y.id, ...[x.id, z.id].sort()]);
      expect(await ids('total', 'desc')).toEqual([...[x.id, z.id].sort().reverse(), y.id]);
    });

    for (const sort of [
      { field: 'created_at', direction: 'desc' },
      { field: 'total', direction: 'asc' },
      { field: 'updated_at', direction: 'asc' },
    ] as const) {
      it(`walks every page with the keyset cursor (${sort.field} ${sort.direction}) without gaps or duplicates`, async () => {
        const all = Array.from({ length: 23 }, (_, i) =>
          anOrder({
            createdAt: `2026-03-${String(10 + (i % 5)).padStart(2, '0')}T00:00:00.000Z`,
            updatedAt: `2026-04-${String(10 + (i % 3)).padStart(2, '0')}T00:00:00.000Z`,
            totals: { subtotal: (i % 4) * 100, discount: 0, tax: 0, shipping: 0, total: (i % 4) * 100 },
            status: i % 2 === 0 ? 'pending' : 'processing',
          }),
        );
        await insertAll(uow(), all);
        const everything = await orders().list({ ...baseQuery, sort, limit: 100 });
        expect(everything.items).toHaveLength(23);
        const seen: string[] = [];
        let page = await orders().list({ ...baseQuery, sort, limit: 5 });
        seen.push(...page.items.map((o) => o.id));
        while (page.nextCursor) {
          expect(page.total).toBe(23);
          page = await orders().list({ ...baseQuery, sort, limit: 5, after: page.nextCursor });
          seen.push(...page.items.map((o) => o.id));
        }
        expect(seen).toEqual(everything.items.map((o) => o.id));
        const pending = await orders().list({ ...baseQuery, sort, limit: 4, statuses: ['pending'] });
        const rest = await orders().list({ ...baseQuery, sort, limit: 100, statuses: ['pending'], after: pending.nextCursor ?? undefined });
        expect(pending.items.length + rest.items.length).toBe(12);
        expect(rest.nextCursor).toBeNull();
      });
    }

    it('pages with offset and reports a cursor only when more follow', async () => {
      const all = Array.from({ length: 5 }, (_, i) => anOrder({ createdAt: `2026-03-2${i}T00:00:00.000Z` }));
      await insertAll(uow(), all);
      const middle = await orders().list({ ...baseQuery, limit: 2, offset: 2 });
      expect(middle.items.map((o) => o.id)).toEqual([all[2]!.id, all[1]!.id]);
      expect(middle.nextCursor).toEqual({ value: all[1]!.createdAt, id: all[1]!.id });
      const last = await orders().list({ ...baseQuery, limit: 2, offset: 4 });
      expect(last.items.map((o) => o.id)).toEqual([all[0]!.id]);
      expect(last.nextCursor).toBeNull();
      expect((await orders().list({ ...baseQuery, offset: 10 })).items).toEqual([]);
    });

    it('counts orders per status', async () => {
      await insertAll(uow(), [anOrder({ status: 'pending' }), anOrder({ status: 'pending' }), anOrder({ status: 'shipped' })]);
      const counts = await orders().countByStatus();
      expect(counts.pending).toBe(2);
      expect(counts.shipped).toBe(1);
      expect(counts.cancelled ?? 0).toBe(0);
    });
  });
}
