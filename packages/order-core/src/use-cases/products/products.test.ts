import { createTestOrderCore, domainErrorOf } from '@oms/order-testkit';
import { adminPrincipal, type Principal } from '../../auth/principal';

const admin = adminPrincipal('admin_1');
const staff: Principal = { kind: 'staff', id: 'u2', role: 'staff', email: null, scopes: ['products:read'] };

const rejection = domainErrorOf;

describe('product use cases', () => {
  it('creates a product with exact minor units, defaults and timestamps', async () => {
    const { core } = createTestOrderCore({ defaultCurrency: 'EUR' });
    const product = await core.createProduct.execute({ sku: 'TEE-01', name: ' Tee ', price: 29.99, category: 'shirts' }, admin);
    expect(product).toMatchObject({ sku: 'TEE-01', name: 'Tee', price: 2999, currency: 'EUR', status: 'active', category: 'shirts', version: 1, description: null });
    expect(await core.getProduct.execute({ productId: product.id }, staff)).toEqual(product);
  });

  it('refuses a duplicate sku, bad fields and missing permission, storing nothing', async () => {
    const { core } = createTestOrderCore();
    await core.createProduct.execute({ sku: 'A', name: 'A', price: 1 }, admin);
    expect((await rejection(core.createProduct.execute({ sku: 'A', name: 'B', price: 1 }, admin))).code).toBe('CONFLICT');
    const bad = await rejection(core.createProduct.execute({ sku: 'bad sku!', name: '', price: 1, currency: 'ABC', status: 'gone' as never }, admin));
    expect((bad.details['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['sku', 'name', 'currency', 'status']);
    expect((await rejection(core.createProduct.execute({ sku: 'C', name: 'C', price: 0.001 }, admin))).details['errors']).toEqual([
      { field: 'price', message: 'must have at most 2 decimal places in USD' },
    ]);
    expect((await rejection(core.createProduct.execute({ sku: 'D', name: 'D', price: 1 }, staff))).code).toBe('FORBIDDEN');
    expect((await core.listProducts.execute({}, admin)).total).toBe(1);
  });

  it('updates fields at the expected version and bumps the version', async () => {
    const { core, clock } = createTestOrderCore();
    const product = await core.createProduct.execute({ sku: 'A', name: 'A', price: 1 }, admin);
    clock.advance(1000);
    const updated = await core.updateProduct.execute({ productId: product.id, expectedVersion: 1, changes: { price: '2.50', status: 'inactive', category: null } }, admin);
    expect(updated).toMatchObject({ price: 250, status: 'inactive', version: 2, updatedAt: '2026-03-20T12:00:01.000Z', createdAt: product.createdAt });
    expect((await rejection(core.updateProduct.execute({ productId: product.id, expectedVersion: 1, changes: { name: 'B' } }, admin))).code).toBe('PRECONDITION_FAILED');
    expect((await rejection(core.updateProduct.execute({ productId: product.id, changes: { currency: 'JPY' } }, admin))).details['errors']).toEqual([
      { field: 'price', message: 'is required when the currency changes' },
    ]);
    expect((await core.updateProduct.execute({ productId: product.id, changes: { currency: 'JPY', price: 300 } }, admin)).price).toBe(300);
    expect((await rejection(core.updateProduct.execute({ productId: 'prod_x', changes: { name: 'B' } }, admin))).code).toBe('NOT_FOUND');
    expect((await rejection(core.updateProduct.execute({ productId: product.id, changes: {} }, admin))).code).toBe('VALIDATION_FAILED');
  });

  it('lists with filters and paging', async () => {
    const { core, clock } = createTestOrderCore();
    for (const [sku, category] of [['A', 'x'], ['B', 'y'], ['C', 'x']] as const) {
      await core.createProduct.execute({ sku, name: `Name ${sku}`, price: 1, category }, admin);
      clock.advance(1000);
    }
    const page = await core.listProducts.execute({ category: 'x', limit: 1 }, staff);
    expect(page.items.map((p) => p.sku)).toEqual(['C']);
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect((await core.listProducts.execute({ search: 'name b' }, staff)).items.map((p) => p.sku)).toEqual(['B']);
  });
});
