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
  signJwt,
} from '../test-support/http-test-harness';

const NEW_ADDRESS = { name: 'Jane Doe', street: '9 Elm St', city: 'Shelbyville', state: 'IL', zip: '62565', country: 'US' };

async function setup(overrides: Record<string, unknown> = {}) {
  const h = createHarness();
  const product = await createProduct(h);
  const order = await placeOrder(h, orderBody(product.id, overrides));
  const patch = (body: object, headers: Record<string, string> = AS_ADMIN) => h.http.patch(`/admin/orders/${order.id}`).set(headers).send(body);
  return { h, order, patch };
}

async function ship(h: ReturnType<typeof createHarness>, orderId: string): Promise<void> {
  for (const status of ['processing', 'shipped']) {
    const res = await h.http.patch(`/admin/orders/${orderId}/status`).set(AS_ADMIN).send({ status, tracking_number: 'TRK1', carrier: 'UPS' });
    if (res.status !== 200) throw new Error(`moving to ${status} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

describe('PATCH /admin/orders/{order_id}', () => {
  it('changes contact, notes and the shipping address: 200 with the full order, changed_fields and a new ETag', async () => {
    const { h, order, patch } = await setup();
    const res = await patch({ email: 'j.doe@example.com', phone: '+1 555 0100', notes: 'Leave at the door', shipping_address: NEW_ADDRESS });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe(`"${order.version + 1}"`);
    const { changed_fields: changed, ...view } = res.body.data;
    expect(changed).toEqual({
      email: { from: 'jane@example.com', to: 'j.doe@example.com' },
      phone: { from: null, to: '+1 555 0100' },
      notes: { from: null, to: 'Leave at the door' },
      shipping_address: {
        from: { name: 'Jane Doe', company: null, street: '123 Main St', street2: null, city: 'Springfield', state: 'IL', zip: '62701', country: null },
        to: { company: null, street2: null, ...NEW_ADDRESS },
      },
    });
    // The rest is the order as GET shows it.
    const get = await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN);
    expect(view).toEqual(get.body.data);
    expect(get.body.data).toMatchObject({
      contact: { name: 'Jane Doe', email: 'j.doe@example.com', phone: '+1 555 0100' },
      notes: 'Leave at the door',
      shipping_address: { street: '9 Elm St', city: 'Shelbyville' },
      version: order.version + 1,
    });
    await expectDocumented(h, 'patch', '/admin/orders/{order_id}', res);
  });

  it('merges metadata key by key; a null value deletes a key', async () => {
    const { h, order, patch } = await setup({ metadata: { channel: 'phone', rush: true, team: 'A' } });
    const res = await patch({ metadata: { rush: null, team: 'B', gift: { wrap: true } } });
    expect(res.status).toBe(200);
    expect(res.body.data.metadata).toEqual({ channel: 'phone', team: 'B', gift: { wrap: true } });
    expect(res.body.data.changed_fields).toEqual({
      metadata: { from: { channel: 'phone', rush: true, team: 'A' }, to: { channel: 'phone', team: 'B', gift: { wrap: true } } },
    });
    const get = await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN);
    expect(get.body.data.metadata).toEqual({ channel: 'phone', team: 'B', gift: { wrap: true } });
  });

  it('refuses metadata over 16 KiB after merging (422 on metadata) and changes nothing', async () => {
    const { h, order, patch } = await setup({ metadata: { existing: 'x'.repeat(10_000) } });
    const res = await patch({ metadata: { more: 'y'.repeat(7_000) } });
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual([{ field: 'metadata', message: 'must be at most 16384 bytes as JSON after merging' }]);
    const get = await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN);
    expect(get.body.data.version).toBe(order.version);
    expect(Object.keys(get.body.data.metadata)).toEqual(['existing']);
    // Deleting the big key in the same edit keeps it under the limit.
    expect((await patch({ metadata: { existing: null, more: 'y'.repeat(7_000) } })).status).toBe(200);
  });

  it('refuses to change the addresses of a shipped order (409), but other fields still change', async () => {
    const { h, order, patch } = await setup();
    await ship(h, order.id);
    const shipping = await patch({ shipping_address: NEW_ADDRESS });
    expect(shipping.status).toBe(409);
    expect(shipping.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'shipping_address', status: 'shipped' } });
    const billing = await patch({ billing_address: NEW_ADDRESS, notes: 'with a note' });
    expect(billing.status).toBe(409);
    expect(billing.body.error.details).toEqual({ field: 'billing_address', status: 'shipped' });
    const get = await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN);
    expect(get.body.data).toMatchObject({ billing_address: null, notes: null, shipping_address: { street: '123 Main St' } });
    const contact = await patch({ phone: '+1 555 0199' });
    expect(contact.status).toBe(200);
    expect(contact.body.data.changed_fields).toEqual({ phone: { from: null, to: '+1 555 0199' } });
  });

  it('is conditional with If-Match: a stale tag is 412 and changes nothing', async () => {
    const { h, order, patch } = await setup();
    const first = await h.http.patch(`/admin/orders/${order.id}`).set(AS_ADMIN).set('If-Match', `"${order.version}"`).send({ notes: 'first' });
    expect(first.status).toBe(200);
    const stale = await h.http.patch(`/admin/orders/${order.id}`).set(AS_ADMIN).set('If-Match', `"${order.version}"`).send({ notes: 'second' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    const weak = await h.http.patch(`/admin/orders/${order.id}`).set(AS_ADMIN).set('If-Match', `W/"${order.version + 1}"`).send({ notes: 'third' });
    expect(weak.status).toBe(412);
    expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.notes).toBe('first');
    expect((await patch({ notes: 'fourth' })).status).toBe(200);
  });

  it('answers an edit that changes nothing with empty changed_fields and the same version', async () => {
    const { order, patch } = await setup();
    const res = await patch({ email: 'jane@example.com', metadata: {} });
    expect(res.status).toBe(200);
    expect(res.body.data.changed_fields).toEqual({});
    expect(res.body.data.version).toBe(order.version);
    expect(res.headers['etag']).toBe(`"${order.version}"`);
  });

  it('removes the billing address with null and adds one', async () => {
    const { patch } = await setup({ billing_address: NEW_ADDRESS });
    const removed = await patch({ billing_address: null });
    expect(removed.status).toBe(200);
    expect(removed.body.data.billing_address).toBeNull();
    expect(removed.body.data.changed_fields.billing_address.to).toBeNull();
  });

  it('refuses an empty edit, unknown or read-only fields and invalid values (422)', async () => {
    const { patch } = await setup();
    const empty = await patch({});
    expect(empty.status).toBe(422);
    expect(fieldErrors(empty.body)).toEqual([{ field: 'body', message: 'must change at least one field' }]);
    const readOnly = await patch({ status: 'shipped', total: 1, items: [] });
    expect(fieldErrors(readOnly.body)).toEqual(
      expect.arrayContaining([
        { field: 'status', message: 'is not allowed' },
        { field: 'total', message: 'is not allowed' },
        { field: 'items', message: 'is not allowed' },
      ]),
    );
    const invalid = await patch({ email: 'not-an-email', shipping_address: { name: 'X' }, metadata: [] });
    expect(invalid.status).toBe(422);
    expect(fieldErrors(invalid.body)).toEqual(
      expect.arrayContaining([
        { field: 'shipping_address.street', message: 'is required' },
        { field: 'metadata', message: 'must be an object' },
      ]),
    );
    const email = await patch({ email: 'not-an-email' });
    expect(email.status).toBe(422);
    expect(fieldErrors(email.body).map((problem) => problem.field)).toEqual(['email']);
  });

  it('answers 404 for a missing order, 401 without a token and 403 without orders:write or for customers', async () => {
    const { h, order, patch } = await setup();
    expect((await h.http.patch('/admin/orders/ord_missing').set(AS_ADMIN).send({ notes: 'x' })).status).toBe(404);
    expect((await patch({ notes: 'x' }, {})).status).toBe(401);
    const readOnly = await patch({ notes: 'x' }, bearer(await issueToken(h, ['orders:read'])));
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.details).toEqual({ required_scope: 'orders:write' });
    const customer = await patch({ notes: 'x' }, bearer(signJwt({ sub: 'u1', role: 'customer', customer_id: 'cust_123' })));
    expect(customer.status).toBe(403);
    expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.version).toBe(order.version);
  });
});
