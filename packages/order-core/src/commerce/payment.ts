import type { ActorRef } from '../auth/principal';

/** Money received for an order, or given back. Amounts are minor units of the order's currency. */
export interface Payment {
  /** `pay_` + ULID. */
  readonly id: string;
  readonly orderId: string;
  readonly kind: 'payment' | 'refund';
  readonly amount: number;
  readonly currency: string;
  /** How it was paid: card, cash, bank_transfer, ... (free text for payments; the gateway's name for refunds). */
  readonly method: string;
  /** The payer's or the gateway's reference. */
  readonly reference: string | null;
  readonly recordedBy: ActorRef;
  readonly createdAt: string;
}

/** Paid minus refunded, from an order's payments. */
export function netPaid(payments: readonly Payment[]): number {
  return payments.reduce((sum, p) => sum + (p.kind === 'payment' ? p.amount : -p.amount), 0);
}
