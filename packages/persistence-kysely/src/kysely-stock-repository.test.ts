import { DEFAULT_WAREHOUSE_ID, type InventoryMovement, type Repositories } from '@oms/order-core';
import { aProduct } from '@oms/order-testkit';
import { sql, type Kysely, type LogEvent } from 'kysely';
import type { OmsDatabase } from './connect-database';
import type { DatabaseSchema } from './database-schema';
import { KyselyStockRepository } from './kysely-stock-repository';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { readSafeInteger } from './read-safe-integer';
import { POSTGRES_ENABLED, postgresTarget, testTargets, useTestDatabase, type TestDatabase } from './testing/test-databases';

const WH = DEFAULT_WAREHOUSE_ID;

async function productWithStock(uow: KyselyUnitOfWork, onHand: number): Promise<string> {
  const product = aProduct();
  await uow.transaction(async (r) => {
    await r.products.insert(product);
    if (onHand > 0 && !(await r.stock.adjust(product.id, WH, onHand))) throw new Error('could not stock the product');
  });
  return product.id;
}

async function levelOf(repos: Repositories, productId: string) {
  return (await repos.stock.levelsFor([productId])).find((l) => l.warehouseId === WH) ?? null;
}

/** Reads the level over and over while `until` is pending; returns every available quantity it saw. */
async function watchAvailable(repos: Repositories, productId: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const seen: number[] = [];
  while (!done) {
    const level = await levelOf(repos, productId);
    if (level) seen.push(level.onHand - level.reserved);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return seen;
}

function seededQuantities(count: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return 1 + (x % 3);
  });
}

function movement(productId: string, id: string, reservedChange: number): InventoryMovement {
  return {
    id,
    productId,
    warehouseId: WH,
    onHandChange: 0,
    reservedChange,
    reason: 'reservation',
    orderId: null,
    note: null,
    actor: { kind: 'system', id: null, display: 'test' },
    at: '2026-03-20T12:00:00.000Z',
  };
}

for (const target of testTargets()) {
  describe(`KyselyStockRepository on ${target.name}`, () => {
    const database = useTestDatabase(target);
    const uow = () => new KyselyUnitOfWork(database());

    it('gives exactly 50 of 200 concurrent single-unit reservation transactions against 50 on hand, never a negative available', async () => {
      const productId = await productWithStock(uow(), 50);
      const work = uow();
      // 200 transactions at once: on PostgreSQL they queue for the pool's 10 connections, on SQLite for its one.
      const all = Promise.allSettled(Array.from({ length: 200 }, () => work.transaction((r) => r.stock.reserve(productId, WH, 1))));
      const seen = await watchAvailable(work.repositories, productId, all);
      const results = await all;
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(results.filter((r) => r.status === 'fulfilled' && r.value)).toHaveLength(50);
      expect(await levelOf(work.repositories, productId)).toEqual({ productId, warehouseId: WH, onHand: 50, reserved: 50 });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((available) => available >= 0 && available <= 50)).toBe(true);
    });

    it('never oversells random quantities of 1 to 3, and the history written beside each reservation adds up', async () => {
      const productId = await productWithStock(uow(), 50);
      const work = uow();
      const wanted = seededQuantities(200, 3);
      const all = Promise.allSettled(
        wanted.map((q, i) =>
          work.transaction(async (r) => {
            const ok = await r.stock.reserve(productId, WH, q);
            if (ok) await r.stock.appendMovements([movement(productId, `mov_${String(i).padStart(3, '0')}`, q)]);
            return ok;
          }),
        ),
      );
      const seen = await watchAvailable(work.repositories, productId, all);
      const results = await all;
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const granted = wanted.filter((_, i) => (results[i] as PromiseFulfilledResult<boolean>).value).reduce((a, b) => a + b, 0);
      const level = await levelOf(work.repositories, productId);
      expect(level?.reserved).toBe(granted);
      expect(granted).toBeLessThanOrEqual(50);
      // Whatever was left over is smaller than every refused request: nothing that fitted was turned away.
      expect(50 - granted).toBeLessThan(Math.min(4, ...wanted.filter((_, i) => !(results[i] as PromiseFulfilledResult<boolean>).value)));
      const history = await work.repositories.stock.listMovements({ productId, limit: 500, offset: 0 });
      expect(history.items.reduce((sum, m) => sum + m.reservedChange, 0)).toBe(granted);
      expect(seen.every((available) => available >= 0)).toBe(true);
    });

    it('keeps the transaction usable after a guard fails, so the caller decides what to do', async () => {
      const productId = await productWithStock(uow(), 2);
      const outcome = await uow().transaction(async (r) => {
        const tooMany = await r.stock.reserve(productId, WH, 3);
        const notHeld = await r.stock.release(productId, WH, 1);
        const notHeldToShip = await r.stock.consume(productId, WH, 1);
        const belowZero = await r.stock.adjust(productId, WH, -3);
        // On PostgreSQL a failed statement would have aborted the transaction; these must still run and commit.
        const fits = await r.stock.reserve(productId, WH, 2);
        await r.stock.appendMovements([movement(productId, 'mov_after_guard', 2)]);
        return [tooMany, notHeld, notHeldToShip, belowZero, fits];
      });
      expect(outcome).toEqual([false, false, false, false, true]);
      expect(await levelOf(uow().repositories, productId)).toMatchObject({ onHand: 2, reserved: 2 });
      expect((await uow().repositories.stock.listMovements({ productId, limit: 10, offset: 0 })).total).toBe(1);
    });

    it('refuses quantities that are not positive whole numbers before touching the database', async () => {
      const productId = await productWithStock(uow(), 5);
      const stock = uow().repositories.stock;
      for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(stock.reserve(productId, WH, bad)).rejects.toThrow(RangeError);
        await expect(stock.release(productId, WH, bad)).rejects.toThrow(RangeError);
        await expect(stock.consume(productId, WH, bad)).rejects.toThrow(RangeError);
      }
      await expect(stock.adjust(productId, WH, 0.5)).rejects.toThrow(RangeError);
      expect(await levelOf(uow().repositories, productId)).toMatchObject({ onHand: 5, reserved: 0 });
    });

    it('leaves no empty level behind a refused decrease, and keeps on hand within exact JavaScript numbers', async () => {
      const productId = await productWithStock(uow(), 0);
      const stock = uow().repositories.stock;
      expect(await stock.adjust(productId, WH, -1)).toBe(false);
      expect(await stock.levelsFor([productId])).toEqual([]);
      expect(await stock.adjust(productId, WH, 0)).toBe(true);
      expect(await stock.levelsFor([productId])).toEqual([{ productId, warehouseId: WH, onHand: 0, reserved: 0 }]);
      expect(await stock.adjust(productId, WH, Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(await stock.adjust(productId, WH, 1)).toBe(false);
      expect(await levelOf(uow().repositories, productId)).toMatchObject({ onHand: Number.MAX_SAFE_INTEGER });
    });

    it('reports levels in several warehouses by product then warehouse', async () => {
      const a = await productWithStock(uow(), 3);
      const b = await productWithStock(uow(), 0);
      await uow().transaction(async (r) => {
        await r.warehouses.insert({ id: 'wh_b', code: 'B', name: 'B', active: true, priority: 1, version: 1, createdAt: '2026-03-20T12:00:00.000Z', updatedAt: '2026-03-20T12:00:00.000Z' });
        await r.stock.adjust(b, 'wh_b', 4);
        await r.stock.adjust(a, 'wh_b', 1);
      });
      const levels = await uow().repositories.stock.levelsFor([b, a, a, 'prod_none']);
      const expected = [
        { productId: a, warehouseId: 'wh_b', onHand: 1, reserved: 0 },
        { productId: a, warehouseId: WH, onHand: 3, reserved: 0 },
        { productId: b, warehouseId: 'wh_b', onHand: 4, reserved: 0 },
      ].sort((x, y) => (x.productId + ' ' + x.warehouseId < y.productId + ' ' + y.warehouseId ? -1 : 1));
      expect(levels).toEqual(expected);
      expect((await uow().repositories.stock.listLevels({ warehouseId: 'wh_b', limit: 10, offset: 0 })).total).toBe(2);
      expect(await uow().repositories.stock.levelsFor([])).toEqual([]);
    });
  });

  describe(`stock statements on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const queries: string[] = [];
    beforeEach(async () => {
      queries.length = 0;
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query.sql) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('changes a level with one guarded statement each, never reading it first', async () => {
      const database: OmsDatabase = current!.database;
      const product = aProduct();
      const stock = new KyselyStockRepository(database.db);
      await new KyselyUnitOfWork(database).repositories.products.insert(product);
      const statementsOf = async (call: () => Promise<boolean>): Promise<string[]> => {
        queries.length = 0;
        expect(await call()).toBe(true);
        return queries.map((q) => q.replace(/\s+/g, ' ').toLowerCase());
      };
      const adjust = await statementsOf(() => stock.adjust(product.id, WH, 5));
      expect(adjust).toHaveLength(2);
      expect(adjust[0]).toMatch(/^insert into "stock_levels" .* on conflict .* do nothing$/);
      expect(adjust[1]).toMatch(/^update "stock_levels" set "on_hand" = on_hand \+ \S+ where .* and on_hand \+ \S+ >= reserved/);
      const reserve = await statementsOf(() => stock.reserve(product.id, WH, 2));
      expect(reserve).toHaveLength(1);
      expect(reserve[0]).toMatch(/^update "stock_levels" set "reserved" = reserved \+ \S+ where .* and on_hand - reserved >= \S+$/);
      const release = await statementsOf(() => stock.release(product.id, WH, 1));
      expect(release).toHaveLength(1);
      expect(release[0]).toMatch(/^update "stock_levels" set "reserved" = reserved - \S+ where .* and reserved >= \S+$/);
      const consume = await statementsOf(() => stock.consume(product.id, WH, 1));
      expect(consume).toHaveLength(1);
      expect(consume[0]).toMatch(/^update "stock_levels" set "on_hand" = on_hand - \S+, "reserved" = reserved - \S+ where .* and reserved >= \S+$/);
    });
  });
}

if (POSTGRES_ENABLED) {
  describe('stock races on PostgreSQL', () => {
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
     * A first transaction reserves the last unit and holds its row lock until told to finish; a second one tries the
     * same while it is really waiting on that lock. PostgreSQL then re-checks the guard against the row the first
     * one left.
     */
    async function race(firstCommits: boolean): Promise<{ first: boolean; second: boolean; reserved: number }> {
      const uow = new KyselyUnitOfWork(database());
      const productId = await productWithStock(uow, 1);
      let finishFirst = (): void => undefined;
      const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
      let reportPid = (_pid: number): void => undefined;
      const firstPid = new Promise<number>((resolve) => (reportPid = resolve));
      const rollback = new Error('roll back');
      const firstTx = database()
        .db.transaction()
        .execute(async (trx) => {
          const won = await new KyselyStockRepository(trx).reserve(productId, WH, 1);
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
      const secondTx = uow.transaction((r) => r.stock.reserve(productId, WH, 1));
      while (!(await isBlockedBy(pid))) await new Promise((resolve) => setImmediate(resolve));
      finishFirst();
      const [first, second] = [await firstTx, await secondTx];
      return { first, second, reserved: (await levelOf(uow.repositories, productId))!.reserved };
    }

    it('refuses the waiting reservation when the one holding the lock commits the last unit', async () => {
      expect(await race(true)).toEqual({ first: true, second: false, reserved: 1 });
    });

    it('grants the waiting reservation when the one holding the lock rolls back', async () => {
      expect(await race(false)).toEqual({ first: true, second: true, reserved: 1 });
    });
  });
}
