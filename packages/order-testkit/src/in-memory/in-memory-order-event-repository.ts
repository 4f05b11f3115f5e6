import type { OrderEvent, OrderEventRepository } from '@oms/order-core';
import { copy, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryOrderEventRepository implements OrderEventRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async append(events: readonly OrderEvent[]): Promise<void> {
    const before = this.state.events.length;
    this.state.events.push(...events.map(copy));
    this.journal?.push(() => this.state.events.splice(before));
  }

  async listForOrder(orderId: string): Promise<readonly OrderEvent[]> {
    return this.state.events
      .filter((event) => event.orderId === orderId)
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1))
      .map(copy);
  }
}
