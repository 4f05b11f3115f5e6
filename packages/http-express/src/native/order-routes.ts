import {
  DEFAULT_ORDER_SORT,
  type ListOrdersResult,
  type OrderCore,
  type OrderSort,
  type OrderSortField,
  type OrderStatus,
} from '@oms/order-core';
import { defineRoute, type ResponseDoc, type RouteDefinition } from '../routing/route-definition';
import type { JsonSchema } from '../validation/json-schema';
import { entityTag, expectedVersionFromIfMatch } from './entity-tag';
import { ETAG_HEADER_DOC, IDEMPOTENCY_KEY_HEADER_DOC, IF_MATCH_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import { presentOrder, presentOrderSummary, type OrderView } from './order-presenter';
import { presentChanges } from './timeline-presenter';
import {
  CANCEL_ORDER_BODY,
  CHANGE_STATUS_BODY,
  EDIT_ORDER_BODY,
  LIST_ORDERS_QUERY,
  ORDER_SCHEMA,
  ORDER_SUMMARY_SCHEMA,
  PLACE_ORDER_BODY,
  STATUS_COUNTS_SCHEMA,
  type CancelOrderBody,
  type ChangeStatusBody,
  type EditOrderBody,
  type ListOrdersQuery,
  type PlaceOrderBody,
} from './order-schemas';
import { FIELD_CHANGES } from './timeline-schemas';

const ONE_ORDER: ResponseDoc = {
  description: 'The full order',
  schema: dataEnvelopeSchema(ORDER_SCHEMA),
  headers: { ETag: ETAG_HEADER_DOC },
};

/** The order as GET shows it, plus what the edit changed. */
const EDITED_ORDER_SCHEMA: JsonSchema = {
  ...ORDER_SCHEMA,
  properties: { ...ORDER_SCHEMA.properties, changed_fields: { ...FIELD_CHANGES, description: 'What this edit changed: {field: {from, to}}; empty when nothing did' } },
  required: [...(ORDER_SCHEMA.required ?? []), 'changed_fields'],
};

/** The native admin order endpoints: thin translations between snake_case JSON and the order use cases. */
export function orderRoutes(core: OrderCore): readonly RouteDefinition[] {
  const orderResponse = (status: number, view: OrderView, headers: Record<string, string> = {}) => ({
    status,
    body: ok(view),
    headers: { ETag: entityTag(view.version), ...headers },
  });

  const changeStatus = (method: 'patch' | 'put') =>
    defineRoute<ChangeStatusBody>({
      method,
      path: '/admin/orders/{order_id}/status',
      operationId: method === 'patch' ? 'changeOrderStatus' : 'replaceOrderStatus',
      summary: 'Move an order to another status',
      description: 'Only transitions the lifecycle allows; otherwise 409 with details.allowed. If-Match makes it conditional.',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: CHANGE_STATUS_BODY,
      responses: { 200: { ...ONE_ORDER, description: 'The order after the change' } },
      async handle({ params, body, principal, header }) {
        const details = await core.changeOrderStatus.execute(
          {
            orderId: params['order_id'] ?? '',
            status: body.status,
            reason: body.reason,
            trackingNumber: body.tracking_number,
            carrier: body.carrier,
            notifyCustomer: body.notify_customer,
            expectedVersion: expectedVersionFromIfMatch(header('if-match')),
          },
          principal,
        );
        return orderResponse(200, presentOrder(details, core.lifecycle));
      },
    });

  return [
    defineRoute<PlaceOrderBody>({
      method: 'post',
      path: '/admin/orders',
      operationId: 'placeOrder',
      summary: 'Place an order on behalf of a customer',
      description: 'Prices come from the catalog and totals are computed by the server; `total`, when sent, must match.',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:write',
      headers: { 'Idempotency-Key': IDEMPOTENCY_KEY_HEADER_DOC },
      body: PLACE_ORDER_BODY,
      responses: {
        201: {
          ...ONE_ORDER,
          description: 'The placed order (also for a replay, which adds Idempotent-Replayed: true)',
          headers: {
            ETag: ETAG_HEADER_DOC,
            'Idempotent-Replayed': { description: 'Present (true) when this answers a repeated Idempotency-Key', schema: { type: 'string' } },
          },
        },
      },
      async handle({ body, principal, header }) {
        // A replay carries the order and events as first placed, so the retry sees exactly the first answer.
        const placed = await core.placeOrder.execute(
          {
            customerId: body.customer_id,
            items: body.items.map((item) => ({ productId: item.product_id, quantity: item.quantity, metadata: item.metadata })),
            shippingAddress: body.shipping_address,
            billingAddress: body.billing_address,
            contactName: body.contact_name,
            email: body.email,
            phone: body.phone,
            notes: body.notes,
            metadata: body.metadata,
            currency: body.currency,
            expectedTotal: body.total,
            idempotencyKey: header('idempotency-key'),
          },
          principal,
        );
        const location = { Location: `/admin/orders/${encodeURIComponent(placed.order.id)}` };
        const view = presentOrder(placed, core.lifecycle);
        return orderResponse(201, view, placed.replayed ? { ...location, 'Idempotent-Replayed': 'true' } : location);
      },
    }),
    defineRoute<Record<string, never>, ListOrdersQuery>({
      method: 'get',
      path: '/admin/orders',
      operationId: 'listOrders',
      summary: 'List, filter, search and page through orders',
      description: 'Offset paging for the first pages; follow pagination.next_cursor (same sort) for deep pages.',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:read',
      query: LIST_ORDERS_QUERY,
      responses: { 200: { description: 'A page of orders', schema: pageEnvelopeSchema(ORDER_SUMMARY_SCHEMA) } },
      async handle({ query, principal }) {
        const sort = query.sort === undefined ? DEFAULT_ORDER_SORT : parseSort(query.sort);
        const page = await core.listOrders.execute(
          {
            statuses: query.status === undefined ? undefined : splitList(query.status),
            customerId: query.customer_id,
            search: query.q,
            createdFrom: query.created_from,
            createdTo: query.created_to,
            sort,
            limit: query.limit,
            offset: query.offset,
            after: query.cursor === undefined ? undefined : decodeOrderCursor(query.cursor, sort),
          },
          principal,
        );
        return orderPageResponse(page);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/orders/counts',
      operationId: 'countOrdersByStatus',
      summary: 'Order counts per status (every status, zeros included), for dashboard badges',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: { description: 'Counts per status', schema: dataEnvelopeSchema(STATUS_COUNTS_SCHEMA) } },
      async handle({ principal }) {
        return { status: 200, body: ok(await core.countOrdersByStatus.execute({}, principal)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/orders/{order_id}',
      operationId: 'getOrder',
      summary: 'Get the full order: items (with reserved, backordered and shipped units), addresses, contact, totals, allowed transitions and timeline',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: ONE_ORDER },
      async handle({ params, principal }) {
        const details = await core.getOrder.execute({ orderId: params['order_id'] ?? '' }, principal);
        return orderResponse(200, presentOrder(details, core.lifecycle));
      },
    }),
    defineRoute<EditOrderBody>({
      method: 'patch',
      path: '/admin/orders/{order_id}',
      operationId: 'editOrder',
      summary: "Correct an order's contact, addresses, notes or metadata",
      description:
        'Only the fields sent change. metadata is merged key by key (null deletes a key; at most 16 KiB after merging). ' +
        'Addresses can no longer change once the order has shipped (409). Every real change is on the timeline ' +
        '(order_edited) and answered in changed_fields. If-Match makes it conditional (412 when stale).',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: EDIT_ORDER_BODY,
      responses: {
        200: {
          description: 'The order after the edit, with changed_fields',
          schema: dataEnvelopeSchema(EDITED_ORDER_SCHEMA),
          headers: { ETag: ETAG_HEADER_DOC },
        },
      },
      async handle({ params, body, principal, header }) {
        const edited = await core.editOrder.execute(
          {
            orderId: params['order_id'] ?? '',
            changes: {
              email: body.email,
              phone: body.phone,
              shippingAddress: body.shipping_address,
              billingAddress: body.billing_address,
              notes: body.notes,
              metadata: body.metadata,
            },
            expectedVersion: expectedVersionFromIfMatch(header('if-match')),
          },
          principal,
        );
        const view = presentOrder(edited, core.lifecycle);
        return {
          status: 200,
          body: ok({ ...view, changed_fields: presentChanges(edited.changes) }),
          headers: { ETag: entityTag(view.version) },
        };
      },
    }),
    changeStatus('patch'),
    changeStatus('put'),
    defineRoute<CancelOrderBody>({
      method: 'post',
      path: '/admin/orders/{order_id}/cancel',
      operationId: 'cancelOrder',
      summary: 'Cancel an order, optionally refunding everything paid',
      description:
        'With refund: true, what was paid goes back through the payment gateway and is recorded (a refund on the ' +
        'timeline and in payments); the order then ends refunded, or stays cancelled when nothing was paid.',
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: CANCEL_ORDER_BODY,
      responses: { 200: { ...ONE_ORDER, description: 'The cancelled (or, after a refund, refunded) order' } },
      async handle({ params, body, principal, header }) {
        const details = await core.cancelOrder.execute(
          {
            orderId: params['order_id'] ?? '',
            reason: body.reason,
            refund: body.refund,
            expectedVersion: expectedVersionFromIfMatch(header('if-match')),
          },
          principal,
        );
        return orderResponse(200, presentOrder(details, core.lifecycle));
      },
    }),
  ];
}

/** A page of order summaries in the native envelope, with the keyset cursor of the next page. */
export function orderPageResponse(page: ListOrdersResult) {
  return {
    status: 200,
    body: okPage(page.items.map(presentOrderSummary), {
      total: page.total,
      limit: page.limit,
      offset: page.offset,
      next_cursor: page.nextCursor === null ? null : encodeOrderCursor(page.sort, page.nextCursor),
    }),
  };
}

/** `-total` -> total descending. The value was checked against the schema's enum already. */
export function parseSort(text: string): OrderSort {
  return text.startsWith('-')
    ? { field: text.slice(1) as OrderSortField, direction: 'desc' }
    : { field: text as OrderSortField, direction: 'asc' };
}

/** `pending,shipped` -> both; the core checks each name and reports `status[i]`. */
export function splitList(text: string): OrderStatus[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '') as OrderStatus[];
}
