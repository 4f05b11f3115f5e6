import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';

const ALICE = asCustomer('cust_alice', 'alice@example.com');
const BOB = asCustomer('cust_bob', 'bob@example.com');
const STAFF = bearer(signJwt({ sub: 'staff_marc', role: 'staff' }));

const ADDRESS = { name: 'Alice Doe', street: '1 Elm St', city: 'Springfield', zip: '62701', country: 'US' };

const EMPTY_CART = { items: [], subtotal: 0, discount: 0, total: 0, currency: null, coupon_code: null, coupon_problem: null };

async function add(h: Harness, productId: string, quantity: number, who = ALICE) {
  const res = await h.http.post('/cart/items').set(who).send({ product_id: productId, quantity });
  if (res.status !== 200) throw new Error(`adding answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function coupon(h: Harness, body: Record<string, unknown>) {
  const res = await h.http.post('/admin/coupons').set(AS_ADMIN).send(body);
  if (res.status !== 201) throw new Error(`creating a coupon answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

describe('the cart', () => {
  it('starts empty, adds to an existing line, changes and removes lines, with totals from the catalog', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { sku: 'TS-1', name: 'Custom T-Shirt', price: 29.99 });
    const mug = await createProduct(h, { sku: 'MUG-1', name: 'Mug', price: 9.99 });

    const empty = await h.http.get('/cart').set(ALICE);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ success: true, data: EMPTY_CART });
    await expectDocumented(h, 'get', '/cart', empty);

    await add(h, shirt.id, 1);
    const added = await h.http.post('/cart/items').set(ALICE).send({ product_id: shirt.id, quantity: 1 });
    expect(added.status).toBe(200);
    expect(added.body.data).toEqual({
      items: [{ product_id: shirt.id, sku: 'TS-1', name: 'Custom T-Shirt', quantity: 2, unit_price: 29.99, subtotal: 59.98, available: true }],
      subtotal: 59.98,
      discount: 0,
      total: 59.98,
      currency: 'USD',
      coupon_code: null,
      coupon_problem: null,
    });
    await expectDocumented(h, 'post', '/cart/items', added);

    await add(h, mug.id, 3);
    const changed = await h.http.patch(`/cart/items/${mug.id}`).set(ALICE).send({ quantity: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body.data.items.map((i: { sku: string; quantity: number }) => [i.sku, i.quantity])).toEqual([['TS-1', 2], ['MUG-1', 1]]);
    expect(changed.body.data).toMatchObject({ subtotal: 69.97, total: 69.97 });
    await expectDocumented(h, 'patch', '/cart/items/{product_id}', changed);

    const removed = await h.http.delete(`/cart/items/${shirt.id}`).set(ALICE);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ items: [{ product_id: mug.id, quantity: 1, subtotal: 9.99 }], subtotal: 9.99, total: 9.99 });
    await expectDocumented(h, 'delete', '/cart/items/{product_id}', removed);

    // The cart is kept: reading it again shows the same; Bob's is his own.
    expect((await h.http.get('/cart').set(ALICE)).body.data).toEqual(removed.body.data);
    expect((await h.http.get('/cart').set(BOB)).body.data).toEqual(EMPTY_CART);
  });

  it('answers 404 for a line that is not in the cart and 422 for bad quantities and products', async () => {
    const h = createHarness();
    const shirt = await createProduct(h);
    const inactive = await createProduct(h, { status: 'inactive' });
    await add(h, shirt.id, 1);
    const patch = await h.http.patch('/cart/items/prod_nope').set(ALICE).send({ quantity: 2 });
    expect(patch.status).toBe(404);
    expect(patch.body.error.code).toBe('NOT_FOUND');
    expect((await h.http.delete('/cart/items/prod_nope').set(ALICE)).status).toBe(404);

    const zero = await h.http.post('/cart/items').set(ALICE).send({ product_id: shirt.id, quantity: 0 });
    expect(zero.status).toBe(422);
    expect(fieldErrors(zero.body)).toEqual([{ field: 'quantity', message: 'must be >= 1' }]);
    const half = await h.http.patch(`/cart/items/${shirt.id}`).set(ALICE).send({ quantity: 1.5 });
    expect(fieldErrors(half.body)).toEqual([{ field: 'quantity', message: 'must be a whole number' }]);
    const unknown = await h.http.post('/cart/items').set(ALICE).send({ product_id: 'prod_nope', quantity: 1 });
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toEqual([{ field: 'product_id', message: 'product prod_nope does not exist or cannot be ordered' }]);
    expect((await h.http.post('/cart/items').set(ALICE).send({ product_id: inactive.id, quantity: 1 })).status).toBe(422);
    const extra = await h.http.post('/cart/items').set(ALICE).send({ product_id: shirt.id, quantity: 1, unit_price: 0.01 });
    expect(fieldErrors(extra.body)).toEqual([{ field: 'unit_price', message: 'is not allowed' }]);
    expect(fieldErrors((await h.http.post('/cart/items').set(ALICE).send({})).body)).toEqual([
      { field: 'product_id', message: 'is required' },
      { field: 'quantity', message: 'is required' },
    ]);
  });

  it('shows a product deactivated since as unavailable, out of the totals', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { price: 29.99 });
    const mug = await createProduct(h, { price: 9.99 });
    await add(h, shirt.id, 1);
    await add(h, mug.id, 2);
    expect((await h.http.patch(`/admin/products/${shirt.id}`).set(AS_ADMIN).send({ status: 'inactive' })).status).toBe(200);
    const cart = (await h.http.get('/cart').set(ALICE)).body.data;
    expect(cart.items[0]).toMatchObject({ product_id: shirt.id, unit_price: 29.99, subtotal: 0, available: false });
    expect(cart).toMatchObject({ subtotal: 19.98, total: 19.98 });
  });

  it('is for customers only: 401 without a token, 403 for staff', async () => {
    const h = createHarness();
    expect((await h.http.get('/cart')).status).toBe(401);
    for (const who of [STAFF, AS_ADMIN]) {
      const res = await h.http.get('/cart').set(who);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await h.http.post('/cart/checkout').set(who).send({ shipping_address: ADDRESS })).status).toBe(403);
    }
  });
});

describe('coupons in the cart', () => {
  it('rounds a percentage discount half up to the cent (12.5% of 1.00 is 0.13)', async () => {
    const h = createHarness();
    const sticker = await createProduct(h, { price: 1.0 });
    const mug = await createProduct(h, { price: 9.99 });
    await coupon(h, { code: 'EIGHTH', type: 'percentage', percent_off: 12.5 });
    await add(h, sticker.id, 1);
    const applied = await h.http.post('/cart/coupon').set(ALICE).send({ code: ' eighth ' });
    expect(applied.status).toBe(200);
    expect(applied.body.data).toMatchObject({ subtotal: 1, discount: 0.13, total: 0.87, coupon_code: 'EIGHTH', coupon_problem: null });
    await expectDocumented(h, 'post', '/cart/coupon', applied);

    // 1.00 + 3 x 9.99 = 30.97; 12.5% = 3.87125 -> 3.87; total 27.10.
    const more = await add(h, mug.id, 3);
    expect(more).toMatchObject({ subtotal: 30.97, discount: 3.87, total: 27.1 });
    // 2 x 1.00 + 3 x 9.99 = 31.97; 12.5% = 3.99625 -> 4.00.
    expect(await add(h, sticker.id, 1)).toMatchObject({ subtotal: 31.97, discount: 4, total: 27.97 });

    const removed = await h.http.delete('/cart/coupon').set(ALICE);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ subtotal: 31.97, discount: 0, total: 31.97, coupon_code: null });
    await expectDocumented(h, 'delete', '/cart/coupon', removed);
  });

  it('never lets a fixed amount take the total below zero', async () => {
    const h = createHarness();
    const mug = await createProduct(h, { price: 9.99 });
    await coupon(h, { code: 'FIFTY', type: 'fixed', amount_off: 50, currency: 'USD' });
    await add(h, mug.id, 2);
    const applied = (await h.http.post('/cart/coupon').set(ALICE).send({ code: 'FIFTY' })).body.data;
    expect(applied).toMatchObject({ subtotal: 19.98, discount: 19.98, total: 0 });
    const more = await add(h, mug.id, 4);
    expect(more).toMatchObject({ subtotal: 59.94, discount: 50, total: 9.94 });

    const checkout = await h.http.post('/cart/checkout').set(ALICE).send({ shipping_address: ADDRESS });
    expect(checkout.body.data.total).toBe(9.94);
  });

  it('refuses a coupon that cannot apply with 422 COUPON_NOT_APPLICABLE and the reason', async () => {
    const h = createHarness();
    const mug = await createProduct(h, { price: 9.99 });
    await coupon(h, { code: 'OLD', type: 'percentage', percent_off: 10, ends_at: '2026-03-01' });
    await coupon(h, { code: 'LATER', type: 'percentage', percent_off: 10, starts_at: '2026-04-01T00:00:00Z' });
    await coupon(h, { code: 'OFF', type: 'percentage', percent_off: 10, active: false });
    await coupon(h, { code: 'BIG', type: 'fixed', amount_off: 5, currency: 'USD', minimum_subtotal: 50 });
    await coupon(h, { code: 'EUROS', type: 'fixed', amount_off: 5, currency: 'EUR' });

    const noCart = await h.http.post('/cart/coupon').set(ALICE).send({ code: 'BIG' });
    expect(noCart.status).toBe(422);
    expect(fieldErrors(noCart.body)).toEqual([{ field: 'code', message: 'add products before applying a coupon' }]);

    await add(h, mug.id, 1);
    for (const [code, reason] of [
      ['NOPE', 'unknown'],
      ['OLD', 'expired'],
      ['LATER', 'not_started'],
      ['OFF', 'inactive'],
      ['BIG', 'minimum_not_met'],
      ['EUROS', 'currency_mismatch'],
    ] as const) {
      const res = await h.http.post('/cart/coupon').set(ALICE).send({ code });
      expect({ code, status: res.status, error: res.body.error.code, reason: res.body.error.details.reason }).toEqual({
        code,
        status: 422,
        error: 'COUPON_NOT_APPLICABLE',
        reason,
      });
    }
    expect((await h.http.get('/cart').set(ALICE)).body.data.coupon_code).toBeNull();
    expect(fieldErrors((await h.http.post('/cart/coupon').set(ALICE).send({})).body)).toEqual([{ field: 'code', message: 'is required' }]);
  });

  it('keeps an applied coupon that stopped applying, with coupon_problem saying why and no discount', async () => {
    const h = createHarness();
    const mug = await createProduct(h, { price: 9.99 });
    await coupon(h, { code: 'BIG', type: 'fixed', amount_off: 5, currency: 'USD', minimum_subtotal: 25 });
    await add(h, mug.id, 3);
    expect((await h.http.post('/cart/coupon').set(ALICE).send({ code: 'BIG' })).body.data).toMatchObject({ discount: 5, total: 24.97 });
    const fewer = (await h.http.patch(`/cart/items/${mug.id}`).set(ALICE).send({ quantity: 2 })).body.data;
    expect(fewer).toMatchObject({ subtotal: 19.98, discount: 0, total: 19.98, coupon_code: 'BIG', coupon_problem: 'minimum_not_met' });
    // Checking out with it is refused with the same reason; nothing is placed and the cart stays.
    const checkout = await h.http.post('/cart/checkout').set(ALICE).send({ shipping_address: ADDRESS });
    expect(checkout.status).toBe(422);
    expect(checkout.body.error).toMatchObject({ code: 'COUPON_NOT_APPLICABLE', details: { reason: 'minimum_not_met' } });
    expect((await h.http.get('/cart').set(ALICE)).body.data.items).toHaveLength(1);
  });
});

describe('POST /cart/checkout', () => {
  it('places an order awaiting payment with the cart total, reserves stock, redeems the coupon and empties the cart', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { price: 29.99 });
    await coupon(h, { code: 'EIGHTH', type: 'percentage', percent_off: 12.5 });
    await add(h, shirt.id, 3);
    const cart = (await h.http.post('/cart/coupon').set(ALICE).send({ code: 'EIGHTH' })).body.data;
    // 89.97 x 12.5% = 11.24625 -> 11.25.
    expect(cart).toMatchObject({ subtotal: 89.97, discount: 11.25, total: 78.72 });

    const res = await h.http.post('/cart/checkout').set(ALICE).set('Idempotency-Key', 'co-1').send({ shipping_address: ADDRESS });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ order_id: expect.stringMatching(/^order_/), reference: 'ORD-00001', status: 'pending_payment', total: 78.72, currency: 'USD' });
    expect(res.headers['location']).toBe(`/orders/${res.body.data.order_id}`);
    await expectDocumented(h, 'post', '/cart/checkout', res);

    const order = (await h.http.get(`/orders/${res.body.data.order_id}`).set(ALICE)).body.data;
    expect(order).toMatchObject({
      status: 'pending_payment',
      customer_id: 'cust_alice',
      subtotal: 89.97,
      discount: 11.25,
      total: 78.72,
      contact: { email: 'alice@example.com' },
      items: [{ product_id: shirt.id, quantity: 3, reserved: 3 }],
    });
    expect((await h.http.get('/cart').set(ALICE)).body.data).toEqual(EMPTY_CART);
    const coupons = (await h.http.get('/admin/coupons').set(AS_ADMIN)).body.data;
    expect(coupons[0]).toMatchObject({ code: 'EIGHTH', redemptions: 1 });
    const stock = (await h.http.get(`/admin/inventory?product_id=${shirt.id}`).set(AS_ADMIN)).body.data[0];
    expect(stock).toMatchObject({ reserved: 3 });
  });

  it('replays a repeated Idempotency-Key identically, and refuses the key with another body (422)', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { price: 29.99 });
    await add(h, shirt.id, 1);
    const body = { shipping_address: ADDRESS, email: 'alice@work.example.com' };
    const first = await h.http.post('/cart/checkout').set(ALICE).set('Idempotency-Key', 'co-1').send(body);
    const again = await h.http.post('/cart/checkout').set(ALICE).set('Idempotency-Key', 'co-1').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers['location']).toBe(first.headers['location']);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await h.http.get('/orders').set(ALICE)).body.pagination.total).toBe(1);

    const other = await h.http.post('/cart/checkout').set(ALICE).set('Idempotency-Key', 'co-1').send({ ...body, email: 'else@example.com' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    // Without a key, a second checkout finds the cart empty.
    const empty = await h.http.post('/cart/checkout').set(ALICE).send(body);
    expect(empty.status).toBe(422);
    expect(fieldErrors(empty.body)).toEqual([{ field: 'cart', message: 'is empty' }]);
  });

  it('keeps the cart when the order cannot be placed (stock) and validates the addresses', async () => {
    const h = createHarness();
    const rare = await createProduct(h, { price: 5 }, { stock: 1 });
    await add(h, rare.id, 2);
    const short = await h.http.post('/cart/checkout').set(ALICE).send({ shipping_address: ADDRESS });
    expect(short.status).toBe(422);
    expect(short.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect((await h.http.get('/cart').set(ALICE)).body.data.items).toHaveLength(1);

    const bad = await h.http.post('/cart/checkout').set(ALICE).send({ shipping_address: { name: 'A' }, customer_id: 'cust_bob' });
    expect(bad.status).toBe(422);
    expect(fieldErrors(bad.body)).toEqual(
      expect.arrayContaining([
        { field: 'customer_id', message: 'is not allowed' },
        { field: 'shipping_address.street', message: 'is required' },
      ]),
    );
    expect(fieldErrors((await h.http.post('/cart/checkout').set(ALICE).send({})).body)).toEqual([{ field: 'shipping_address', message: 'is required' }]);
  });
});
