import { aProduct } from '../builders';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

/** What every ProductRepository must do. Run it from a jest test file with your adapter's factory. */
export function describeProductRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`ProductRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const products = () => uow().repositories.products;
    const insert = (...items: ReturnType<typeof aProduct>[]) => uow().transaction(async (r) => { for (const p of items) await r.products.insert(p); });

    it('reads back exactly what it stored, and null on a miss', async () => {
      const product = aProduct({ description: 'Soft cotton', category: 'shirts', price: 999_999_999_999_999, backorderPolicy: 'preorder', expectedDate: '2026-04-01' });
      await insert(product);
      expect(await products().findById(product.id)).toEqual(product);
      expect(await products().findBySku(product.sku)).toEqual(product);
      expect(await products().findById('prod_missing')).toBeNull();
      expect(await products().findBySku('NO-SUCH-SKU')).toBeNull();
    });

    it('refuses a second product with the same sku with CONFLICT', async () => {
      const first = aProduct({ sku: 'TEE-1' });
      await insert(first);
      const result = await rejectionCode(insert(aProduct({ sku: 'TEE-1' })));
      expect(result.code).toBe('CONFLICT');
      expect((await products().list({ limit: 10, offset: 0 })).total).toBe(1);
    });

    it('updates only at the expected version', async () => {
      const product = aProduct();
      await insert(product);
      const renamed = { ...product, name: 'Renamed', version: 2 };
      expect(await uow().transaction((r) => r.products.update(renamed, 1))).toBe(true);
      expect(await products().findById(product.id)).toEqual(renamed);
      const stale = { ...product, name: 'Stale', version: 2 };
      expect(await uow().transaction((r) => r.products.update(stale, 1))).toBe(false);
      expect((await products().findById(product.id))?.name).toBe('Renamed');
      expect(await uow().transaction((r) => r.products.update(aProduct({ id: 'prod_ghost' }), 1))).toBe(false);
    });

    it('refuses an update to a sku another product holds', async () => {
      const a = aProduct({ sku: 'A-1' });
      const b = aProduct({ sku: 'B-1' });
      await insert(a, b);
      const result = await rejectionCode(uow().transaction((r) => r.products.update({ ...b, sku: 'A-1', version: 2 }, 1)));
      expect(result.code).toBe('CONFLICT');
      expect((await products().findById(b.id))?.sku).toBe('B-1');
    });

    it('finds the existing products among many ids', async () => {
      const a = aProduct();
      const b = aProduct();
      await insert(a, b);
      const found = await products().findByIds([a.id, 'prod_missing', b.id]);
      expect([...found].sort((x, y) => x.id.localeCompare(y.id))).toEqual([a, b].sort((x, y) => x.id.localeCompare(y.id)));
      expect(await products().findByIds([])).toEqual([]);
    });

    it('pages through everything by ascending id for exports', async () => {
      const all = [aProduct({ id: 'prod_c' }), aProduct({ id: 'prod_a' }), aProduct({ id: 'prod_b' })];
      await insert(...all);
      expect((await products().listAfter(null, 2)).map((p) => p.id)).toEqual(['prod_a', 'prod_b']);
      expect(await products().listAfter('prod_b', 2)).toEqual([all[0]]);
      expect(await products().listAfter('prod_c', 2)).toEqual([]);
    });

    it('lists newest first with filters, search and paging', async () => {
      const shirt = aProduct({ name: 'Blue Shirt', sku: 'SHIRT-BLUE', category: 'shirts', createdAt: '2026-03-20T10:00:00.000Z' });
      const hat = aProduct({ name: 'Red Hat', sku: 'HAT-RED', category: 'hats', status: 'draft', createdAt: '2026-03-20T11:00:00.000Z' });
      const mug = aProduct({ name: 'Mug', sku: 'MUG-100%', category: 'home', status: 'inactive', createdAt: '2026-03-20T12:00:00.000Z' });
      await insert(shirt, hat, mug);
      const all = await products().list({ limit: 10, offset: 0 });
      expect(all.items.map((p) => p.id)).toEqual([mug.id, hat.id, shirt.id]);
      expect(all.total).toBe(3);
      expect((await products().list({ status: 'draft', limit: 10, offset: 0 })).items).toEqual([hat]);
      expect((await products().list({ category: 'shirts', limit: 10, offset: 0 })).items).toEqual([shirt]);
      expect((await products().list({ search: 'blue', limit: 10, offset: 0 })).items).toEqual([shirt]);
      expect((await products().list({ search: 'hat-r', limit: 10, offset: 0 })).items).toEqual([hat]);
      // Wildcards in the search text are literal characters.
      expect((await products().list({ search: '%', limit: 10, offset: 0 })).items).toEqual([mug]);
      expect((await products().list({ search: '_', limit: 10, offset: 0 })).items).toEqual([]);
      const page = await products().list({ limit: 1, offset: 1 });
      expect(page.items).toEqual([hat]);
      expect(page.total).toBe(3);
    });
  });
}
