import type { OrderCore } from '@oms/order-core';
import { defineRoute, type ResponseDoc, type RouteDefinition } from '../routing/route-definition';
import { entityTag, expectedVersionFromIfMatch } from './entity-tag';
import { ETAG_HEADER_DOC, IF_MATCH_HEADER_DOC } from './header-docs';
import { presentWarehouse } from './inventory-presenter';
import {
  CREATE_WAREHOUSE_BODY,
  LIST_WAREHOUSES_QUERY,
  UPDATE_WAREHOUSE_BODY,
  WAREHOUSE_SCHEMA,
  type WarehouseBody,
} from './inventory-schemas';
import { dataEnvelopeSchema, ok } from './native-envelope';

const ONE_WAREHOUSE: ResponseDoc = {
  description: 'The warehouse',
  schema: dataEnvelopeSchema(WAREHOUSE_SCHEMA),
  headers: { ETag: ETAG_HEADER_DOC },
};

/** Warehouses: where stock is kept, tried by ascending priority when reserving. */
export function warehouseRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<WarehouseBody & { code: string; name: string }>({
      method: 'post',
      path: '/admin/warehouses',
      operationId: 'createWarehouse',
      summary: 'Create a warehouse',
      description: 'A code that is already taken answers 409.',
      tags: ['Inventory'],
      audience: 'staff',
      requiredScope: 'inventory:write',
      body: CREATE_WAREHOUSE_BODY,
      responses: { 201: { ...ONE_WAREHOUSE, description: 'The created warehouse' } },
      async handle({ body, principal }) {
        const warehouse = await core.createWarehouse.execute(
          { code: body.code, name: body.name, priority: body.priority, active: body.active },
          principal,
        );
        return {
          status: 201,
          body: ok(presentWarehouse(warehouse)),
          headers: { ETag: entityTag(warehouse.version), Location: `/admin/warehouses/${encodeURIComponent(warehouse.id)}` },
        };
      },
    }),
    defineRoute<Record<string, never>, { active_only?: boolean }>({
      method: 'get',
      path: '/admin/warehouses',
      operationId: 'listWarehouses',
      summary: 'List warehouses in reservation order (priority, then code)',
      tags: ['Inventory'],
      audience: 'staff',
      requiredScope: 'inventory:read',
      query: LIST_WAREHOUSES_QUERY,
      responses: {
        200: { description: 'Every warehouse', schema: dataEnvelopeSchema({ type: 'array', items: WAREHOUSE_SCHEMA }) },
      },
      async handle({ query, principal }) {
        const warehouses = await core.listWarehouses.execute({ activeOnly: query.active_only }, principal);
        return { status: 200, body: ok(warehouses.map(presentWarehouse)) };
      },
    }),
    defineRoute<WarehouseBody>({
      method: 'patch',
      path: '/admin/warehouses/{id}',
      operationId: 'updateWarehouse',
      summary: 'Change some fields of a warehouse',
      tags: ['Inventory'],
      audience: 'staff',
      requiredScope: 'inventory:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: UPDATE_WAREHOUSE_BODY,
      responses: { 200: { ...ONE_WAREHOUSE, description: 'The updated warehouse' } },
      async handle({ params, body, principal, header }) {
        const warehouse = await core.updateWarehouse.execute(
          {
            warehouseId: params['id'] ?? '',
            changes: { code: body.code, name: body.name, priority: body.priority, active: body.active },
            expectedVersion: expectedVersionFromIfMatch(header('if-match')),
          },
          principal,
        );
        return { status: 200, body: ok(presentWarehouse(warehouse)), headers: { ETag: entityTag(warehouse.version) } };
      },
    }),
  ];
}
