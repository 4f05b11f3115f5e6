import { sql, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';

/**
 * Invoices: one per order (`invoices`, keyed by order_id) numbered 1, 2, 3… without gaps, and the one-row counter
 * those numbers come from (`invoice_sequence`, seeded with 0).
 *
 * Not a SEQUENCE (PostgreSQL's never rolls back, so an aborted transaction would leave a gap) nor the `counters`
 * table (SQLite only, and numbers orders). A number is taken with `UPDATE invoice_sequence SET last_value =
 * last_value + 1 WHERE id = 1 RETURNING last_value` in the transaction that stores the invoice: the row lock is held
 * until that transaction ends, so the next issuer waits and reads the committed value, and a rollback takes the
 * number back with it.
 *
 * invoices.order_id references orders without a cascade: an invoice is a record that must outlive any cleanup, and
 * deleting it would leave a gap in the numbers.
 */
export function invoicesMigration(dialect: DatabaseDialect): Migration {
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
      .createTable('invoices')
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id'))
      .addColumn('sequence', t.integer, (c) => c.notNull())
      .addColumn('number', t.key, (c) => c.notNull())
      .addColumn('issued_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('invoices_pkey', ['order_id'])
      .addUniqueConstraint('invoices_sequence_key', ['sequence'])
      .addUniqueConstraint('invoices_number_key', ['number'])
      .addCheckConstraint('invoices_sequence_check', sql`sequence >= 1`),
  ).execute();

  await finish(
    dialect,
    schema
      .createTable('invoice_sequence')
      .addColumn('id', t.integer, (c) => c.notNull())
      .addColumn('last_value', t.integer, (c) => c.notNull())
      .addPrimaryKeyConstraint('invoice_sequence_pkey', ['id'])
      // One row only: the issuers all lock the same one.
      .addCheckConstraint('invoice_sequence_id_check', sql`id = 1`)
      .addCheckConstraint('invoice_sequence_last_value_check', sql`last_value >= 0`),
  ).execute();
  // No invoice was issued before this release.
  await sql`insert into invoice_sequence (id, last_value) values (1, 0)`.execute(db);
}

async function down(db: AnyDb): Promise<void> {
  for (const table of ['invoice_sequence', 'invoices']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
