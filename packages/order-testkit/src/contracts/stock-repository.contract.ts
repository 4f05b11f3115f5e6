import { DEFAULT_WAREHOUSE_ID, type InventoryMovement, type UnitOfWork } from '@oms/order-core';
import { aProduct } from '../builders';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

const WH = DEFAULT_WAREHOUSE_ID;

async function productWithStock(uow: UnitOfWork, onHand: number) {
  const product = aProduct();
  await uow.transaction(async (r) => {
    await r.products.insert(product);
    if (onHand > 0) expect(await r.stock.adjust(product.id, WH, onHand)).toBe(true);
  });
  return product;
}

async function level(uow: UnitOfWork, productId: string) {
  return (await uow.repositories.stock.levelsFor([productId])).find((l) => l.warehouseId === WH) ?? null;
}

/** Deterministic pseudo-random quantities, so a failure is reproducible. */
function quantities(count: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return 1 + (x % 3);
  });
}

export function describeStockRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`StockRepository contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('creates a level on the first adjustment and reports it', async () => {
      const product = await productWithStock(uow(), 0);
      expect(await level(uow(), product.id)).toBeNull();
      expect(await uow().transaction((r) => r.stock.adjust(product.id, WH, 7))).toBe(true);
      expect(await level(uow(), product.id)).toEqual({ productId: product.id, warehouseId: WH, onHand: 7, reserved: 0 });
    });

    it('guards every change: no negative on hand, no reservation beyond available, no release beyond reserved', async () => {
      const product = await productWithStock(uow(), 5);
      const run = <T>(work: (r: Parameters<Parameters<UnitOfWork['transaction']>[0]>[0]) => Promise<T>) => uow().transaction(work);
      expect(await run((r) => r.stock.reserve(product.id, WH, 6))).toBe(false);
      expect(await run((r) => r.stock.reserve(product.id, WH, 3))).toBe(true);
      expect(await run((r) => r.stock.adjust(product.id, WH, -3))).toBe(false);
      expect(await run((r) => r.stock.adjust(product.id, WH, -2))).toBe(true);
      expect(await level(uow(), product.id)).toMatchObject({ onHand: 3, reserved: 3 });
      expect(await run((r) => r.stock.reserve(product.id, WH, 1))).toBe(false);
      expect(await run((r) => r.stock.release(product.id, WH, 4))).toBe(false);
      expect(await run((r) => r.stock.consume(product.id, WH, 2))).toBe(true);
      expect(await level(uow(), product.id)).toMatchObject({ onHand: 1, reserved: 1 });
      expect(await run((r) => r.stock.release(product.id, WH, 1))).toBe(true);
      expect(await run((r) => r.stock.consume(product.id, WH, 1))).toBe(false);
      expect(await level(uow(), product.id)).toMatchObject({ onHand: 1, reserved: 0 });
      expect(await run((r) => r.stock.reserve('prod_missing', WH, 1))).toBe(false);
      expect(await run((r) => r.stock.release('prod_missing', WH, 1))).toBe(false);
    });

    it('never oversells: 200 concurrent single-unit reservations against 50 on hand', async () => {
      const product = await productWithStock(uow(), 50);
      const outcomes = await Promise.all(Array.from({ length: 200 }, () => uow().transaction((r) => r.stock.reserve(product.id, WH, 1))));
      expect(outcomes.filter(Boolean)).toHaveLength(50);
      expect(await level(uow(), product.id)).toMatchObject({ onHand: 50, reserved: 50 });
    });

    it('never oversells with random quantities of 1 to 3', async () => {
      const product = await productWithStock(uow(), 50);
      const wanted = quantities(200, 7);
      const outcomes = await Promise.all(wanted.map((q) => uow().transaction((r) => r.stock.reserve(product.id, WH, q))));
      const granted = wanted.filter((_, i) => outcomes[i]).reduce((a, b) => a + b, 0);
      const stored = await level(uow(), product.id);
      expect(stored?.reserved).toBe(granted);
      expect(granted).toBeLessThanOrEqual(50);
      // Once nothing fits any more, every request that could still fit must have been granted.
      expect(50 - granted).toBeLessThan(Math.min(...wanted.filter((_, i) => !outcomes[i]), 4));
    });

    it('lists levels by product then warehouse, with low-stock filter and paging', async () => {
      const a = await productWithStock(uow(), 10);
      const b = await productWithStock(uow(), 2);
      await uow().transaction((r) => r.stock.reserve(a.id, WH, 9));
      const all = await uow().repositories.stock.listLevels({ limit: 10, offset: 0 });
      expect(all.items.map((l) => l.productId)).toEqual([a.id, b.id].sort());
      expect(all.total).toBe(2);
      const low = await uow().repositories.stock.listLevels({ lowStockAtMost: 1, limit: 10, offset: 0 });
      expect(low.items).toEqual([{ productId: a.id, warehouseId: WH, onHand: 10, reserved: 9 }]);
      expect((await uow().repositories.stock.listLevels({ productId: b.id, limit: 10, offset: 0 })).items).toHaveLength(1);
      expect((await uow().repositories.stock.listLevels({ limit: 1, offset: 1 })).items).toHaveLength(1);
    });

    it('keeps movements append-only, oldest first, filterable', async () => {
      const product = await productWithStock(uow(), 0);
      const actor = { kind: 'staff', id: 'u1', display: 'u1@example.com' } as const;
      const base = { productId: product.id, warehouseId: WH, orderId: null, note: null, actor, reservedChange: 0 };
      const movements: InventoryMovement[] = [
        { ...base, id: 'mov_2', onHandChange: -2, reason: 'damaged', note: 'dropped', at: '2026-03-21T00:00:00.000Z' },
        { ...base, id: 'mov_1', onHandChange: 10, reason: 'restock', at: '2026-03-20T00:00:00.000Z' },
        { ...base, id: 'mov_3', onHandChange: 0, reservedChange: 3, reason: 'reservation', orderId: 'order_9', at: '2026-03-22T00:00:00.000Z' },
      ];
      await uow().transaction((r) => r.stock.appendMovements(movements));
      const history = uow().repositories.stock;
      expect((await history.listMovements({ limit: 10, offset: 0 })).items).toEqual([movements[1], movements[0], movements[2]]);
      expect((await history.listMovements({ reason: 'damaged', limit: 10, offset: 0 })).items).toEqual([movements[0]]);
      expect((await history.listMovements({ orderId: 'order_9', limit: 10, offset: 0 })).items).toEqual([movements[2]]);
      const range = await history.listMovements({ from: '2026-03-20T12:00:00.000Z', to: '2026-03-22T00:00:00.000Z', limit: 1, offset: 0 });
      expect(range).toEqual({ items: [movements[0]], total: 2 });
      expect((await history.listMovements({ productId: 'prod_other', limit: 10, offset: 0 })).total).toBe(0);
    });
  });
}
