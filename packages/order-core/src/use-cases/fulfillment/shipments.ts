import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { JOB_STATUSES, type Job, type JobStatus } from '../../fulfillment/job';
import { TRACKING_STATUSES, type Shipment, type TrackingEvent, type TrackingStatus } from '../../fulfillment/shipment';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { nowIso } from '../dependencies';
import { orderDetailsIn, type OrderDetails } from '../orders/get-order';
import { applyTransition } from '../orders/transition-order';
import { checkPaging } from '../paging';
import { carrierFailure, type FulfillmentDependencies } from './carriers';
import { settleOrder } from './settle-order';
import { cancelShipmentInTransaction } from './shipping';
import type { CoreDependencies } from '../dependencies';

export interface ShipmentDetails {
  readonly shipment: Shipment;
  /** Oldest first. */
  readonly trackingEvents: readonly TrackingEvent[];
}

export class ListShipments {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(
    input: { readonly orderId?: string; readonly status?: string; readonly carrier?: string; readonly limit?: number; readonly offset?: number },
    principal: Principal,
  ): Promise<{ readonly items: readonly Shipment[]; readonly total: number; readonly limit: number; readonly offset: number }> {
    requireScope(principal, 'orders:read');
    const check = new InputChecker();
    const paging = checkPaging(check, input);
    const status = input.status === undefined ? undefined : check.oneOf<TrackingStatus>('status', input.status, TRACKING_STATUSES);
    const orderId = input.orderId === undefined ? undefined : check.text('order_id', input.orderId, { max: 64 });
    const carrier = input.carrier === undefined ? undefined : check.text('carrier', input.carrier, { max: 100 });
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.shipments.list({
      ...paging,
      ...(orderId !== undefined ? { orderId } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(carrier !== undefined ? { carrier } : {}),
    });
    return { ...page, ...paging };
  }
}

export class GetShipment {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly shipmentId: string }, principal: Principal): Promise<ShipmentDetails> {
    requireScope(principal, 'orders:read');
    const repos = this.deps.uow.repositories;
    const shipment = await repos.shipments.findById(input.shipmentId);
    if (!shipment) throw DomainError.notFound('Shipment', input.shipmentId);
    return { shipment, trackingEvents: await repos.shipments.listTrackingEvents(shipment.id) };
  }
}

/**
 * Cancels a shipment the carrier does not have yet: the carrier voids its label first (with an idempotency key),
 * then the units are reserved for the order again and a shipped order goes back to packed, in one transaction.
 */
export class CancelShipment {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(input: { readonly shipmentId: string; readonly reason?: string | null }, principal: Principal): Promise<OrderDetails & { readonly shipment: Shipment }> {
    requireScope(principal, 'fulfillment:write');
    const check = new InputChecker();
    const reason = check.multiline('reason', input.reason, 1_000);
    check.throwIfFailed();
    const existing = await this.deps.uow.repositories.shipments.findById(input.shipmentId);
    if (!existing) throw DomainError.notFound('Shipment', input.shipmentId);
    const gateway = this.deps.carriers.get(existing.gateway);
    if (existing.status !== 'cancelled' && existing.carrierShipmentId && gateway?.capabilities.cancelShipment) {
      try {
        await gateway.cancelShipment({ carrierShipmentId: existing.carrierShipmentId, idempotencyKey: `cancel:${existing.id}` });
      } catch (error) {
        throw carrierFailure(gateway.code, error);
      }
    }
    return this.deps.uow.transaction(async (repos) => {
      const shipment = await repos.shipments.findById(existing.id);
      const order = shipment && (await repos.orders.findById(shipment.orderId));
      if (!shipment || !order) throw DomainError.notFound('Shipment', existing.id);
      const ctx = { repos, ids: this.deps.ids, actor: actorOf(principal), now: nowIso(this.deps.clock) };
      const cancelled = await cancelShipmentInTransaction(ctx, shipment, reason);
      const next =
        order.status === 'shipped'
          ? await applyTransition(this.deps, repos, order, { to: 'packed', reason: reason ?? `Shipment ${shipment.id} cancelled` }, principal, { shipmentHooks: false })
          : await settleOrder(this.deps, repos, order, principal);
      return { ...(await orderDetailsIn(repos, next)), shipment: cancelled };
    });
  }
}

export class ListJobs {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(
    input: { readonly status?: string; readonly type?: string; readonly orderId?: string; readonly limit?: number; readonly offset?: number },
    principal: Principal,
  ): Promise<{ readonly items: readonly Job[]; readonly total: number; readonly limit: number; readonly offset: number }> {
    requireScope(principal, 'orders:read');
    const check = new InputChecker();
    const paging = checkPaging(check, input);
    const status = input.status === undefined ? undefined : check.oneOf<JobStatus>('status', input.status, JOB_STATUSES);
    const type = input.type === undefined ? undefined : check.text('type', input.type, { max: 100 });
    const orderId = input.orderId === undefined ? undefined : check.text('order_id', input.orderId, { max: 64 });
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.jobs.list({
      ...paging,
      ...(status !== undefined ? { status } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(orderId !== undefined ? { orderId } : {}),
    });
    return { ...page, ...paging };
  }
}

export class GetJob {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly jobId: string }, principal: Principal): Promise<Job> {
    requireScope(principal, 'orders:read');
    const job = await this.deps.uow.repositories.jobs.findById(input.jobId);
    if (!job) throw DomainError.notFound('Job', input.jobId);
    return job;
  }
}
