import { AS_ADMIN, createHarness, createProduct, fieldErrors, orderBody, placeOrder } from '../test-support/http-test-harness';

describe('money through the native API', () => {
  it('29.99 x 3 is exactly 89.97', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: 29.99 });
    const order = await placeOrder(h, orderBody(product.id, { items: [{ product_id: product.id, quantity: 3 }], total: 89.97 }));
    expect(order.total).toBe(89.97);
    expect(order).toMatchObject({ subtotal: 89.97, items: [{ unit_price: 29.99, line_total: 89.97 }] });
  });

  it('0.10 + 0.20 is exactly 0.30', async () => {
    const h = createHarness();
    const ten = await createProduct(h, { price: 0.1 });
    const twenty = await createProduct(h, { price: 0.2 });
    const order = await placeOrder(
      h,
      orderBody(ten.id, { items: [{ product_id: ten.id, quantity: 1 }, { product_id: twenty.id, quantity: 1 }], total: 0.3 }),
    );
    expect(order.total).toBe(0.3);
  });

  it('refuses a client-side float sum such as 0.30000000000000004', async () => {
    const h = createHarness();
    const ten = await createProduct(h, { price: 0.1 });
    const res = await h.http
      .post('/admin/orders')
      .set(AS_ADMIN)
      .send(orderBody(ten.id, { items: [{ product_id: ten.id, quantity: 3 }], total: 0.1 + 0.2 }));
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body).map((e) => e.field)).toEqual(['total']);
  });

  it.each([
    [0.001, 'USD'],
    ['12.345', 'EUR'],
    [1500.5, 'JPY'],
    [1.2345, 'KWD'],
    [-1, 'USD'],
    ['1e3', 'USD'],
    ['', 'USD'],
  ])('refuses the price %j %s on the price field', async (price, currency) => {
    const h = createHarness();
    const res = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'M-1', name: 'M', price, currency });
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body).map((e) => e.field)).toEqual(['price']);
  });

  it('handles JPY in whole amounts', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: 1500, currency: 'JPY' });
    expect(product.price).toBe(1500);
    const order = await placeOrder(h, orderBody(product.id, { items: [{ product_id: product.id, quantity: 3 }], currency: 'JPY', total: 4500 }));
    expect(order).toMatchObject({ currency: 'JPY', total: 4500, items: [{ unit_price: 1500, line_total: 4500 }] });
  });

  it('handles three-decimal currencies', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: '1.234', currency: 'KWD' });
    const order = await placeOrder(h, orderBody(product.id, { items: [{ product_id: product.id, quantity: 7 }] }));
    expect(order.total).toBe(8.638);
  });

  it('keeps amounts above 2^31 minor units exact', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: 25_000_000.01 });
    expect(product.price).toBe(25_000_000.01);
    const order = await placeOrder(h, orderBody(product.id, { items: [{ product_id: product.id, quantity: 3 }] }));
    expect(order.total).toBe(75_000_000.03);
    const listed = await h.http.get('/admin/orders?sort=-total').set(AS_ADMIN);
    expect(listed.body.data[0].total).toBe(75_000_000.03);
  });

  it('keeps the largest supported amount exact and refuses a total beyond it', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: 9_999_999_999_999.99 });
    expect(product.price).toBe(9_999_999_999_999.99);
    const res = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { items: [{ product_id: product.id, quantity: 2 }] }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const tooBig = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'BIG', name: 'Big', price: 10_000_000_000_000 });
    expect(tooBig.status).toBe(422);
  });

  it('refuses an order mixing currencies', async () => {
    const h = createHarness();
    const usd = await createProduct(h, { price: 1 });
    const eur = await createProduct(h, { price: 1, currency: 'EUR' });
    const res = await h.http
      .post('/admin/orders')
      .set(AS_ADMIN)
      .send(orderBody(usd.id, { items: [{ product_id: usd.id, quantity: 1 }, { product_id: eur.id, quantity: 1 }] }));
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body).map((e) => e.field)).toEqual(['items[1].product_id']);
  });
});
