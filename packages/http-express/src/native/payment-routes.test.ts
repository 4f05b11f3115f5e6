import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  orderBody,
  placeOrder,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';

const ALICE = asCustomer('cust_alice', 'alice@example.com');
const CASHIER = bearer(signJwt({ sub: 'staff_cash', role: 'staff', email: 'cash@example.com' }));
const READER = bearer(signJwt({ sub: 'staff_read', role: 'staff', scope: 'orders:read' }));
const ADMIN_ACTOR = { kind: 'staff', id: 'admin-token', display: 'admin-token' };

/** A customer checks out 2 x 29.99: an order of 59.98 awaiting payment. */
async function awaitingPayment(h: Harness): Promise<string> {
  const product = await createProduct(h, { price: 29.99 });
  expect((await h.http.post('/cart/items').set(ALICE).send({ product_id: product.id, quantity: 2 })).status).toBe(200);
  const res = await h.http.post('/cart/checkout').set(ALICE).send({ shipping_address: { name: 'Alice', street: '1 Elm St', city: 'Springfield', zip: '62701' } });
  expect(res.body.data).toMatchObject({ status: 'pending_payment', total: 59.98 });
  return res.body.data.order_id as string;
}

describe('POST /admin/orders/{order_id}/payments', () => {
  it('records payments; paid in full, pending_payment moves to pending', async () => {
    const h = createHarness();
    const orderId = await awaitingPayment(h);
    h.clock.advance(1_000);
    const part = await h.http.post(`/admin/orders/${orderId}/payments`).set(CASHIER).send({ amount: 20, method: 'card', reference: 'AUTH-1' });
    expect(part.status).toBe(201);
    expect(part.body.data.payment).toEqual({
      id: expect.stringMatching(/^pay_/),
      order_id: orderId,
      kind: 'payment',
      amount: 20,
      currency: 'USD',
      method: 'card',
      reference: 'AUTH-1',
      recorded_by: { kind: 'staff', id: 'staff_cash', display: 'cash@example.com' },
      created_at: '2026-03-20T12:00:01.000Z',
    });
    expect(part.body.data.order).toMatchObject({ id: orderId, status: 'pending_payment', amount_paid: 20, total: 59.98 });
    expect(part.headers['etag']).toBe(`"${part.body.data.order.version}"`);
    await expectDocumented(h, 'post', '/admin/orders/{order_id}/payments', part);

    h.clock.advance(1_000);
    const rest = await h.http.post(`/admin/orders/${orderId}/payments`).set(CASHIER).send({ amount: '39.98', method: 'cash' });
    expect(rest.status).toBe(201);
    expect(rest.body.data.order).toMatchObject({ status: 'pending', amount_paid: 59.98 });
    expect(rest.body.data.order.payments).toEqual([
      { id: part.body.data.payment.id, kind: 'payment', amount: 20, method: 'card', reference: 'AUTH-1', at: '2026-03-20T12:00:01.000Z', by: { kind: 'staff', id: 'staff_cash', display: 'cash@example.com' } },
      { id: rest.body.data.payment.id, kind: 'payment', amount: 39.98, method: 'cash', reference: null, at: '2026-03-20T12:00:02.000Z', by: { kind: 'staff', id: 'staff_cash', display: 'cash@example.com' } },
    ]);
    expect(rest.body.data.order.timeline.map((e: { status: string }) => e.status)).toEqual(['pending_payment', 'pending']);
    expect(rest.body.data.order.timeline[1]).toMatchObject({ from: 'pending_payment', reason: 'Paid in full' });

    // The customer sees the payments (without who recorded them) and the new status.
    const mine = (await h.http.get(`/orders/${orderId}`).set(ALICE)).body.data;
    expect(mine).toMatchObject({ status: 'pending', amount_paid: 59.98 });
    expect(mine.payments).toEqual([
      { kind: 'payment', amount: 20, method: 'card', at: '2026-03-20T12:00:01.000Z' },
      { kind: 'payment', amount: 39.98, method: 'cash', at: '2026-03-20T12:00:02.000Z' },
    ]);

    const timeline = (await h.http.get(`/admin/orders/${orderId}/timeline`).set(AS_ADMIN)).body.data;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['status_change', 'payment', 'payment', 'status_change']);
    expect(timeline[1]).toMatchObject({ type: 'payment', amount: 20, currency: 'USD', method: 'card', reference: 'AUTH-1' });
  });

  it('refuses more than is outstanding, zero, bad amounts and missing fields (422)', async () => {
    const h = createHarness();
    const orderId = await awaitingPayment(h);
    const post = (body: object) => h.http.post(`/admin/orders/${orderId}/payments`).set(AS_ADMIN).send(body);
    expect(fieldErrors((await post({ amount: 59.99, method: 'card' })).body)).toEqual([{ field: 'amount', message: 'must be at most the outstanding 59.98 USD' }]);
    expect(fieldErrors((await post({ amount: 0, method: 'card' })).body)).toEqual([{ field: 'amount', message: 'must be more than zero' }]);
    expect(fieldErrors((await post({ amount: 1.001, method: 'card' })).body)).toEqual([{ field: 'amount', message: 'must have at most 2 decimal places in USD' }]);
    expect(fieldErrors((await post({})).body)).toEqual([
      { field: 'amount', message: 'is required' },
      { field: 'method', message: 'is required' },
    ]);
    expect(fieldErrors((await post({ amount: 1, method: 'card', currency: 'EUR' })).body)).toEqual([{ field: 'currency', message: 'is not allowed' }]);
    const none = await h.http.get(`/admin/orders/${orderId}/payments`).set(AS_ADMIN);
    expect(none.body.data).toEqual([]);
  });

  it('answers 404 for an unknown order, 409 for a cancelled one, 403 without orders:write or for customers', async () => {
    const h = createHarness();
    const orderId = await awaitingPayment(h);
    const missing = await h.http.post('/admin/orders/order_nope/payments').set(AS_ADMIN).send({ amount: 1, method: 'card' });
    expect(missing.status).toBe(404);
    expect((await h.http.get('/admin/orders/order_nope/payments').set(AS_ADMIN)).status).toBe(404);
    const reader = await h.http.post(`/admin/orders/${orderId}/payments`).set(READER).send({ amount: 1, method: 'card' });
    expect(reader.status).toBe(403);
    expect(reader.body.error.details).toEqual({ required_scope: 'orders:write' });
    expect((await h.http.post(`/admin/orders/${orderId}/payments`).set(ALICE).send({ amount: 1, method: 'card' })).status).toBe(403);
    expect((await h.http.get(`/admin/orders/${orderId}/payments`).set(ALICE)).status).toBe(403);

    expect((await h.http.post(`/admin/orders/${orderId}/cancel`).set(AS_ADMIN).send({})).status).toBe(200);
    const cancelled = await h.http.post(`/admin/orders/${orderId}/payments`).set(AS_ADMIN).send({ amount: 1, method: 'card' });
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error.details).toEqual({ status: 'cancelled' });
  });
});

describe('cancelling with a refund', () => {
  it('refunds everything paid, records it, and ends refunded; the response and the timeline show it', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: 29.99 });
    const order = await placeOrder(h, orderBody(product.id));
    h.clock.advance(1_000);
    const paid = await h.http.post(`/admin/orders/${order.id}/payments`).set(AS_ADMIN).send({ amount: 59.98, method: 'card', reference: 'AUTH-9' });
    expect(paid.body.data.order.status).toBe('pending');
    h.clock.advance(1_000);
    const res = await h.http.post(`/admin/orders/${order.id}/cancel`).set(AS_ADMIN).send({ reason: 'customer asked', refund: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'refunded',
      amount_paid: 0,
      cancellation: { reason: 'customer asked', refund: true },
      allowed_transitions: [],
    });
    expect(res.headers['etag']).toBe(`"${res.body.data.version}"`);
    expect(res.body.data.payments).toEqual([
      expect.objectContaining({ kind: 'payment', amount: 59.98, method: 'card', reference: 'AUTH-9' }),
      {
        id: expect.stringMatching(/^pay_/),
        kind: 'refund',
        amount: 59.98,
        method: 'manual',
        reference: expect.stringMatching(/^manual-refund:refund:/),
        at: '2026-03-20T12:00:02.000Z',
        by: ADMIN_ACTOR,
      },
    ]);
    expect(res.body.data.timeline.map((e: { status: string }) => e.status)).toEqual(['pending', 'cancelled', 'refunded']);
    await expectDocumented(h, 'post', '/admin/orders/{order_id}/cancel', res);

    const timelineRes = await h.http.get(`/admin/orders/${order.id}/timeline`).set(AS_ADMIN);
    const timeline = timelineRes.body.data;
    expect(timeline.map((e: { type: string; status?: string }) => e.status ?? e.type)).toEqual(['pending', 'payment', 'cancelled', 'refund', 'refunded']);
    expect(timeline[2]).toMatchObject({ type: 'status_change', from: 'pending', status: 'cancelled', refund: true });
    expect(timeline[3]).toMatchObject({ type: 'refund', amount: 59.98, currency: 'USD', method: 'manual' });
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/timeline', timelineRes);

    const payments = await h.http.get(`/admin/orders/${order.id}/payments`).set(AS_ADMIN);
    expect(payments.status).toBe(200);
    expect(payments.body.data.map((p: { kind: string; amount: number }) => [p.kind, p.amount])).toEqual([['payment', 59.98], ['refund', 59.98]]);
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/payments', payments);
  });

  it('stays cancelled when nothing was paid', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const order = await placeOrder(h, orderBody(product.id));
    const res = await h.http.post(`/admin/orders/${order.id}/cancel`).set(AS_ADMIN).send({ refund: true });
    expect(res.body.data).toMatchObject({ status: 'cancelled', amount_paid: 0, payments: [], cancellation: { refund: true } });
  });
});

describe('POST /admin/orders/{order_id}/refund', () => {
  it('refunds what is still paid on a cancelled order and ends it refunded; refuses orders that are not finished or owe nothing', async () => {
    const h = createHarness();
    const orderId = await awaitingPayment(h);
    expect((await h.http.post(`/admin/orders/${orderId}/payments`).set(AS_ADMIN).send({ amount: 59.98, method: 'card' })).status).toBe(201);
    const early = await h.http.post(`/admin/orders/${orderId}/refund`).set(AS_ADMIN).send({});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');
    await h.http.post(`/admin/orders/${orderId}/cancel`).set(AS_ADMIN).send({}).expect(200);
    expect((await h.http.post(`/admin/orders/${orderId}/refund`).set(READER).send({})).status).toBe(403);
    const refunded = await h.http.post(`/admin/orders/${orderId}/refund`).set(AS_ADMIN).send({});
    expect(refunded.status).toBe(200);
    expect(refunded.body.data).toMatchObject({ status: 'refunded', amount_paid: 0 });
    await expectDocumented(h, 'post', '/admin/orders/{order_id}/refund', refunded);
    const nothingLeft = await h.http.post(`/admin/orders/${orderId}/refund`).set(AS_ADMIN).send({});
    expect(nothingLeft.status).toBe(409);
    expect((await h.http.post('/admin/orders/order_none/refund').set(AS_ADMIN).send({})).status).toBe(404);
  });
});
