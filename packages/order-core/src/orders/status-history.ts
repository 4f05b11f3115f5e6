import type { ActorRef } from '../auth/principal';
import type { OrderStatus } from '../lifecycle/order-status';
import type { OrderEvent } from './order-event';

export interface StatusHistoryEntry {
  readonly eventId: string;
  readonly from: OrderStatus | null;
  readonly status: OrderStatus;
  readonly reason: string | null;
  readonly actor: ActorRef;
  readonly at: string;
}

/** The status timeline of an order, read from its events (oldest first). */
export function statusHistory(events: readonly OrderEvent[]): readonly StatusHistoryEntry[] {
  return events.flatMap((event): StatusHistoryEntry[] => {
    if (event.type === 'order_placed') return [{ eventId: event.id, from: null, status: event.data.status, reason: null, actor: event.actor, at: event.at }];
    if (event.type === 'status_changed') {
      return [{ eventId: event.id, from: event.data.from, status: event.data.to, reason: event.data.reason, actor: event.actor, at: event.at }];
    }
    return [];
  });
}
