import type { ActorRef } from '../auth/principal';
import type { OrderStatus } from '../lifecycle/order-status';
import type { JsonValue } from '../shared/json';

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
  | (EventBase & { readonly type: 'status_changed'; readonly data: StatusChangedData })
  | (EventBase & { readonly type: 'note_added'; readonly data: { readonly content: string } })
  | (EventBase & { readonly type: 'order_edited'; readonly data: { readonly changes: Readonly<Record<string, FieldChange>> } })
  | (EventBase & { readonly type: 'attachment_added'; readonly data: AttachmentEventData })
  | (EventBase & { readonly type: 'attachment_updated'; readonly data: AttachmentEventData & { readonly changes: Readonly<Record<string, FieldChange>> } })
  | (EventBase & { readonly type: 'attachment_removed'; readonly data: AttachmentEventData })
  | (EventBase & { readonly type: 'payment_recorded'; readonly data: PaymentEventData })
  | (EventBase & { readonly type: 'refund_recorded'; readonly data: PaymentEventData })
  | (EventBase & { readonly type: 'shipment_created'; readonly data: ShipmentCreatedData })
  | (EventBase & {
      readonly type: 'shipment_updated';
      readonly data: { readonly shipmentId: string; readonly status: string; readonly rawCode: string; readonly description: string | null };
    })
  | (EventBase & { readonly type: 'shipment_cancelled'; readonly data: { readonly shipmentId: string; readonly reason: string | null } });

export interface ShipmentCreatedData {
  readonly shipmentId: string;
  readonly carrier: string;
  readonly trackingNumber: string | null;
  readonly courierId: string | null;
  readonly lines: readonly { readonly lineId: string; readonly sku: string; readonly quantity: number }[];
}

export interface PaymentEventData {
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: string;
  readonly method: string;
  readonly reference: string | null;
}

/** One edited field: its value before and after (JSON values, so addresses and metadata fit). */
export interface FieldChange {
  readonly from: JsonValue;
  readonly to: JsonValue;
}

export interface AttachmentEventData {
  readonly attachmentId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly kind: string;
}

export type OrderEventType = OrderEvent['type'];
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'order_placed',
  'status_changed',
  'note_added',
  'order_edited',
  'attachment_added',
  'attachment_updated',
  'attachment_removed',
  'payment_recorded',
  'refund_recorded',
  'shipment_created',
  'shipment_updated',
  'shipment_cancelled',
];
