import type { OutboxMessage } from '../notifications/outbox-message';

export const OutboxRepository = Symbol.for('oms.OutboxRepository');
export interface OutboxRepository {
  enqueue(messages: readonly OutboxMessage[]): Promise<void>;
  /**
   * Claims up to `limit` pending messages available at `now`, oldest first, by moving their `availableAt` to
   * `leaseUntil` in guarded statements: two workers never claim the same message, and a worker that dies leaves
   * its messages to be claimed again after the lease.
   */
  claim(now: string, leaseUntil: string, limit: number): Promise<readonly OutboxMessage[]>;
  /** Records the outcome of one delivery attempt. */
  update(message: OutboxMessage): Promise<void>;
  findById(id: string): Promise<OutboxMessage | null>;
}
