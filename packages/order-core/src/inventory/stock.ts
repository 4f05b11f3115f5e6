import type { ActorRef } from '../auth/principal';

/** Stock of one product in one warehouse. Available is onHand - reserved; both never go below zero. */
export interface StockLevel {
  readonly productId: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly reserved: number;
}

export function available(level: Pick<StockLevel, 'onHand' | 'reserved'>): number {
  return level.onHand - level.reserved;
}

/** Reasons staff may give for an adjustment. */
export const ADJUSTMENT_REASONS = ['restock', 'damaged', 'correction', 'lost', 'found', 'return'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Every reason a movement can have: adjustments plus what orders do to stock. */
export const MOVEMENT_REASONS = [...ADJUSTMENT_REASONS, 'reservation', 'release', 'shipment', 'shipment_cancelled'] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/**
 * One append-only line of inventory history. The sum of `onHandChange` over a product and warehouse is its on-hand
 * quantity; the sum of `reservedChange` is what is reserved.
 */
export interface InventoryMovement {
  /** `mov_` + ULID. */
  readonly id: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly onHandChange: number;
  readonly reservedChange: number;
  readonly reason: MovementReason;
  readonly orderId: string | null;
  readonly note: string | null;
  readonly actor: ActorRef;
  readonly at: string;
}
