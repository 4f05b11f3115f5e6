import { hasScope, type Principal } from '../../auth/principal';
import { ORDER_STATUSES, type OrderStatus } from '../../lifecycle/order-status';
import { ORDER_SORT_FIELDS, type OrderCursor, type OrderPage, type OrderSort } from '../../ports/order-repository.port';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { checkDate } from '../dates';
import { checkPaging } from '../paging';

export interface ListOrdersInput {
  readonly statuses?: readonly OrderStatus[];
  readonly customerId?: string;
  readonly search?: string;
  /** ISO 8601 date (whole day) or date-time; both bounds inclusive. */
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly sort?: OrderSort;
  readonly limit?: number;
  readonly offset?: number;
  readonly after?: OrderCursor;
}

export type ListOrdersResult = OrderPage & { readonly limit: number; readonly offset: number; readonly sort: OrderSort };

export const DEFAULT_ORDER_SORT: OrderSort = { field: 'created_at', direction: 'desc' };


export class ListOrders {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: ListOrdersInput, principal: Principal): Promise<ListOrdersResult> {
    let customerId = input.customerId;
    if (!hasScope(principal, 'orders:read')) {
      // Customers list their own orders and nobody else's, whatever filter they send.
      if (principal.kind !== 'customer') {
        throw new DomainError('FORBIDDEN', 'This action needs the orders:read permission', { required_scope: 'orders:read' });
      }
      customerId = principal.customerId;
    }
    const check = new InputChecker();
    const statuses = input.statuses?.map((s, i) => check.oneOf(`status[${i}]`, s, ORDER_STATUSES));
    if (customerId !== undefined) check.text('customer_id', customerId, { max: 128 });
    const search = input.search === undefined ? undefined : check.text('q', input.search, { max: 200 });
    const createdFrom = input.createdFrom === undefined ? undefined : checkDate(check, 'created_from', input.createdFrom, 'start');
    const createdTo = input.createdTo === undefined ? undefined : checkDate(check, 'created_to', input.createdTo, 'end');
    const sort = input.sort ?? DEFAULT_ORDER_SORT;
    check.oneOf('sort', sort.field, ORDER_SORT_FIELDS);
    const { limit, offset } = checkPaging(check, input);
    if (input.after !== undefined) {
      if (offset > 0) check.fail('offset', 'cannot be combined with cursor');
      const valueOk = sort.field === 'total' ? Number.isSafeInteger(input.after.value) : typeof input.after.value === 'string';
      if (!valueOk || typeof input.after.id !== 'string') check.fail('cursor', 'does not belong to this sort order');
    }
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.orders.list({
      statuses: statuses && statuses.length > 0 ? [...new Set(statuses)] : undefined,
      customerId,
      search,
      createdFrom,
      createdTo,
      sort,
      limit,
      offset,
      after: input.after,
    });
    return { ...page, limit, offset, sort };
  }
}
