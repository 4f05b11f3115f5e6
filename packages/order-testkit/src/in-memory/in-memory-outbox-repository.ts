import type { OutboxMessage, OutboxRepository } from '@oms/order-core';
import { byTimeThenId, copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryOutboxRepository implements OutboxRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    for (const m of messages) journaledSet(this.journal, this.state.outbox, m.id, copy(m));
  }

  async claim(now: string, leaseUntil: string, limit: number): Promise<readonly OutboxMessage[]> {
    const due = [...this.state.outbox.values()]
      .filter((m) => m.status === 'pending' && m.availableAt <= now)
      .sort(byTimeThenId((m) => m.createdAt))
      .slice(0, limit);
    return due.map((m) => {
      const claimed = { ...m, availableAt: leaseUntil };
      journaledSet(this.journal, this.state.outbox, m.id, claimed);
      return copy(claimed);
    });
  }

  async update(message: OutboxMessage): Promise<void> {
    journaledSet(this.journal, this.state.outbox, message.id, copy(message));
  }

  async findById(id: string): Promise<OutboxMessage | null> {
    const m = this.state.outbox.get(id);
    return m ? copy(m) : null;
  }
}
