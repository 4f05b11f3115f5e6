import {
  toMajorNumber,
  type ActorRef,
  type AttachmentEventData,
  type FieldChange,
  type JsonValue,
  type OrderEvent,
  type OrderStatus,
  type PaymentEventData,
  type ShipmentCreatedData,
} from '@oms/order-core';

export interface ActorView {
  readonly kind: string;
  readonly id: string | null;
  readonly display: string;
}

/** One edited field: its value before and after. */
export interface FieldChangeView {
  readonly from: JsonValue;
  readonly to: JsonValue;
}

interface EntryBase {
  readonly id: string;
  readonly at: string;
  readonly actor: ActorView;
}

export interface StatusChangeEntry extends EntryBase {
  readonly type: 'status_change';
  readonly from: OrderStatus | null;
  readonly status: OrderStatus;
  readonly reason: string | null;
  readonly tracking_number?: string | null;
  readonly carrier?: string | null;
  readonly notify_customer?: boolean;
  readonly refund?: boolean;
}

export interface NoteEntry extends EntryBase {
  readonly type: 'note';
  readonly content: string;
}

export interface OrderEditedEntry extends EntryBase {
  readonly type: 'order_edited';
  readonly changes: Readonly<Record<string, FieldChangeView>>;
}

export interface AttachmentFields {
  readonly attachment_id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
  readonly kind: string;
}

export interface AttachmentEntry extends EntryBase, AttachmentFields {
  readonly type: 'attachment_added' | 'attachment_removed';
}

export interface AttachmentUpdatedEntry extends EntryBase, AttachmentFields {
  readonly type: 'attachment_updated';
  readonly changes: Readonly<Record<string, FieldChangeView>>;
}

/** Money received (`payment`) or given back (`refund`). */
export interface PaymentEntry extends EntryBase {
  readonly type: 'payment' | 'refund';
  readonly payment_id: string;
  /** Major units of `currency`, exact. */
  readonly amount: number;
  readonly currency: string;
  readonly method: string;
  readonly reference: string | null;
}

/** A parcel (or a hand-over to a courier) was recorded for some or all of the order's units. */
export interface ShipmentCreatedEntry extends EntryBase {
  readonly type: 'shipment_created';
  readonly shipment_id: string;
  readonly carrier: string;
  readonly tracking_number: string | null;
  /** The delivery person's id for courier hand-overs; null otherwise. */
  readonly courier_id: string | null;
  readonly lines: readonly { readonly line_id: string; readonly sku: string; readonly quantity: number }[];
}

/** A parcel's tracking status moved (carrier webhook or poll, courier, scan). */
export interface ShipmentUpdatedEntry extends EntryBase {
  readonly type: 'shipment_updated';
  readonly shipment_id: string;
  /** The normalized tracking status. */
  readonly status: string;
  /** The carrier's own code, as received. */
  readonly raw_code: string;
  readonly description: string | null;
}

export interface ShipmentCancelledEntry extends EntryBase {
  readonly type: 'shipment_cancelled';
  readonly shipment_id: string;
  readonly reason: string | null;
}

export type TimelineEntryView =
  | StatusChangeEntry
  | NoteEntry
  | OrderEditedEntry
  | AttachmentEntry
  | AttachmentUpdatedEntry
  | PaymentEntry
  | ShipmentCreatedEntry
  | ShipmentUpdatedEntry
  | ShipmentCancelledEntry;

export type TimelineEntryType = TimelineEntryView['type'];

/** Every entry type the timeline shows, for the schema. */
export const TIMELINE_ENTRY_TYPES: readonly TimelineEntryType[] = [
  'status_change',
  'note',
  'order_edited',
  'attachment_added',
  'attachment_updated',
  'attachment_removed',
  'payment',
  'refund',
  'shipment_created',
  'shipment_updated',
  'shipment_cancelled',
];

export interface NoteView {
  readonly id: string;
  readonly content: string;
  /** Who wrote it: the actor's e-mail, else its id (or an integration's name). */
  readonly author: string;
  readonly created_at: string;
}

type NoteEvent = Extract<OrderEvent, { readonly type: 'note_added' }>;

export function isNoteEvent(event: OrderEvent): event is NoteEvent {
  return event.type === 'note_added';
}

export function presentNote(event: NoteEvent): NoteView {
  return { id: event.id, content: event.data.content, author: event.actor.display, created_at: event.at };
}

/**
 * The one place where order events become timeline entries. The switch is exhaustive: an event type added to the
 * core (shipments, say) does not compile until it is given its entry here and in the schema.
 */
export function presentTimelineEntry(event: OrderEvent): TimelineEntryView {
  const base: EntryBase = { id: event.id, at: event.at, actor: presentActor(event.actor) };
  switch (event.type) {
    case 'order_placed':
      return { ...base, type: 'status_change', from: null, status: event.data.status, reason: null };
    case 'status_changed': {
      const data = event.data;
      return {
        ...base,
        type: 'status_change',
        from: data.from,
        status: data.to,
        reason: data.reason,
        ...(data.trackingNumber === undefined ? {} : { tracking_number: data.trackingNumber }),
        ...(data.carrier === undefined ? {} : { carrier: data.carrier }),
        ...(data.notifyCustomer === undefined ? {} : { notify_customer: data.notifyCustomer }),
        ...(data.refundRequested === undefined ? {} : { refund: data.refundRequested }),
      };
    }
    case 'note_added':
      return { ...base, type: 'note', content: event.data.content };
    case 'order_edited':
      return { ...base, type: 'order_edited', changes: presentChanges(event.data.changes) };
    case 'attachment_added':
    case 'attachment_removed':
      return { ...base, type: event.type, ...presentAttachmentData(event.data) };
    case 'attachment_updated':
      return { ...base, type: 'attachment_updated', ...presentAttachmentData(event.data), changes: presentChanges(event.data.changes) };
    case 'payment_recorded':
      return { ...base, type: 'payment', ...presentPaymentData(event.data) };
    case 'refund_recorded':
      return { ...base, type: 'refund', ...presentPaymentData(event.data) };
    case 'shipment_created':
      return { ...base, type: 'shipment_created', ...presentShipmentCreatedData(event.data) };
    case 'shipment_updated':
      return {
        ...base,
        type: 'shipment_updated',
        shipment_id: event.data.shipmentId,
        status: event.data.status,
        raw_code: event.data.rawCode,
        description: event.data.description,
      };
    case 'shipment_cancelled':
      return { ...base, type: 'shipment_cancelled', shipment_id: event.data.shipmentId, reason: event.data.reason };
    default:
      return unknownEvent(event);
  }
}

function unknownEvent(event: never): never {
  // Only reachable when the store holds an event type this build does not know (a newer writer).
  throw new Error(`No timeline entry for order event type ${JSON.stringify((event as { type?: unknown }).type)}`);
}

function presentActor(actor: ActorRef): ActorView {
  return { kind: actor.kind, id: actor.id, display: actor.display };
}

function presentPaymentData(data: PaymentEventData): Omit<PaymentEntry, keyof EntryBase | 'type'> {
  return {
    payment_id: data.paymentId,
    amount: toMajorNumber(data.amount, data.currency),
    currency: data.currency,
    method: data.method,
    reference: data.reference,
  };
}

function presentShipmentCreatedData(data: ShipmentCreatedData): Omit<ShipmentCreatedEntry, keyof EntryBase | 'type'> {
  return {
    shipment_id: data.shipmentId,
    carrier: data.carrier,
    tracking_number: data.trackingNumber,
    courier_id: data.courierId,
    lines: data.lines.map((line) => ({ line_id: line.lineId, sku: line.sku, quantity: line.quantity })),
  };
}

function presentAttachmentData(data: AttachmentEventData): AttachmentFields {
  return { attachment_id: data.attachmentId, filename: data.filename, content_type: data.contentType, size: data.size, kind: data.kind };
}

export function presentChanges(changes: Readonly<Record<string, FieldChange>>): Record<string, FieldChangeView> {
  return Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, { from: change.from, to: change.to }]));
}
