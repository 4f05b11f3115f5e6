import type { OrderCore } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { dataEnvelopeSchema, ok } from './native-envelope';
import { SCAN_BODY, SCAN_RESULT_SCHEMA, type ScanBody } from './fulfillment-schemas';

/** Warehouse barcode stations: one scan packs, ships, delivers or returns one order. */
export function scanRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<ScanBody>({
      method: 'post',
      path: '/admin/scan',
      operationId: 'scanParcel',
      summary: 'Pack, ship, deliver or return one order by the code a barcode scanner read',
      description:
        'The code is an order reference, an order id or a parcel\'s tracking number. Each scan is one transaction. ' +
        'Scanning a parcel that already went through the step answers 200 with changed: false and changes nothing, so ' +
        'a double scan is harmless; a step the order\'s status does not allow is a 409.',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      body: SCAN_BODY,
      responses: { 200: { description: 'What the scan did', schema: dataEnvelopeSchema(SCAN_RESULT_SCHEMA) } },
      async handle({ body, principal }) {
        const result = await core.scanParcel.execute(
          { code: body.code, action: body.action, warehouseId: body.warehouse_id, date: body.date },
          principal,
        );
        return {
          status: 200,
          body: ok({
            order_id: result.orderId,
            reference: result.reference,
            action: result.action,
            changed: result.changed,
            status: result.status,
            message: result.message,
          }),
        };
      },
    }),
  ];
}
