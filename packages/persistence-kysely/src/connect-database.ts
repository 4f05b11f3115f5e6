import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type LogConfig } from 'kysely';
import { Client, Pool } from 'pg';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema } from './database-schema';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect';
import { pgSafeIntegerTypes } from './pg-safe-integer-types';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { SQLITE_LOWER_FUNCTION } from './text-search';

/** An open database: the Kysely instance plus what the repositories and the app need to know about it. */
export interface OmsDatabase {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: DatabaseDialect;
  /** Closes the connection or pool; safe to call more than once. */
  destroy(): Promise<void>;
  /** Resolves when the database answers a trivial query (health checks). */
  ping(): Promise<void>;
  /** SQLite files with background checkpoints: the worker thread that checkpoints the WAL. */
  readonly checkpointer?: SqliteCheckpointer;
}

export interface ConnectDatabaseOptions {
  /**
   * PostgreSQL only: the schema to work in. It is created if missing and becomes every connection's search_path,
   * so one database can hold several independent stores (tests use a fresh one each).
   */
  readonly postgresSchema?: string;
  /** Passed to Kysely: log levels to print, or a function that receives every query event. */
  readonly log?: LogConfig;
  /**
   * SQLite files only: who checkpoints the write-ahead log. `background` (the default) runs passive checkpoints on a
   * worker thread every `SQLITE_CHECKPOINT_INTERVAL_MS`, keeping their fsyncs off the event loop, and raises the
   * connection's own automatic checkpoint to a backstop of `SQLITE_BACKSTOP_CHECKPOINT_PAGES`; `inline` keeps
   * SQLite's default (the committing connection checkpoints every 1,000 pages).
   */
  readonly sqliteCheckpoints?: 'background' | 'inline';
}

const POOL_SIZE = 10;
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** How often the background checkpointer runs a passive checkpoint. */
export const SQLITE_CHECKPOINT_INTERVAL_MS = 50;
/**
 * With background checkpoints, the committing connection still checkpoints once the WAL reaches this many pages
 * (about 40 MB at 4 KiB pages): under sustained writes the WAL can only restart from its beginning once a checkpoint
 * has caught up with the writer, and this bounds it if the worker never does (or has failed).
 */
export const SQLITE_BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** The WAL file is truncated back to this size after it restarts, so a burst does not keep its disk space. */
const SQLITE_JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens `sqlite:<path>`, `sqlite::memory:`, `postgres://…` or `postgresql://…`. The database is reachable when the
 * promise resolves; migrations are a separate step (migrateToLatest).
 */
export async function connectDatabase(url: string, options: ConnectDatabaseOptions = {}): Promise<OmsDatabase> {
  if (url.startsWith('sqlite:')) return connectSqlite(sqlitePath(url), options);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return connectPostgres(url, options);
  // Only the scheme is echoed: the rest of a URL may carry a password.
  const colon = url.indexOf(':');
  const scheme = colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, colon)) ? `"${url.slice(0, colon)}:"` : 'missing';
  throw new Error(`Unsupported database URL scheme ${scheme}: use sqlite:<path>, sqlite::memory: or postgres://…`);
}

function sqlitePath(url: string): string {
  let path = url.slice('sqlite:'.length);
  // Also accept the sqlite://<path> spelling some tools write.
  if (path.startsWith('//')) path = path.slice(2);
  if (path.length === 0) throw new Error('The sqlite: database URL names no file: use sqlite:<path> or sqlite::memory:');
  return path;
}

async function connectSqlite(path: string, options: ConnectDatabaseOptions): Promise<OmsDatabase> {
  const inMemory = path === ':memory:';
  const background = (options.sqliteCheckpoints ?? 'background') === 'background';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(inMemory ? ':memory:' : resolve(path));
  try {
    // WAL lets readers in other processes work while one writes; an in-memory database has no other processes.
    if (!inMemory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // With WAL, NORMAL is durable against application crashes and much faster; a power loss may lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    if (!inMemory) sqlite.pragma(`journal_size_limit = ${SQLITE_JOURNAL_SIZE_LIMIT_BYTES}`);
    if (!inMemory && background) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_BACKSTOP_CHECKPOINT_PAGES}`);
    // Integers come back as bigint so that readSafeInteger can refuse a value a JS number would round.
    sqlite.defaultSafeIntegers(true);
    sqlite.function(SQLITE_LOWER_FUNCTION, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }), log: options.log });
  const database = await open(db, 'sqlite');
  if (inMemory || !background) return database;
  const checkpointer = SqliteCheckpointer.start(resolve(path), { intervalMs: SQLITE_CHECKPOINT_INTERVAL_MS });
  let destroyed: Promise<void> | null = null;
  return {
    ...database,
    checkpointer,
    // The worker's connection closes first, so the request connection is the last one and removes the WAL on close.
    destroy: () => (destroyed ??= checkpointer.stop().then(() => database.destroy())),
  };
}

async function connectPostgres(url: string, options: ConnectDatabaseOptions): Promise<OmsDatabase> {
  const schema = options.postgresSchema;
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(`postgresSchema must be a lower-case SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}`);
    }
    await createSchema(url, schema);
  }
  const pool = new Pool({
    connectionString: url,
    max: POOL_SIZE,
    types: pgSafeIntegerTypes,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its server is dropped by the pool; without a listener the 'error' event would kill the
  // process. The next query reports the outage to its caller.
  pool.on('error', () => undefined);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }), log: options.log });
  return open(db, 'postgres');
}

async function createSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url, types: pgSafeIntegerTypes });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees a duplicate, which is what it wanted.
    const code = (error as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function open(db: Kysely<DatabaseSchema>, dialect: DatabaseDialect): Promise<OmsDatabase> {
  let destroyed: Promise<void> | null = null;
  const database: OmsDatabase = {
    db,
    dialect,
    destroy: () => (destroyed ??= db.destroy()),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
  };
  try {
    await database.ping();
  } catch (error) {
    await database.destroy().catch(() => undefined);
    throw error;
  }
  return database;
}
