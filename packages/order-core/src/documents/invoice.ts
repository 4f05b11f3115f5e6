/** An order's invoice number, given once on first generation and never changed. */
export interface Invoice {
  readonly orderId: string;
  /** 1, 2, 3... without gaps: a number is taken in the transaction that stores the invoice. */
  readonly sequence: number;
  readonly number: string;
  readonly issuedAt: string;
}
