import { requireScope, type Principal } from '../../auth/principal';
import type { OrderStatus } from '../../lifecycle/order-status';
import { ORDER_STATUSES } from '../../lifecycle/order-status';
import { InputChecker } from '../../shared/input-checker';
import type { OrderDependencies } from '../dependencies';
import type { OrderDetails } from './get-order';
import { transitionOrder } from './transition-order';

export interface ChangeOrderStatusInput {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly reason?: string | null;
  readonly trackingNumber?: string | null;
  readonly carrier?: string | null;
  readonly notifyCustomer?: boolean;
  /** From If-Match: apply only if the order is still at this version. */
  readonly expectedVersion?: number;
}

export class ChangeOrderStatus {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: ChangeOrderStatusInput, principal: Principal): Promise<OrderDetails> {
    requireScope(principal, 'orders:write');
    const check = new InputChecker();
    const to = check.oneOf('status', input.status, ORDER_STATUSES);
    const reason = check.multiline('reason', input.reason, 1_000);
    const trackingNumber = check.optionalText('tracking_number', input.trackingNumber, { max: 100 });
    const carrier = check.optionalText('carrier', input.carrier, { max: 100 });
    if (input.notifyCustomer !== undefined && typeof input.notifyCustomer !== 'boolean') check.fail('notify_customer', 'must be true or false');
    check.throwIfFailed();
    return transitionOrder(
      this.deps,
      { orderId: input.orderId, to, reason, trackingNumber, carrier, notifyCustomer: input.notifyCustomer, expectedVersion: input.expectedVersion },
      principal,
    );
  }
}
