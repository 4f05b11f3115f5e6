import type { Principal } from '../../auth/principal';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, type CustomerEmail } from '../../notifications/outbox-message';
import type { Notifier } from '../../ports/notifier.port';
import { DomainError } from '../../shared/errors';
import { nowIso, type CoreDependencies } from '../dependencies';

const LEASE_MS = 60_000;

/**
 * Delivers due outbox messages: claims a batch (so parallel workers split the work), sends each, and records
 * success, or failure with a backed-off retry until the attempts run out. A failing mail server only delays mail;
 * the changes that queued it were committed long before.
 */
export class DeliverNotifications {
  constructor(private readonly deps: CoreDependencies & { readonly notifier: Notifier }) {}

  async execute(input: { readonly limit?: number }, principal: Principal): Promise<{ readonly sent: number; readonly failed: number }> {
    if (principal.kind !== 'system') throw new DomainError('FORBIDDEN', 'Only the system delivers notifications', {});
    const now = this.deps.clock.now();
    const repos = this.deps.uow.repositories;
    const claimed = await this.deps.uow.transaction((r) =>
      r.outbox.claim(now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), input.limit ?? 20),
    );
    let sent = 0;
    let failed = 0;
    for (const message of claimed) {
      const attempts = message.attempts + 1;
      try {
        await this.deps.notifier.sendEmail({ ...(message.payload as unknown as CustomerEmail), messageId: message.id });
        await repos.outbox.update({ ...message, status: 'sent', attempts, lastError: null, updatedAt: nowIso(this.deps.clock) });
        sent += 1;
      } catch (error) {
        failed += 1;
        const retryAt = new Date(this.deps.clock.now().getTime() + retryDelayMs(attempts)).toISOString();
        await repos.outbox.update({
          ...message,
          status: attempts >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'pending',
          attempts,
          availableAt: retryAt,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          updatedAt: nowIso(this.deps.clock),
        });
      }
    }
    return { sent, failed };
  }
}
