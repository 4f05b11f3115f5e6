import { toMajorNumber, type Address, type Delivery, type OrderCore, type TrackingStatus } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { strictObject } from '../validation/json-schema';
import { CURRENCY, MONEY_OUTPUT, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';
import { dataEnvelopeSchema, ok } from './native-envelope';
import { TRACKING_STATUS } from './shipment-schemas';

export interface DeliveryJson {
  readonly order_id: string;
  readonly reference: string;
  readonly shipment_id: string;
  readonly status: TrackingStatus;
  readonly contact: { readonly name: string; readonly phone: string | null };
  readonly address: Address;
  readonly items: readonly { readonly name: string; readonly quantity: number }[];
  /** What to collect at the door, in major units of `currency` (total minus what was already paid). */
  readonly amount_due: number;
  readonly currency: string;
  readonly failure_reason: string | null;
  readonly assigned_at: string;
}

/** What a courier needs at the door and nothing more: no e-mail, no prices but the amount to collect. Field by field. */
export function presentDelivery(delivery: Delivery): DeliveryJson {
  const a = delivery.address;
  return {
    order_id: delivery.orderId,
    reference: delivery.reference,
    shipment_id: delivery.shipmentId,
    status: delivery.status,
    contact: { name: delivery.contact.name, phone: delivery.contact.phone },
    address: { name: a.name, company: a.company, street: a.street, street2: a.street2, city: a.city, state: a.state, zip: a.zip, country: a.country },
    items: delivery.items.map((item) => ({ name: item.name, quantity: item.quantity })),
    amount_due: toMajorNumber(delivery.amountDue, delivery.currency),
    currency: delivery.currency,
    failure_reason: delivery.failureReason,
    assigned_at: delivery.assignedAt,
  };
}

const ADDRESS = strictObject(
  { name: TEXT, company: OPTIONAL_TEXT, street: TEXT, street2: OPTIONAL_TEXT, city: TEXT, state: OPTIONAL_TEXT, zip: TEXT, country: OPTIONAL_TEXT },
  ['name', 'company', 'street', 'street2', 'city', 'state', 'zip', 'country'],
);

export const DELIVERY_SCHEMA = strictObject(
  {
    order_id: TEXT,
    reference: TEXT,
    shipment_id: TEXT,
    status: { ...TRACKING_STATUS, description: 'out_for_delivery, or exception after a failed attempt (waiting for another try)' },
    contact: strictObject({ name: TEXT, phone: OPTIONAL_TEXT }, ['name', 'phone']),
    address: ADDRESS,
    items: { type: 'array', items: strictObject({ name: TEXT, quantity: { type: 'integer', minimum: 1 } }, ['name', 'quantity']) },
    amount_due: { ...MONEY_OUTPUT, description: 'What to collect on delivery: the total minus what was already paid (major units)' },
    currency: CURRENCY,
    failure_reason: { ...OPTIONAL_TEXT, description: 'Why the last attempt failed, when it did' },
    assigned_at: TIMESTAMP,
  },
  ['order_id', 'reference', 'shipment_id', 'status', 'contact', 'address', 'items', 'amount_due', 'currency', 'failure_reason', 'assigned_at'],
);

const OUTCOME_SCHEMA = strictObject(
  {
    order_id: TEXT,
    shipment_id: TEXT,
    status: TRACKING_STATUS,
    changed: { type: 'boolean', description: 'False when the delivery had already been marked delivered: nothing changed' },
  },
  ['order_id', 'shipment_id', 'status', 'changed'],
);

const DELIVERED_BODY = strictObject({ reason: { ...OPTIONAL_TEXT, description: 'A note, e.g. "left with the neighbour"' } });
const FAILED_BODY = strictObject({ reason: { ...TEXT, description: 'Why the delivery failed (nobody home, refused, wrong address...)' } }, ['reason']);

interface OutcomeBody {
  readonly reason?: string | null;
}

const NOT_YOURS = "Another courier's delivery answers 404 exactly like one that does not exist.";

/**
 * The delivery person's surface (JWT role courier): their open deliveries, and settling each one. The core scopes
 * every call to the courier in the token; staff, customers and integrations are refused (403) by the audience.
 */
export function courierRoutes(core: OrderCore): readonly RouteDefinition[] {
  const settle = (outcome: 'delivered' | 'failed') =>
    defineRoute<OutcomeBody>({
      method: 'post',
      path: `/courier/deliveries/{order_id}/${outcome}`,
      operationId: outcome === 'delivered' ? 'markDeliveryDelivered' : 'markDeliveryFailed',
      summary: outcome === 'delivered' ? 'Mark one of your deliveries as delivered' : 'Report a failed delivery attempt, with the reason',
      description:
        outcome === 'delivered'
          ? `The order moves to delivered once all its parcels are. Marking it delivered again changes nothing (changed: false). ${NOT_YOURS}`
          : `The parcel goes to exception and stays on your list for another try. ${NOT_YOURS}`,
      tags: ['Courier'],
      audience: 'courier',
      body: outcome === 'delivered' ? DELIVERED_BODY : FAILED_BODY,
      responses: { 200: { description: 'The delivery after the report', schema: dataEnvelopeSchema(OUTCOME_SCHEMA) } },
      async handle({ params, body, principal }) {
        const { delivery, changed } = await core.completeCourierDelivery.execute(
          { orderId: params['order_id'] ?? '', outcome, reason: body.reason },
          principal,
        );
        return { status: 200, body: ok({ order_id: delivery.orderId, shipment_id: delivery.shipmentId, status: delivery.status, changed }) };
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/courier/deliveries',
      operationId: 'listMyDeliveries',
      summary: 'Your open deliveries: out for delivery, or failed and waiting for another try',
      description: 'Names, phone numbers, addresses, items and the amount to collect; nothing else about the customer.',
      tags: ['Courier'],
      audience: 'courier',
      responses: { 200: { description: 'Your open deliveries', schema: dataEnvelopeSchema({ type: 'array', items: DELIVERY_SCHEMA }) } },
      async handle({ principal }) {
        const { items } = await core.listCourierDeliveries.execute({}, principal);
        return { status: 200, body: ok(items.map(presentDelivery)) };
      },
    }),
    settle('delivered'),
    settle('failed'),
  ];
}
