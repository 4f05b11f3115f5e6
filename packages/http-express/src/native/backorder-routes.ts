import { BACKORDER_STATUSES, type OrderCore } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { presentAllocation, presentAutoAllocation, presentBackorder, presentPreorder } from './inventory-presenter';
import {
  ALLOCATE_BACKORDER_BODY,
  ALLOCATE_PREORDER_BODY,
  ALLOCATION_SCHEMA,
  AUTO_ALLOCATE_BODY,
  AUTO_ALLOCATION_SCHEMA,
  BACKORDER_SCHEMA,
  LIST_BACKORDERS_QUERY,
  LIST_PREORDERS_QUERY,
  PREORDER_SCHEMA,
  type AllocateBackorderBody,
  type AllocatePreorderBody,
  type ListBackordersQuery,
  type ListPreordersQuery,
} from './inventory-schemas';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';

const ALLOCATION_RESPONSE = {
  description: 'What was allocated; partial allocation is allowed and reported in remaining',
  schema: dataEnvelopeSchema(ALLOCATION_SCHEMA),
};

const ALLOCATION_NOTES =
  'Reserves available stock (warehouses by priority) for a waiting backorder or pre-order. With no stock at all: 422 ' +
  'INSUFFICIENT_STOCK; one that is no longer waiting: 409. When the order has nothing left waiting, an order in ' +
  'out_of_stock moves back to pending.';

/** Backorders and pre-orders: order lines waiting for stock, served first in, first out. */
export function backorderRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<Record<string, never>, ListBackordersQuery>({
      method: 'get',
      path: '/admin/backorders',
      operationId: 'listBackorders',
      summary: 'Backorders still waiting for stock, oldest first (the order in which stock is allocated)',
      tags: ['Backorders'],
      audience: 'staff',
      requiredScope: 'inventory:read',
      query: LIST_BACKORDERS_QUERY,
      responses: { 200: { description: 'A page of waiting backorders', schema: pageEnvelopeSchema(BACKORDER_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listBackorders.execute(
          { kind: 'backorder', statuses: ['waiting'], productId: query.product_id, limit: query.limit, offset: query.offset },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentBackorder), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute<AllocateBackorderBody>({
      method: 'post',
      path: '/admin/backorders/{item_id}/allocate',
      operationId: 'allocateBackorder',
      summary: 'Allocate available stock to one backordered item',
      description: ALLOCATION_NOTES,
      tags: ['Backorders'],
      audience: 'staff',
      requiredScope: 'inventory:write',
      body: ALLOCATE_BACKORDER_BODY,
      responses: { 200: ALLOCATION_RESPONSE },
      async handle({ params, body, principal }) {
        const result = await core.allocateBackorder.execute({ backorderId: params['item_id'] ?? '', quantity: body.quantity }, principal);
        return { status: 200, body: ok(presentAllocation(result)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/backorders/auto-allocate',
      operationId: 'autoAllocateBackorders',
      summary: 'Allocate available stock to every waiting backorder and pre-order, first in, first out',
      description: 'Strictly by creation time across all products: an older one takes what there is before a younger one gets anything.',
      tags: ['Backorders'],
      audience: 'staff',
      requiredScope: 'inventory:write',
      body: AUTO_ALLOCATE_BODY,
      responses: { 200: { description: 'How many allocations were made and how many units they took', schema: dataEnvelopeSchema(AUTO_ALLOCATION_SCHEMA) } },
      async handle({ principal }) {
        return { status: 200, body: ok(presentAutoAllocation(await core.autoAllocateBackorders.execute({}, principal))) };
      },
    }),
    defineRoute<Record<string, never>, ListPreordersQuery>({
      method: 'get',
      path: '/admin/preorders',
      operationId: 'listPreorders',
      summary: 'Pre-orders with their allocation status, oldest first',
      tags: ['Pre-orders'],
      audience: 'staff',
      requiredScope: 'inventory:read',
      query: LIST_PREORDERS_QUERY,
      responses: { 200: { description: 'A page of pre-orders', schema: pageEnvelopeSchema(PREORDER_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listBackorders.execute(
          {
            kind: 'preorder',
            statuses: query.status === undefined ? BACKORDER_STATUSES : [query.status],
            productId: query.product_id,
            limit: query.limit,
            offset: query.offset,
          },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentPreorder), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute<AllocatePreorderBody>({
      method: 'post',
      path: '/admin/preorders/allocate',
      operationId: 'allocatePreorder',
      summary: 'Allocate available stock to a pre-order',
      description: ALLOCATION_NOTES,
      tags: ['Pre-orders'],
      audience: 'staff',
      requiredScope: 'inventory:write',
      body: ALLOCATE_PREORDER_BODY,
      responses: { 200: ALLOCATION_RESPONSE },
      async handle({ body, principal }) {
        const result = await core.allocateBackorder.execute({ backorderId: body.backorder_id, quantity: body.quantity }, principal);
        return { status: 200, body: ok(presentAllocation(result)) };
      },
    }),
  ];
}
