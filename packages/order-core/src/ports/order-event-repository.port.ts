import type { OrderEvent, OrderEventType } from '../orders/order-event';

export const OrderEventRepository = Symbol.for('oms.OrderEventRepository');
export interface OrderEventRepository {
  append(events: readonly OrderEvent[]): Promise<void>;
  /** Oldest first (by time, then id). */
  listForOrder(orderId: string): Promise<readonly OrderEvent[]>;
  /** A page of an order's events, oldest first, optionally of some types only; `total` ignores paging. */
  pageForOrder(
    orderId: string,
    query: { readonly types?: readonly OrderEventType[]; readonly limit: number; readonly offset: number },
  ): Promise<{ readonly items: readonly OrderEvent[]; readonly total: number }>;
}
