import type { AssignResult, DispatchResult, OrderCore, OrderDetails, PushResult, Shipment } from '@oms/order-core';
import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { defineRoute, type ResponseDoc, type RouteDefinition } from '../routing/route-definition';
import type { JsonSchema } from '../validation/json-schema';
import { entityTag } from './entity-tag';
import { ETAG_HEADER_DOC, IDEMPOTENCY_KEY_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';
import { presentOrder, type OrderView } from './order-presenter';
import { ORDER_SCHEMA } from './order-schemas';
import {
  ASSIGN_RESULT_SCHEMA,
  ASSIGN_TO_COURIER_BODY,
  BULK_DISPATCH_BODY,
  BULK_DISPATCH_RESULT_SCHEMA,
  CANCEL_SHIPMENT_BODY,
  LIST_JOBS_QUERY,
  LIST_SHIPMENTS_QUERY,
  PUSH_RESULT_SCHEMA,
  PUSH_TO_CARRIER_BODY,
  SHIP_ORDER_BODY,
  WITH_SHIPMENT,
  type AssignToCourierBody,
  type BulkDispatchBody,
  type CancelShipmentBody,
  type ListJobsQuery,
  type ListShipmentsQuery,
  type PushToCarrierBody,
  type ShipOrderBody,
} from './fulfillment-schemas';
import { presentJob, presentShipment, presentShipmentDetails, presentShipmentResource, type ShipmentJson } from './shipment-presenter';
import { JOB_SCHEMA, SHIPMENT_DETAILS_SCHEMA, SHIPMENT_RESOURCE_SCHEMA } from './shipment-schemas';

/** The order as GET /admin/orders/{order_id} shows it, plus the shipment the request made or changed. */
const ORDER_WITH_SHIPMENT_SCHEMA: JsonSchema = {
  ...ORDER_SCHEMA,
  properties: { ...ORDER_SCHEMA.properties, ...WITH_SHIPMENT },
  required: [...(ORDER_SCHEMA.required ?? []), 'shipment'],
};

export const CARRIER_FAILED_DOC: ResponseDoc = {
  description: 'The carrier refused the call or could not be reached (CARRIER_FAILED): nothing was recorded; details.retryable says whether trying again later may work',
  schema: ERROR_BODY_SCHEMA,
};

export interface RowErrorJson {
  readonly code: string;
  readonly message: string;
  readonly details: unknown;
}

type RowJson<T> = ({ readonly order_id: string; readonly ok: true } & T) | { readonly order_id: string; readonly ok: false; readonly error: RowErrorJson };

function rowsBody<T>(results: readonly RowJson<T>[]) {
  const succeeded = results.filter((row) => row.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

export function presentDispatchResult(row: DispatchResult): RowJson<{ shipment_id: string; status: string }> {
  return row.ok
    ? { order_id: row.orderId, ok: true, shipment_id: row.shipmentId, status: row.status }
    : { order_id: row.orderId, ok: false, error: { code: row.code, message: row.message, details: row.details ?? {} } };
}

export function presentPushResult(row: PushResult): RowJson<{ job_id: string }> {
  return row.ok
    ? { order_id: row.orderId, ok: true, job_id: row.jobId }
    : { order_id: row.orderId, ok: false, error: { code: row.code, message: row.message, details: {} } };
}

export function presentAssignResult(row: AssignResult): RowJson<{ shipment_id: string }> {
  return row.ok
    ? { order_id: row.orderId, ok: true, shipment_id: row.shipmentId }
    : { order_id: row.orderId, ok: false, error: { code: row.code, message: row.message, details: {} } };
}

/**
 * Fulfillment for staff: shipping orders (one, in bulk, or handed to a carrier gateway in the background), handing
 * packed orders to couriers, and following shipments and background jobs. Thin translations onto the core's use
 * cases, which decide every rule and every permission (fulfillment:write to change, orders:read to read).
 */
export function fulfillmentRoutes(core: OrderCore): readonly RouteDefinition[] {
  const withShipment = (details: OrderDetails, shipment: Shipment) => {
    const view: OrderView & { readonly shipment: ShipmentJson } = { ...presentOrder(details, core.lifecycle), shipment: presentShipment(shipment) };
    return { status: 200, body: ok(view), headers: { ETag: entityTag(view.version) } };
  };

  return [
    defineRoute<ShipOrderBody>({
      method: 'post',
      path: '/admin/fulfillment/ship',
      operationId: 'shipOrder',
      summary: 'Ship an order, or part of it, with tracking information',
      description:
        'Records a shipment of the given lines (everything not yet shipped when none are given): with a tracking ' +
        'number as given (checked for UPS, USPS, FedEx and DHL Express), or, without one, bought from a carrier ' +
        'gateway that makes labels. Its units leave stock and the order moves to shipped once every unit has ' +
        'shipped (processing while only part has). With Idempotency-Key, a retry with the same body replays the ' +
        'first answer (Idempotent-Replayed: true) and neither ships nor buys a label again.',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      headers: { 'Idempotency-Key': IDEMPOTENCY_KEY_HEADER_DOC },
      body: SHIP_ORDER_BODY,
      responses: {
        200: {
          description: 'The order after shipping (with its shipments), and the new shipment',
          schema: dataEnvelopeSchema(ORDER_WITH_SHIPMENT_SCHEMA),
          headers: {
            ETag: ETAG_HEADER_DOC,
            'Idempotent-Replayed': { description: 'Present (true) when this answers a repeated Idempotency-Key', schema: { type: 'string' } },
          },
        },
        502: CARRIER_FAILED_DOC,
      },
      async handle({ body, principal, header }) {
        const shipped = await core.shipOrder.execute(
          {
            orderId: body.order_id,
            carrier: body.carrier,
            trackingNumber: body.tracking_number,
            service: body.service,
            lines: body.lines === undefined || body.lines === null ? null : body.lines.map((line) => ({ productId: line.product_id, quantity: line.quantity })),
            notifyCustomer: body.notify_customer,
            warehouseId: body.warehouse_id,
            labelFormat: body.label_format,
            idempotencyKey: header('idempotency-key'),
          },
          principal,
        );
        const answer = withShipment(shipped, shipped.shipment);
        return shipped.replayed ? { ...answer, headers: { ...answer.headers, 'Idempotent-Replayed': 'true' } } : answer;
      },
    }),
    defineRoute<BulkDispatchBody>({
      method: 'post',
      path: '/admin/fulfillment/bulk-dispatch',
      operationId: 'bulkDispatch',
      summary: 'Ship many orders at once, each with its tracking number',
      description:
        'Each row is shipped on its own, as POST /admin/fulfillment/ship would: a bad row (unknown order, a tracking ' +
        'number that fails its check digit, an order on hold) is reported in its result and never stops the others. ' +
        'Always 200 once the request itself is valid; read each result.',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      body: BULK_DISPATCH_BODY,
      responses: { 200: { description: 'One result per row, and how many succeeded and failed', schema: dataEnvelopeSchema(BULK_DISPATCH_RESULT_SCHEMA) } },
      async handle({ body, principal }) {
        const { results } = await core.bulkDispatch.execute(
          { orders: body.orders.map((row) => ({ orderId: row.order_id, trackingNumber: row.tracking_number, carrier: row.carrier })) },
          principal,
        );
        return { status: 200, body: ok(rowsBody(results.map(presentDispatchResult))) };
      },
    }),
    defineRoute<PushToCarrierBody>({
      method: 'post',
      path: '/admin/fulfillment/push',
      operationId: 'pushToCarrier',
      summary: 'Hand orders to a carrier gateway, in the background',
      description:
        'Each order moves to awaiting_carrier and gets a background job that asks the carrier for a shipment (retried ' +
        'with backoff; a carrier that keeps refusing puts the order on hold). Each order succeeds or fails on its ' +
        'own; follow the jobs at GET /admin/jobs.',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      body: PUSH_TO_CARRIER_BODY,
      responses: { 202: { description: 'Queued: one result per order, with its job id when queued', schema: dataEnvelopeSchema(PUSH_RESULT_SCHEMA) } },
      async handle({ body, principal }) {
        const { results } = await core.pushToCarrier.execute(
          { orderIds: body.order_ids, carrier: body.carrier, fromStock: body.from_stock, service: body.service },
          principal,
        );
        return { status: 202, body: ok(rowsBody(results.map(presentPushResult))) };
      },
    }),
    defineRoute<AssignToCourierBody>({
      method: 'post',
      path: '/admin/fulfillment/assign',
      operationId: 'assignToCourier',
      summary: 'Hand packed orders to a delivery person',
      description:
        'Each packed order gets a shipment out for delivery with the courier, from the warehouse, and moves to ' +
        'shipped; the courier then sees it at GET /courier/deliveries. Each order succeeds or fails on its own; an ' +
        'unknown warehouse fails the whole request (404).',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      body: ASSIGN_TO_COURIER_BODY,
      responses: { 200: { description: 'One result per order', schema: dataEnvelopeSchema(ASSIGN_RESULT_SCHEMA) } },
      async handle({ body, principal }) {
        const { results } = await core.assignToCourier.execute(
          { orderIds: body.order_ids, courierId: body.courier_id, warehouseId: body.warehouse_id },
          principal,
        );
        return { status: 200, body: ok(rowsBody(results.map(presentAssignResult))) };
      },
    }),
    defineRoute<Record<string, never>, ListShipmentsQuery>({
      method: 'get',
      path: '/admin/shipments',
      operationId: 'listShipments',
      summary: 'List shipments, filtered by order, tracking status or carrier',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'orders:read',
      query: LIST_SHIPMENTS_QUERY,
      responses: { 200: { description: 'A page of shipments', schema: pageEnvelopeSchema(SHIPMENT_RESOURCE_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listShipments.execute(
          {
            orderId: query.order_id,
            status: query.status,
            carrier: query.carrier,
            limit: query.limit,
            offset: query.offset,
          },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentShipmentResource), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/shipments/{shipment_id}',
      operationId: 'getShipment',
      summary: 'Get a shipment with every tracking report received for it',
      description: 'Read from the stored snapshot: answering never calls the carrier.',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: { description: 'The shipment and its tracking events, oldest first', schema: dataEnvelopeSchema(SHIPMENT_DETAILS_SCHEMA) } },
      async handle({ params, principal }) {
        const details = await core.getShipment.execute({ shipmentId: params['shipment_id'] ?? '' }, principal);
        return { status: 200, body: ok(presentShipmentDetails(details)) };
      },
    }),
    defineRoute<CancelShipmentBody>({
      method: 'post',
      path: '/admin/shipments/{shipment_id}/cancel',
      operationId: 'cancelShipment',
      summary: 'Cancel a shipment the carrier does not have yet',
      description:
        'The carrier voids its label first; then the units are reserved for the order again and a shipped order goes ' +
        'back to packed. A parcel the carrier already holds cannot be cancelled (409).',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      body: CANCEL_SHIPMENT_BODY,
      responses: {
        200: {
          description: 'The order after the cancellation (with its shipments), and the cancelled shipment',
          schema: dataEnvelopeSchema(ORDER_WITH_SHIPMENT_SCHEMA),
          headers: { ETag: ETAG_HEADER_DOC },
        },
        502: CARRIER_FAILED_DOC,
      },
      async handle({ params, body, principal }) {
        const cancelled = await core.cancelShipment.execute({ shipmentId: params['shipment_id'] ?? '', reason: body.reason }, principal);
        return withShipment(cancelled, cancelled.shipment);
      },
    }),
    defineRoute<Record<string, never>, ListJobsQuery>({
      method: 'get',
      path: '/admin/jobs',
      operationId: 'listJobs',
      summary: 'List background jobs (carrier hand-overs), filtered by status, type or order',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'orders:read',
      query: LIST_JOBS_QUERY,
      responses: { 200: { description: 'A page of jobs', schema: pageEnvelopeSchema(JOB_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listJobs.execute(
          { status: query.status, type: query.type, orderId: query.order_id, limit: query.limit, offset: query.offset },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentJob), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/jobs/{job_id}',
      operationId: 'getJob',
      summary: 'Get a background job: status, attempts, last error and result',
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: { description: 'The job', schema: dataEnvelopeSchema(JOB_SCHEMA) } },
      async handle({ params, principal }) {
        return { status: 200, body: ok(presentJob(await core.getJob.execute({ jobId: params['job_id'] ?? '' }, principal))) };
      },
    }),
  ];
}
