import { sql, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';


/**
 * Attachments: the metadata of files on an order (`attachments`), and `file_blobs`, where the database FileStore
 * keeps the bytes. The two are not linked by a foreign key: the bytes may live in another FileStore (a directory),
 * and the core writes them before the metadata row and deletes them after it.
 *
 * order_events needs nothing: its type is free text (no CHECK), and the new event types store their data as JSON.
 */
export function attachmentsMigration(dialect: DatabaseDialect): Migration {
  return {
    up: (db: AnyDb) => up(db, dialect),
    down: (db: AnyDb) => down(db),
  };
}

async function up(db: AnyDb, dialect: DatabaseDialect): Promise<void> {
  const t = columnTypes(dialect);
  const schema = db.schema;

  await finish(
    dialect,
    schema
      .createTable('attachments')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('filename', t.text, (c) => c.notNull())
      .addColumn('content_type', t.text, (c) => c.notNull())
      .addColumn('size', t.bigint, (c) => c.notNull())
      .addColumn('sha256', t.text, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('description', t.text)
      // The uploader as one JSON column ({kind, id, display}), like inventory_movements.actor.
      .addColumn('uploaded_by', t.text, (c) => c.notNull())
      .addColumn('storage_key', t.key, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('attachments_pkey', ['id'])
      // Two rows sharing bytes would lose them when either is deleted.
      .addUniqueConstraint('attachments_storage_key_key', ['storage_key'])
      .addCheckConstraint('attachments_size_check', sql`size >= 0`),
  ).execute();
  // An order's attachments, oldest first.
  await schema.createIndex('attachments_order_created_idx').on('attachments').columns(['order_id', 'created_at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('file_blobs')
      .addColumn('key', t.key, (c) => c.notNull())
      .addColumn('size', t.bigint, (c) => c.notNull())
      .addColumn('sha256', t.text, (c) => c.notNull())
      .addColumn('content', t.bytes, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('file_blobs_pkey', ['key'])
      // length() of a blob/bytea counts bytes on both dialects.
      .addCheckConstraint('file_blobs_size_check', sql`size >= 0 and length(content) = size`),
  ).execute();
}

async function down(db: AnyDb): Promise<void> {
  for (const table of ['file_blobs', 'attachments']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
