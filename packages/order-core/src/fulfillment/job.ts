import type { JsonObject } from '../shared/json';

export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Background work written in the same transaction as the change that asked for it. A worker claims it with a
 * lease; a worker that dies leaves it `running` with a lease that runs out, after which any worker claims it again.
 */
export interface Job {
  /** `job_` + ULID. */
  readonly id: string;
  readonly type: string;
  readonly payload: JsonObject;
  readonly status: JobStatus;
  /** Claims so far, including one whose worker died. */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** When it may be claimed (again). */
  readonly availableAt: string;
  /** Set by each claim: only the holder of the current lease may record the outcome. */
  readonly leaseToken: string | null;
  readonly leaseUntil: string | null;
  readonly lastError: string | null;
  readonly result: JsonObject | null;
  /** The order it works on, for listing an order's jobs. */
  readonly orderId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface JobRetryPolicy {
  readonly maxAttempts: number;
  /** First retry delay; doubles with each attempt, capped at `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_JOB_RETRY: JobRetryPolicy = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

export function jobRetryDelayMs(policy: JobRetryPolicy, attempts: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
}
