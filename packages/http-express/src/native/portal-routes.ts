import { DEFAULT_ORDER_SORT, ORDER_STATUSES, type OrderCore } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { strictObject, type JsonSchema } from '../validation/json-schema';
import { LIMIT_PARAM, OFFSET_PARAM, TEXT } from './common-schemas';
import { IDEMPOTENCY_KEY_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok, pageEnvelopeSchema } from './native-envelope';
import { decodeOrderCursor } from './order-cursor';
import { presentOrder } from './order-presenter';
import { orderPageResponse, parseSort, splitList } from './order-routes';
import { ORDER_SORTS, ORDER_SUMMARY_SCHEMA, PLACE_ORDER_BODY, type PlaceOrderBody } from './order-schemas';
import { CUSTOMER_ORDER_SCHEMA, customerIdOf, presentCustomerOrder } from './portal-presenter';

/** The admin placement body without customer_id: the customer is the one in the token (sending it is a 422). */
export const PLACE_MY_ORDER_BODY: JsonSchema = strictObject(
  Object.fromEntries(Object.entries(PLACE_ORDER_BODY.properties ?? {}).filter(([name]) => name !== 'customer_id')),
  (PLACE_ORDER_BODY.required ?? []).filter((name) => name !== 'customer_id'),
);

export type PlaceMyOrderBody = Omit<PlaceOrderBody, 'customer_id'>;

export const LIST_MY_ORDERS_QUERY = strictObject({
  status: { ...TEXT, description: `One status or several, comma-separated: ${ORDER_STATUSES.join(', ')}` },
  sort: { type: 'string', enum: ORDER_SORTS, default: '-created_at', description: 'A leading "-" sorts descending' },
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
  cursor: { type: 'string', maxLength: 1024, description: 'pagination.next_cursor of the previous page, for the same sort' },
});

interface ListMyOrdersQuery {
  readonly status?: string;
  readonly sort?: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly cursor?: string;
}

const ONE_ORDER = { description: 'The order as its customer sees it', schema: dataEnvelopeSchema(CUSTOMER_ORDER_SCHEMA) };

/**
 * The customer portal ("My Orders"): a signed-in customer lists, reads and places their own orders. The core
 * scopes every call to the customer in the token; another customer's order answers exactly like a missing one.
 */
export function portalRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<Record<string, never>, ListMyOrdersQuery>({
      method: 'get',
      path: '/orders',
      operationId: 'listMyOrders',
      summary: "List the signed-in customer's own orders",
      description: 'Newest first by default; offset paging, or pagination.next_cursor for deep pages.',
      tags: ['My orders'],
      audience: 'customer',
      query: LIST_MY_ORDERS_QUERY,
      responses: { 200: { description: 'A page of your orders', schema: pageEnvelopeSchema(ORDER_SUMMARY_SCHEMA) } },
      async handle({ query, principal }) {
        const sort = query.sort === undefined ? DEFAULT_ORDER_SORT : parseSort(query.sort);
        const page = await core.listOrders.execute(
          {
            statuses: query.status === undefined ? undefined : splitList(query.status),
            customerId: customerIdOf(principal),
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
    defineRoute<PlaceMyOrderBody>({
      method: 'post',
      path: '/orders',
      operationId: 'placeMyOrder',
      summary: 'Place an order as the signed-in customer',
      description:
        'The body of POST /admin/orders without customer_id (the token says who orders; sending it is a 422). ' +
        'Without email, the e-mail of the token is used, so the order can be tracked.',
      tags: ['My orders'],
      audience: 'customer',
      headers: { 'Idempotency-Key': IDEMPOTENCY_KEY_HEADER_DOC },
      body: PLACE_MY_ORDER_BODY,
      responses: {
        201: {
          ...ONE_ORDER,
          description: 'The placed order (also for a replay, which adds Idempotent-Replayed: true)',
          headers: {
            'Idempotent-Replayed': { description: 'Present (true) when this answers a repeated Idempotency-Key', schema: { type: 'string' } },
          },
        },
      },
      async handle({ body, principal, header }) {
        const placed = await core.placeOrder.execute(
          {
            customerId: customerIdOf(principal),
            items: body.items.map((item) => ({ productId: item.product_id, quantity: item.quantity, metadata: item.metadata })),
            shippingAddress: body.shipping_address,
            billingAddress: body.billing_address,
            contactName: body.contact_name,
            email: body.email === undefined && principal.kind === 'customer' ? principal.email : body.email,
            phone: body.phone,
            notes: body.notes,
            metadata: body.metadata,
            currency: body.currency,
            expectedTotal: body.total,
            idempotencyKey: header('idempotency-key'),
          },
          principal,
        );
        const headers: Record<string, string> = { Location: `/orders/${encodeURIComponent(placed.order.id)}` };
        if (placed.replayed) headers['Idempotent-Replayed'] = 'true';
        return { status: 201, body: ok(presentCustomerOrder(presentOrder(placed, core.lifecycle))), headers };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/{order_id}',
      operationId: 'getMyOrder',
      summary: 'Get one of your orders: items, addresses, totals, payments and status history',
      description: "Another customer's order answers 404 exactly like an order that does not exist.",
      tags: ['My orders'],
      audience: 'customer',
      responses: { 200: ONE_ORDER },
      async handle({ params, principal }) {
        const details = await core.getOrder.execute({ orderId: params['order_id'] ?? '' }, principal);
        return { status: 200, body: ok(presentCustomerOrder(presentOrder(details, core.lifecycle))) };
      },
    }),
  ];
}
