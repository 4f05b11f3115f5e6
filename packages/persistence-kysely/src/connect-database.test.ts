import { existsSync } from 'node:fs';
import { anOrder } from '@oms/order-testkit';
import { sql } from 'kysely';
import { connectDatabase, type OmsDatabase } from './connect-database';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { migrateToLatest } from './migrations/migrate-to-latest';
import { readSafeInteger } from './read-safe-integer';
import { POSTGRES_ENABLED, POSTGRES_URL, randomSchemaName, tempSqliteFile } from './testing/test-databases';

async function pragma(database: OmsDatabase, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(database.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('connectDatabase', () => {
  it('refuses an unknown URL scheme by name, never echoing the rest of the URL', async () => {
    const error = await connectDatabase('mysql://root:s3cret@db.example.com/orders').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Unsupported database URL scheme "mysql:"/);
    expect((error as Error).message).not.toContain('s3cret');
    await expect(connectDatabase('/var/data/orders.sqlite')).rejects.toThrow(/scheme missing/);
    await expect(connectDatabase('sqlite:')).rejects.toThrow(/names no file/);
  });

  describe('on SQLite', () => {
    it('creates the missing parent directory and sets WAL, foreign keys, busy timeout and synchronous', async () => {
      const file = tempSqliteFile();
      expect(existsSync(file.path)).toBe(false);
      const database = await connectDatabase(file.url);
      try {
        expect(database.dialect).toBe('sqlite');
        expect(existsSync(file.path)).toBe(true);
        expect(await pragma(database, 'journal_mode')).toBe('wal');
        expect(readSafeInteger(await pragma(database, 'foreign_keys'), 'foreign_keys')).toBe(1);
        expect(readSafeInteger(await pragma(database, 'busy_timeout'), 'busy_timeout')).toBe(5000);
        // 1 = NORMAL
        expect(readSafeInteger(await pragma(database, 'synchronous'), 'synchronous')).toBe(1);
      } finally {
        await database.destroy();
        file.remove();
      }
    });

    it('keeps :memory: out of WAL but still enforces foreign keys', async () => {
      const database = await connectDatabase('sqlite::memory:');
      try {
        expect(await pragma(database, 'journal_mode')).toBe('memory');
        await migrateToLatest(database);
        const orphanLine = sql`insert into order_lines (id, order_id, position, product_id, sku, name, quantity, unit_price_minor, line_total_minor, metadata)
          values ('line_1', 'order_missing', 0, 'prod_1', 'S', 'N', 1, 1, 1, '{}')`;
        // Matched by shape: better-sqlite3's native addon keeps the SqliteError class of the first test file a jest worker
        // loaded, so in later files its errors are not instanceof this realm's Error.
        await expect(orphanLine.execute(database.db)).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY/) });
      } finally {
        await database.destroy();
      }
    });

    it('keeps its schema and data across reconnecting, and numbering continues', async () => {
      const other = tempSqliteFile();
      try {
        const order = anOrder();
        const first = await connectDatabase(`sqlite://${other.path}`);
        expect(await migrateToLatest(first)).toEqual([
          { name: '0001_initial_schema', status: 'Success' },
          { name: '0002_inventory', status: 'Success' },
          { name: '0003_attachments', status: 'Success' },
          { name: '0004_commerce', status: 'Success' },
          { name: '0005_outbox', status: 'Success' },
          { name: '0006_fulfillment', status: 'Success' },
          { name: '0007_invoices', status: 'Success' },
        ]);
        const uow = new KyselyUnitOfWork(first);
        await uow.transaction((r) => r.orders.insert(order));
        const number = await uow.repositories.orders.nextNumber();
        await first.destroy();

        const second = await connectDatabase(other.url);
        try {
          expect(await migrateToLatest(second)).toEqual([]);
          const again = new KyselyUnitOfWork(second);
          expect(await again.repositories.orders.findById(order.id)).toEqual(order);
          expect(await again.repositories.orders.nextNumber()).toBe(number + 1);
        } finally {
          await second.destroy();
        }
      } finally {
        other.remove();
      }
    });

    it('answers ping while open, may be destroyed twice, and refuses work afterwards', async () => {
      const database = await connectDatabase('sqlite::memory:');
      await expect(database.ping()).resolves.toBeUndefined();
      await database.destroy();
      await database.destroy();
      await expect(database.ping()).rejects.toThrow();
    });
  });

  if (POSTGRES_ENABLED) {
    describe('on PostgreSQL', () => {
      it('creates the schema, works inside it only, and leaves the default schema alone', async () => {
        const schema = randomSchemaName();
        const database = await connectDatabase(POSTGRES_URL, { postgresSchema: schema });
        try {
          expect(database.dialect).toBe('postgres');
          await migrateToLatest(database);
          const { rows } = await sql<{ table_schema: string }>`
            select distinct table_schema from information_schema.tables where table_name = 'orders' and table_schema = ${schema}`.execute(database.db);
          expect(rows).toEqual([{ table_schema: schema }]);
          const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
          expect(current.rows[0]?.schema).toBe(schema);
          // Connecting again to an existing schema is fine.
          const again = await connectDatabase(POSTGRES_URL, { postgresSchema: schema });
          await again.destroy();
        } finally {
          await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
          await database.destroy();
        }
      });

      it('refuses a schema name that is not a plain identifier', async () => {
        await expect(connectDatabase(POSTGRES_URL, { postgresSchema: 'x; drop table orders' })).rejects.toThrow(/lower-case SQL identifier/);
        await expect(connectDatabase(POSTGRES_URL, { postgresSchema: 'Mixed' })).rejects.toThrow(/lower-case SQL identifier/);
      });

      it('fails to connect to an unreachable server without revealing the password', async () => {
        const error = await connectDatabase('postgres://postgres:pa55word@127.0.0.1:1/test').then(
          () => null,
          (e: unknown) => e as Error,
        );
        // pg's errors come from another realm than jest's, so check the shape rather than instanceof Error.
        expect(error?.message).toMatch(/ECONNREFUSED/);
        expect(error?.message).not.toContain('pa55word');
      });
    });
  }
});
