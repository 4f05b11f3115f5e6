import type { OrderEvent, OrderEventRepository } from '@oms/order-core';
import { byTimeThenId, copy, journaledPush, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryOrderEventRepository implements OrderEventRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async append(events: readonly OrderEvent[]): Promise<void> {
    journaledPush(this.journal, this.state.events, events);
  }

  async listForOrder(orderId: string): Promise<readonly OrderEvent[]> {
    return this.state.events
      .filter((event) => event.orderId === orderId)
      .sort(byTimeThenId((e) => e.at))
      .map(copy);
  }
}
