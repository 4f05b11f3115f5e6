import { principalKey, requireScope, type Principal } from '../../auth/principal';
import { LABEL_FORMATS, unshippedLines, type LabelFormat, type Shipment } from '../../fulfillment/shipment';
import type { Order } from '../../orders/order';
import type { CarrierShipment } from '../../ports/carrier-gateway.port';
import { DomainError, isDomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { canonicalJson, type JsonValue } from '../../shared/json';
import { stableHash } from '../../shared/stable-hash';
import { runIdempotent } from '../idempotency';
import { nowIso } from '../dependencies';
import { orderDetailsIn, type OrderDetails } from '../orders/get-order';
import { carrierFailure, checkGivenTrackingNumber, resolveCarrier, type FulfillmentDependencies } from './carriers';
import { assertShippable, settleOrder } from './settle-order';
import { recordShipment } from './shipping';
import { actorOf } from '../../auth/principal';

export interface ShipLineInput {
  readonly productId: string;
  readonly quantity: number;
}

export interface ShipOrderInput {
  readonly orderId: string;
  /** A gateway's code (`easypost`) or any shipping company's name (`UPS`, `Local Express`). */
  readonly carrier: string;
  readonly trackingNumber?: string | null;
  readonly service?: string | null;
  /** What to ship; everything not yet shipped when absent. */
  readonly lines?: readonly ShipLineInput[] | null;
  readonly notifyCustomer?: boolean;
  /** The warehouse the parcel leaves from: its reservations are used first. */
  readonly warehouseId?: string | null;
  readonly labelFormat?: LabelFormat | null;
  /** A retry with the same key and request gets the first answer back and ships (and buys) nothing more. */
  readonly idempotencyKey?: string;
}

export interface ShipOrderResult extends OrderDetails {
  readonly shipment: Shipment;
  /** True when the idempotency key had been used before and this is the first request's answer. */
  readonly replayed?: boolean;
}

const OPERATION = 'ship_order';

const MAX_LINES = 500;

/** Turns requested product quantities into quantities per order line, filling lines of one product in order. */
function linesFor(order: Order, shipments: readonly Shipment[], requested: readonly ShipLineInput[] | null): { lineId: string; quantity: number }[] {
  const left = unshippedLines(order, shipments);
  if (requested === null) return left;
  const leftByLine = new Map(left.map((l) => [l.lineId, l.quantity] as const));
  const result: { lineId: string; quantity: number }[] = [];
  requested.forEach((item, index) => {
    const lines = order.lines.filter((l) => l.productId === item.productId);
    if (lines.length === 0) {
      throw new DomainError('VALIDATION_FAILED', `Order ${order.reference} has no line for product ${item.productId}`, {
        errors: [{ field: `lines[${index}].product_id`, message: 'is not on this order' }],
      });
    }
    let need = item.quantity;
    for (const line of lines) {
      const take = Math.min(need, leftByLine.get(line.id) ?? 0);
      if (take === 0) continue;
      result.push({ lineId: line.id, quantity: take });
      leftByLine.set(line.id, (leftByLine.get(line.id) ?? 0) - take);
      need -= take;
    }
    if (need > 0) {
      throw new DomainError('CONFLICT', `Only ${item.quantity - need} of product ${item.productId} on order ${order.reference} are left to ship; ${item.quantity} were asked for`, {
        product_id: item.productId,
        requested: item.quantity,
        remaining: item.quantity - need,
      });
    }
  });
  return result;
}

/**
 * Ships an order or part of it. With a tracking number (or a carrier that cannot buy labels) the shipment is recorded
 * as given; without one, a carrier that can create shipments is asked to, with the new shipment's id as its
 * idempotency key. Recording the shipment, taking its units out of stock and moving the order's status commit
 * together; if that fails after a carrier created the shipment, the carrier is asked to void it.
 */
export class ShipOrder {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(input: ShipOrderInput, principal: Principal): Promise<ShipOrderResult> {
    requireScope(principal, 'fulfillment:write');
    const check = new InputChecker();
    const carrierText = check.text('carrier', input.carrier, { max: 100 });
    const service = check.optionalText('service', input.service, { max: 100 });
    const warehouseId = check.optionalText('warehouse_id', input.warehouseId, { max: 64 });
    const labelFormat = input.labelFormat == null ? null : check.oneOf('label_format', input.labelFormat, LABEL_FORMATS);
    if (input.notifyCustomer !== undefined && typeof input.notifyCustomer !== 'boolean') check.fail('notify_customer', 'must be true or false');
    let requested: ShipLineInput[] | null = null;
    if (input.lines != null) {
      if (!Array.isArray(input.lines) || input.lines.length === 0 || input.lines.length > MAX_LINES) check.fail('lines', `must be a list of 1 to ${MAX_LINES} items`);
      else
        requested = input.lines.map((l, i) => ({
          productId: check.text(`lines[${i}].product_id`, l?.productId, { max: 64 }),
          quantity: check.integer(`lines[${i}].quantity`, l?.quantity, 1, 1_000_000),
        }));
    }
    check.throwIfFailed();
    const { gateway, carrierName } = resolveCarrier(this.deps, carrierText);
    const trackingNumber = checkGivenTrackingNumber(check, 'tracking_number', carrierName, input.trackingNumber == null ? null : String(input.trackingNumber));
    check.throwIfFailed();

    const idem = {
      scope: principalKey(principal),
      key: input.idempotencyKey,
      operation: OPERATION,
      fingerprint: canonicalJson({ orderId: input.orderId, carrier: carrierText, trackingNumber, service, warehouseId, labelFormat, lines: requested, notify: input.notifyCustomer ?? null } as unknown as JsonValue),
    };
    const repos = this.deps.uow.repositories;
    if (idem.key !== undefined) {
      const previous = await repos.idempotency.find(idem.scope, idem.key, nowIso(this.deps.clock));
      if (previous) {
        if (previous.operation !== OPERATION || previous.fingerprint !== idem.fingerprint) {
          throw new DomainError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request', { idempotency_key: idem.key });
        }
        return { ...(previous.result as unknown as ShipOrderResult), replayed: true };
      }
    }
    const order = await repos.orders.findById(input.orderId);
    if (!order) throw DomainError.notFound('Order', input.orderId);
    assertShippable(this.deps.lifecycle, order);
    const lines = linesFor(order, await repos.shipments.listForOrder(order.id), requested);
    if (lines.length === 0) throw new DomainError('CONFLICT', `Order ${order.reference} has nothing left to ship`, { order_id: order.id });

    const shipmentId = this.deps.ids.next('shp');
    let created: CarrierShipment | null = null;
    if (trackingNumber === null && gateway.capabilities.createShipment) {
      try {
        created = await gateway.createShipment({
          // With a client key, a retry after a lost answer asks the carrier with the same key: no second label.
          idempotencyKey: idem.key === undefined ? shipmentId : `ship_${stableHash(`${idem.scope}\u0000${idem.key}`)}`,
          shipmentId,
          orderReference: order.reference,
          service,
          labelFormat,
          to: order.shippingAddress,
          contact: order.contact,
          lines: lines.map((l) => {
            const line = order.lines.find((x) => x.id === l.lineId)!;
            return { sku: line.sku, name: line.name, quantity: l.quantity };
          }),
        });
      } catch (error) {
        throw carrierFailure(gateway.code, error);
      }
    }
    try {
      const { result, replayed } = await runIdempotent(this.deps.uow, this.deps.clock, idem, async (tx): Promise<ShipOrderResult> => {
        const current = await tx.orders.findById(order.id);
        if (!current) throw DomainError.notFound('Order', order.id);
        assertShippable(this.deps.lifecycle, current);
        const ctx = { repos: tx, ids: this.deps.ids, actor: actorOf(principal), now: nowIso(this.deps.clock) };
        const shipment = await recordShipment(ctx, current, {
          id: shipmentId,
          lines,
          gateway: gateway.code,
          carrier: created?.carrier ?? carrierName,
          service: created?.service ?? service,
          trackingNumber: created?.trackingNumber ?? trackingNumber,
          carrierShipmentId: created?.carrierShipmentId ?? null,
          status: created?.status ?? (trackingNumber ? 'label_created' : 'unknown'),
          label: created?.label ?? null,
          estimatedDelivery: created?.estimatedDelivery ?? null,
          warehouseId,
          courierId: null,
          fromStock: true,
          source: created ? 'carrier' : 'staff',
        });
        const settled = await settleOrder(this.deps, tx, current, principal, {
          trackingNumber: shipment.trackingNumber,
          carrier: shipment.carrier,
          ...(input.notifyCustomer !== undefined ? { notifyCustomer: input.notifyCustomer } : {}),
        });
        return { ...(await orderDetailsIn(tx, settled)), shipment };
      });
      return replayed ? { ...result, replayed } : result;
    } catch (error) {
      if (created && gateway.capabilities.cancelShipment) {
        // The label was bought but the shipment could not be recorded: void it rather than pay for a parcel we lost.
        await gateway.cancelShipment({ carrierShipmentId: created.carrierShipmentId, idempotencyKey: `cancel:${shipmentId}` }).catch(() => undefined);
      }
      throw error;
    }
  }
}

export interface DispatchRow {
  readonly orderId: string;
  readonly trackingNumber: string;
  readonly carrier: string;
}

export type DispatchResult =
  | { readonly orderId: string; readonly ok: true; readonly shipmentId: string; readonly status: string }
  | { readonly orderId: string; readonly ok: false; readonly code: string; readonly message: string; readonly details: unknown };

export const MAX_DISPATCH_ROWS = 1_000;

/** Ships many orders, each on its own: one bad row never stops the others, and each row says what happened. */
export class BulkDispatch {
  constructor(
    private readonly deps: FulfillmentDependencies,
    private readonly ship = new ShipOrder(deps),
  ) {}

  async execute(input: { readonly orders: readonly DispatchRow[] }, principal: Principal): Promise<{ readonly results: readonly DispatchResult[] }> {
    requireScope(principal, 'fulfillment:write');
    if (!Array.isArray(input.orders) || input.orders.length === 0 || input.orders.length > MAX_DISPATCH_ROWS) {
      throw new DomainError('VALIDATION_FAILED', `orders must be a list of 1 to ${MAX_DISPATCH_ROWS} rows`, {
        errors: [{ field: 'orders', message: `must be a list of 1 to ${MAX_DISPATCH_ROWS} rows` }],
      });
    }
    const results: DispatchResult[] = [];
    for (const row of input.orders) {
      const orderId = typeof row?.orderId === 'string' ? row.orderId : '';
      try {
        if (typeof row?.trackingNumber !== 'string' || row.trackingNumber.trim() === '') {
          throw new DomainError('VALIDATION_FAILED', 'tracking_number is required', { errors: [{ field: 'tracking_number', message: 'must not be empty' }] });
        }
        const shipped = await this.ship.execute({ orderId, carrier: row.carrier, trackingNumber: row.trackingNumber }, principal);
        results.push({ orderId, ok: true, shipmentId: shipped.shipment.id, status: shipped.order.status });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        results.push({ orderId, ok: false, code: error.code, message: error.message, details: error.details });
      }
    }
    return { results };
  }
}
