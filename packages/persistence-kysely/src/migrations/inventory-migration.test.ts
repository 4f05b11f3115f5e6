import { tableNames } from '../testing/schema-introspection';
import { DEFAULT_WAREHOUSE_CODE, DEFAULT_WAREHOUSE_ID } from '@oms/order-core';
import { aProduct } from '@oms/order-testkit';
import { sql, type Kysely } from 'kysely';
import type { OmsDatabase } from '../connect-database';
import type { DatabaseSchema } from '../database-schema';
import { KyselyUnitOfWork } from '../kysely-unit-of-work';
import { testTargets, type TestDatabase } from '../testing/test-databases';
import { migrateTo, migrateToLatest } from './migrate-to-latest';

const INVENTORY_TABLES = ['backorders', 'inventory_movements', 'reservations', 'stock_levels', 'warehouses'];


async function productColumns(database: OmsDatabase): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info('products') order by name`
      : sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = 'products' order by column_name`;
  return (await query.execute(database.db)).rows.map((r) => r.name);
}

/** A product row as release 0001 wrote it: without the inventory columns. */
async function insertReleaseOneProduct(database: OmsDatabase, id: string): Promise<void> {
  await sql`
    insert into products (id, sku, name, description, price_minor, currency, status, category, version, created_at, updated_at)
    values (${id}, ${`SKU-${id}`}, 'Old product', null, 1500, 'EUR', 'active', null, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`.execute(database.db);
}

for (const target of testTargets()) {
  describe(`0002_inventory on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const database = (): OmsDatabase => current!.database;
    beforeEach(async () => {
      current = await target.connect();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('upgrades a database created by the previous release: its products get the deny policy and no date', async () => {
      expect(await migrateTo(database(), '0001_initial_schema')).toEqual([{ name: '0001_initial_schema', status: 'Success' }]);
      expect(await tableNames(database())).not.toContain('warehouses');
      await insertReleaseOneProduct(database(), 'prod_old');

      const before = new Date().toISOString();
      expect(await migrateToLatest(database())).toEqual([
        { name: '0002_inventory', status: 'Success' },
        { name: '0003_attachments', status: 'Success' },
        { name: '0004_commerce', status: 'Success' },
        { name: '0005_outbox', status: 'Success' },
        { name: '0006_fulfillment', status: 'Success' },
        { name: '0007_invoices', status: 'Success' },
      ]);
      const after = new Date().toISOString();

      const repos = new KyselyUnitOfWork(database()).repositories;
      expect(await repos.products.findById('prod_old')).toMatchObject({ id: 'prod_old', price: 1500, backorderPolicy: 'deny', expectedDate: null });
      expect(await tableNames(database())).toEqual(expect.arrayContaining(INVENTORY_TABLES));
      const warehouse = await repos.warehouses.findById(DEFAULT_WAREHOUSE_ID);
      expect(warehouse).toEqual({
        id: DEFAULT_WAREHOUSE_ID,
        code: DEFAULT_WAREHOUSE_CODE,
        name: 'Default warehouse',
        active: true,
        priority: 0,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: warehouse?.createdAt,
      });
      // Stamped with the time the migration ran, in the stored timestamp form.
      expect(warehouse!.createdAt >= before && warehouse!.createdAt <= after).toBe(true);
      expect(warehouse!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // The old product can hold stock in the default warehouse straight away.
      expect(await repos.stock.adjust('prod_old', DEFAULT_WAREHOUSE_ID, 4)).toBe(true);
    });

    it('migrates down to the previous release and up again, keeping the products', async () => {
      await migrateToLatest(database());
      const product = aProduct({ backorderPolicy: 'preorder', expectedDate: '2026-05-01' });
      await new KyselyUnitOfWork(database()).repositories.products.insert(product);

      // Down runs newest first: the attachments go before the inventory.
      expect(await migrateTo(database(), '0001_initial_schema')).toEqual([
        { name: '0007_invoices', status: 'Success' },
        { name: '0006_fulfillment', status: 'Success' },
        { name: '0005_outbox', status: 'Success' },
        { name: '0004_commerce', status: 'Success' },
        { name: '0003_attachments', status: 'Success' },
        { name: '0002_inventory', status: 'Success' },
      ]);
      const names = await tableNames(database());
      for (const table of INVENTORY_TABLES) expect(names).not.toContain(table);
      expect(await productColumns(database())).not.toContain('backorder_policy');

      await migrateToLatest(database());
      // Going down drops what only the newer release knew: the policy falls back to the default.
      expect(await new KyselyUnitOfWork(database()).repositories.products.findById(product.id)).toEqual({ ...product, backorderPolicy: 'deny', expectedDate: null });
    });

    it('keeps stock levels consistent with a CHECK constraint that refuses a direct write that would oversell', async () => {
      await migrateToLatest(database());
      const uow = new KyselyUnitOfWork(database());
      const product = aProduct();
      await uow.repositories.products.insert(product);
      expect(await uow.repositories.stock.adjust(product.id, DEFAULT_WAREHOUSE_ID, 5)).toBe(true);
      expect(await uow.repositories.stock.reserve(product.id, DEFAULT_WAREHOUSE_ID, 3)).toBe(true);
      const db = database().db;
      const where = sql`product_id = ${product.id} and warehouse_id = ${DEFAULT_WAREHOUSE_ID}`;
      const refused = async (statement: ReturnType<typeof sql>) =>
        statement.execute(db).then(
          () => 'stored',
          (error: unknown) => String((error as { message?: unknown }).message),
        );
      // More reserved than on hand, on hand below reserved, negative reserved: each refused, naming the constraint.
      expect(await refused(sql`update stock_levels set reserved = 6 where ${where}`)).toMatch(/stock_levels_quantities_check/);
      expect(await refused(sql`update stock_levels set on_hand = 2 where ${where}`)).toMatch(/stock_levels_quantities_check/);
      expect(await refused(sql`update stock_levels set reserved = -1, on_hand = 0 where ${where}`)).toMatch(/stock_levels_quantities_check/);
      expect(await refused(sql`insert into stock_levels (product_id, warehouse_id, on_hand, reserved) values (${product.id}, 'wh_none', 1, 0)`)).not.toBe('stored');
      expect(await uow.repositories.stock.levelsFor([product.id])).toEqual([{ productId: product.id, warehouseId: DEFAULT_WAREHOUSE_ID, onHand: 5, reserved: 3 }]);
    });

    it('stores quantities as 64-bit integers and refuses a boolean other than 0 or 1', async () => {
      await migrateToLatest(database());
      const columns =
        database().dialect === 'postgres'
          ? sql<{ name: string; type: string }>`select column_name as name, data_type as type from information_schema.columns
              where table_schema = current_schema() and table_name = 'stock_levels' order by column_name`
          : sql<{ name: string; type: string }>`select name, type from pragma_table_info('stock_levels') order by name`;
      const rows = (await columns.execute(database().db)).rows;
      const integer = database().dialect === 'postgres' ? 'bigint' : 'INTEGER';
      expect(rows.filter((r) => r.name === 'on_hand' || r.name === 'reserved')).toEqual([
        { name: 'on_hand', type: integer },
        { name: 'reserved', type: integer },
      ]);
      // better-sqlite3's errors are not instances of this realm's Error, so compare the message, not with toThrow.
      const outcome = await sql`update warehouses set active = 2 where id = ${DEFAULT_WAREHOUSE_ID}`.execute(database().db).then(
        () => 'stored',
        (error: unknown) => String((error as { message?: unknown }).message),
      );
      expect(outcome).toMatch(/warehouses_active_check/);
    });
  });
}
