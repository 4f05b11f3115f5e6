import type { OrderEvent, OrderEventRepository, OrderEventType } from '@oms/order-core';
import { byTimeThenId, copy, journaledPush, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryOrderEventRepository implements OrderEventRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async append(events: readonly OrderEvent[]): Promise<void> {
    journaledPush(this.journal, this.state.events, events);
  }

  async pageForOrder(
    orderId: string,
    query: { readonly types?: readonly OrderEventType[]; readonly limit: number; readonly offset: number },
  ): Promise<{ readonly items: readonly OrderEvent[]; readonly total: number }> {
    const matching = (await this.listForOrder(orderId)).filter((e) => query.types === undefined || query.types.includes(e.type));
    return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
  }

  async listForOrder(orderId: string): Promise<readonly OrderEvent[]> {
    return this.state.events
      .filter((event) => event.orderId === orderId)
      .sort(byTimeThenId((e) => e.at))
      .map(copy);
  }
}
