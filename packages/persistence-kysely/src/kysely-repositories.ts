import type { Repositories } from '@oms/order-core';
import type { Kysely } from 'kysely';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema } from './database-schema';
import { KyselyAllocationRepository } from './kysely-allocation-repository';
import { KyselyApiTokenRepository } from './kysely-api-token-repository';
import { KyselyAttachmentRepository } from './kysely-attachment-repository';
import { KyselyCartRepository } from './kysely-cart-repository';
import { KyselyCouponRepository } from './kysely-coupon-repository';
import { KyselyIdempotencyRepository } from './kysely-idempotency-repository';
import { KyselyInvoiceRepository } from './kysely-invoice-repository';
import { KyselyJobRepository } from './kysely-job-repository';
import { KyselyOrderEventRepository } from './kysely-order-event-repository';
import { KyselyOrderRepository } from './kysely-order-repository';
import { KyselyOutboxRepository } from './kysely-outbox-repository';
import { KyselyPaymentRepository } from './kysely-payment-repository';
import { KyselyProductRepository } from './kysely-product-repository';
import { KyselyShipmentRepository } from './kysely-shipment-repository';
import { KyselyStockRepository } from './kysely-stock-repository';
import { KyselyWarehouseRepository } from './kysely-warehouse-repository';

/** Every repository bound to one Kysely instance: the database itself or one open transaction. */
export function createKyselyRepositories(db: Kysely<DatabaseSchema>, dialect: DatabaseDialect): Repositories {
  return {
    products: new KyselyProductRepository(db, dialect),
    orders: new KyselyOrderRepository(db, dialect),
    orderEvents: new KyselyOrderEventRepository(db),
    idempotency: new KyselyIdempotencyRepository(db),
    apiTokens: new KyselyApiTokenRepository(db),
    warehouses: new KyselyWarehouseRepository(db),
    stock: new KyselyStockRepository(db),
    allocations: new KyselyAllocationRepository(db),
    attachments: new KyselyAttachmentRepository(db),
    carts: new KyselyCartRepository(db),
    coupons: new KyselyCouponRepository(db),
    payments: new KyselyPaymentRepository(db),
    outbox: new KyselyOutboxRepository(db, dialect),
    shipments: new KyselyShipmentRepository(db, dialect),
    jobs: new KyselyJobRepository(db, dialect),
    invoices: new KyselyInvoiceRepository(db),
  };
}
