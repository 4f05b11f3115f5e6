import type { Repositories, UnitOfWork } from '@oms/order-core';
import type { OmsDatabase } from './connect-database';
import { createKyselyRepositories } from './kysely-repositories';

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back and may simply rerun. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

export function isRetryableTransactionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * One Kysely transaction per unit of work. On SQLite the single connection is held for the whole transaction, so
 * work must not await `repositories` (outside the transaction) or start a second transaction: either would wait
 * for itself. On PostgreSQL a transaction the server aborted as a deadlock victim or a serialization failure is
 * rerun from the start (the port allows it: work has no effects outside its repositories), a few times with jitter.
 */
export class KyselyUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;

  constructor(private readonly database: OmsDatabase) {
    this.repositories = createKyselyRepositories(database.db, database.dialect);
  }

  async transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Kysely commits when `work` resolves, rolls back when it rejects and rethrows that rejection unchanged.
        return await this.database.db.transaction().execute((trx) => work(createKyselyRepositories(trx, this.database.dialect)));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.floor(Math.random() * 10 * attempt)));
      }
    }
  }
}
