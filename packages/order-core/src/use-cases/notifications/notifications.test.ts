import { createTestOrderCore } from '@oms/order-testkit';
import { adminPrincipal, systemPrincipal } from '../../auth/principal';

const admin = adminPrincipal('admin_1');
const worker = systemPrincipal('worker');

it('queues one e-mail with reference, status and tracking when asked, and delivers it after the change, retrying failures', async () => {
  const { core, notifier, clock, uow } = createTestOrderCore();
  const product = await core.createProduct.execute({ sku: 'TEE', name: 'Tee', price: 10 }, admin);
  await core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: 5, reason: 'restock' }] }, admin);
  const { order } = await core.placeOrder.execute(
    { customerId: 'c', items: [{ productId: product.id, quantity: 1 }], shippingAddress: { name: 'Jane', street: 'S', city: 'C', zip: 'Z' }, email: 'jane@example.com' },
    admin,
  );
  await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, admin);
  notifier.failing = true;
  const shipped = await core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped', trackingNumber: '1Z999AA10123456784', carrier: 'UPS', notifyCustomer: true }, admin);
  expect(shipped.order.status).toBe('shipped');
  const deliver = core.deliverNotifications!;
  expect(await deliver.execute({}, worker)).toEqual({ sent: 0, failed: 1 });
  expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('shipped');
  notifier.failing = false;
  expect(await deliver.execute({}, worker)).toEqual({ sent: 0, failed: 0 });
  clock.advance(31_000);
  expect(await deliver.execute({}, worker)).toEqual({ sent: 1, failed: 0 });
  expect(notifier.sent).toHaveLength(1);
  expect(notifier.sent[0]).toMatchObject({ to: 'jane@example.com', subject: `Order ${order.reference} has shipped` });
  expect(notifier.sent[0]?.text).toContain('Tracking number: 1Z999AA10123456784 (UPS)');
  expect(await deliver.execute({}, worker)).toEqual({ sent: 0, failed: 0 });
  const message = await uow.repositories.outbox.findById(notifier.sent[0]!.messageId);
  expect(message).toMatchObject({ status: 'sent', attempts: 2 });
  await expect(deliver.execute({}, admin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
});
