import type { OrderStatus } from '../lifecycle/order-status';
import type { Order, OrderSummary } from '../orders/order';

export const ORDER_SORT_FIELDS = ['created_at', 'updated_at', 'total'] as const;
export type OrderSortField = (typeof ORDER_SORT_FIELDS)[number];

export interface OrderSort {
  readonly field: OrderSortField;
  readonly direction: 'asc' | 'desc';
}

/** Keyset position: the sort value and id of the last order on the previous page. */
export interface OrderCursor {
  /** ISO timestamp for created_at/updated_at, minor units for total. */
  readonly value: string | number;
  readonly id: string;
}

export interface OrderListQuery {
  /** Undefined: any status. An empty list matches nothing. */
  readonly statuses?: readonly OrderStatus[];
  readonly customerId?: string;
  /** Exact order id or reference, or a case-insensitive substring of the contact e-mail or name. */
  readonly search?: string;
  /** Inclusive bounds on created_at (ISO 8601, UTC, milliseconds). */
  readonly createdFrom?: string;
  readonly createdTo?: string;
  /** Ties are always broken by id in the same direction. */
  readonly sort: OrderSort;
  readonly limit: number;
  /** Ignored when `after` is given. */
  readonly offset: number;
  /** Keyset paging: orders strictly after this position in the sort order. */
  readonly after?: OrderCursor;
}

export interface OrderPage {
  readonly items: readonly OrderSummary[];
  /** How many orders match the filters, ignoring paging. */
  readonly total: number;
  /** Position of the last item when more orders follow it, else null. */
  readonly nextCursor: OrderCursor | null;
}

export const OrderRepository = Symbol.for('oms.OrderRepository');
export interface OrderRepository {
  /** Stores the order with its lines. Rejects with CONFLICT when the id, number or reference exists. */
  insert(order: Order): Promise<void>;
  /**
   * Writes the order's header (everything but its lines, which are fixed at placement) if its stored version is
   * still `expectedVersion`, in one conditional statement; resolves false and changes nothing otherwise.
   */
  update(order: Order, expectedVersion: number): Promise<boolean>;
  /** Resolves null on a miss. */
  findById(id: string): Promise<Order | null>;
  /** By reference (`ORD-00042`), exact match; resolves null on a miss. */
  findByReference(reference: string): Promise<Order | null>;
  list(query: OrderListQuery): Promise<OrderPage>;
  /** Counts per status; statuses with no orders may be missing. */
  countByStatus(): Promise<Readonly<Partial<Record<OrderStatus, number>>>>;
  /** The next order number: unique and increasing across concurrent callers. */
  nextNumber(): Promise<number>;
}
