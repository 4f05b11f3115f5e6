import { DomainError, type Warehouse, type WarehouseRepository } from '@oms/order-core';
import { copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryWarehouseRepository implements WarehouseRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(warehouse: Warehouse): Promise<void> {
    if (this.state.warehouses.has(warehouse.id)) throw conflict('id', warehouse.id);
    this.assertCodeFree(warehouse.code, warehouse.id);
    journaledSet(this.journal, this.state.warehouses, warehouse.id, copy(warehouse));
  }

  async update(warehouse: Warehouse, expectedVersion: number): Promise<boolean> {
    const stored = this.state.warehouses.get(warehouse.id);
    if (!stored || stored.version !== expectedVersion) return false;
    this.assertCodeFree(warehouse.code, warehouse.id);
    journaledSet(this.journal, this.state.warehouses, warehouse.id, copy(warehouse));
    return true;
  }

  async findById(id: string): Promise<Warehouse | null> {
    const warehouse = this.state.warehouses.get(id);
    return warehouse ? copy(warehouse) : null;
  }

  async findByCode(code: string): Promise<Warehouse | null> {
    for (const warehouse of this.state.warehouses.values()) if (warehouse.code === code) return copy(warehouse);
    return null;
  }

  async list(options: { readonly activeOnly?: boolean } = {}): Promise<readonly Warehouse[]> {
    return [...this.state.warehouses.values()]
      .filter((w) => !options.activeOnly || w.active)
      .sort((a, b) => a.priority - b.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map(copy);
  }

  private assertCodeFree(code: string, ownId: string): void {
    for (const other of this.state.warehouses.values()) if (other.code === code && other.id !== ownId) throw conflict('code', code);
  }
}

function conflict(field: string, value: string): DomainError {
  return new DomainError('CONFLICT', `A warehouse with ${field} ${value} already exists`, { entity: 'warehouse', field });
}
