import { DomainError } from '@oms/order-core';
import { uniqueViolationOf, withConflictMapping, type UniqueKey } from './unique-violation';

const KEYS: readonly UniqueKey[] = [
  { column: 'sku', constraint: 'products_sku_key', field: 'sku', message: 'sku taken' },
  { column: 'id', constraint: 'products_pkey', field: 'id', message: 'id taken' },
];

describe('uniqueViolationOf', () => {
  it('reads the columns from better-sqlite3 and pg errors without keeping any value', () => {
    expect(
      uniqueViolationOf(Object.assign(new Error('UNIQUE constraint failed: idempotency_keys.scope, idempotency_keys.key'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })),
    ).toEqual({ columns: ['scope', 'key'], constraint: null });
    expect(
      uniqueViolationOf(Object.assign(new Error('duplicate key'), { code: '23505', detail: 'Key (token_hash)=(secret (x)) already exists.', constraint: 'api_tokens_token_hash_key' })),
    ).toEqual({ columns: ['token_hash'], constraint: 'api_tokens_token_hash_key' });
  });

  it('ignores every other error', () => {
    expect(uniqueViolationOf(Object.assign(new Error('FOREIGN KEY constraint failed'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }))).toBeNull();
    expect(uniqueViolationOf(Object.assign(new Error('fk'), { code: '23503' }))).toBeNull();
    expect(uniqueViolationOf('text')).toBeNull();
  });
});

describe('withConflictMapping', () => {
  it('turns a violation into CONFLICT naming the entity and field, by constraint or by column', async () => {
    const byConstraint = withConflictMapping('product', KEYS, () => Promise.reject(Object.assign(new Error('x'), { code: '23505', constraint: 'products_pkey' })));
    await expect(byConstraint).rejects.toMatchObject({ code: 'CONFLICT', message: 'id taken', details: { entity: 'product', field: 'id' } });
    const byColumn = withConflictMapping('product', KEYS, () =>
      Promise.reject(Object.assign(new Error('UNIQUE constraint failed: products.sku'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })),
    );
    await expect(byColumn).rejects.toBeInstanceOf(DomainError);
    await expect(byColumn).rejects.toMatchObject({ details: { entity: 'product', field: 'sku' } });
  });

  it('passes other errors through unchanged and results through untouched', async () => {
    const failure = new Error('disk full');
    await expect(withConflictMapping('product', KEYS, () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(withConflictMapping('product', KEYS, async () => 7)).resolves.toBe(7);
  });
});
