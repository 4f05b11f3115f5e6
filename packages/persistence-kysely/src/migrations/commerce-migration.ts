import { sql, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';


/**
 * Commerce: customers' carts (one each), coupons with their redemption count and the redemptions themselves, and
 * the payments and refunds of orders.
 *
 * `coupons.redemptions` only ever changes by one guarded UPDATE (`… WHERE redemptions < max_redemptions`); the CHECK
 * is the last line of defence behind it.
 */
export function commerceMigration(dialect: DatabaseDialect): Migration {
  return {
    up: (db: AnyDb) => up(db, dialect),
    down: (db: AnyDb) => down(db),
  };
}

async function up(db: AnyDb, dialect: DatabaseDialect): Promise<void> {
  const t = columnTypes(dialect);
  const schema = db.schema;

  await finish(
    dialect,
    schema
      .createTable('carts')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('customer_id', t.key, (c) => c.notNull())
      // JSON text: [{"productId":…,"quantity":…}, …] in the cart's order.
      .addColumn('items', t.text, (c) => c.notNull())
      // No foreign key: the core reports a cart's unknown coupon as a problem of the cart, not as a broken row.
      .addColumn('coupon_code', t.key)
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('carts_pkey', ['id'])
      .addUniqueConstraint('carts_customer_id_key', ['customer_id']),
  ).execute();

  await finish(
    dialect,
    schema
      .createTable('coupons')
      .addColumn('code', t.key, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('percent_off_basis_points', t.integer)
      .addColumn('amount_off_minor', t.bigint)
      .addColumn('currency', t.text)
      .addColumn('minimum_subtotal_minor', t.bigint)
      .addColumn('starts_at', t.key)
      .addColumn('ends_at', t.key)
      .addColumn('max_redemptions', t.bigint)
      .addColumn('max_redemptions_per_customer', t.bigint)
      .addColumn('redemptions', t.bigint, (c) => c.notNull().defaultTo(0))
      // 0 or 1, like warehouses.active.
      .addColumn('active', t.integer, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('coupons_pkey', ['code'])
      .addCheckConstraint('coupons_type_check', sql`type in ('percentage', 'fixed')`)
      .addCheckConstraint('coupons_active_check', sql`active in (0, 1)`)
      // The last line of defence: the guarded increment never reaches it, a stray write that would over-redeem does.
      .addCheckConstraint('coupons_redemptions_check', sql`redemptions >= 0 and (max_redemptions is null or redemptions <= max_redemptions)`),
  ).execute();
  // The admin list, newest first.
  await schema.createIndex('coupons_created_idx').on('coupons').columns(['created_at', 'code']).execute();

  await finish(
    dialect,
    schema
      .createTable('coupon_redemptions')
      // A surrogate key: one customer may redeem a code several times, even within one order's history.
      .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) => (dialect === 'postgres' ? c.notNull().generatedAlwaysAsIdentity() : c))
      .addColumn('code', t.key, (c) => c.notNull().references('coupons.code'))
      .addColumn('customer_id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id'))
      .addColumn('at', t.key, (c) => c.notNull())
      // On SQLite a single INTEGER primary key is the rowid: assigned when the insert leaves it out.
      .addPrimaryKeyConstraint('coupon_redemptions_pkey', ['id']),
  ).execute();
  // The per-customer limit counts along this index; the order index serves the foreign key.
  await schema.createIndex('coupon_redemptions_code_customer_idx').on('coupon_redemptions').columns(['code', 'customer_id']).execute();
  await schema.createIndex('coupon_redemptions_order_idx').on('coupon_redemptions').column('order_id').execute();

  await finish(
    dialect,
    schema
      .createTable('payments')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('amount_minor', t.bigint, (c) => c.notNull())
      .addColumn('currency', t.text, (c) => c.notNull())
      .addColumn('method', t.text, (c) => c.notNull())
      .addColumn('reference', t.text)
      // The recorder as one JSON column ({kind, id, display}), like attachments.uploaded_by.
      .addColumn('recorded_by', t.text, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('payments_pkey', ['id'])
      .addCheckConstraint('payments_kind_check', sql`kind in ('payment', 'refund')`)
      .addCheckConstraint('payments_amount_check', sql`amount_minor > 0`),
  ).execute();
  // An order's payments, oldest first.
  await schema.createIndex('payments_order_created_idx').on('payments').columns(['order_id', 'created_at', 'id']).execute();
}

async function down(db: AnyDb): Promise<void> {
  for (const table of ['payments', 'coupon_redemptions', 'coupons', 'carts']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
