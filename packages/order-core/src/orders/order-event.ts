import type { ActorRef } from '../auth/principal';
import type { OrderStatus } from '../lifecycle/order-status';

export interface StatusChangedData {
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly reason: string | null;
  readonly trackingNumber?: string | null;
  readonly carrier?: string | null;
  readonly notifyCustomer?: boolean;
  readonly refundRequested?: boolean;
}

interface EventBase {
  /** `evt_` + ULID: stable, so consumers of the outbox can deduplicate. */
  readonly id: string;
  readonly orderId: string;
  readonly actor: ActorRef;
  readonly at: string;
}

/** Appended in the same transaction as the change it records; the timeline is read from these. */
export type OrderEvent =
  | (EventBase & { readonly type: 'order_placed'; readonly data: { readonly status: OrderStatus; readonly total: number; readonly currency: string } })
  | (EventBase & { readonly type: 'status_changed'; readonly data: StatusChangedData });

export type OrderEventType = OrderEvent['type'];
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = ['order_placed', 'status_changed'];
