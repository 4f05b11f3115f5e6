import type { OrderEvent } from '../orders/order-event';

export const OrderEventRepository = Symbol.for('oms.OrderEventRepository');
export interface OrderEventRepository {
  append(events: readonly OrderEvent[]): Promise<void>;
  /** Oldest first (by time, then id). */
  listForOrder(orderId: string): Promise<readonly OrderEvent[]>;
}
