import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Kysely's SQLite dialect with two changes to transactions:
 * - they start with BEGIN IMMEDIATE. A deferred transaction that reads and then writes fails with SQLITE_BUSY when
 *   another process (the CLI, a second server) wrote in between, and busy_timeout cannot help it; taking the write
 *   lock up front makes such a transaction wait instead.
 * - migrations run in a transaction. SQLite's DDL is transactional, but Kysely's adapter does not claim it, so a
 *   failed migration would otherwise leave half its tables behind. Under BEGIN IMMEDIATE that transaction is also
 *   what keeps two processes from migrating the same file at once.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
