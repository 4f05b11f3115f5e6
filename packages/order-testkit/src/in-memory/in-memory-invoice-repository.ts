import { DomainError, type Invoice, type InvoiceRepository } from '@oms/order-core';
import { copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async findByOrder(orderId: string): Promise<Invoice | null> {
    const invoice = this.state.invoices.get(orderId);
    return invoice ? copy(invoice) : null;
  }

  async issue(orderId: string, issuedAt: string, numberOf: (sequence: number) => string): Promise<Invoice> {
    if (this.state.invoices.has(orderId)) throw new DomainError('CONFLICT', `Order ${orderId} already has an invoice`, { order_id: orderId });
    // The transaction's journal takes the entry back on rollback, so the next invoice reuses the sequence number.
    const sequence = this.state.invoices.size + 1;
    const invoice: Invoice = { orderId, sequence, number: numberOf(sequence), issuedAt };
    journaledSet(this.journal, this.state.invoices, orderId, invoice);
    return copy(invoice);
  }
}
