import { tableNames, columnTypes, indexColumns } from '../testing/schema-introspection';
import { DEFAULT_WAREHOUSE_ID, type Attachment, type Cart, type Coupon, type Order, type OrderEvent, type Payment } from '@oms/order-core';
import { aProduct, anOrder, rejectionCode } from '@oms/order-testkit';
import { sql, type Kysely, type LogEvent } from 'kysely';
import type { OmsDatabase } from '../connect-database';
import type { DatabaseSchema } from '../database-schema';
import { KyselyCouponRepository } from '../kysely-coupon-repository';
import { KyselyUnitOfWork } from '../kysely-unit-of-work';
import { readSafeInteger } from '../read-safe-integer';
import { POSTGRES_ENABLED, postgresTarget, testTargets, useTestDatabase, type TestDatabase } from '../testing/test-databases';
import { migrateTo, migrateToLatest } from './migrate-to-latest';

const COMMERCE_TABLES = ['carts', 'coupon_redemptions', 'coupons', 'payments'];
const AT = '2026-03-20T12:00:00.000Z';




function aCoupon(overrides: Partial<Coupon> = {}): Coupon {
  return {
    code: 'SPRING10',
    type: 'percentage',
    percentOffBasisPoints: 1_000,
    amountOff: null,
    currency: null,
    minimumSubtotal: null,
    startsAt: null,
    endsAt: null,
    maxRedemptions: 2,
    maxRedemptionsPerCustomer: null,
    redemptions: 0,
    active: true,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

function aCart(overrides: Partial<Cart> = {}): Cart {
  return { id: 'cart_1', customerId: 'cust_1', items: [{ productId: 'prod_1', quantity: 2 }], couponCode: null, version: 1, createdAt: AT, updatedAt: AT, ...overrides };
}

function aPayment(order: Order, overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'pay_1',
    orderId: order.id,
    kind: 'payment',
    amount: order.totals.total,
    currency: order.currency,
    method: 'card',
    reference: 'ch_1',
    recordedBy: { kind: 'staff', id: 'usr_1', display: 'ana@example.com' },
    createdAt: AT,
    ...overrides,
  };
}

/** Whatever a statement does: 'stored', or the driver's message. */
async function outcome(statement: { execute(db: Kysely<DatabaseSchema>): Promise<unknown> }, database: OmsDatabase): Promise<string> {
  return statement.execute(database.db).then(
    () => 'stored',
    (error: unknown) => String((error as { message?: unknown }).message),
  );
}

for (const target of testTargets()) {
  describe(`0004_commerce on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const database = (): OmsDatabase => current!.database;
    beforeEach(async () => {
      current = await target.connect();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('upgrades a database at 0003_attachments, keeping its data, which can then have carts, coupons and payments', async () => {
      await migrateTo(database(), '0003_attachments');
      for (const table of COMMERCE_TABLES) expect(await tableNames(database())).not.toContain(table);
      const product = aProduct();
      const order = anOrder();
      const placed: OrderEvent = { id: 'evt_1', orderId: order.id, type: 'order_placed', actor: { kind: 'public', id: null, display: 'public' }, at: order.createdAt, data: { status: 'pending', total: order.totals.total, currency: order.currency } };
      const attachment: Attachment = {
        id: 'att_1',
        orderId: order.id,
        filename: 'proof.png',
        contentType: 'image/png',
        size: 3,
        sha256: 'b'.repeat(64),
        kind: 'design_proof',
        description: null,
        uploadedBy: { kind: 'staff', id: 'usr_1', display: 'ana@example.com' },
        storageKey: 'file_1',
        version: 1,
        createdAt: AT,
        updatedAt: AT,
      };
      // Written with the repositories of this release that the old schema has: none of them touches a new table.
      const before = new KyselyUnitOfWork(database());
      await before.transaction(async (r) => {
        await r.products.insert(product);
        await r.orders.insert(order);
        await r.orderEvents.append([placed]);
        await r.attachments.insert(attachment);
        expect(await r.stock.adjust(product.id, DEFAULT_WAREHOUSE_ID, 7)).toBe(true);
      });

      const applied = await migrateToLatest(database());
      expect(applied[0]).toEqual({ name: '0004_commerce', status: 'Success' });
      expect(applied.every((a) => a.status === 'Success')).toBe(true);

      const uow = new KyselyUnitOfWork(database());
      const repos = uow.repositories;
      expect(await repos.products.findById(product.id)).toEqual(product);
      expect(await repos.orders.findById(order.id)).toEqual(order);
      expect(await repos.orderEvents.listForOrder(order.id)).toEqual([placed]);
      expect(await repos.attachments.listForOrder(order.id)).toEqual([attachment]);
      expect(await repos.stock.levelsFor([product.id])).toEqual([{ productId: product.id, warehouseId: DEFAULT_WAREHOUSE_ID, onHand: 7, reserved: 0 }]);

      const cart = aCart({ items: [{ productId: product.id, quantity: 2 }], couponCode: 'SPRING10' });
      const payment = aPayment(order);
      await uow.transaction(async (r) => {
        await r.carts.insert(cart);
        await r.coupons.insert(aCoupon());
        expect(await r.coupons.incrementRedemptions('SPRING10')).toBe(true);
        await r.coupons.recordRedemption({ code: 'SPRING10', customerId: order.customerId, orderId: order.id, at: AT });
        await r.payments.insert(payment);
      });
      expect(await repos.carts.findByCustomer('cust_1')).toEqual(cart);
      expect(await repos.coupons.findByCode('SPRING10')).toEqual({ ...aCoupon(), redemptions: 1 });
      expect(await repos.coupons.countRedemptionsBy('SPRING10', order.customerId)).toBe(1);
      expect(await repos.payments.listForOrder(order.id)).toEqual([payment]);
    });

    it('migrates down to 0003_attachments and up again, keeping the orders', async () => {
      await migrateToLatest(database());
      const order = anOrder();
      const uow = new KyselyUnitOfWork(database());
      await uow.transaction(async (r) => {
        await r.orders.insert(order);
        await r.payments.insert(aPayment(order));
        await r.coupons.insert(aCoupon());
        await r.carts.insert(aCart());
      });

      const down = await migrateTo(database(), '0003_attachments');
      expect(down.at(-1)).toEqual({ name: '0004_commerce', status: 'Success' });
      for (const table of COMMERCE_TABLES) expect(await tableNames(database())).not.toContain(table);

      await migrateToLatest(database());
      const after = new KyselyUnitOfWork(database()).repositories;
      expect(await after.orders.findById(order.id)).toEqual(order);
      // Going down drops what only the newer release knew.
      expect(await after.payments.listForOrder(order.id)).toEqual([]);
      expect(await after.coupons.findByCode('SPRING10')).toBeNull();
      expect(await after.carts.findByCustomer('cust_1')).toBeNull();
    });

    it('stores money and counts as 64-bit integers and lists along its indexes', async () => {
      await migrateToLatest(database());
      const postgres = database().dialect === 'postgres';
      const bigint = postgres ? 'bigint' : 'INTEGER';
      const integer = postgres ? 'integer' : 'INTEGER';
      const text = postgres ? 'text' : 'TEXT';
      expect(await columnTypes(database(), 'coupons')).toEqual({
        code: text,
        type: text,
        percent_off_basis_points: integer,
        amount_off_minor: bigint,
        currency: text,
        minimum_subtotal_minor: bigint,
        starts_at: text,
        ends_at: text,
        max_redemptions: bigint,
        max_redemptions_per_customer: bigint,
        redemptions: bigint,
        active: integer,
        version: integer,
        created_at: text,
        updated_at: text,
      });
      expect(await columnTypes(database(), 'payments')).toEqual({
        id: text,
        order_id: text,
        kind: text,
        amount_minor: bigint,
        currency: text,
        method: text,
        reference: text,
        recorded_by: text,
        created_at: text,
      });
      expect(await columnTypes(database(), 'carts')).toEqual({
        id: text,
        customer_id: text,
        items: text,
        coupon_code: text,
        version: integer,
        created_at: text,
        updated_at: text,
      });
      expect(await columnTypes(database(), 'coupon_redemptions')).toEqual({ id: bigint, code: text, customer_id: text, order_id: text, at: text });
      expect(await indexColumns(database(), 'payments_order_created_idx')).toEqual(['order_id', 'created_at', 'id']);
      expect(await indexColumns(database(), 'coupon_redemptions_code_customer_idx')).toEqual(['code', 'customer_id']);
      expect(await indexColumns(database(), 'coupons_created_idx')).toEqual(['created_at', 'code']);
    });

    it('refuses a redemption count beyond the limit with a CHECK, and an edit lowering the limit below the count', async () => {
      await migrateToLatest(database());
      const uow = new KyselyUnitOfWork(database());
      await uow.repositories.coupons.insert(aCoupon({ maxRedemptions: 2 }));
      expect(await uow.repositories.coupons.incrementRedemptions('SPRING10')).toBe(true);
      expect(await uow.repositories.coupons.incrementRedemptions('SPRING10')).toBe(true);
      expect(await uow.repositories.coupons.incrementRedemptions('SPRING10')).toBe(false);

      // A stray write that would over-redeem meets the last line of defence.
      expect(await outcome(sql`update coupons set redemptions = redemptions + 1 where code = 'SPRING10'`, database())).toMatch(/coupons_redemptions_check/);
      expect(await outcome(sql`update coupons set redemptions = -1 where code = 'SPRING10'`, database())).toMatch(/coupons_redemptions_check/);

      const lowered = await rejectionCode(uow.transaction((r) => r.coupons.update(aCoupon({ maxRedemptions: 1, version: 2 }), 1)));
      expect(lowered).toEqual({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'max_redemptions', message: 'must be at least the number of redemptions so far' }] } });
      // Raising it (or lifting it) is fine, and the count stays what it was.
      expect(await uow.transaction((r) => r.coupons.update(aCoupon({ maxRedemptions: null, version: 2 }), 1))).toBe(true);
      expect(await uow.repositories.coupons.findByCode('SPRING10')).toEqual(aCoupon({ maxRedemptions: null, version: 2, redemptions: 2 }));
      expect(await uow.repositories.coupons.incrementRedemptions('SPRING10')).toBe(true);
    });

    it('names the entity and field of every commerce key it refuses', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      await repos.carts.insert(aCart());
      await repos.coupons.insert(aCoupon());
      await repos.payments.insert(aPayment(order));
      const details = async (promise: Promise<unknown>) => {
        const result = await rejectionCode(promise);
        expect(result.code).toBe('CONFLICT');
        return result.details;
      };
      expect(await details(repos.carts.insert(aCart({ id: 'cart_2' })))).toEqual({ entity: 'cart', field: 'customer_id' });
      expect(await details(repos.carts.insert(aCart({ customerId: 'cust_2' })))).toEqual({ entity: 'cart', field: 'id' });
      await repos.carts.insert(aCart({ id: 'cart_2', customerId: 'cust_2' }));
      expect(await details(repos.carts.update(aCart({ id: 'cart_2', customerId: 'cust_1', version: 2 }), 1))).toEqual({ entity: 'cart', field: 'customer_id' });
      expect(await details(repos.coupons.insert(aCoupon()))).toEqual({ entity: 'coupon', field: 'code' });
      expect(await details(repos.payments.insert(aPayment(order)))).toEqual({ entity: 'payment', field: 'id' });
    });

    it('deletes an order’s payments with it, keeps redemptions tied to real orders and coupons, and refuses bad rows', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      await repos.coupons.insert(aCoupon());
      await repos.payments.insert(aPayment(order));
      await repos.payments.insert(aPayment(order, { id: 'pay_2', kind: 'refund', createdAt: '2026-03-21T00:00:00.000Z' }));

      const missing = (promise: Promise<unknown>) =>
        promise.then(
          () => 'stored',
          (error: unknown) => String((error as { message?: unknown }).message),
        );
      expect(await missing(repos.coupons.recordRedemption({ code: 'NONE', customerId: 'cust_1', orderId: order.id, at: AT }))).toMatch(/foreign key/i);
      expect(await missing(repos.coupons.recordRedemption({ code: 'SPRING10', customerId: 'cust_1', orderId: 'ord_missing', at: AT }))).toMatch(/foreign key/i);
      expect(await missing(repos.payments.insert(aPayment(anOrder({ id: 'ord_missing' }), { id: 'pay_3' })))).toMatch(/foreign key/i);
      expect(await missing(repos.payments.insert(aPayment(order, { id: 'pay_4', amount: 0 })))).toMatch(/payments_amount_check/);

      await sql`delete from orders where id = ${order.id}`.execute(database().db);
      expect(await repos.payments.listForOrder(order.id)).toEqual([]);
    });

    it('refuses a timestamp it cannot store in order, and normalises other ISO forms', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      await expect(repos.coupons.insert(aCoupon({ endsAt: 'next week' }))).rejects.toThrow(RangeError);
      await repos.coupons.insert(aCoupon({ startsAt: '2026-03-20T13:00:00+01:00' }));
      expect((await repos.coupons.findByCode('SPRING10'))?.startsAt).toBe(AT);
    });

    it('lists coupons newest first, counting all of them whatever the page', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const codes = ['A1', 'B2', 'C3', 'D4', 'E5'];
      for (const [i, code] of codes.entries()) await repos.coupons.insert(aCoupon({ code, createdAt: `2026-03-2${i}T00:00:00.000Z` }));
      await repos.coupons.insert(aCoupon({ code: 'E6', createdAt: '2026-03-24T00:00:00.000Z' }));
      const page = async (limit: number, offset: number) => {
        const result = await repos.coupons.list({ limit, offset });
        return { codes: result.items.map((c) => c.code), total: result.total };
      };
      // Equal creation times order by code, descending too.
      expect(await page(4, 0)).toEqual({ codes: ['E6', 'E5', 'D4', 'C3'], total: 6 });
      expect(await page(4, 4)).toEqual({ codes: ['B2', 'A1'], total: 6 });
      expect(await page(4, 8)).toEqual({ codes: [], total: 6 });
      expect(await page(3, 3)).toEqual({ codes: ['C3', 'B2', 'A1'], total: 6 });
    });
  });

  describe(`coupon statements on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const queries: string[] = [];
    beforeEach(async () => {
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query.sql) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('redeems with one guarded statement, never reading the coupon first, and updates everything but the count', async () => {
      const coupons = new KyselyCouponRepository(current!.database.db);
      await coupons.insert(aCoupon());
      queries.length = 0;
      expect(await coupons.incrementRedemptions('SPRING10')).toBe(true);
      const statements = queries.map((q) => q.replace(/\s+/g, ' ').toLowerCase());
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^update "coupons" set "redemptions" = redemptions \+ 1 where "code" = \S+ and \(max_redemptions is null or redemptions < max_redemptions\)$/);

      queries.length = 0;
      expect(await coupons.update(aCoupon({ version: 2 }), 1)).toBe(true);
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/^update "coupons" set .*"max_redemptions" = /);
      expect(queries[0]).not.toMatch(/[ ,]"redemptions" =/);
    });
  });
}

if (POSTGRES_ENABLED) {
  describe('coupon races on PostgreSQL', () => {
    const database = useTestDatabase(postgresTarget);

    async function backendPid(trx: Kysely<DatabaseSchema>): Promise<number> {
      const { rows } = await sql<{ pid: unknown }>`select pg_backend_pid() as pid`.execute(trx);
      return readSafeInteger(rows[0]?.pid, 'pid');
    }

    async function isBlockedBy(pid: number): Promise<boolean> {
      const { rows } = await sql<{ n: unknown }>`
        select count(*) as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(database().db);
      return readSafeInteger(rows[0]?.n, 'n') > 0;
    }

    /**
     * A first transaction takes the last redemption and holds the coupon's row lock until told to finish; a second
     * one tries the same while it is really waiting on that lock, and PostgreSQL re-checks the guard afterwards.
     */
    async function race(firstCommits: boolean): Promise<{ first: boolean; second: boolean; redemptions: number | undefined }> {
      const uow = new KyselyUnitOfWork(database());
      await uow.repositories.coupons.insert(aCoupon({ maxRedemptions: 1 }));
      let finishFirst = (): void => undefined;
      const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
      let reportPid = (_pid: number): void => undefined;
      const firstPid = new Promise<number>((resolve) => (reportPid = resolve));
      const rollback = new Error('roll back');
      const firstTx = database()
        .db.transaction()
        .execute(async (trx) => {
          const won = await new KyselyCouponRepository(trx).incrementRedemptions('SPRING10');
          reportPid(await backendPid(trx));
          await firstMayFinish;
          if (!firstCommits) throw rollback;
          return won;
        })
        .catch((error: unknown) => {
          if (error !== rollback) throw error;
          return true;
        });
      const pid = await firstPid;
      const secondTx = uow.transaction((r) => r.coupons.incrementRedemptions('SPRING10'));
      while (!(await isBlockedBy(pid))) await new Promise((resolve) => setImmediate(resolve));
      finishFirst();
      const [first, second] = [await firstTx, await secondTx];
      return { first, second, redemptions: (await uow.repositories.coupons.findByCode('SPRING10'))?.redemptions };
    }

    it('refuses the waiting redemption when the one holding the lock commits the last one', async () => {
      expect(await race(true)).toEqual({ first: true, second: false, redemptions: 1 });
    });

    it('grants the waiting redemption when the one holding the lock rolls back', async () => {
      expect(await race(false)).toEqual({ first: true, second: true, redemptions: 1 });
    });
  });
}
