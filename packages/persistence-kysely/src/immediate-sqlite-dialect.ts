import type { Database as BetterSqliteDatabase, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  createQueryId,
  IdentifierNode,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** Prepared statements kept per connection; the least recently used one goes first when a new one needs room. */
export const SQLITE_STATEMENT_CACHE_SIZE = 500;

export interface ImmediateSqliteDialectConfig {
  readonly database: BetterSqliteDatabase;
  /** How many prepared statements the connection keeps (default SQLITE_STATEMENT_CACHE_SIZE; 0 keeps none). */
  readonly statementCacheSize?: number;
}

/**
 * Kysely's SQLite dialect (better-sqlite3) with three changes:
 * - transactions start with BEGIN IMMEDIATE. A deferred transaction that reads and then writes fails with
 *   SQLITE_BUSY when another process (the CLI, a second server) wrote in between, and busy_timeout cannot help it;
 *   taking the write lock up front makes such a transaction wait instead.
 * - migrations run in a transaction. SQLite's DDL is transactional, but Kysely's adapter does not claim it, so a
 *   failed migration would otherwise leave half its tables behind. Under BEGIN IMMEDIATE that transaction is also
 *   what keeps two processes from migrating the same file at once.
 * - prepared statements are reused. Kysely's own driver prepares every query it runs (parsing and planning the SQL
 *   each time, a large share of the CPU of short queries); this one keeps them in a bounded LRU cache keyed by the
 *   SQL text. SQLite re-prepares a statement by itself when the schema changes under it (migrations), so a cached
 *   statement never runs against a stale schema.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ImmediateSqliteDialectConfig;

  constructor(config: ImmediateSqliteDialectConfig) {
    super({ database: config.database });
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config.database, this.#config.statementCacheSize ?? SQLITE_STATEMENT_CACHE_SIZE);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Kysely's SqliteDriver (0.28) as it is, but with BEGIN IMMEDIATE and a connection that caches statements. */
class ImmediateSqliteDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  readonly #db: BetterSqliteDatabase;
  readonly #connection: CachingSqliteConnection;

  constructor(db: BetterSqliteDatabase, cacheSize: number) {
    this.#db = db;
    this.#connection = new CachingSqliteConnection(db, cacheSize);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // SQLite has one connection: whoever holds it (a query, or a whole transaction) makes the others wait.
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('release', name), createQueryId()));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#connection.clear();
    this.#db.close();
  }
}

/** As Kysely spells these commands: the name goes through the identifier quoting of the compiler. */
function savepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

/**
 * Runs queries as Kysely's SqliteConnection does (`all` for a statement that returns rows, `run` for the others),
 * on statements taken from a cache. A statement being iterated cannot run another query, so streams, which hold
 * theirs open, always prepare their own.
 */
class CachingSqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqliteDatabase;
  readonly #statements: StatementCache;

  constructor(db: BetterSqliteDatabase, cacheSize: number) {
    this.#db = db;
    this.#statements = new StatementCache(cacheSize);
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const stmt = this.#statement(sql);
    if (stmt.reader) {
      return Promise.resolve({ rows: stmt.all(parameters) as R[] });
    }
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return Promise.resolve({
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const stmt = this.#db.prepare(sql);
    for (const row of stmt.iterate(parameters)) yield { rows: [row as R] };
  }

  clear(): void {
    this.#statements.clear();
  }

  #statement(sql: string): Statement<unknown[]> {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) return cached;
    // A statement that fails to prepare throws here, as with Kysely's driver, and is not cached.
    const stmt = this.#db.prepare<unknown[]>(sql);
    this.#statements.set(sql, stmt);
    return stmt;
  }
}

/** A bounded LRU map from SQL text to its prepared statement (a Map keeps insertion order: first is oldest). */
class StatementCache {
  readonly #entries = new Map<string, Statement<unknown[]>>();

  constructor(private readonly capacity: number) {}

  get(sql: string): Statement<unknown[]> | undefined {
    const stmt = this.#entries.get(sql);
    if (stmt !== undefined) {
      this.#entries.delete(sql);
      this.#entries.set(sql, stmt);
    }
    return stmt;
  }

  set(sql: string, stmt: Statement<unknown[]>): void {
    if (this.capacity <= 0) return;
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(sql, stmt);
  }

  clear(): void {
    this.#entries.clear();
  }
}

class ConnectionMutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise) await this.#promise;
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
