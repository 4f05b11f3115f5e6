import { DomainError, type AllocationRepository, type Backorder, type BackorderQuery, type Reservation } from '@oms/order-core';
import { byTimeThenId, copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryAllocationRepository implements AllocationRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insertReservations(reservations: readonly Reservation[]): Promise<void> {
    for (const r of reservations) if (this.state.reservations.has(r.id)) throw conflict('reservation', r.id);
    for (const r of reservations) journaledSet(this.journal, this.state.reservations, r.id, copy(r));
  }

  async reservationsForOrder(orderId: string): Promise<readonly Reservation[]> {
    return [...this.state.reservations.values()].filter((r) => r.orderId === orderId).sort(byTimeThenId((r) => r.createdAt)).map(copy);
  }

  async setReservationStatus(ids: readonly string[], status: Reservation['status'], at: string): Promise<void> {
    for (const id of ids) {
      const r = this.state.reservations.get(id);
      if (r) journaledSet(this.journal, this.state.reservations, id, { ...r, status, updatedAt: at });
    }
  }

  async replaceReservation(reservation: Reservation): Promise<void> {
    const r = this.state.reservations.get(reservation.id);
    if (!r) return;
    const { quantity, status, shipmentId, updatedAt } = reservation;
    journaledSet(this.journal, this.state.reservations, r.id, { ...r, quantity, status, shipmentId, updatedAt });
  }

  async insertBackorders(backorders: readonly Backorder[]): Promise<void> {
    for (const b of backorders) if (this.state.backorders.has(b.id)) throw conflict('backorder', b.id);
    for (const b of backorders) journaledSet(this.journal, this.state.backorders, b.id, copy(b));
  }

  async findBackorder(id: string): Promise<Backorder | null> {
    const b = this.state.backorders.get(id);
    return b ? copy(b) : null;
  }

  async updateBackorder(backorder: Backorder, expectedVersion: number): Promise<boolean> {
    const stored = this.state.backorders.get(backorder.id);
    if (!stored || stored.version !== expectedVersion) return false;
    journaledSet(this.journal, this.state.backorders, backorder.id, copy(backorder));
    return true;
  }

  async listBackorders(query: BackorderQuery): Promise<{ readonly items: readonly Backorder[]; readonly total: number }> {
    const matching = [...this.state.backorders.values()]
      .filter(
        (b) =>
          (query.statuses === undefined || query.statuses.includes(b.status)) &&
          (query.kind === undefined || b.kind === query.kind) &&
          (query.productIds === undefined || query.productIds.includes(b.productId)) &&
          (query.orderId === undefined || b.orderId === query.orderId),
      )
      .sort(byTimeThenId((b) => b.createdAt));
    return { items: matching.slice(query.offset, query.offset + query.limit).map(copy), total: matching.length };
  }
}

function conflict(entity: string, id: string): DomainError {
  return new DomainError('CONFLICT', `${entity} ${id} already exists`, { entity, field: 'id' });
}
