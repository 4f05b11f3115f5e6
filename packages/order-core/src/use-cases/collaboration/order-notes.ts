import { actorOf, requireScope, type Principal } from '../../auth/principal';
import type { OrderEvent, OrderEventType } from '../../orders/order-event';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { nowIso, type CoreDependencies } from '../dependencies';
import { checkPaging } from '../paging';

export const MAX_NOTE_LENGTH = 5_000;

/** An internal note on an order: stored as an event, so it is on the timeline in order with everything else. */
export class AddOrderNote {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly orderId: string; readonly content: string }, principal: Principal): Promise<OrderEvent & { type: 'note_added' }> {
    requireScope(principal, 'orders:write');
    const check = new InputChecker();
    const content = check.multiline('content', input.content, MAX_NOTE_LENGTH);
    if (content === null && check.ok) check.fail('content', 'must not be empty');
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      if (!(await repos.orders.findById(input.orderId))) throw DomainError.notFound('Order', input.orderId);
      const note = {
        id: this.deps.ids.next('evt'),
        orderId: input.orderId,
        type: 'note_added' as const,
        actor: actorOf(principal),
        at: nowIso(this.deps.clock),
        data: { content: content as string },
      };
      await repos.orderEvents.append([note]);
      return note;
    });
  }
}

export interface OrderEventPageInput {
  readonly orderId: string;
  readonly limit?: number;
  readonly offset?: number;
}

async function pageOfEvents(uow: UnitOfWork, input: OrderEventPageInput, principal: Principal, types?: readonly OrderEventType[]) {
  requireScope(principal, 'orders:read');
  const check = new InputChecker();
  const { limit, offset } = checkPaging(check, input);
  check.throwIfFailed();
  if (!(await uow.repositories.orders.findById(input.orderId))) throw DomainError.notFound('Order', input.orderId);
  const page = await uow.repositories.orderEvents.pageForOrder(input.orderId, { types, limit, offset });
  return { ...page, limit, offset };
}

export class ListOrderNotes {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  execute(input: OrderEventPageInput, principal: Principal) {
    return pageOfEvents(this.deps.uow, input, principal, ['note_added']);
  }
}

/** Everything that happened to an order, oldest first, paged for long histories. */
export class GetOrderTimeline {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  execute(input: OrderEventPageInput, principal: Principal) {
    return pageOfEvents(this.deps.uow, input, principal);
  }
}
