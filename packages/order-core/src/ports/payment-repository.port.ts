import type { Payment } from '../commerce/payment';

export const PaymentRepository = Symbol.for('oms.PaymentRepository');
export interface PaymentRepository {
  insert(payment: Payment): Promise<void>;
  /** Oldest first (by creation, then id). */
  listForOrder(orderId: string): Promise<readonly Payment[]>;
}
