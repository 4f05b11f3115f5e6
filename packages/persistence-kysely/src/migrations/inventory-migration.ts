import { sql, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';

/** The id and code of the warehouse every store has from its first start (order-core's DEFAULT_WAREHOUSE_*). */
const DEFAULT_WAREHOUSE = { id: 'wh_default', code: 'DEFAULT', name: 'Default warehouse' } as const;

/**
 * Inventory: backorder policy and expected date on products, warehouses (with the default one), stock levels per
 * product and warehouse, the append-only movement history, reservations and backorders of order lines.
 *
 * The default warehouse's created_at/updated_at are the time the migration ran: when this store started to have it.
 */
export function inventoryMigration(dialect: DatabaseDialect, now: () => Date = () => new Date()): Migration {
  return {
    up: (db: AnyDb) => up(db, dialect, now().toISOString()),
    down: (db: AnyDb) => down(db),
  };
}

async function up(db: AnyDb, dialect: DatabaseDialect, now: string): Promise<void> {
  const t = columnTypes(dialect);
  const schema = db.schema;

  // One column per ALTER: SQLite adds one at a time. Existing products get the constant default, 'deny'.
  await schema
    .alterTable('products')
    .addColumn('backorder_policy', t.text, (c) => c.notNull().defaultTo(sql`'deny'`))
    .execute();
  await schema.alterTable('products').addColumn('expected_date', t.text).execute();

  await finish(
    dialect,
    schema
      .createTable('warehouses')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('code', t.key, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      // 0 or 1 on both dialects: SQLite has no boolean, and one representation keeps the mappers dialect-free.
      .addColumn('active', t.integer, (c) => c.notNull())
      .addColumn('priority', t.integer, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('warehouses_pkey', ['id'])
      .addUniqueConstraint('warehouses_code_key', ['code'])
      .addCheckConstraint('warehouses_active_check', sql`active in (0, 1)`),
  ).execute();
  await sql`
    insert into warehouses (id, code, name, active, priority, version, created_at, updated_at)
    values (${DEFAULT_WAREHOUSE.id}, ${DEFAULT_WAREHOUSE.code}, ${DEFAULT_WAREHOUSE.name}, 1, 0, 1, ${now}, ${now})`.execute(db);

  await finish(
    dialect,
    schema
      .createTable('stock_levels')
      .addColumn('product_id', t.key, (c) => c.notNull().references('products.id'))
      .addColumn('warehouse_id', t.key, (c) => c.notNull().references('warehouses.id'))
      .addColumn('on_hand', t.bigint, (c) => c.notNull())
      .addColumn('reserved', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_levels_pkey', ['product_id', 'warehouse_id'])
      // The last line of defence: the guarded UPDATEs never reach it, a stray write that would oversell does.
      .addCheckConstraint('stock_levels_quantities_check', sql`reserved >= 0 and on_hand >= reserved`),
  ).execute();
  await schema.createIndex('stock_levels_warehouse_idx').on('stock_levels').columns(['warehouse_id', 'product_id']).execute();

  await finish(
    dialect,
    schema
      .createTable('inventory_movements')
      .addColumn('id', t.key, (c) => c.notNull())
      // No foreign keys: history is append-only and outlives whatever it mentions.
      .addColumn('product_id', t.key, (c) => c.notNull())
      .addColumn('warehouse_id', t.key, (c) => c.notNull())
      .addColumn('on_hand_change', t.bigint, (c) => c.notNull())
      .addColumn('reserved_change', t.bigint, (c) => c.notNull())
      .addColumn('reason', t.text, (c) => c.notNull())
      .addColumn('order_id', t.key)
      .addColumn('note', t.text)
      .addColumn('actor', t.text, (c) => c.notNull())
      .addColumn('at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('inventory_movements_pkey', ['id']),
  ).execute();
  // One index per history filter, each ending in the (at, id) order the history is read in.
  await schema.createIndex('inventory_movements_product_at_idx').on('inventory_movements').columns(['product_id', 'at', 'id']).execute();
  await schema.createIndex('inventory_movements_warehouse_at_idx').on('inventory_movements').columns(['warehouse_id', 'at', 'id']).execute();
  await schema.createIndex('inventory_movements_order_idx').on('inventory_movements').column('order_id').execute();
  await schema.createIndex('inventory_movements_reason_at_idx').on('inventory_movements').columns(['reason', 'at', 'id']).execute();
  await schema.createIndex('inventory_movements_at_idx').on('inventory_movements').columns(['at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('reservations')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('allocation_id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('line_id', t.key, (c) => c.notNull())
      .addColumn('product_id', t.key, (c) => c.notNull())
      .addColumn('warehouse_id', t.key, (c) => c.notNull())
      .addColumn('quantity', t.bigint, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('reservations_pkey', ['id']),
  ).execute();
  await schema.createIndex('reservations_order_created_idx').on('reservations').columns(['order_id', 'created_at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('backorders')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('line_id', t.key, (c) => c.notNull())
      .addColumn('product_id', t.key, (c) => c.notNull())
      .addColumn('quantity', t.bigint, (c) => c.notNull())
      .addColumn('requested_quantity', t.bigint, (c) => c.notNull())
      .addColumn('expected_date', t.text)
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('backorders_pkey', ['id']),
  ).execute();
  // FIFO lists: all waiting ones, the waiting ones of some products, and an order's own.
  await schema.createIndex('backorders_status_created_idx').on('backorders').columns(['status', 'created_at', 'id']).execute();
  await schema.createIndex('backorders_product_status_created_idx').on('backorders').columns(['product_id', 'status', 'created_at', 'id']).execute();
  await schema.createIndex('backorders_order_idx').on('backorders').column('order_id').execute();
}

async function down(db: AnyDb): Promise<void> {
  for (const table of ['backorders', 'reservations', 'inventory_movements', 'stock_levels', 'warehouses']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('products').dropColumn('expected_date').execute();
  await db.schema.alterTable('products').dropColumn('backorder_policy').execute();
}
