import type { Warehouse } from '../inventory/warehouse';

export const WarehouseRepository = Symbol.for('oms.WarehouseRepository');
export interface WarehouseRepository {
  /** Rejects with CONFLICT (details.field = "code") when the code is taken. */
  insert(warehouse: Warehouse): Promise<void>;
  /** Replaces it if still at `expectedVersion`; false (nothing changed) otherwise. CONFLICT on a taken code. */
  update(warehouse: Warehouse, expectedVersion: number): Promise<boolean>;
  findById(id: string): Promise<Warehouse | null>;
  findByCode(code: string): Promise<Warehouse | null>;
  /** By ascending priority, then code. The default warehouse is always there. */
  list(options?: { readonly activeOnly?: boolean }): Promise<readonly Warehouse[]>;
}
