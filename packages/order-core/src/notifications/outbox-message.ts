import type { JsonObject } from '../shared/json';

/**
 * A message to deliver after the transaction that caused it commits (at-least-once). Written in that same
 * transaction, so a change and its notification are never separated; delivered by a worker that retries failures.
 */
export interface OutboxMessage {
  /** `msg_` + ULID: stable, so a receiver can deduplicate. */
  readonly id: string;
  readonly topic: 'customer_email';
  readonly payload: JsonObject;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  /** When it may be tried (again). */
  readonly availableAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a customer e-mail carries; rendered to text by the notifier adapter. */
export interface CustomerEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export const MAX_DELIVERY_ATTEMPTS = 8;

/** Exponential backoff: 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
