import { createTestOrderCore, domainErrorOf } from '@oms/order-testkit';
import { adminPrincipal } from '../../auth/principal';

const admin = adminPrincipal('a');
const publicCaller = { kind: 'public' } as const;

it('shows status and tracking to whoever has the id and e-mail, and nothing else; a wrong e-mail looks like a missing order', async () => {
  const { core } = createTestOrderCore();
  const product = await core.createProduct.execute({ sku: 'JERSEY', name: 'Custom Jersey', price: 40, backorderPolicy: 'backorder' }, admin);
  await core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: 2, reason: 'restock' }] }, admin);
  const { order } = await core.placeOrder.execute(
    { customerId: 'c', items: [{ productId: product.id, quantity: 2 }], shippingAddress: { name: 'J', street: 'S', city: 'C', zip: 'Z' }, email: 'Jane@Example.com', phone: '+1 555 0100' },
    admin,
  );
  await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, admin);
  await core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped', trackingNumber: '1Z999AA10123456784', carrier: 'UPS' }, admin);
  const view = await core.trackOrder.execute({ orderId: order.id, email: ' jane@example.COM ' }, publicCaller);
  expect(view).toEqual({
    orderId: order.id,
    reference: order.reference,
    status: 'shipped',
    trackingNumber: '1Z999AA10123456784',
    carrier: 'UPS',
    estimatedDelivery: null,
    items: [{ name: 'Custom Jersey', quantity: 2, status: 'shipped' }],
    shipments: [{ carrier: 'UPS', trackingNumber: '1Z999AA10123456784', status: 'label_created', estimatedDelivery: null, items: [{ name: 'Custom Jersey', quantity: 2 }] }],
  });
  const text = JSON.stringify(view);
  for (const secret of ['555', 'Jane', '4000', 'street']) expect(text).not.toContain(secret);
  const wrongEmail = await domainErrorOf(core.trackOrder.execute({ orderId: order.id, email: 'other@example.com' }, publicCaller));
  const unknown = await domainErrorOf(core.trackOrder.execute({ orderId: 'order_missing', email: 'jane@example.com' }, publicCaller));
  expect([wrongEmail.code, wrongEmail.message, wrongEmail.details]).toEqual([unknown.code, unknown.message, unknown.details]);
});
