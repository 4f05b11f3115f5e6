import { hasScope, requireScope, type Principal } from '../../auth/principal';
import type { Warehouse } from '../../inventory/warehouse';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { nowIso, type CoreDependencies } from '../dependencies';
import { checkExpectedVersion } from '../versioning';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

function checkCode(check: InputChecker, value: unknown): string {
  return check.text('code', typeof value === 'string' ? value.toUpperCase() : value, {
    max: 32,
    pattern: CODE,
    patternMessage: 'may contain letters, digits, "_" and "-" only',
  });
}

export interface CreateWarehouseInput {
  readonly code: string;
  readonly name: string;
  /** Lower is tried first when reserving; defaults to 100. */
  readonly priority?: number;
  readonly active?: boolean;
}

export class CreateWarehouse {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: CreateWarehouseInput, principal: Principal): Promise<Warehouse> {
    requireScope(principal, 'inventory:write');
    const check = new InputChecker();
    const code = checkCode(check, input.code);
    const name = check.text('name', input.name, { max: 200 });
    const priority = input.priority === undefined ? 100 : check.integer('priority', input.priority, 0, 1_000_000);
    if (input.active !== undefined && typeof input.active !== 'boolean') check.fail('active', 'must be true or false');
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      if (await repos.warehouses.findByCode(code)) {
        throw new DomainError('CONFLICT', `A warehouse with code ${code} already exists`, { field: 'code', code });
      }
      const now = nowIso(this.deps.clock);
      const warehouse: Warehouse = { id: this.deps.ids.next('wh'), code, name, active: input.active ?? true, priority, version: 1, createdAt: now, updatedAt: now };
      await repos.warehouses.insert(warehouse);
      return warehouse;
    });
  }
}

export interface UpdateWarehouseInput {
  readonly warehouseId: string;
  readonly changes: { readonly code?: string; readonly name?: string; readonly priority?: number; readonly active?: boolean };
  readonly expectedVersion?: number;
}

export class UpdateWarehouse {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: UpdateWarehouseInput, principal: Principal): Promise<Warehouse> {
    requireScope(principal, 'inventory:write');
    const { changes } = input;
    const check = new InputChecker();
    if (Object.values(changes).every((v) => v === undefined)) check.fail('body', 'must change at least one field');
    const code = changes.code === undefined ? undefined : checkCode(check, changes.code);
    const name = changes.name === undefined ? undefined : check.text('name', changes.name, { max: 200 });
    const priority = changes.priority === undefined ? undefined : check.integer('priority', changes.priority, 0, 1_000_000);
    if (changes.active !== undefined && typeof changes.active !== 'boolean') check.fail('active', 'must be true or false');
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      const current = await repos.warehouses.findById(input.warehouseId);
      if (!current) throw DomainError.notFound('Warehouse', input.warehouseId);
      checkExpectedVersion('Warehouse', current.version, input.expectedVersion);
      if (code !== undefined && code !== current.code && (await repos.warehouses.findByCode(code))) {
        throw new DomainError('CONFLICT', `A warehouse with code ${code} already exists`, { field: 'code', code });
      }
      const next: Warehouse = {
        ...current,
        code: code ?? current.code,
        name: name ?? current.name,
        priority: priority ?? current.priority,
        active: changes.active ?? current.active,
        version: current.version + 1,
        updatedAt: nowIso(this.deps.clock),
      };
      if (!(await repos.warehouses.update(next, current.version))) {
        throw new DomainError('VERSION_CONFLICT', `Warehouse ${current.id} was changed by someone else; reload and retry`, { id: current.id });
      }
      return next;
    });
  }
}

export class ListWarehouses {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow'>) {}

  async execute(input: { readonly activeOnly?: boolean }, principal: Principal): Promise<readonly Warehouse[]> {
    if (!hasScope(principal, 'inventory:read') && !hasScope(principal, 'inventory:write')) requireScope(principal, 'inventory:read');
    return this.deps.uow.repositories.warehouses.list({ activeOnly: input.activeOnly ?? false });
  }
}
