import type { Principal } from '../../auth/principal';
import { DomainError } from '../../shared/errors';
import { nowIso, type CoreDependencies } from '../dependencies';

/** Deletes idempotency records past their expiry; a housekeeping job of the system, not of users. */
export class PurgeIdempotencyRecords {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow' | 'clock'>) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<{ readonly purged: number }> {
    if (principal.kind !== 'system') throw new DomainError('FORBIDDEN', 'Only the system purges idempotency records', {});
    const purged = await this.deps.uow.transaction((repos) => repos.idempotency.purgeExpired(nowIso(this.deps.clock)));
    return { purged };
  }
}
