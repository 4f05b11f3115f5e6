import type { Invoice } from '../documents/invoice';

/** Invoice numbers. Gap-free: a number is only used up when the invoice that took it commits. */
export const InvoiceRepository = Symbol.for('oms.InvoiceRepository');
export interface InvoiceRepository {
  findByOrder(orderId: string): Promise<Invoice | null>;
  /**
   * Takes the next sequence number (one more than the last committed, under a lock held until the transaction ends)
   * and stores the invoice with it. Rejects with CONFLICT when the order already has one.
   */
  issue(orderId: string, issuedAt: string, numberOf: (sequence: number) => string): Promise<Invoice>;
}
