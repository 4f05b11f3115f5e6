import { actorOf, requireScope, systemPrincipal, type Principal } from '../../auth/principal';
import { jobRetryDelayMs, type Job } from '../../fulfillment/job';
import { unshippedLines } from '../../fulfillment/shipment';
import type { CarrierShipment } from '../../ports/carrier-gateway.port';
import { CarrierError } from '../../ports/carrier-gateway.port';
import { DomainError, isDomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import type { Repositories } from '../../ports/unit-of-work.port';
import { nowIso } from '../dependencies';
import { applyTransition } from '../orders/transition-order';
import type { FulfillmentDependencies } from './carriers';
import { settleOrder } from './settle-order';
import { recordShipment } from './shipping';

export const CREATE_CARRIER_SHIPMENT = 'carrier.create_shipment';

interface CreateShipmentPayload {
  readonly orderId: string;
  readonly gateway: string;
  /** Chosen when the job is queued: the idempotency key of every attempt, so retries never buy a second label. */
  readonly shipmentId: string;
  readonly fromStock: boolean;
  readonly service: string | null;
}

export type PushResult =
  | { readonly orderId: string; readonly ok: true; readonly jobId: string }
  | { readonly orderId: string; readonly ok: false; readonly code: string; readonly message: string; readonly details: unknown };

export const MAX_PUSH_ORDERS = 500;

/**
 * Hands packed orders to a shipping company in the background: each order moves to awaiting_carrier and gets a
 * job in the same transaction; each order succeeds or fails on its own.
 */
export class PushToCarrier {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(
    input: { readonly orderIds: readonly string[]; readonly carrier: string; readonly fromStock: boolean; readonly service?: string | null },
    principal: Principal,
  ): Promise<{ readonly results: readonly PushResult[] }> {
    requireScope(principal, 'fulfillment:write');
    const check = new InputChecker();
    if (!Array.isArray(input.orderIds) || input.orderIds.length === 0 || input.orderIds.length > MAX_PUSH_ORDERS) check.fail('order_ids', `must be a list of 1 to ${MAX_PUSH_ORDERS} order ids`);
    const code = check.text('carrier', input.carrier, { max: 100 }).toLowerCase();
    if (typeof input.fromStock !== 'boolean') check.fail('from_stock', 'must be true or false');
    const service = check.optionalText('service', input.service, { max: 100 });
    const gateway = this.deps.carriers.get(code);
    if (check.ok && !gateway?.capabilities.createShipment) {
      const able = [...this.deps.carriers.values()].filter((g) => g.capabilities.createShipment).map((g) => g.code);
      check.fail('carrier', able.length > 0 ? `must be one of the carriers that create shipments: ${able.join(', ')}` : 'no configured carrier can create shipments');
    }
    check.throwIfFailed();
    const results: PushResult[] = [];
    for (const orderId of [...new Set(input.orderIds)]) {
      try {
        const jobId = await this.deps.uow.transaction(async (repos) => {
          const order = typeof orderId === 'string' ? await repos.orders.findById(orderId) : null;
          if (!order) throw DomainError.notFound('Order', String(orderId));
          if (unshippedLines(order, await repos.shipments.listForOrder(order.id)).length === 0) {
            throw new DomainError('CONFLICT', `Order ${order.reference} has nothing left to ship`, { order_id: order.id });
          }
          await applyTransition(this.deps, repos, order, { to: 'awaiting_carrier', reason: `Handed to ${code}` }, principal);
          const now = nowIso(this.deps.clock);
          const payload: CreateShipmentPayload = { orderId: order.id, gateway: code, shipmentId: this.deps.ids.next('shp'), fromStock: input.fromStock, service };
          const job: Job = {
            id: this.deps.ids.next('job'),
            type: CREATE_CARRIER_SHIPMENT,
            payload: { ...payload },
            status: 'pending',
            attempts: 0,
            maxAttempts: this.deps.jobRetry.maxAttempts,
            availableAt: now,
            leaseToken: null,
            leaseUntil: null,
            lastError: null,
            result: null,
            orderId: order.id,
            createdAt: now,
            updatedAt: now,
          };
          await repos.jobs.enqueue([job]);
          return job.id;
        });
        results.push({ orderId, ok: true, jobId });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        results.push({ orderId: String(orderId), ok: false, code: error.code, message: error.message, details: error.details });
      }
    }
    return { results };
  }
}

export interface RunJobsResult {
  readonly claimed: number;
  readonly succeeded: number;
  readonly retried: number;
  readonly failed: number;
}

/**
 * The worker's step: claims due jobs (and jobs whose worker died) under a lease and runs each. A job's outcome is
 * written only by the holder of its current lease, in the same transaction as the changes the job made.
 */
export class RunJobs {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(input: { readonly limit?: number }, principal: Principal): Promise<RunJobsResult> {
    if (principal.kind !== 'system') throw new DomainError('FORBIDDEN', 'Only the system runs jobs', {});
    const now = this.deps.clock.now();
    const leaseToken = this.deps.ids.next('lease');
    const claimed = await this.deps.uow.transaction((repos) =>
      repos.jobs.claim({
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + this.deps.jobLeaseMs).toISOString(),
        leaseToken,
        limit: input.limit ?? 10,
        types: [CREATE_CARRIER_SHIPMENT],
      }),
    );
    const tally = { claimed: claimed.length, succeeded: 0, retried: 0, failed: 0 };
    for (const job of claimed) {
      const outcome = await this.run(job, leaseToken);
      tally[outcome] += 1;
    }
    return tally;
  }

  private async run(job: Job, leaseToken: string): Promise<'succeeded' | 'retried' | 'failed'> {
    const payload = job.payload as unknown as CreateShipmentPayload;
    const system = systemPrincipal('job-worker');
    const repos = this.deps.uow.repositories;
    const gateway = this.deps.carriers.get(payload.gateway);
    let created: CarrierShipment | null = null;
    try {
      if (!gateway) throw new CarrierError(`Carrier ${payload.gateway} is not configured`, false, 'not_configured');
      const order = await repos.orders.findById(payload.orderId);
      if (!order) throw new CarrierError(`Order ${payload.orderId} no longer exists`, false);
      if (order.status !== 'awaiting_carrier') {
        // Cancelled or handled by hand meanwhile: nothing to buy.
        await this.finish(job, leaseToken, { status: 'succeeded', result: { skipped: `order is ${order.status}` } });
        return 'succeeded';
      }
      const lines = unshippedLines(order, await repos.shipments.listForOrder(order.id));
      created = await gateway.createShipment({
        idempotencyKey: payload.shipmentId,
        shipmentId: payload.shipmentId,
        orderReference: order.reference,
        service: payload.service,
        labelFormat: null,
        to: order.shippingAddress,
        contact: order.contact,
        lines: lines.map((l) => {
          const line = order.lines.find((x) => x.id === l.lineId)!;
          return { sku: line.sku, name: line.name, quantity: l.quantity };
        }),
      });
      const shipment = created;
      await this.deps.uow.transaction(async (tx) => {
        const current = await tx.orders.findById(order.id);
        if (!current) throw new CarrierError(`Order ${order.id} no longer exists`, false);
        if (!(await tx.shipments.findById(payload.shipmentId))) {
          const ctx = { repos: tx, ids: this.deps.ids, actor: actorOf(system), now: nowIso(this.deps.clock) };
          await recordShipment(ctx, current, {
            id: payload.shipmentId,
            lines: unshippedLines(current, await tx.shipments.listForOrder(current.id)),
            gateway: gateway.code,
            carrier: shipment.carrier,
            service: shipment.service,
            trackingNumber: shipment.trackingNumber,
            carrierShipmentId: shipment.carrierShipmentId,
            status: shipment.status,
            label: shipment.label,
            estimatedDelivery: shipment.estimatedDelivery,
            warehouseId: null,
            courierId: null,
            fromStock: payload.fromStock,
            source: 'carrier',
          });
          await settleOrder(this.deps, tx, current, system, { trackingNumber: shipment.trackingNumber, carrier: shipment.carrier });
        }
        await this.finishIn(tx, job, leaseToken, {
          status: 'succeeded',
          result: { shipmentId: payload.shipmentId, carrierShipmentId: shipment.carrierShipmentId, trackingNumber: shipment.trackingNumber },
        });
      });
      return 'succeeded';
    } catch (error) {
      if (error instanceof LeaseLost) return 'failed';
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const retryable = error instanceof CarrierError ? error.retryable : !isDomainError(error);
      if (retryable && job.attempts < job.maxAttempts) {
        const availableAt = new Date(this.deps.clock.now().getTime() + jobRetryDelayMs(this.deps.jobRetry, job.attempts)).toISOString();
        await this.finish(job, leaseToken, { status: 'pending', availableAt, lastError: message });
        return 'retried';
      }
      if (created && gateway?.capabilities.cancelShipment) {
        await gateway.cancelShipment({ carrierShipmentId: created.carrierShipmentId, idempotencyKey: `cancel:${payload.shipmentId}` }).catch(() => undefined);
      }
      await this.deps.uow.transaction(async (tx) => {
        await this.finishIn(tx, job, leaseToken, { status: 'failed', lastError: message });
        const order = await tx.orders.findById(payload.orderId);
        if (order?.status === 'awaiting_carrier') {
          const reason = `Carrier ${payload.gateway} could not take the order after ${job.attempts} attempt(s): ${message}`.slice(0, 1_000);
          await applyTransition(this.deps, tx, order, { to: 'on_hold', reason }, system);
        }
      }).catch((e) => {
        if (!(e instanceof LeaseLost)) throw e;
      });
      return 'failed';
    }
  }

  private finish(job: Job, leaseToken: string, outcome: Partial<Pick<Job, 'status' | 'availableAt' | 'lastError' | 'result'>>): Promise<void> {
    return this.deps.uow.transaction((tx) => this.finishIn(tx, job, leaseToken, outcome));
  }

  private async finishIn(
    tx: Repositories,
    job: Job,
    leaseToken: string,
    outcome: Partial<Pick<Job, 'status' | 'availableAt' | 'lastError' | 'result'>>,
  ): Promise<void> {
    const done: Job = { ...job, ...outcome, leaseToken: null, leaseUntil: null, updatedAt: nowIso(this.deps.clock) } as Job;
    if (!(await tx.jobs.finish(done, leaseToken))) throw new LeaseLost(job.id);
  }
}

/** Another worker took the job over after this one's lease ran out: this worker's outcome must not be written. */
class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`The lease on job ${jobId} was lost`);
  }
}
