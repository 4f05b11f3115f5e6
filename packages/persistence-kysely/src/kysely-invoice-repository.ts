import type { Invoice, InvoiceRepository } from '@oms/order-core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DatabaseSchema, InvoicesTable } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type InvoiceRow = Selectable<InvoicesTable>;

function uniqueKeys(orderId: string, number: string): readonly UniqueKey[] {
  return [
    { column: 'order_id', constraint: 'invoices_pkey', field: 'orderId', message: `Order ${orderId} already has an invoice` },
    { column: 'number', constraint: 'invoices_number_key', field: 'number', message: `An invoice numbered ${number} already exists` },
    // The counter never hands out a sequence twice; only a stray write to invoice_sequence or invoices gets here.
    { column: 'sequence', constraint: 'invoices_sequence_key', field: 'sequence', message: 'An invoice with this sequence number already exists' },
  ];
}

/**
 * Invoices, numbered without gaps from the one-row counter `invoice_sequence`. `issue` bumps the counter with ONE
 * statement (`UPDATE invoice_sequence SET last_value = last_value + 1 WHERE id = 1 RETURNING last_value`) and inserts
 * the invoice with that sequence, in the caller's transaction (or its own when called outside one). On PostgreSQL
 * the UPDATE's row lock is held until that transaction ends, so a concurrent issuer waits and then reads the value
 * the first one committed, or the old one when it rolled back; on SQLite every transaction is BEGIN IMMEDIATE, one
 * writer at a time. Either way a number is only used up when the invoice that took it commits.
 */
export class KyselyInvoiceRepository implements InvoiceRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async findByOrder(orderId: string): Promise<Invoice | null> {
    const row = await this.db.selectFrom('invoices').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async issue(orderId: string, issuedAt: string, numberOf: (sequence: number) => string): Promise<Invoice> {
    const issued_at = toStoredTimestamp(issuedAt, 'issuedAt');
    const run = async (db: Kysely<DatabaseSchema>): Promise<Invoice> => {
      const taken = await db
        .updateTable('invoice_sequence')
        .set({ last_value: sql<number>`last_value + 1` })
        .where('id', '=', 1)
        .returning('last_value')
        .executeTakeFirst();
      if (!taken) throw new Error('Table invoice_sequence has lost its row (id 1): invoice numbers cannot be taken');
      const sequence = readSafeInteger(taken.last_value, 'invoice_sequence.last_value');
      const number = numberOf(sequence);
      if (typeof number !== 'string' || number.length === 0) {
        throw new TypeError(`An invoice number must be a non-empty string, got ${JSON.stringify(number)} for sequence ${sequence}`);
      }
      const row = { order_id: orderId, sequence, number, issued_at };
      // A second invoice for the order fails here; the rollback that follows takes the sequence back.
      await withConflictMapping('invoice', uniqueKeys(orderId, number), () => db.insertInto('invoices').values(row).execute());
      return fromRow(row);
    };
    // Both statements in one transaction, also without a surrounding one: a sequence never outlives its invoice.
    return this.db.isTransaction ? run(this.db) : this.db.transaction().execute(run);
  }
}

function fromRow(row: InvoiceRow): Invoice {
  return {
    orderId: row.order_id,
    sequence: readSafeInteger(row.sequence, 'invoices.sequence'),
    number: row.number,
    issuedAt: row.issued_at,
  };
}
