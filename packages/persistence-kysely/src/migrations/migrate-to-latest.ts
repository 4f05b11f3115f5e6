import { Migrator, type Migration, type MigrationProvider, type MigrationResult, type MigrationResultSet } from 'kysely';
import type { OmsDatabase } from '../connect-database';
import type { DatabaseDialect } from '../database-dialect';
import { attachmentsMigration } from './attachments-migration';
import { commerceMigration } from './commerce-migration';
import { fulfillmentMigration } from './fulfillment-migration';
import { initialSchemaMigration } from './initial-schema-migration';
import { inventoryMigration } from './inventory-migration';
import { invoicesMigration } from './invoices-migration';
import { outboxMigration } from './outbox-migration';

/** Own bookkeeping tables, so the OMS can share a database with an application that runs its own Kysely migrations. */
export const MIGRATION_TABLE = 'oms_migration';
export const MIGRATION_LOCK_TABLE = 'oms_migration_lock';

/**
 * The migrations live in code, not in a folder Kysely scans: they work the same from src/ under ts-jest and from
 * dist/ in production. Names sort in the order they must run; never rename or edit one that has shipped.
 */
function migrationsFor(dialect: DatabaseDialect): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchemaMigration(dialect),
    '0002_inventory': inventoryMigration(dialect),
    '0003_attachments': attachmentsMigration(dialect),
    '0004_commerce': commerceMigration(dialect),
    '0005_outbox': outboxMigration(dialect),
    '0006_fulfillment': fulfillmentMigration(dialect),
    '0007_invoices': invoicesMigration(dialect),
  };
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DatabaseDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}

/** The outcome of one migration in a run. */
export interface AppliedMigration {
  readonly name: string;
  readonly status: MigrationResult['status'];
}

/**
 * Brings the schema up to date; does nothing when it already is. Kysely runs each migration in a transaction and
 * holds a lock meanwhile, so several processes starting at once migrate once. Rejects with an error naming the
 * failed migration; the original error is its `cause`.
 */
export async function migrateToLatest(database: OmsDatabase): Promise<readonly AppliedMigration[]> {
  return run(database, (migrator) => migrator.migrateToLatest());
}

/**
 * Migrates up or down to the named migration (inclusive), with the same lock and errors as migrateToLatest. For
 * tests that need a database as an older release left it; not exported from the package.
 */
export async function migrateTo(database: OmsDatabase, name: string): Promise<readonly AppliedMigration[]> {
  return run(database, (migrator) => migrator.migrateTo(name));
}

async function run(database: OmsDatabase, migrate: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<readonly AppliedMigration[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(database.dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrate(migrator);
  const applied = results.map((r) => ({ name: r.migrationName, status: r.status }));
  if (error !== undefined) {
    const failed = applied.find((r) => r.status === 'Error')?.name;
    // Driver errors are not always instanceof Error (better-sqlite3 builds its own), so read the message by shape.
    const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
    const reason = typeof message === 'string' ? message : String(error);
    throw new Error(
      failed === undefined
        ? `Database migration failed before any migration ran: ${reason}`
        : `Database migration ${failed} failed and was rolled back: ${reason}`,
      { cause: error },
    );
  }
  return applied;
}
