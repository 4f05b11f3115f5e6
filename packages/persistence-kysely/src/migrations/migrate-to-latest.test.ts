import { tableNames } from '../testing/schema-introspection';
import { sql, type Kysely } from 'kysely';
import { connectDatabase, type OmsDatabase } from '../connect-database';
import type { DatabaseSchema } from '../database-schema';
import { POSTGRES_ENABLED, POSTGRES_URL, randomSchemaName, testTargets, useTestDatabase } from '../testing/test-databases';
import { migrateToLatest } from './migrate-to-latest';

const TABLES = [
  'api_tokens',
  'attachments',
  'backorders',
  'carts',
  'coupon_redemptions',
  'coupons',
  'file_blobs',
  'idempotency_keys',
  'inventory_movements',
  'invoice_sequence',
  'invoices',
  'jobs',
  'order_events',
  'order_lines',
  'orders',
  'outbox_messages',
  'payments',
  'products',
  'reservations',
  'shipments',
  'stock_levels',
  'tracking_events',
  'warehouses',
];
const MIGRATIONS = ['0001_initial_schema', '0002_inventory', '0003_attachments', '0004_commerce', '0005_outbox', '0006_fulfillment', '0007_invoices'];


for (const target of testTargets()) {
  describe(`migrateToLatest on ${target.name}`, () => {
    const database = useTestDatabase(target);

    it('creates every table and does nothing when run again', async () => {
      const names = await tableNames(database());
      expect(names).toEqual(expect.arrayContaining([...TABLES, 'oms_migration', 'oms_migration_lock']));
      expect(names.includes('counters')).toBe(database().dialect === 'sqlite');
      expect(await migrateToLatest(database())).toEqual([]);
      expect(await migrateToLatest(database())).toEqual([]);
      expect(await tableNames(database())).toEqual(names);
    });

    it('stores money as 64-bit integers and timestamps as text', async () => {
      if (database().dialect === 'postgres') {
        const { rows } = await sql<{ column_name: string; data_type: string }>`
          select column_name, data_type from information_schema.columns
          where table_schema = current_schema() and table_name = 'orders' and column_name in ('total_minor', 'created_at')
          order by column_name`.execute(database().db);
        expect(rows).toEqual([
          { column_name: 'created_at', data_type: 'text' },
          { column_name: 'total_minor', data_type: 'bigint' },
        ]);
      } else {
        const { rows } = await sql<{ name: string; type: string }>`
          select name, type from pragma_table_info('orders') where name in ('total_minor', 'created_at') order by name`.execute(database().db);
        expect(rows).toEqual([
          { name: 'created_at', type: 'TEXT' },
          { name: 'total_minor', type: 'INTEGER' },
        ]);
      }
    });
  });
}

describe('migrateToLatest failures', () => {
  it('names the failed migration and rolls it back entirely', async () => {
    const database = await connectDatabase('sqlite::memory:');
    try {
      // A table in the way makes the first CREATE TABLE fail halfway through nothing, the fourth one halfway through.
      await sql`create table order_lines (id text)`.execute(database.db);
      const error = await migrateToLatest(database).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/Database migration 0001_initial_schema failed and was rolled back: .*order_lines/);
      expect((error as Error).cause).toBeDefined();
      const names = await tableNames(database);
      expect(names).not.toContain('products');
      expect(names).not.toContain('orders');
    } finally {
      await database.destroy();
    }
  });
});

if (POSTGRES_ENABLED) {
  describe('migrateToLatest on PostgreSQL from several processes at once', () => {
    it('migrates once while the others wait and find nothing left to do', async () => {
      const schema = randomSchemaName();
      const databases = await Promise.all([1, 2, 3].map(() => connectDatabase(POSTGRES_URL, { postgresSchema: schema })));
      try {
        const results = await Promise.all(databases.map((d) => migrateToLatest(d)));
        expect(results.map((r) => r.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
        const { rows } = await sql<{ name: string }>`select name from oms_migration order by name`.execute(databases[0]!.db);
        expect(rows.map((r) => r.name)).toEqual(MIGRATIONS);
      } finally {
        await sql`drop schema ${sql.id(schema)} cascade`.execute(databases[0]!.db);
        await Promise.all(databases.map((d) => d.destroy()));
      }
    });
  });
}
