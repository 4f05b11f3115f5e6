import { sql, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';


/**
 * The outbox: messages (customer e-mails) written in the transaction that caused them and delivered after it
 * commits by workers that claim them with a lease and retry failures.
 */
export function outboxMigration(dialect: DatabaseDialect): Migration {
  return {
    up: (db: AnyDb) => up(db, dialect),
    down: (db: AnyDb) => down(db),
  };
}

async function up(db: AnyDb, dialect: DatabaseDialect): Promise<void> {
  const t = columnTypes(dialect);
  await finish(
    dialect,
    db.schema
      .createTable('outbox_messages')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('topic', t.text, (c) => c.notNull())
      .addColumn('payload', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull())
      .addColumn('available_at', t.key, (c) => c.notNull())
      .addColumn('last_error', t.text)
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('outbox_messages_pkey', ['id'])
      .addCheckConstraint('outbox_messages_status_check', sql`status in ('pending', 'sent', 'failed')`)
      .addCheckConstraint('outbox_messages_attempts_check', sql`attempts >= 0`),
  ).execute();
  // What a claim looks for: pending messages that are due.
  await db.schema.createIndex('outbox_messages_status_available_idx').on('outbox_messages').columns(['status', 'available_at']).execute();
}

async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('outbox_messages').ifExists().execute();
}
