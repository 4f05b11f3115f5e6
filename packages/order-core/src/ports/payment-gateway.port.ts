export interface RefundRequest {
  readonly orderId: string;
  /** Minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  /** The same key always means the same refund: a retried call must not refund twice. */
  readonly idempotencyKey: string;
}

/** Where money is given back. The manual adapter records that staff refund outside the system. */
export const PaymentGateway = Symbol.for('oms.PaymentGateway');
export interface PaymentGateway {
  /** Shown on refund records. */
  readonly name: string;
  /** Gives `amount` back; resolves the gateway's reference for it. */
  refund(request: RefundRequest): Promise<{ readonly reference: string }>;
}
