import type { AllocationRepository } from './allocation-repository.port';
import type { AttachmentRepository } from './attachment-repository.port';
import type { CartRepository } from './cart-repository.port';
import type { CouponRepository } from './coupon-repository.port';
import type { JobRepository } from './job-repository.port';
import type { InvoiceRepository } from './invoice-repository.port';
import type { ShipmentRepository } from './shipment-repository.port';
import type { OutboxRepository } from './outbox-repository.port';
import type { PaymentRepository } from './payment-repository.port';
import type { ApiTokenRepository } from './api-token-repository.port';
import type { IdempotencyRepository } from './idempotency-repository.port';
import type { OrderEventRepository } from './order-event-repository.port';
import type { OrderRepository } from './order-repository.port';
import type { ProductRepository } from './product-repository.port';
import type { StockRepository } from './stock-repository.port';
import type { WarehouseRepository } from './warehouse-repository.port';

/** The repositories, all bound to one connection or transaction. */
export interface Repositories {
  readonly products: ProductRepository;
  readonly orders: OrderRepository;
  readonly orderEvents: OrderEventRepository;
  readonly idempotency: IdempotencyRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly warehouses: WarehouseRepository;
  readonly stock: StockRepository;
  readonly allocations: AllocationRepository;
  readonly attachments: AttachmentRepository;
  readonly carts: CartRepository;
  readonly coupons: CouponRepository;
  readonly payments: PaymentRepository;
  readonly outbox: OutboxRepository;
  readonly shipments: ShipmentRepository;
  readonly jobs: JobRepository;
  readonly invoices: InvoiceRepository;
}

export const UnitOfWork = Symbol.for('oms.UnitOfWork');
export interface UnitOfWork {
  /**
   * Runs `work` in one transaction: everything it wrote is committed when it resolves and nothing is left behind
   * when it rejects (the rejection is passed on unchanged).
   *
   * Inside `work`, use only the repositories it is given: touching `repositories` or starting another transaction
   * may wait for this one forever (SQLite has one connection). A repository call that rejects may have aborted the
   * transaction (PostgreSQL does), so let the rejection end the work rather than carrying on after it.
   *
   * An adapter may run `work` again from the start after the database rolled the transaction back on its own (a
   * deadlock victim, a serialization failure), so `work` must have no effects outside the repositories it is given.
   */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Repositories outside any transaction, for reads. */
  readonly repositories: Repositories;
}
