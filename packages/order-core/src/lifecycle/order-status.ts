export const ORDER_STATUSES = [
  'pending_payment',
  'pending',
  'confirmed',
  'processing',
  'in_progress',
  'out_of_stock',
  'on_hold',
  'packed',
  'awaiting_carrier',
  'shipped',
  'delivered',
  'completed',
  'returned',
  'cancelled',
  'refunded',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** "Active" orders still need work: anything not completed, cancelled or refunded. */
export const INACTIVE_STATUSES: readonly OrderStatus[] = ['completed', 'cancelled', 'refunded'];

export function isActiveStatus(status: OrderStatus): boolean {
  return !INACTIVE_STATUSES.includes(status);
}
