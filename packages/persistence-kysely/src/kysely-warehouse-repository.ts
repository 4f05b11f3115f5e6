import type { Warehouse, WarehouseRepository } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, WarehousesTable } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type WarehouseRow = Selectable<WarehousesTable>;

function uniqueKeys(warehouse: Warehouse): readonly UniqueKey[] {
  return [
    { column: 'code', constraint: 'warehouses_code_key', field: 'code', message: `A warehouse with code ${warehouse.code} already exists` },
    { column: 'id', constraint: 'warehouses_pkey', field: 'id', message: `A warehouse with id ${warehouse.id} already exists` },
  ];
}

/** The default warehouse (wh_default) is created by the 0002_inventory migration, so every store has it. */
export class KyselyWarehouseRepository implements WarehouseRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(warehouse: Warehouse): Promise<void> {
    const row = { id: warehouse.id, ...toRow(warehouse) };
    await withConflictMapping('warehouse', uniqueKeys(warehouse), () => this.db.insertInto('warehouses').values(row).execute());
  }

  async update(warehouse: Warehouse, expectedVersion: number): Promise<boolean> {
    const result = await withConflictMapping('warehouse', uniqueKeys(warehouse), () =>
      this.db
        .updateTable('warehouses')
        .set(toRow(warehouse))
        .where('id', '=', warehouse.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async findById(id: string): Promise<Warehouse | null> {
    const row = await this.db.selectFrom('warehouses').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async findByCode(code: string): Promise<Warehouse | null> {
    const row = await this.db.selectFrom('warehouses').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(options: { readonly activeOnly?: boolean } = {}): Promise<readonly Warehouse[]> {
    let query = this.db.selectFrom('warehouses').selectAll();
    if (options.activeOnly === true) query = query.where('active', '=', 1);
    // Codes are unique, so (priority, code) is a total order; on PostgreSQL code sorts by bytes (COLLATE "C").
    const rows = await query.orderBy('priority', 'asc').orderBy('code', 'asc').execute();
    return rows.map(fromRow);
  }
}

function toRow(warehouse: Warehouse) {
  return {
    code: warehouse.code,
    name: warehouse.name,
    active: warehouse.active ? (1 as const) : (0 as const),
    priority: warehouse.priority,
    version: warehouse.version,
    created_at: toStoredTimestamp(warehouse.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(warehouse.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: WarehouseRow): Warehouse {
  const active = readSafeInteger(row.active, 'warehouses.active');
  if (active !== 0 && active !== 1) throw new Error(`Column warehouses.active of ${row.id} holds ${active}, not 0 or 1`);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    active: active === 1,
    priority: readSafeInteger(row.priority, 'warehouses.priority'),
    version: readSafeInteger(row.version, 'warehouses.version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
