import type { Backorder, BackorderStatus, Reservation } from '../inventory/allocation';

export interface BackorderQuery {
  readonly statuses?: readonly BackorderStatus[];
  readonly kind?: Backorder['kind'];
  readonly productIds?: readonly string[];
  readonly orderId?: string;
  readonly limit: number;
  readonly offset: number;
}

/** Reservations and backorders of order lines. Changes to them always go with a version bump of their order. */
export const AllocationRepository = Symbol.for('oms.AllocationRepository');
export interface AllocationRepository {
  insertReservations(reservations: readonly Reservation[]): Promise<void>;
  /** Oldest first (by creation, then id). */
  reservationsForOrder(orderId: string): Promise<readonly Reservation[]>;
  /** Sets status and updatedAt of these reservations. */
  setReservationStatus(ids: readonly string[], status: Reservation['status'], at: string): Promise<void>;
  /** Writes quantity, status, shipmentId and updatedAt of an existing reservation (splitting one for a partial shipment). */
  replaceReservation(reservation: Reservation): Promise<void>;
  insertBackorders(backorders: readonly Backorder[]): Promise<void>;
  findBackorder(id: string): Promise<Backorder | null>;
  /** Replaces it if still at `expectedVersion`; false (nothing changed) otherwise. */
  updateBackorder(backorder: Backorder, expectedVersion: number): Promise<boolean>;
  /** FIFO: oldest first (by creation, then id); `total` ignores paging. */
  listBackorders(query: BackorderQuery): Promise<{ readonly items: readonly Backorder[]; readonly total: number }>;
}
