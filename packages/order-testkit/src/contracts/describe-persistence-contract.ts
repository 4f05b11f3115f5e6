import { describeAllocationRepositoryContract } from './allocation-repository.contract';
import { describeAttachmentRepositoryContract } from './attachment-repository.contract';
import { describeCommerceRepositoriesContract } from './commerce-repositories.contract';
import { describeOutboxRepositoryContract } from './outbox-repository.contract';
import { describeJobRepositoryContract, describeShipmentRepositoryContract } from './fulfillment-repositories.contract';
import { describeInvoiceRepositoryContract } from './invoice-repository.contract';
import { describeApiTokenRepositoryContract } from './api-token-repository.contract';
import { describeIdempotencyRepositoryContract } from './idempotency-repository.contract';
import { describeInventoryBehaviourContract } from './inventory-behaviour.contract';
import { describeOrderEventRepositoryContract } from './order-event-repository.contract';
import { describeOrderRepositoryContract } from './order-repository.contract';
import type { PersistenceFactory } from './persistence-fixture';
import { describeProductRepositoryContract } from './product-repository.contract';
import { describeStockRepositoryContract } from './stock-repository.contract';
import { describeUnitOfWorkContract } from './unit-of-work.contract';
import { describeWarehouseRepositoryContract } from './warehouse-repository.contract';

/** Every persistence contract at once: what a complete adapter for order-core must pass. */
export function describePersistenceContract(name: string, factory: PersistenceFactory): void {
  describeUnitOfWorkContract(name, factory);
  describeProductRepositoryContract(name, factory);
  describeOrderRepositoryContract(name, factory);
  describeOrderEventRepositoryContract(name, factory);
  describeIdempotencyRepositoryContract(name, factory);
  describeApiTokenRepositoryContract(name, factory);
  describeWarehouseRepositoryContract(name, factory);
  describeStockRepositoryContract(name, factory);
  describeAllocationRepositoryContract(name, factory);
  describeAttachmentRepositoryContract(name, factory);
  describeCommerceRepositoriesContract(name, factory);
  describeOutboxRepositoryContract(name, factory);
  describeShipmentRepositoryContract(name, factory);
  describeJobRepositoryContract(name, factory);
  describeInvoiceRepositoryContract(name, factory);
  describeInventoryBehaviourContract(name, factory);
}
