import { toMajorNumber, type ActorRef, type OrderCore, type Payment } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { strictObject } from '../validation/json-schema';
import { CURRENCY, MONEY_INPUT, MONEY_OUTPUT, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';
import { entityTag } from './entity-tag';
import { ETAG_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok } from './native-envelope';
import { presentOrder } from './order-presenter';
import { ACTOR, ORDER_SCHEMA } from './order-schemas';

export interface PaymentJson {
  readonly id: string;
  readonly order_id: string;
  readonly kind: 'payment' | 'refund';
  /** Major units of `currency`, exact. */
  readonly amount: number;
  readonly currency: string;
  readonly method: string;
  readonly reference: string | null;
  readonly recorded_by: ActorRef;
  readonly created_at: string;
}

export function presentPayment(payment: Payment): PaymentJson {
  return {
    id: payment.id,
    order_id: payment.orderId,
    kind: payment.kind,
    amount: toMajorNumber(payment.amount, payment.currency),
    currency: payment.currency,
    method: payment.method,
    reference: payment.reference,
    recorded_by: { kind: payment.recordedBy.kind, id: payment.recordedBy.id, display: payment.recordedBy.display },
    created_at: payment.createdAt,
  };
}

export const PAYMENT_SCHEMA = strictObject(
  {
    id: TEXT,
    order_id: TEXT,
    kind: { type: 'string', enum: ['payment', 'refund'] },
    amount: MONEY_OUTPUT,
    currency: CURRENCY,
    method: { ...TEXT, description: 'How it was paid (card, cash, bank_transfer, ...); for refunds, the payment gateway' },
    reference: OPTIONAL_TEXT,
    recorded_by: ACTOR,
    created_at: TIMESTAMP,
  },
  ['id', 'order_id', 'kind', 'amount', 'currency', 'method', 'reference', 'recorded_by', 'created_at'],
);

const RECORD_PAYMENT_BODY = strictObject(
  {
    amount: { ...MONEY_INPUT, description: "Major units of the order's currency; at most what is still outstanding" },
    method: { ...TEXT, description: 'card, cash, bank_transfer, ... (at most 50 characters)' },
    reference: { ...OPTIONAL_TEXT, description: "The payer's or the bank's reference (at most 200 characters)" },
  },
  ['amount', 'method'],
);

interface RecordPaymentBody {
  readonly amount: number | string;
  readonly method: string;
  readonly reference?: string | null;
}

/** Money received for an order (recorded by staff: the default gateway is manual) and the order's payment history. */
export function paymentRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<RecordPaymentBody>({
      method: 'post',
      path: '/admin/orders/{order_id}/payments',
      operationId: 'recordPayment',
      summary: 'Record a payment received for an order',
      description:
        'Paid in full, an order in pending_payment moves to pending. A cancelled or refunded order takes no payment ' +
        '(409); more than the outstanding amount is a 422 on amount. The payment is on the timeline.',
      tags: ['Payments'],
      audience: 'staff',
      requiredScope: 'orders:write',
      body: RECORD_PAYMENT_BODY,
      responses: {
        201: {
          description: 'The payment and the order after it (ETag: the order\'s)',
          schema: dataEnvelopeSchema(strictObject({ payment: PAYMENT_SCHEMA, order: ORDER_SCHEMA }, ['payment', 'order'])),
          headers: { ETag: ETAG_HEADER_DOC },
        },
      },
      async handle({ params, body, principal }) {
        const { payment, details } = await core.recordPayment.execute(
          { orderId: params['order_id'] ?? '', amount: body.amount, method: body.method, reference: body.reference },
          principal,
        );
        const order = presentOrder(details, core.lifecycle);
        return { status: 201, body: ok({ payment: presentPayment(payment), order }), headers: { ETag: entityTag(order.version) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/orders/{order_id}/payments',
      operationId: 'listPayments',
      summary: "An order's payments and refunds, oldest first",
      tags: ['Payments'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: { description: 'Every payment and refund (no paging: there are few)', schema: dataEnvelopeSchema({ type: 'array', items: PAYMENT_SCHEMA }) } },
      async handle({ params, principal }) {
        const payments = await core.listPayments.execute({ orderId: params['order_id'] ?? '' }, principal);
        return { status: 200, body: ok(payments.map(presentPayment)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/orders/{order_id}/refund',
      operationId: 'refundOrder',
      summary: 'Refund everything still paid on a cancelled, returned, delivered or completed order',
      description:
        'Finishes (or retries) a refund, for example when cancelling with refund: true could not reach the payment ' +
        'gateway. The gateway call carries an idempotency key, so a retry never pays out twice. Ends the order refunded.',
      tags: ['Payments'],
      audience: 'staff',
      requiredScope: 'orders:write',
      body: strictObject({}, []),
      responses: { 200: { description: 'The order after the refund', schema: dataEnvelopeSchema(ORDER_SCHEMA), headers: { ETag: ETAG_HEADER_DOC } } },
      async handle({ params, principal }) {
        const details = await core.refundOrder.execute({ orderId: params['order_id'] ?? '' }, principal);
        const order = presentOrder(details, core.lifecycle);
        return { status: 200, body: ok(order), headers: { ETag: entityTag(order.version) } };
      },
    }),
  ];
}
