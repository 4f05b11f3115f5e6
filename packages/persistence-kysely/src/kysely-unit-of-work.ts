import type { Repositories, UnitOfWork } from '@oms/order-core';
import type { OmsDatabase } from './connect-database';
import { createKyselyRepositories } from './kysely-repositories';

/**
 * One Kysely transaction per unit of work. On SQLite the single connection is held for the whole transaction, so
 * work must not await `repositories` (outside the transaction) or start a second transaction: either would wait
 * for itself.
 */
export class KyselyUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;

  constructor(private readonly database: OmsDatabase) {
    this.repositories = createKyselyRepositories(database.db, database.dialect);
  }

  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    // Kysely commits when `work` resolves, rolls back when it rejects and rethrows that rejection unchanged.
    return this.database.db.transaction().execute((trx) => work(createKyselyRepositories(trx, this.database.dialect)));
  }
}
