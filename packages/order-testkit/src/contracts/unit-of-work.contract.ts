import { aProduct, anApiToken, anOrder } from '../builders';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

export function describeUnitOfWorkContract(name: string, factory: PersistenceFactory): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('commits everything a transaction wrote and returns its result', async () => {
      const product = aProduct();
      const order = anOrder();
      const result = await uow().transaction(async (r) => {
        await r.products.insert(product);
        await r.orders.insert(order);
        await r.orderEvents.append([{ id: 'evt_1', orderId: order.id, type: 'order_placed', actor: { kind: 'system', id: 's', display: 's' }, at: order.createdAt, data: { status: 'pending', total: 1, currency: 'USD' } }]);
        return 'done';
      });
      expect(result).toBe('done');
      expect(await uow().repositories.products.findById(product.id)).toEqual(product);
      expect(await uow().repositories.orders.findById(order.id)).toEqual(order);
      expect(await uow().repositories.orderEvents.listForOrder(order.id)).toHaveLength(1);
    });

    it('leaves nothing behind when the work throws, and passes the error on', async () => {
      const product = aProduct();
      const order = anOrder();
      const token = anApiToken();
      const failure = new Error('boom');
      await expect(
        uow().transaction(async (r) => {
          await r.products.insert(product);
          await r.orders.insert(order);
          await r.orderEvents.append([{ id: 'evt_1', orderId: order.id, type: 'order_placed', actor: { kind: 'system', id: 's', display: 's' }, at: order.createdAt, data: { status: 'pending', total: 1, currency: 'USD' } }]);
          await r.apiTokens.insert(token);
          await r.idempotency.insert({ scope: 's', key: 'k', operation: 'o', fingerprint: 'f', result: null, createdAt: order.createdAt, expiresAt: '2999-01-01T00:00:00.000Z' }, order.createdAt);
          throw failure;
        }),
      ).rejects.toBe(failure);
      const repos = uow().repositories;
      expect(await repos.products.findById(product.id)).toBeNull();
      expect(await repos.orders.findById(order.id)).toBeNull();
      expect(await repos.orderEvents.listForOrder(order.id)).toEqual([]);
      expect(await repos.apiTokens.findByHash(token.tokenHash)).toBeNull();
      expect(await repos.idempotency.find('s', 'k', order.createdAt)).toBeNull();
      expect((await repos.orders.list({ sort: { field: 'created_at', direction: 'desc' }, limit: 10, offset: 0 })).total).toBe(0);
    });

    it('rolls back earlier writes when a later statement fails', async () => {
      const existing = aProduct({ sku: 'TAKEN' });
      await uow().transaction((r) => r.products.insert(existing));
      const fresh = aProduct();
      const order = anOrder();
      const result = await rejectionCode(
        uow().transaction(async (r) => {
          await r.products.insert(fresh);
          await r.orders.insert(order);
          await r.products.insert(aProduct({ sku: 'TAKEN' }));
        }),
      );
      expect(result.code).toBe('CONFLICT');
      expect(await uow().repositories.products.findById(fresh.id)).toBeNull();
      expect(await uow().repositories.orders.findById(order.id)).toBeNull();
      expect(await uow().repositories.products.findById(existing.id)).toEqual(existing);
    });

    it('lets exactly one of two concurrent updates at the same version win', async () => {
      const order = anOrder();
      await uow().transaction((r) => r.orders.insert(order));
      const outcomes = await Promise.all(
        (['processing', 'on_hold'] as const).map((status) =>
          uow().transaction((r) => r.orders.update({ ...order, status, version: 2 }, 1)),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const stored = await uow().repositories.orders.findById(order.id);
      expect(stored?.version).toBe(2);
      expect(stored?.status).toBe(outcomes[0] ? 'processing' : 'on_hold');
    });

    it('commits concurrent independent transactions', async () => {
      const products = Array.from({ length: 8 }, () => aProduct());
      await Promise.all(products.map((p) => uow().transaction((r) => r.products.insert(p))));
      expect((await uow().repositories.products.list({ limit: 100, offset: 0 })).total).toBe(8);
    });
  });
}
