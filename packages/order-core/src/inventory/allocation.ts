/**
 * Stock held for one order line in one warehouse. `held` counts in the warehouse's reserved quantity; `consumed`
 * left with a shipment; `released` went back to available; `returned` came back after shipping.
 */
export interface Reservation {
  /** `res_` + ULID. */
  readonly id: string;
  /** Groups the reservations made by one allocation (a placement, or one allocation of a backorder). */
  readonly allocationId: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly status: 'held' | 'consumed' | 'released' | 'returned';
  /** The shipment that took these units (consumed, or released when shipped from elsewhere); null before shipping. */
  readonly shipmentId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const BACKORDER_STATUSES = ['waiting', 'allocated', 'cancelled'] as const;
export type BackorderStatus = (typeof BACKORDER_STATUSES)[number];

/** The part of an order line that waits for stock. A pre-order is a backorder of stock expected on a date. */
export interface Backorder {
  /** `bo_` + ULID: sorts by creation, which is the allocation order (FIFO). */
  readonly id: string;
  readonly kind: 'backorder' | 'preorder';
  readonly orderId: string;
  readonly lineId: string;
  readonly productId: string;
  /** Still waiting; drops as stock is allocated. */
  readonly quantity: number;
  /** What the line was short of when the order was placed. */
  readonly requestedQuantity: number;
  readonly expectedDate: string | null;
  readonly status: BackorderStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Per order line: how much is reserved, waiting and shipped. */
export interface LineAllocation {
  readonly reserved: number;
  readonly backordered: number;
  readonly shipped: number;
}
