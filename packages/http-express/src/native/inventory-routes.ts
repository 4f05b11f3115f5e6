import type { OrderCore } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { presentMovement, presentStockLevel } from './inventory-presenter';
import {
  BULK_ADJUST_BODY,
  LIST_MOVEMENTS_QUERY,
  LIST_STOCK_QUERY,
  MOVEMENT_SCHEMA,
  STOCK_LEVEL_SCHEMA,
  type BulkAdjustBody,
  type ListMovementsQuery,
  type ListStockQuery,
} from './inventory-schemas';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';

/** Stock levels per product and warehouse, and the append-only history of every movement. */
export function inventoryRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<Record<string, never>, ListStockQuery>({
      method: 'get',
      path: '/admin/inventory',
      operationId: 'listStockLevels',
      summary: 'Stock per product and warehouse: on hand, reserved and available',
      description: 'Ordered by product id, then warehouse id. A product without a level in a warehouse has none there.',
      tags: ['Inventory'],
      audience: 'staff',
      requiredScope: 'inventory:read',
      query: LIST_STOCK_QUERY,
      responses: { 200: { description: 'A page of stock levels', schema: pageEnvelopeSchema(STOCK_LEVEL_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listStockLevels.execute(
          {
            productId: query.product_id,
            warehouseId: query.warehouse_id,
            lowStock: query.low_stock,
            limit: query.limit,
            offset: query.offset,
          },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentStockLevel), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute<BulkAdjustBody>({
      method: 'post',
      path: '/admin/inventory-history/bulk-adjust',
      operationId: 'bulkAdjustStock',
      summary: 'Adjust the stock of many products at once, all or nothing',
      description:
        'Each adjustment adds (positive) or removes (negative) on-hand units with a reason. One that would leave on hand ' +
        'below what is reserved, or below zero, fails the whole request with 422 naming it; unknown products or warehouses too.',
      tags: ['Inventory'],
      audience: 'staff',
      requiredScope: 'inventory:write',
      body: BULK_ADJUST_BODY,
      responses: {
        200: {
          description: 'The movements recorded, in the order of the adjustments',
          schema: dataEnvelopeSchema({ type: 'array', items: MOVEMENT_SCHEMA }),
        },
      },
      async handle({ body, principal }) {
        const movements = await core.bulkAdjustStock.execute(
          {
            adjustments: body.adjustments.map((a) => ({
              productId: a.product_id,
              warehouseId: a.warehouse_id,
              quantityChange: a.quantity_change,
              reason: a.reason,
              note: a.note,
            })),
          },
          principal,
        );
        return { status: 200, body: ok(movements.map(presentMovement)) };
      },
    }),
    defineRoute<Record<string, never>, ListMovementsQuery>({
      method: 'get',
      path: '/admin/inventory-history',
      operationId: 'listInventoryHistory',
      summary: 'Inventory movements, oldest first, with filters and paging',
      description: 'quantity_change is the change of on-hand units, reserved_change that of reserved units.',
      tags: ['Inventory'],
      audience: 'staff',
      requiredScope: 'inventory:read',
      query: LIST_MOVEMENTS_QUERY,
      responses: { 200: { description: 'A page of movements', schema: pageEnvelopeSchema(MOVEMENT_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listInventoryHistory.execute(
          {
            productId: query.product_id,
            warehouseId: query.warehouse_id,
            reason: query.reason,
            orderId: query.order_id,
            from: query.from,
            to: query.to,
            limit: query.limit,
            offset: query.offset,
          },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentMovement), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
  ];
}
