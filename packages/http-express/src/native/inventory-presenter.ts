import {
  available,
  type ActorRef,
  type AutoAllocationResult,
  type Backorder,
  type BackorderAllocation,
  type BackorderStatus,
  type InventoryMovement,
  type MovementReason,
  type StockLevel,
  type Warehouse,
} from '@oms/order-core';

// Field by field, so whatever an adapter adds to its objects never leaks into the API.

export interface WarehouseView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
  readonly priority: number;
  readonly version: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export function presentWarehouse(warehouse: Warehouse): WarehouseView {
  return {
    id: warehouse.id,
    code: warehouse.code,
    name: warehouse.name,
    active: warehouse.active,
    priority: warehouse.priority,
    version: warehouse.version,
    created_at: warehouse.createdAt,
    updated_at: warehouse.updatedAt,
  };
}

export interface StockLevelView {
  readonly product_id: string;
  readonly warehouse_id: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly available: number;
}

export function presentStockLevel(level: StockLevel): StockLevelView {
  return {
    product_id: level.productId,
    warehouse_id: level.warehouseId,
    on_hand: level.onHand,
    reserved: level.reserved,
    available: available(level),
  };
}

export interface MovementView {
  readonly id: string;
  readonly product_id: string;
  readonly warehouse_id: string;
  /** Change of on-hand units. */
  readonly quantity_change: number;
  readonly reserved_change: number;
  readonly reason: MovementReason;
  readonly order_id: string | null;
  readonly note: string | null;
  readonly actor: ActorRef;
  readonly at: string;
}

export function presentMovement(movement: InventoryMovement): MovementView {
  return {
    id: movement.id,
    product_id: movement.productId,
    warehouse_id: movement.warehouseId,
    quantity_change: movement.onHandChange,
    reserved_change: movement.reservedChange,
    reason: movement.reason,
    order_id: movement.orderId,
    note: movement.note,
    actor: { kind: movement.actor.kind, id: movement.actor.id, display: movement.actor.display },
    at: movement.at,
  };
}

export interface BackorderView {
  readonly id: string;
  readonly order_id: string;
  readonly line_id: string;
  readonly product_id: string;
  readonly quantity: number;
  readonly requested_quantity: number;
  readonly created_at: string;
}

export function presentBackorder(backorder: Backorder): BackorderView {
  return {
    id: backorder.id,
    order_id: backorder.orderId,
    line_id: backorder.lineId,
    product_id: backorder.productId,
    quantity: backorder.quantity,
    requested_quantity: backorder.requestedQuantity,
    created_at: backorder.createdAt,
  };
}

export interface PreorderView extends BackorderView {
  readonly status: BackorderStatus;
  readonly expected_date: string | null;
}

export function presentPreorder(preorder: Backorder): PreorderView {
  return { ...presentBackorder(preorder), status: preorder.status, expected_date: preorder.expectedDate };
}

export interface AllocationView {
  readonly allocation_id: string;
  readonly quantity_allocated: number;
  readonly remaining: number;
}

export function presentAllocation(allocation: BackorderAllocation): AllocationView {
  return {
    allocation_id: allocation.allocationId,
    quantity_allocated: allocation.quantityAllocated,
    remaining: allocation.backorder.quantity,
  };
}

export interface AutoAllocationView {
  readonly allocations_created: number;
  readonly total_allocated: number;
}

export function presentAutoAllocation(result: AutoAllocationResult): AutoAllocationView {
  return { allocations_created: result.allocationsCreated, total_allocated: result.totalAllocated };
}
