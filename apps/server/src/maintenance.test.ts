import { adminPrincipal } from '@oms/order-core';
import { createTestOrderCore } from '@oms/order-testkit';
import pino from 'pino';
import { startMaintenance } from './maintenance';

it('purges expired idempotency keys at start and then on its interval', async () => {
  const { core, clock, uow } = createTestOrderCore();
  const admin = adminPrincipal('a');
  const product = await core.createProduct.execute({ sku: 'A', name: 'A', price: 1, backorderPolicy: 'backorder' }, admin);
  const input = { customerId: 'c', items: [{ productId: product.id, quantity: 1 }], shippingAddress: { name: 'N', street: 'S', city: 'C', zip: 'Z' }, idempotencyKey: 'k' };
  const first = await core.placeOrder.execute(input, admin);
  const placedAt = first.order.createdAt;
  expect(await uow.repositories.idempotency.find('staff:a', 'k', placedAt)).not.toBeNull();
  clock.advance(25 * 60 * 60 * 1000);
  const stop = startMaintenance(core, pino({ level: 'silent' }), 20);
  try {
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Looked up as of placement time, a record still stored would be found: it must be gone.
    expect(await uow.repositories.idempotency.find('staff:a', 'k', placedAt)).toBeNull();
    const again = await core.placeOrder.execute(input, admin);
    expect(again.replayed).toBe(false);
    expect(again.order.id).not.toBe(first.order.id);
  } finally {
    stop();
  }
});
