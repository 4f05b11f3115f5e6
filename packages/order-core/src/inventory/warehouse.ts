/** A place that holds stock. Reservations try active warehouses by ascending priority, then code. */
export interface Warehouse {
  /** `wh_` + ULID; the default warehouse is `wh_default`. */
  readonly id: string;
  /** Unique, short, upper case: `MAIN`, `EU-1`. */
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
  readonly priority: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Exists from the first start (created by the persistence's migrations, present in the in-memory store). */
export const DEFAULT_WAREHOUSE_ID = 'wh_default';
export const DEFAULT_WAREHOUSE_CODE = 'DEFAULT';
