import { requireScope, type Principal } from '../../auth/principal';
import { InputChecker } from '../../shared/input-checker';
import type { OrderDetails } from './get-order';
import { refundPaidAmount, type PaymentDependencies } from '../payments/payments';
import { transitionOrder } from './transition-order';

export interface CancelOrderInput {
  readonly orderId: string;
  readonly reason?: string | null;
  /** Records that the customer is to be refunded; the refund itself goes through the payment port. */
  readonly refund?: boolean;
  readonly expectedVersion?: number;
}

export class CancelOrder {
  constructor(private readonly deps: PaymentDependencies) {}

  async execute(input: CancelOrderInput, principal: Principal): Promise<OrderDetails> {
    requireScope(principal, 'orders:write');
    const check = new InputChecker();
    const reason = check.multiline('reason', input.reason, 1_000);
    if (input.refund !== undefined && typeof input.refund !== 'boolean') check.fail('refund', 'must be true or false');
    check.throwIfFailed();
    const cancelled = await transitionOrder(
      this.deps,
      { orderId: input.orderId, to: 'cancelled', reason, refundRequested: input.refund ?? false, expectedVersion: input.expectedVersion },
      principal,
    );
    return input.refund ? refundPaidAmount(this.deps, cancelled, principal) : cancelled;
  }
}
