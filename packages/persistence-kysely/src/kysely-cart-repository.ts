import { isJsonObject, type Cart, type CartItem, type CartRepository } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { CartsTable, DatabaseSchema } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type CartRow = Selectable<CartsTable>;

function uniqueKeys(cart: Cart): readonly UniqueKey[] {
  return [
    { column: 'customer_id', constraint: 'carts_customer_id_key', field: 'customer_id', message: 'This customer already has a cart' },
    { column: 'id', constraint: 'carts_pkey', field: 'id', message: `A cart with id ${cart.id} already exists` },
  ];
}

/** One cart per customer (UNIQUE customer_id); the items are one JSON column, replaced whole at each change. */
export class KyselyCartRepository implements CartRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async findByCustomer(customerId: string): Promise<Cart | null> {
    const row = await this.db.selectFrom('carts').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async insert(cart: Cart): Promise<void> {
    const row = { id: cart.id, ...toRow(cart) };
    await withConflictMapping('cart', uniqueKeys(cart), () => this.db.insertInto('carts').values(row).execute());
  }

  async update(cart: Cart, expectedVersion: number): Promise<boolean> {
    const result = await withConflictMapping('cart', uniqueKeys(cart), () =>
      this.db.updateTable('carts').set(toRow(cart)).where('id', '=', cart.id).where('version', '=', expectedVersion).executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async delete(id: string, expectedVersion: number): Promise<boolean> {
    const result = await this.db.deleteFrom('carts').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toRow(cart: Cart) {
  return {
    customer_id: cart.customerId,
    // Only the two fields of an item, in the cart's order.
    items: writeJsonColumn(cart.items.map((i) => ({ productId: i.productId, quantity: i.quantity }))),
    coupon_code: cart.couponCode,
    version: cart.version,
    created_at: toStoredTimestamp(cart.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(cart.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: CartRow): Cart {
  return {
    id: row.id,
    customerId: row.customer_id,
    items: readItems(row),
    couponCode: row.coupon_code,
    version: readSafeInteger(row.version, 'carts.version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function readItems(row: CartRow): CartItem[] {
  const value = readJsonColumn(row.items, 'carts.items');
  const items = Array.isArray(value) ? value : null;
  return (items ?? damaged(row)).map((item) => {
    if (!isJsonObject(item)) return damaged(row);
    const { productId, quantity } = item;
    if (typeof productId !== 'string' || typeof quantity !== 'number' || !Number.isSafeInteger(quantity)) return damaged(row);
    return { productId, quantity };
  });
}

function damaged(row: CartRow): never {
  throw new Error(`Column carts.items of ${row.id} does not hold a list of {productId, quantity}`);
}
