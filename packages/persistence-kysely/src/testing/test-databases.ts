import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, type ConnectDatabaseOptions, type OmsDatabase } from '../connect-database';
import { migrateToLatest } from '../migrations/migrate-to-latest';

/** Set by the root jest globalSetup when PostgreSQL answered (under CI its absence already failed the run). */
export const POSTGRES_ENABLED = process.env.OMS_TEST_POSTGRES === '1';
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One fresh database for one test, and how to throw it away. */
export interface TestDatabase {
  readonly database: OmsDatabase;
  close(): Promise<void>;
}

export interface TestTarget {
  readonly name: string;
  /** A fresh database at the latest migration. */
  open(options?: ConnectDatabaseOptions): Promise<TestDatabase>;
  /** A fresh database with no migration applied, for tests that migrate it themselves. */
  connect(options?: ConnectDatabaseOptions): Promise<TestDatabase>;
}

/** A database file path in a fresh temporary directory; `remove` deletes the directory. */
export function tempSqliteFile(): { readonly url: string; readonly path: string; readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'oms-kysely-'));
  const path = join(dir, 'nested', 'orders.sqlite');
  return { url: `sqlite:${path}`, path, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function randomSchemaName(): string {
  return `oms_test_${randomBytes(6).toString('hex')}`;
}

function target(name: string, connect: (options?: ConnectDatabaseOptions) => Promise<TestDatabase>): TestTarget {
  return {
    name,
    connect,
    async open(options) {
      const opened = await connect(options);
      try {
        await migrateToLatest(opened.database);
      } catch (error) {
        await opened.close();
        throw error;
      }
      return opened;
    },
  };
}

export const sqliteFileTarget: TestTarget = target('SQLite file', async (options) => {
  const file = tempSqliteFile();
  const database = await connectDatabase(file.url, options);
  return {
    database,
    close: async () => {
      await database.destroy();
      file.remove();
    },
  };
});

export const sqliteMemoryTarget: TestTarget = target('SQLite :memory:', async (options) => {
  const database = await connectDatabase('sqlite::memory:', options);
  return { database, close: () => database.destroy() };
});

export const postgresTarget: TestTarget = target('PostgreSQL', async (options) => {
  const schema = randomSchemaName();
  const database = await connectDatabase(POSTGRES_URL, { ...options, postgresSchema: schema });
  return {
    database,
    close: async () => {
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      } finally {
        await database.destroy();
      }
    },
  };
});

/** Every database the suites run on here: SQLite always, PostgreSQL when the global setup found one. */
export function testTargets(): readonly TestTarget[] {
  return POSTGRES_ENABLED ? [sqliteFileTarget, sqliteMemoryTarget, postgresTarget] : [sqliteFileTarget, sqliteMemoryTarget];
}

/** Opens a fresh database before each test and closes it after; returns a getter for the current one. */
export function useTestDatabase(target: TestTarget): () => OmsDatabase {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await target.open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('The test database exists only inside a test');
    return current.database;
  };
}
