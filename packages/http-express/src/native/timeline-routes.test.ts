import { adminPrincipal } from '@oms/order-core';
import {
  AS_ADMIN,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  issueToken,
  orderBody,
  placeOrder,
  pngBytes,
  signJwt,
  upload,
} from '../test-support/http-test-harness';

const MARC = bearer(signJwt({ sub: 'staff_marc', role: 'staff', email: 'marc@example.com' }));
const NO_EMAIL = bearer(signJwt({ sub: 'staff_nomail', role: 'staff' }));
const ADMIN_ACTOR = { kind: 'staff', id: 'admin-token', display: 'admin-token' };
const MARC_ACTOR = { kind: 'staff', id: 'staff_marc', display: 'marc@example.com' };

async function setup() {
  const h = createHarness();
  const product = await createProduct(h);
  const order = await placeOrder(h, orderBody(product.id));
  return { h, order };
}

describe('notes', () => {
  it('POST adds a note by the caller (e-mail as author) and GET lists them oldest first', async () => {
    const { h, order } = await setup();
    const added = await h.http.post(`/admin/orders/${order.id}/notes`).set(MARC).send({ content: 'Customer called about shipping ETA' });
    expect(added.status).toBe(201);
    expect(added.body.data).toEqual({
      id: expect.stringMatching(/^evt_/),
      content: 'Customer called about shipping ETA',
      author: 'marc@example.com',
      created_at: '2026-03-20T12:00:00.000Z',
    });
    await expectDocumented(h, 'post', '/admin/orders/{order_id}/notes', added);
    h.clock.advance(60_000);
    const second = await h.http.post(`/admin/orders/${order.id}/notes`).set(NO_EMAIL).send({ content: '  Expedited shipping approved\nper manager  ' });
    expect(second.status).toBe(201);
    expect(second.body.data).toMatchObject({ content: 'Expedited shipping approved\nper manager', author: 'staff_nomail' });

    const list = await h.http.get(`/admin/orders/${order.id}/notes`).set(AS_ADMIN);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([added.body.data, second.body.data]);
    expect(list.body.pagination).toEqual({ total: 2, limit: 20, offset: 0, next_cursor: null });
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/notes', list);
  });

  it('lists notes only (no other events) and pages them', async () => {
    const { h, order } = await setup();
    for (const content of ['one', 'two', 'three']) {
      expect((await h.http.post(`/admin/orders/${order.id}/notes`).set(AS_ADMIN).send({ content })).status).toBe(201);
    }
    const page = await h.http.get(`/admin/orders/${order.id}/notes?limit=2&offset=1`).set(AS_ADMIN);
    expect(page.body.data.map((note: { content: string }) => note.content)).toEqual(['two', 'three']);
    expect(page.body.data.every((note: { author: string }) => note.author === 'admin-token')).toBe(true);
    expect(page.body.pagination).toEqual({ total: 3, limit: 2, offset: 1, next_cursor: null });
    const bad = await h.http.get(`/admin/orders/${order.id}/notes?limit=0&sort=x`).set(AS_ADMIN);
    expect(bad.status).toBe(422);
    expect(fieldErrors(bad.body)).toEqual(expect.arrayContaining([{ field: 'sort', message: 'is not allowed' }]));
  });

  it('refuses empty, blank, 5,001-character and missing content (422) and takes 5,000', async () => {
    const { h, order } = await setup();
    const post = (body: object) => h.http.post(`/admin/orders/${order.id}/notes`).set(AS_ADMIN).send(body);
    const empty = await post({ content: '' });
    expect(empty.status).toBe(422);
    expect(fieldErrors(empty.body)).toEqual([{ field: 'content', message: 'must not be empty' }]);
    expect(fieldErrors((await post({ content: ' \n\t ' })).body)).toEqual([{ field: 'content', message: 'must not be empty' }]);
    const long = await post({ content: 'x'.repeat(5_001) });
    expect(long.status).toBe(422);
    expect(fieldErrors(long.body)).toEqual([{ field: 'content', message: 'must have at most 5000 characters' }]);
    expect(fieldErrors((await post({})).body)).toEqual([{ field: 'content', message: 'is required' }]);
    expect(fieldErrors((await post({ content: 'hi', author: 'someone else' })).body)).toEqual([{ field: 'author', message: 'is not allowed' }]);
    expect((await post({ content: 'x'.repeat(5_000) })).status).toBe(201);
    const list = await h.http.get(`/admin/orders/${order.id}/notes`).set(AS_ADMIN);
    expect(list.body.pagination.total).toBe(1);
  });

  it('answers 404 for a missing order, 401 without a token and 403 without the scope or for customers', async () => {
    const { h, order } = await setup();
    expect((await h.http.get('/admin/orders/ord_missing/notes').set(AS_ADMIN)).status).toBe(404);
    expect((await h.http.post('/admin/orders/ord_missing/notes').set(AS_ADMIN).send({ content: 'x' })).status).toBe(404);
    expect((await h.http.get(`/admin/orders/${order.id}/notes`)).status).toBe(401);
    expect((await h.http.post(`/admin/orders/${order.id}/notes`).send({ content: 'x' })).status).toBe(401);
    const reader = bearer(await issueToken(h, ['orders:read']));
    expect((await h.http.get(`/admin/orders/${order.id}/notes`).set(reader)).status).toBe(200);
    const write = await h.http.post(`/admin/orders/${order.id}/notes`).set(reader).send({ content: 'x' });
    expect(write.status).toBe(403);
    expect(write.body.error.details).toEqual({ required_scope: 'orders:write' });
    const noRead = await h.http.get(`/admin/orders/${order.id}/notes`).set(bearer(await issueToken(h, ['products:read'])));
    expect(noRead.status).toBe(403);
    const customer = bearer(signJwt({ sub: 'u1', role: 'customer', customer_id: 'cust_123' }));
    expect((await h.http.get(`/admin/orders/${order.id}/notes`).set(customer)).status).toBe(403);
  });
});

describe('GET /admin/orders/{order_id}/timeline', () => {
  it('shows everything that happened, oldest first, after a scripted sequence of changes', async () => {
    const { h, order } = await setup();
    const step = () => h.clock.advance(60_000);
    step();
    expect((await h.http.post(`/admin/orders/${order.id}/notes`).set(MARC).send({ content: 'Customer called about shipping ETA' })).status).toBe(201);
    step();
    const edit = await h.http.patch(`/admin/orders/${order.id}`).set(MARC).send({ email: 'j.doe@example.com', metadata: { gift: true } });
    expect(edit.status).toBe(200);
    step();
    const status = await h.http.patch(`/admin/orders/${order.id}/status`).set(AS_ADMIN).send({ status: 'processing', reason: 'Payment cleared' });
    expect(status.status).toBe(200);
    step();
    const attached = await upload(h, order.id, { bytes: pngBytes(2_048), filename: 'proof.png' }, { kind: 'design_proof' }, MARC);
    expect(attached.status).toBe(201);
    const attachmentId = attached.body.data.id as string;
    step();
    const renamed = await h.http.patch(`/admin/orders/${order.id}/attachments/${attachmentId}`).set(MARC).send({ filename: 'proof-v2.png' });
    expect(renamed.status).toBe(200);
    step();
    expect((await h.http.delete(`/admin/orders/${order.id}/attachments/${attachmentId}`).set(AS_ADMIN)).status).toBe(204);
    step();
    const shipped = await h.http
      .patch(`/admin/orders/${order.id}/status`)
      .set(AS_ADMIN)
      .send({ status: 'shipped', tracking_number: '1Z999AA10123456784', carrier: 'UPS', notify_customer: true });
    expect(shipped.status).toBe(200);

    const res = await h.http.get(`/admin/orders/${order.id}/timeline`).set(AS_ADMIN);
    expect(res.status).toBe(200);
    const attachment = { attachment_id: attachmentId, content_type: 'image/png', size: 2_048, kind: 'design_proof' };
    expect(res.body.data).toEqual([
      { id: expect.any(String), type: 'status_change', at: '2026-03-20T12:00:00.000Z', actor: ADMIN_ACTOR, from: null, status: 'pending', reason: null },
      { id: expect.any(String), type: 'note', at: '2026-03-20T12:01:00.000Z', actor: MARC_ACTOR, content: 'Customer called about shipping ETA' },
      {
        id: expect.any(String),
        type: 'order_edited',
        at: '2026-03-20T12:02:00.000Z',
        actor: MARC_ACTOR,
        changes: { email: { from: 'jane@example.com', to: 'j.doe@example.com' }, metadata: { from: {}, to: { gift: true } } },
      },
      { id: expect.any(String), type: 'status_change', at: '2026-03-20T12:03:00.000Z', actor: ADMIN_ACTOR, from: 'pending', status: 'processing', reason: 'Payment cleared' },
      { id: expect.any(String), type: 'attachment_added', at: '2026-03-20T12:04:00.000Z', actor: MARC_ACTOR, ...attachment, filename: 'proof.png' },
      {
        id: expect.any(String),
        type: 'attachment_updated',
        at: '2026-03-20T12:05:00.000Z',
        actor: MARC_ACTOR,
        ...attachment,
        filename: 'proof-v2.png',
        changes: { filename: { from: 'proof.png', to: 'proof-v2.png' } },
      },
      { id: expect.any(String), type: 'attachment_removed', at: '2026-03-20T12:06:00.000Z', actor: ADMIN_ACTOR, ...attachment, filename: 'proof-v2.png' },
      // Shipping through the status endpoint records a shipment of everything left, before the status change.
      {
        id: expect.any(String),
        type: 'shipment_created',
        at: '2026-03-20T12:07:00.000Z',
        actor: ADMIN_ACTOR,
        shipment_id: expect.stringMatching(/^shp_/),
        carrier: 'UPS',
        tracking_number: '1Z999AA10123456784',
        courier_id: null,
        lines: [{ line_id: expect.stringMatching(/^line_/), sku: expect.any(String), quantity: 2 }],
      },
      {
        id: expect.any(String),
        type: 'status_change',
        at: '2026-03-20T12:07:00.000Z',
        actor: ADMIN_ACTOR,
        from: 'processing',
        status: 'shipped',
        reason: null,
        tracking_number: '1Z999AA10123456784',
        carrier: 'UPS',
        notify_customer: true,
      },
    ]);
    expect(res.body.pagination).toEqual({ total: 9, limit: 20, offset: 0, next_cursor: null });
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/timeline', res);

    // Paged: the same entries, in the same order.
    const page = await h.http.get(`/admin/orders/${order.id}/timeline?limit=3&offset=3`).set(AS_ADMIN);
    expect(page.body.data).toEqual(res.body.data.slice(3, 6));
    expect(page.body.pagination).toEqual({ total: 9, limit: 3, offset: 3, next_cursor: null });
  });

  it('shows a cancellation with its reason and refund flag', async () => {
    const { h, order } = await setup();
    const cancelled = await h.http.post(`/admin/orders/${order.id}/cancel`).set(AS_ADMIN).send({ reason: 'Customer asked', refund: true });
    expect(cancelled.status).toBe(200);
    const res = await h.http.get(`/admin/orders/${order.id}/timeline`).set(AS_ADMIN);
    expect(res.body.data[1]).toMatchObject({ type: 'status_change', from: 'pending', status: 'cancelled', reason: 'Customer asked', refund: true });
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/timeline', res);
  });

  it('shows payments and refunds with their amounts in major units', async () => {
    const { h, order } = await setup();
    h.clock.advance(60_000);
    await h.core.recordPayment.execute({ orderId: order.id, amount: '20.50', method: 'card', reference: 'ch_123' }, adminPrincipal('staff_cashier', 'cashier@example.com'));
    h.clock.advance(60_000);
    const cancelled = await h.http.post(`/admin/orders/${order.id}/cancel`).set(AS_ADMIN).send({ reason: 'Customer asked', refund: true });
    expect(cancelled.status).toBe(200);
    const res = await h.http.get(`/admin/orders/${order.id}/timeline`).set(AS_ADMIN);
    expect(res.status).toBe(200);
    const entries = res.body.data as { type: string }[];
    expect(entries[1]).toEqual({
      id: expect.any(String),
      type: 'payment',
      at: '2026-03-20T12:01:00.000Z',
      actor: { kind: 'staff', id: 'staff_cashier', display: 'cashier@example.com' },
      payment_id: expect.stringMatching(/^pay_/),
      amount: 20.5,
      currency: 'USD',
      method: 'card',
      reference: 'ch_123',
    });
    const refund = entries.find((entry) => entry.type === 'refund');
    expect(refund).toMatchObject({ type: 'refund', amount: 20.5, currency: 'USD', at: '2026-03-20T12:02:00.000Z', actor: ADMIN_ACTOR });
    expect(entries.indexOf(refund as { type: string })).toBeGreaterThan(1);
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/timeline', res);
  });

  it('answers 404 for a missing order, 401 without a token, 403 without orders:read, 422 for bad paging', async () => {
    const { h, order } = await setup();
    expect((await h.http.get('/admin/orders/ord_missing/timeline').set(AS_ADMIN)).status).toBe(404);
    expect((await h.http.get(`/admin/orders/${order.id}/timeline`)).status).toBe(401);
    const noRead = await h.http.get(`/admin/orders/${order.id}/timeline`).set(bearer(await issueToken(h, ['products:read'])));
    expect(noRead.status).toBe(403);
    expect(noRead.body.error.details).toEqual({ required_scope: 'orders:read' });
    const paging = await h.http.get(`/admin/orders/${order.id}/timeline?limit=101`).set(AS_ADMIN);
    expect(paging.status).toBe(422);
    expect(fieldErrors(paging.body)).toEqual([{ field: 'limit', message: 'must be <= 100' }]);
  });
});
