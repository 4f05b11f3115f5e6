import { sql, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';


/** The first schema: catalog, orders with lines and events, idempotency records, API tokens, order numbers. */
export function initialSchemaMigration(dialect: DatabaseDialect): Migration {
  return {
    up: (db: AnyDb) => up(db, dialect),
    down: (db: AnyDb) => down(db, dialect),
  };
}

async function up(db: AnyDb, dialect: DatabaseDialect): Promise<void> {
  const t = columnTypes(dialect);
  const schema = db.schema;

  await finish(
    dialect,
    schema
      .createTable('products')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('sku', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('price_minor', t.bigint, (c) => c.notNull())
      .addColumn('currency', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('category', t.text)
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('products_pkey', ['id'])
      .addUniqueConstraint('products_sku_key', ['sku']),
  ).execute();
  await schema.createIndex('products_created_idx').on('products').columns(['created_at', 'id']).execute();
  await schema.createIndex('products_status_created_idx').on('products').columns(['status', 'created_at', 'id']).execute();
  await schema.createIndex('products_category_created_idx').on('products').columns(['category', 'created_at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('orders')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('number', t.bigint, (c) => c.notNull())
      .addColumn('reference', t.text, (c) => c.notNull())
      .addColumn('customer_id', t.text, (c) => c.notNull())
      .addColumn('contact_name', t.text, (c) => c.notNull())
      .addColumn('contact_email', t.text)
      .addColumn('contact_phone', t.text)
      .addColumn('shipping_address', t.text, (c) => c.notNull())
      .addColumn('billing_address', t.text)
      .addColumn('currency', t.text, (c) => c.notNull())
      .addColumn('subtotal_minor', t.bigint, (c) => c.notNull())
      .addColumn('discount_minor', t.bigint, (c) => c.notNull())
      .addColumn('tax_minor', t.bigint, (c) => c.notNull())
      .addColumn('shipping_minor', t.bigint, (c) => c.notNull())
      .addColumn('total_minor', t.bigint, (c) => c.notNull())
      .addColumn('items_count', t.integer, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('notes', t.text)
      .addColumn('metadata', t.text, (c) => c.notNull())
      .addColumn('tracking_number', t.text)
      .addColumn('carrier', t.text)
      .addColumn('cancellation', t.text)
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('orders_pkey', ['id'])
      .addUniqueConstraint('orders_number_key', ['number'])
      .addUniqueConstraint('orders_reference_key', ['reference']),
  ).execute();
  // One index per sort order and per filtered listing, each ending in id: the keyset tiebreaker.
  await schema.createIndex('orders_created_idx').on('orders').columns(['created_at', 'id']).execute();
  await schema.createIndex('orders_updated_idx').on('orders').columns(['updated_at', 'id']).execute();
  await schema.createIndex('orders_total_idx').on('orders').columns(['total_minor', 'id']).execute();
  await schema.createIndex('orders_status_created_idx').on('orders').columns(['status', 'created_at', 'id']).execute();
  await schema.createIndex('orders_customer_created_idx').on('orders').columns(['customer_id', 'created_at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('order_lines')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('position', t.integer, (c) => c.notNull())
      .addColumn('product_id', t.text, (c) => c.notNull())
      .addColumn('sku', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('quantity', t.integer, (c) => c.notNull())
      .addColumn('unit_price_minor', t.bigint, (c) => c.notNull())
      .addColumn('line_total_minor', t.bigint, (c) => c.notNull())
      .addColumn('metadata', t.text, (c) => c.notNull())
      .addPrimaryKeyConstraint('order_lines_pkey', ['id'])
      // Also the index that loads an order's lines in order.
      .addUniqueConstraint('order_lines_order_position_key', ['order_id', 'position']),
  ).execute();

  await finish(
    dialect,
    schema
      .createTable('order_events')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('actor_kind', t.text, (c) => c.notNull())
      .addColumn('actor_id', t.text)
      .addColumn('actor_display', t.text, (c) => c.notNull())
      .addColumn('data', t.text, (c) => c.notNull())
      .addColumn('at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('order_events_pkey', ['id']),
  ).execute();
  await schema.createIndex('order_events_order_at_idx').on('order_events').columns(['order_id', 'at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('idempotency_keys')
      .addColumn('scope', t.text, (c) => c.notNull())
      .addColumn('key', t.text, (c) => c.notNull())
      .addColumn('operation', t.text, (c) => c.notNull())
      .addColumn('fingerprint', t.text, (c) => c.notNull())
      .addColumn('result', t.text, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('expires_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key']),
  ).execute();
  await schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();

  await finish(
    dialect,
    schema
      .createTable('api_tokens')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('token_hash', t.text, (c) => c.notNull())
      .addColumn('role', t.text, (c) => c.notNull())
      .addColumn('scopes', t.text, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('revoked_at', t.key)
      .addPrimaryKeyConstraint('api_tokens_pkey', ['id'])
      .addUniqueConstraint('api_tokens_token_hash_key', ['token_hash']),
  ).execute();

  if (dialect === 'postgres') {
    // nextval never blocks and never hands out a number twice, even to transactions that later roll back.
    await sql`create sequence order_number_seq as bigint start with 1`.execute(db);
  } else {
    // SQLite has no sequences; one counter row incremented with UPDATE … RETURNING under SQLite's write lock.
    await finish(
      dialect,
      schema
        .createTable('counters')
        .addColumn('name', t.text, (c) => c.notNull().primaryKey())
        .addColumn('value', t.bigint, (c) => c.notNull()),
    ).execute();
    await sql`insert into counters (name, value) values ('order_number', 0)`.execute(db);
  }
}

async function down(db: AnyDb, dialect: DatabaseDialect): Promise<void> {
  if (dialect === 'postgres') await sql`drop sequence if exists order_number_seq`.execute(db);
  for (const table of ['counters', 'api_tokens', 'idempotency_keys', 'order_events', 'order_lines', 'orders', 'products']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
