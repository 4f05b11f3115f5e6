import type { Job, JobClaim, JobQuery, JobRepository, Shipment, ShipmentQuery, ShipmentRepository, TrackingEvent } from '@oms/order-core';
import { byTimeThenId, copy, journaledPush, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

function newestFirst<T extends { readonly id: string; readonly createdAt: string }>(a: T, b: T): number {
  return -byTimeThenId<T>((x) => x.createdAt)(a, b);
}

export class InMemoryShipmentRepository implements ShipmentRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(shipment: Shipment): Promise<void> {
    if (this.state.shipments.has(shipment.id)) throw new Error(`Shipment ${shipment.id} exists`);
    journaledSet(this.journal, this.state.shipments, shipment.id, copy(shipment));
  }

  async update(shipment: Shipment, expectedVersion: number): Promise<boolean> {
    const stored = this.state.shipments.get(shipment.id);
    if (!stored || stored.version !== expectedVersion) return false;
    journaledSet(this.journal, this.state.shipments, shipment.id, copy(shipment));
    return true;
  }

  async findById(id: string): Promise<Shipment | null> {
    const s = this.state.shipments.get(id);
    return s ? copy(s) : null;
  }

  async listForOrder(orderId: string): Promise<readonly Shipment[]> {
    return this.listForOrders([orderId]);
  }

  async listForOrders(orderIds: readonly string[]): Promise<readonly Shipment[]> {
    return [...this.state.shipments.values()].filter((s) => orderIds.includes(s.orderId)).sort(byTimeThenId((s) => s.createdAt)).map(copy);
  }

  async findByTrackingNumber(trackingNumber: string): Promise<readonly Shipment[]> {
    return [...this.state.shipments.values()].filter((s) => s.trackingNumber === trackingNumber).sort(byTimeThenId((s) => s.createdAt)).map(copy);
  }

  async findByCarrierShipmentId(gateway: string, carrierShipmentId: string): Promise<Shipment | null> {
    const s = [...this.state.shipments.values()].find((x) => x.gateway === gateway && x.carrierShipmentId === carrierShipmentId);
    return s ? copy(s) : null;
  }

  async list(query: ShipmentQuery): Promise<{ readonly items: readonly Shipment[]; readonly total: number }> {
    const carrier = query.carrier?.toLowerCase();
    const matching = [...this.state.shipments.values()]
      .filter(
        (s) =>
          (query.orderId === undefined || s.orderId === query.orderId) &&
          (query.status === undefined || s.status === query.status) &&
          (query.statuses === undefined || query.statuses.includes(s.status)) &&
          (query.courierId === undefined || s.courierId === query.courierId) &&
          (carrier === undefined || s.carrier.toLowerCase() === carrier || s.gateway.toLowerCase() === carrier),
      )
      .sort(newestFirst);
    return { items: matching.slice(query.offset, query.offset + query.limit).map(copy), total: matching.length };
  }

  async appendTrackingEvents(events: readonly TrackingEvent[]): Promise<readonly TrackingEvent[]> {
    const stored: TrackingEvent[] = [];
    for (const event of events) {
      const seen = [...this.state.trackingEvents, ...stored].some((e) => e.shipmentId === event.shipmentId && e.dedupeKey === event.dedupeKey);
      if (!seen) stored.push(event);
    }
    journaledPush(this.journal, this.state.trackingEvents, stored);
    return stored.map(copy);
  }

  async listTrackingEvents(shipmentId: string): Promise<readonly TrackingEvent[]> {
    return this.state.trackingEvents.filter((e) => e.shipmentId === shipmentId).sort(byTimeThenId((e) => e.occurredAt)).map(copy);
  }
}

export class InMemoryJobRepository implements JobRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async enqueue(jobs: readonly Job[]): Promise<void> {
    for (const job of jobs) if (this.state.jobs.has(job.id)) throw new Error(`Job ${job.id} exists`);
    for (const job of jobs) journaledSet(this.journal, this.state.jobs, job.id, copy(job));
  }

  async claim(claim: JobClaim): Promise<readonly Job[]> {
    const due = [...this.state.jobs.values()]
      .filter(
        (j) =>
          (claim.types === undefined || claim.types.includes(j.type)) &&
          ((j.status === 'pending' && j.availableAt <= claim.now) || (j.status === 'running' && j.leaseUntil !== null && j.leaseUntil <= claim.now)),
      )
      .sort(byTimeThenId((j) => j.availableAt))
      .slice(0, claim.limit);
    return due.map((j) => {
      const claimed: Job = { ...j, status: 'running', leaseToken: claim.leaseToken, leaseUntil: claim.leaseUntil, attempts: j.attempts + 1, updatedAt: claim.now };
      journaledSet(this.journal, this.state.jobs, j.id, claimed);
      return copy(claimed);
    });
  }

  async finish(job: Job, leaseToken: string): Promise<boolean> {
    const stored = this.state.jobs.get(job.id);
    if (!stored || stored.status !== 'running' || stored.leaseToken !== leaseToken) return false;
    journaledSet(this.journal, this.state.jobs, job.id, copy(job));
    return true;
  }

  async findById(id: string): Promise<Job | null> {
    const j = this.state.jobs.get(id);
    return j ? copy(j) : null;
  }

  async list(query: JobQuery): Promise<{ readonly items: readonly Job[]; readonly total: number }> {
    const matching = [...this.state.jobs.values()]
      .filter((j) => (query.status === undefined || j.status === query.status) && (query.type === undefined || j.type === query.type) && (query.orderId === undefined || j.orderId === query.orderId))
      .sort(newestFirst);
    return { items: matching.slice(query.offset, query.offset + query.limit).map(copy), total: matching.length };
  }
}
