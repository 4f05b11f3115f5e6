import type { Payment, PaymentRepository } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import { readActorColumn, writeActorColumn } from './actor-column';
import type { DatabaseSchema, PaymentsTable } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type PaymentRow = Selectable<PaymentsTable>;

function uniqueKeys(payment: Payment): readonly UniqueKey[] {
  return [{ column: 'id', constraint: 'payments_pkey', field: 'id', message: `A payment with id ${payment.id} already exists` }];
}

/** Payments and refunds, append-only; rows go with their order (ON DELETE CASCADE). */
export class KyselyPaymentRepository implements PaymentRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(payment: Payment): Promise<void> {
    const row = {
      id: payment.id,
      order_id: payment.orderId,
      kind: payment.kind,
      amount_minor: payment.amount,
      currency: payment.currency,
      method: payment.method,
      reference: payment.reference,
      recorded_by: writeActorColumn(payment.recordedBy),
      created_at: toStoredTimestamp(payment.createdAt, 'createdAt'),
    };
    await withConflictMapping('payment', uniqueKeys(payment), () => this.db.insertInto('payments').values(row).execute());
  }

  async listForOrder(orderId: string): Promise<readonly Payment[]> {
    // Read along payments_order_created_idx (order_id, created_at, id).
    const rows = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromRow);
  }
}

function fromRow(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    kind: paymentKind(row),
    amount: readSafeInteger(row.amount_minor, 'payments.amount_minor'),
    currency: row.currency,
    method: row.method,
    reference: row.reference,
    recordedBy: readActorColumn(row.recorded_by, 'payments.recorded_by'),
    createdAt: row.created_at,
  };
}

function paymentKind(row: PaymentRow): Payment['kind'] {
  if (row.kind === 'payment' || row.kind === 'refund') return row.kind;
  throw new Error(`Column payments.kind of ${row.id} holds an unknown kind ${JSON.stringify(row.kind)}`);
}
