import type { Job, JobStatus } from '../fulfillment/job';

export interface JobClaim {
  readonly now: string;
  readonly leaseUntil: string;
  /** Written on every claimed job; `finish` succeeds only with it. */
  readonly leaseToken: string;
  readonly limit: number;
  /** Only jobs of these types; all when absent. */
  readonly types?: readonly string[];
}

export interface JobQuery {
  readonly status?: JobStatus;
  readonly type?: string;
  readonly orderId?: string;
  readonly limit: number;
  readonly offset: number;
}

/**
 * The job queue. Jobs are enqueued with the repositories of the transaction that caused them, so a job exists
 * exactly when its cause committed.
 */
export const JobRepository = Symbol.for('oms.JobRepository');
export interface JobRepository {
  enqueue(jobs: readonly Job[]): Promise<void>;
  /**
   * Claims up to `limit` jobs, oldest `availableAt` first: `pending` ones that are due, and `running` ones whose
   * lease ran out (their worker died). Each becomes `running` with the new lease and one more attempt, in guarded
   * statements (SKIP LOCKED where the database has it): two workers never hold the same job.
   */
  claim(claim: JobClaim): Promise<readonly Job[]>;
  /** Writes the job's outcome if `leaseToken` still holds its lease; false (nothing changed) otherwise. */
  finish(job: Job, leaseToken: string): Promise<boolean>;
  findById(id: string): Promise<Job | null>;
  /** Newest first (by creation, then id); `total` ignores paging. */
  list(query: JobQuery): Promise<{ readonly items: readonly Job[]; readonly total: number }>;
}
