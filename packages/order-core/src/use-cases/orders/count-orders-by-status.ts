import { requireScope, type Principal } from '../../auth/principal';
import { ORDER_STATUSES, type OrderStatus } from '../../lifecycle/order-status';
import type { UnitOfWork } from '../../ports/unit-of-work.port';

export type StatusCounts = Readonly<Record<OrderStatus, number>>;

/** Counts for dashboard badges: every status is present, zeros included. */
export class CountOrdersByStatus {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<StatusCounts> {
    requireScope(principal, 'orders:read');
    const stored = await this.deps.uow.repositories.orders.countByStatus();
    return Object.fromEntries(ORDER_STATUSES.map((status) => [status, stored[status] ?? 0])) as StatusCounts;
  }
}
