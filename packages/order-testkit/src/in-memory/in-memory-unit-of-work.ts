import type { Repositories, UnitOfWork } from '@oms/order-core';
import { InMemoryAllocationRepository } from './in-memory-allocation-repository';
import { InMemoryAttachmentRepository } from './in-memory-attachment-repository';
import { InMemoryOutboxRepository } from './in-memory-outbox-repository';
import { InMemoryJobRepository, InMemoryShipmentRepository } from './in-memory-fulfillment-repositories';
import { InMemoryInvoiceRepository } from './in-memory-invoice-repository';
import { InMemoryCartRepository, InMemoryCouponRepository, InMemoryPaymentRepository } from './in-memory-commerce-repositories';
import { InMemoryApiTokenRepository } from './in-memory-api-token-repository';
import { InMemoryIdempotencyRepository } from './in-memory-idempotency-repository';
import { InMemoryOrderEventRepository } from './in-memory-order-event-repository';
import { InMemoryOrderRepository } from './in-memory-order-repository';
import { InMemoryProductRepository } from './in-memory-product-repository';
import { InMemoryState, type Journal } from './in-memory-state';
import { InMemoryStockRepository } from './in-memory-stock-repository';
import { InMemoryWarehouseRepository } from './in-memory-warehouse-repository';
import { Mutex } from './mutex';

/**
 * A complete in-memory persistence: transactions are serialised (like SQLite's single writer) and rolled back
 * with an undo journal. Reads through `repositories` wait for a running transaction, so nothing uncommitted is
 * ever seen. Do not call `repositories` from inside `transaction` (it would wait for itself).
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;
  private readonly mutex = new Mutex();

  constructor(private readonly state = new InMemoryState()) {
    this.repositories = lockEach(createRepositories(state, null), this.mutex);
  }

  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const journal: (() => void)[] = [];
      try {
        return await work(createRepositories(this.state, journal));
      } catch (error) {
        for (const undo of journal.reverse()) undo();
        throw error;
      }
    });
  }
}

function createRepositories(state: InMemoryState, journal: Journal): Repositories {
  return {
    products: new InMemoryProductRepository(state, journal),
    orders: new InMemoryOrderRepository(state, journal),
    orderEvents: new InMemoryOrderEventRepository(state, journal),
    idempotency: new InMemoryIdempotencyRepository(state, journal),
    apiTokens: new InMemoryApiTokenRepository(state, journal),
    warehouses: new InMemoryWarehouseRepository(state, journal),
    stock: new InMemoryStockRepository(state, journal),
    allocations: new InMemoryAllocationRepository(state, journal),
    attachments: new InMemoryAttachmentRepository(state, journal),
    carts: new InMemoryCartRepository(state, journal),
    coupons: new InMemoryCouponRepository(state, journal),
    payments: new InMemoryPaymentRepository(state, journal),
    outbox: new InMemoryOutboxRepository(state, journal),
    shipments: new InMemoryShipmentRepository(state, journal),
    jobs: new InMemoryJobRepository(state, journal),
    invoices: new InMemoryInvoiceRepository(state, journal),
  };
}

/** Wraps every method of every repository so each call runs alone, as one autocommitted statement would. */
function lockEach(repositories: Repositories, mutex: Mutex): Repositories {
  const wrap = <R extends object>(repository: R): R =>
    new Proxy(repository, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => mutex.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      },
    });
  return {
    products: wrap(repositories.products),
    orders: wrap(repositories.orders),
    orderEvents: wrap(repositories.orderEvents),
    idempotency: wrap(repositories.idempotency),
    apiTokens: wrap(repositories.apiTokens),
    warehouses: wrap(repositories.warehouses),
    stock: wrap(repositories.stock),
    allocations: wrap(repositories.allocations),
    attachments: wrap(repositories.attachments),
    carts: wrap(repositories.carts),
    coupons: wrap(repositories.coupons),
    payments: wrap(repositories.payments),
    outbox: wrap(repositories.outbox),
    shipments: wrap(repositories.shipments),
    jobs: wrap(repositories.jobs),
    invoices: wrap(repositories.invoices),
  };
}
