import { requireScope, type Principal } from '../../auth/principal';
import { BACKORDER_STATUSES, type Backorder, type BackorderStatus } from '../../inventory/allocation';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { InputChecker } from '../../shared/input-checker';
import { checkPaging } from '../paging';

export interface ListBackordersInput {
  readonly kind?: Backorder['kind'];
  /** Defaults to waiting only. */
  readonly statuses?: readonly BackorderStatus[];
  readonly productId?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** Backorders and pre-orders, oldest first: the order in which stock is allocated to them. */
export class ListBackorders {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: ListBackordersInput, principal: Principal) {
    requireScope(principal, 'inventory:read');
    const check = new InputChecker();
    const statuses = (input.statuses ?? ['waiting']).map((s, i) => check.oneOf(`status[${i}]`, s, BACKORDER_STATUSES));
    const kind = input.kind === undefined ? undefined : check.oneOf('kind', input.kind, ['backorder', 'preorder'] as const);
    const { limit, offset } = checkPaging(check, input);
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.allocations.listBackorders({
      statuses,
      kind,
      productIds: input.productId === undefined ? undefined : [input.productId],
      limit,
      offset,
    });
    return { ...page, limit, offset };
  }
}
