import {
  AS_ADMIN,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  orderBody,
  placeOrder,
  type Harness,
} from '../test-support/http-test-harness';

interface Summary {
  readonly id: string;
  readonly reference: string;
  readonly total: number;
  readonly status: string;
  readonly customer_id: string;
  readonly created_at: string;
}

async function list(h: Harness, query: string): Promise<{ data: Summary[]; pagination: { total: number; limit: number; offset: number; next_cursor: string | null } }> {
  const res = await h.http.get(`/admin/orders${query}`).set(AS_ADMIN);
  if (res.status !== 200) throw new Error(`listing ${query} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const ids = (rows: readonly Summary[]) => rows.map((row) => row.id);

describe('GET /admin/orders', () => {
  it('lists summaries newest first with the documented shape', async () => {
    const h = createHarness();
    const product = await createProduct(h, { price: 10 });
    const first = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_a', email: 'a@example.com' }));
    h.clock.advance(1000);
    const second = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_b', items: [{ product_id: product.id, quantity: 3 }] }));
    const res = await h.http.get('/admin/orders').set(AS_ADMIN);
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({ total: 2, limit: 20, offset: 0, next_cursor: null });
    expect(res.body.data).toEqual([
      {
        id: second.id,
        reference: 'ORD-00002',
        number: 2,
        customer_id: 'cust_b',
        status: 'pending',
        currency: 'USD',
        total: 30,
        items_count: 3,
        contact: { name: 'Jane Doe', email: 'jane@example.com' },
        created_at: '2026-03-20T12:00:01.000Z',
        updated_at: '2026-03-20T12:00:01.000Z',
      },
      expect.objectContaining({ id: first.id, customer_id: 'cust_a', total: 20, items_count: 2, contact: { name: 'Jane Doe', email: 'a@example.com' } }),
    ]);
    await expectDocumented(h, 'get', '/admin/orders', res);
  });

  describe('filters', () => {
    async function seed(h: Harness) {
      const product = await createProduct(h, { price: 5 });
      const a = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_1', email: 'alice@shop.test', contact_name: 'Alice Smith' }));
      h.clock.set('2026-03-21T09:00:00.000Z');
      const b = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_2', email: 'bob@shop.test', contact_name: 'Bob Jones' }));
      h.clock.set('2026-03-22T18:30:00.000Z');
      const c = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_1', email: 'carol@other.test', contact_name: 'Carol' }));
      await h.http.patch(`/admin/orders/${b.id}/status`).set(AS_ADMIN).send({ status: 'processing' });
      await h.http.post(`/admin/orders/${c.id}/cancel`).set(AS_ADMIN).send({});
      return { a, b, c };
    }

    it('by one status or several, comma-separated', async () => {
      const h = createHarness();
      const { a, b, c } = await seed(h);
      expect(ids((await list(h, '?status=pending')).data)).toEqual([a.id]);
      expect(ids((await list(h, '?status=processing,cancelled')).data)).toEqual([c.id, b.id]);
      expect(ids((await list(h, '?status=pending, cancelled')).data)).toEqual([c.id, a.id]);
    });

    it('refuses an unknown status, naming it', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders?status=pending,lost').set(AS_ADMIN);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'status[1]', message: expect.stringContaining('must be one of') }]);
    });

    it('by customer', async () => {
      const h = createHarness();
      const { a, c } = await seed(h);
      const page = await list(h, '?customer_id=cust_1');
      expect(ids(page.data)).toEqual([c.id, a.id]);
      expect(page.pagination.total).toBe(2);
    });

    it('by q: id, reference, e-mail or name', async () => {
      const h = createHarness();
      const { a, b, c } = await seed(h);
      expect(ids((await list(h, `?q=${a.id}`)).data)).toEqual([a.id]);
      expect(ids((await list(h, '?q=ORD-00002')).data)).toEqual([b.id]);
      expect(ids((await list(h, '?q=shop.test')).data)).toEqual([b.id, a.id]);
      expect(ids((await list(h, '?q=carol')).data)).toEqual([c.id]);
      expect(ids((await list(h, '?q=jones')).data)).toEqual([b.id]);
    });

    it('by creation date, both bounds inclusive, dates meaning whole days', async () => {
      const h = createHarness();
      const { a, b, c } = await seed(h);
      expect(ids((await list(h, '?created_from=2026-03-21')).data)).toEqual([c.id, b.id]);
      expect(ids((await list(h, '?created_to=2026-03-21')).data)).toEqual([b.id, a.id]);
      expect(ids((await list(h, '?created_from=2026-03-21&created_to=2026-03-21')).data)).toEqual([b.id]);
      expect(ids((await list(h, '?created_from=2026-03-22T18:30:00Z')).data)).toEqual([c.id]);
      const bad = await h.http.get('/admin/orders?created_from=yesterday').set(AS_ADMIN);
      expect(bad.status).toBe(422);
      expect(fieldErrors(bad.body).map((e) => e.field)).toEqual(['created_from']);
    });

    it('combined with paging', async () => {
      const h = createHarness();
      const { a, c } = await seed(h);
      const first = await list(h, '?customer_id=cust_1&limit=1');
      expect(ids(first.data)).toEqual([c.id]);
      expect(first.pagination).toEqual({ total: 2, limit: 1, offset: 0, next_cursor: expect.any(String) });
      const second = await list(h, '?customer_id=cust_1&limit=1&offset=1');
      expect(ids(second.data)).toEqual([a.id]);
      expect(second.pagination.next_cursor).toBeNull();
    });
  });

  describe('sorting', () => {
    it('by total and updated_at, both directions, default newest first', async () => {
      const h = createHarness();
      const cheap = await createProduct(h, { price: 1 });
      const dear = await createProduct(h, { price: 100 });
      const mid = await createProduct(h, { price: 10 });
      const o1 = await placeOrder(h, orderBody(dear.id));
      h.clock.advance(1000);
      const o2 = await placeOrder(h, orderBody(cheap.id));
      h.clock.advance(1000);
      const o3 = await placeOrder(h, orderBody(mid.id));
      h.clock.advance(1000);
      await h.http.patch(`/admin/orders/${o1.id}/status`).set(AS_ADMIN).send({ status: 'confirmed' });
      expect(ids((await list(h, '')).data)).toEqual([o3.id, o2.id, o1.id]);
      expect(ids((await list(h, '?sort=created_at')).data)).toEqual([o1.id, o2.id, o3.id]);
      expect(ids((await list(h, '?sort=total')).data)).toEqual([o2.id, o3.id, o1.id]);
      expect(ids((await list(h, '?sort=-total')).data)).toEqual([o1.id, o3.id, o2.id]);
      expect(ids((await list(h, '?sort=-updated_at')).data)).toEqual([o1.id, o3.id, o2.id]);
      const bad = await h.http.get('/admin/orders?sort=status').set(AS_ADMIN);
      expect(bad.status).toBe(422);
      expect(fieldErrors(bad.body).map((e) => e.field)).toEqual(['sort']);
    });
  });

  describe('cursor paging', () => {
    /** 23 orders with ties on created_at and total, so the id tie-breaker matters. */
    async function seedMany(h: Harness): Promise<void> {
      const prices = [3, 1, 2];
      const products = [];
      for (const price of prices) products.push(await createProduct(h, { price }));
      for (let i = 0; i < 23; i++) {
        if (i % 4 === 0) h.clock.advance(1000);
        await placeOrder(h, orderBody(products[i % 3]!.id, { items: [{ product_id: products[i % 3]!.id, quantity: (i % 2) + 1 }] }));
      }
    }

    it.each(['-created_at', 'created_at', 'total', '-total', 'updated_at', '-updated_at'])(
      'walks every page of sort=%s without duplicates or gaps',
      async (sort) => {
        const h = createHarness();
        await seedMany(h);
        const everything = await list(h, `?sort=${sort}&limit=100`);
        expect(everything.data).toHaveLength(23);
        const seen: Summary[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = `?sort=${sort}&limit=5${cursor === null ? '' : `&cursor=${cursor}`}`;
          const page = await list(h, query);
          expect(page.pagination.total).toBe(23);
          seen.push(...page.data);
          cursor = page.pagination.next_cursor;
          pages += 1;
          expect(pages).toBeLessThanOrEqual(5);
        } while (cursor !== null);
        expect(pages).toBe(5);
        expect(ids(seen)).toEqual(ids(everything.data));
        expect(new Set(ids(seen)).size).toBe(23);
      },
    );

    it('keeps filters while walking', async () => {
      const h = createHarness();
      await seedMany(h);
      const everything = await list(h, '?limit=100');
      for (const order of everything.data.filter((_o, i) => i % 3 === 0)) {
        await h.http.post(`/admin/orders/${order.id}/cancel`).set(AS_ADMIN).send({});
      }
      const pending = await list(h, '?status=pending&limit=100');
      expect(pending.data).toHaveLength(15);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(h, `?status=pending&limit=4${cursor === null ? '' : `&cursor=${cursor}`}`);
        expect(page.pagination.total).toBe(15);
        seen.push(...ids(page.data));
        cursor = page.pagination.next_cursor;
      } while (cursor !== null);
      expect(seen).toEqual(ids(pending.data));
    });

    it('does not skip an order placed between two pages', async () => {
      const h = createHarness();
      await seedMany(h);
      const first = await list(h, '?sort=created_at&limit=10');
      h.clock.advance(60_000);
      const product = await createProduct(h);
      const late = await placeOrder(h, orderBody(product.id));
      const seen = ids(first.data);
      let cursor = first.pagination.next_cursor;
      while (cursor !== null) {
        const page = await list(h, `?sort=created_at&limit=10&cursor=${cursor}`);
        seen.push(...ids(page.data));
        cursor = page.pagination.next_cursor;
      }
      expect(seen).toHaveLength(24);
      expect(seen[23]).toBe(late.id);
    });

    it('refuses a cursor from another sort, garbage, and a cursor with an offset (422 on the field)', async () => {
      const h = createHarness();
      await seedMany(h);
      const cursor = (await list(h, '?sort=total&limit=5')).pagination.next_cursor as string;
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const cases: [string, string][] = [
        [`?sort=-total&cursor=${cursor}`, 'cursor'],
        [`?cursor=${cursor}`, 'cursor'],
        ['?cursor=not-a-cursor', 'cursor'],
        [`?cursor=${Buffer.from('{"f":"total","d":"asc","v":"x","i":"o"}').toString('base64url')}&sort=total`, 'cursor'],
        [`?cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor'],
        ['?cursor=%7B%7D', 'cursor'],
        [`?sort=total&cursor=${cursor}&offset=5`, 'offset'],
      ];
      for (const [query, field] of cases) {
        const res = await h.http.get(`/admin/orders${query}`).set(AS_ADMIN);
        expect({ query, status: res.status }).toEqual({ query, status: 422 });
        expect(fieldErrors(res.body).map((e) => e.field)).toEqual([field]);
      }
    });
  });
});
