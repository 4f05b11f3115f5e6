import type { PaymentGateway, RefundRequest } from '../ports/payment-gateway.port';

/**
 * The default gateway: money is handled outside the system (card terminal, bank transfer) and staff record it.
 * A refund here records that the merchant gives the money back by hand; its reference is derived from the
 * idempotency key, so a retried refund names the same one.
 */
export class ManualPaymentGateway implements PaymentGateway {
  readonly name = 'manual';

  async refund(request: RefundRequest): Promise<{ readonly reference: string }> {
    return { reference: `manual-refund:${request.idempotencyKey}` };
  }
}
