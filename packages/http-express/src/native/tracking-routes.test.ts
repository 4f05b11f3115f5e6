import {
  AS_ADMIN,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  orderBody,
  placeOrder,
  type Harness,
  type HarnessOptions,
} from '../test-support/http-test-harness';

async function shippedOrder(options: HarnessOptions = {}) {
  const h = createHarness(options);
  const jersey = await createProduct(h, { name: 'Custom Jersey', price: 49.99 });
  const order = await placeOrder(h, orderBody(jersey.id, { email: 'Jane@Example.com', phone: '+1 555 0100' }));
  for (const body of [{ status: 'processing' }, { status: 'shipped', tracking_number: '1Z999AA10123456784', carrier: 'UPS' }]) {
    expect((await h.http.patch(`/admin/orders/${order.id}/status`).set(AS_ADMIN).send(body)).status).toBe(200);
  }
  return { h, orderId: order.id };
}

function track(h: Harness, orderId: string, email: string) {
  return h.http.get('/api/track-order').query({ order_id: orderId, email });
}

describe('GET /api/track-order', () => {
  it('answers status, tracking and items without authentication, and nothing else about the order', async () => {
    const { h, orderId } = await shippedOrder();
    const res = await track(h, orderId, '  jane@EXAMPLE.com ');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        order_id: orderId,
        status: 'shipped',
        tracking_number: '1Z999AA10123456784',
        carrier: 'UPS',
        estimated_delivery: null,
        items: [{ name: 'Custom Jersey', quantity: 2, status: 'shipped' }],
        shipments: [{ carrier: 'UPS', tracking_number: '1Z999AA10123456784', status: 'label_created', estimated_delivery: null, items: [{ name: 'Custom Jersey', quantity: 2 }] }],
      },
    });
    // No address, phone, e-mail or price anywhere in the answer.
    for (const secret of ['Main St', 'Springfield', '555', 'example.com', 'Jane', '49.99', '99.98']) expect(res.text).not.toContain(secret);
    await expectDocumented(h, 'get', '/api/track-order', res);
  });

  it('answers a wrong e-mail exactly like an unknown order', async () => {
    const { h, orderId } = await shippedOrder();
    const wrongEmail = await track(h, orderId, 'someone@example.com');
    const unknownOrder = await track(h, 'order_01JZZZZZZZZZZZZZZZZZZZZZZZ', 'jane@example.com');
    const noEmailOnOrder = await (async () => {
      const product = await createProduct(h);
      const order = await placeOrder(h, orderBody(product.id, { email: null }));
      return track(h, order.id, 'jane@example.com');
    })();
    for (const res of [wrongEmail, unknownOrder, noEmailOnOrder]) {
      expect(res.status).toBe(404);
      expect(res.text).toBe(wrongEmail.text);
      expect(res.headers['content-type']).toBe(wrongEmail.headers['content-type']);
    }
    expect(wrongEmail.body).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'No order matches this order id and e-mail', details: {} } });
    await expectDocumented(h, 'get', '/api/track-order', wrongEmail);
  });

  it('needs both parameters (422) and refuses others; a bearer token changes nothing', async () => {
    const { h, orderId } = await shippedOrder();
    const noEmail = await h.http.get(`/api/track-order?order_id=${orderId}`);
    expect(noEmail.status).toBe(422);
    expect(fieldErrors(noEmail.body)).toEqual([{ field: 'email', message: 'is required' }]);
    await expectDocumented(h, 'get', '/api/track-order', noEmail);
    const extra = await h.http.get('/api/track-order').query({ order_id: orderId, email: 'jane@example.com', phone: '555' });
    expect(fieldErrors(extra.body)).toEqual([{ field: 'phone', message: 'is not allowed' }]);
    expect((await track(h, orderId, 'jane@example.com').set(AS_ADMIN)).status).toBe(200);
  });
});

describe('the failure limit of GET /api/track-order', () => {
  it('answers 429 with Retry-After after N failures, even for the right e-mail, until the window ends', async () => {
    const { h, orderId } = await shippedOrder({ trackingRateLimit: { maxFailures: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1_000);
      expect((await track(h, orderId, `guess${i}@example.com`)).status).toBe(404);
    }
    const blocked = await track(h, orderId, 'jane@example.com');
    expect(blocked.status).toBe(429);
    // The window opened at the first failure, 2 s before the last one.
    expect(blocked.headers['retry-after']).toBe('58');
    expect(blocked.body).toEqual({
      success: false,
      error: { code: 'TOO_MANY_REQUESTS', message: expect.any(String), details: { retry_after_seconds: 58 } },
    });
    await expectDocumented(h, 'get', '/api/track-order', blocked);
    // Unknown orders are refused the same way (nothing is looked up).
    expect((await track(h, 'order_nope', 'x@example.com')).status).toBe(429);

    h.clock.advance(57_500);
    const almost = await track(h, orderId, 'jane@example.com');
    expect(almost.status).toBe(429);
    expect(almost.headers['retry-after']).toBe('1');
    h.clock.advance(500);
    expect((await track(h, orderId, 'jane@example.com')).status).toBe(200);
    // A new window: three more failures are allowed.
    for (let i = 0; i < 3; i++) expect((await track(h, orderId, 'nope@example.com')).status).toBe(404);
    expect((await track(h, orderId, 'jane@example.com')).status).toBe(429);
  });

  it('does not count successful look-ups', async () => {
    const { h, orderId } = await shippedOrder({ trackingRateLimit: { maxFailures: 2, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await track(h, orderId, 'jane@example.com')).status).toBe(200);
    expect((await track(h, orderId, 'a@example.com')).status).toBe(404);
    expect((await track(h, orderId, 'jane@example.com')).status).toBe(200);
    expect((await track(h, orderId, 'b@example.com')).status).toBe(404);
    expect((await track(h, orderId, 'jane@example.com')).status).toBe(429);
  });

  it('refuses a nonsense limit when the app is built', () => {
    expect(() => createHarness({ trackingRateLimit: { maxFailures: 0, windowMs: 60_000 } })).toThrow(/maxFailures/);
    expect(() => createHarness({ trackingRateLimit: { maxFailures: 5, windowMs: -1 } })).toThrow(/windowMs/);
  });

  it('defaults to 10 failures per 10 minutes', async () => {
    const { h, orderId } = await shippedOrder();
    for (let i = 0; i < 10; i++) expect((await track(h, orderId, `guess${i}@example.com`)).status).toBe(404);
    const blocked = await track(h, orderId, 'jane@example.com');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('600');
  });

  it('counts guesses sent in parallel, so a burst cannot slip past the limit', async () => {
    const { h, orderId } = await shippedOrder({ trackingRateLimit: { maxFailures: 3, windowMs: 60_000 } });
    // Hold every look-up that reaches the core until all twelve requests are in, so they truly overlap.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const execute = h.core.trackOrder.execute.bind(h.core.trackOrder);
    jest.spyOn(h.core.trackOrder, 'execute').mockImplementation(async (input, principal) => {
      started += 1;
      await gate;
      return execute(input, principal);
    });
    let answered = 0;
    const pending = Array.from({ length: 12 }, (_, i) =>
      track(h, orderId, `guess${i}@example.com`).then((res) => {
        answered += 1;
        return res;
      }),
    );
    while (started + answered < 12) await new Promise((resolve) => setImmediate(resolve));
    release();
    const statuses = (await Promise.all(pending)).map((res) => res.status).sort();
    expect(started).toBe(3);
    expect(statuses).toEqual([...Array(3).fill(404), ...Array(9).fill(429)]);
  });

  it('keys clients by the TCP peer and ignores X-Forwarded-For unless told to trust it', async () => {
    const ignoring = await shippedOrder({ trackingRateLimit: { maxFailures: 2, windowMs: 60_000 } });
    for (const address of ['203.0.113.1', '203.0.113.2']) {
      expect((await track(ignoring.h, ignoring.orderId, 'x@example.com').set('X-Forwarded-For', address)).status).toBe(404);
    }
    expect((await track(ignoring.h, ignoring.orderId, 'jane@example.com').set('X-Forwarded-For', '203.0.113.3')).status).toBe(429);

    const trusting = await shippedOrder({ trackingRateLimit: { maxFailures: 2, windowMs: 60_000, trustForwardedFor: true } });
    const from = (address: string, email: string) => track(trusting.h, trusting.orderId, email).set('X-Forwarded-For', `198.51.100.7, ${address}`);
    expect((await from('203.0.113.1', 'x@example.com')).status).toBe(404);
    expect((await from('203.0.113.1', 'y@example.com')).status).toBe(404);
    expect((await from('203.0.113.1', 'jane@example.com')).status).toBe(429);
    // Another client (the address the proxy appended, not the first one, which the client chose) has its own budget.
    expect((await from('203.0.113.2', 'jane@example.com')).status).toBe(200);
  });
});

describe('GET /track/{order_id} (the page a QR code opens)', () => {
  it('asks for the e-mail, then shows status and items with every value escaped; a wrong e-mail looks like a missing order', async () => {
    const h = createHarness();
    const product = await createProduct(h, { name: '<img src=x onerror=alert(1)>', price: 5 });
    const order = await placeOrder(h, orderBody(product.id, { email: 'jane@example.com' }));
    const ask = await h.http.get(`/track/${order.id}`);
    expect(ask.status).toBe(200);
    expect(ask.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(ask.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ask.text).toContain('name="email"');
    const found = await h.http.get(`/track/${order.id}`).query({ email: 'JANE@example.com' });
    expect(found.status).toBe(200);
    expect(found.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(found.text).not.toContain('<img');
    expect(found.text).toContain('is <strong>pending</strong>');
    const wrong = await h.http.get(`/track/${order.id}`).query({ email: 'other@example.com' });
    const unknown = await h.http.get('/track/order_unknown').query({ email: 'jane@example.com' });
    expect(wrong.status).toBe(404);
    expect(wrong.text.replace(order.id, 'X').replace(order.id, 'X')).toBe(unknown.text.replace('order_unknown', 'X').replace('order_unknown', 'X'));
  });
});
