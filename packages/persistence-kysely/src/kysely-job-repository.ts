import { JOB_STATUSES, isJsonObject, type Job, type JobClaim, type JobQuery, type JobRepository, type JobStatus, type JsonObject } from '@oms/order-core';
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema, JobsTable } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type JobRow = Selectable<JobsTable>;

const JOB_KEYS: readonly UniqueKey[] = [{ column: 'id', constraint: 'jobs_pkey', field: 'id', message: 'A job with this id already exists' }];

/** Keeps IN lists and multi-row INSERTs well below every driver's bound-parameter limit. */
const CHUNK = 500;

/**
 * The job queue. A claim runs in one transaction (the caller's, or its own): it picks the due jobs, oldest
 * `available_at` first, then moves exactly those to `running` with one UPDATE whose WHERE repeats the due condition.
 * - PostgreSQL: the pick is SELECT … FOR UPDATE SKIP LOCKED, so the picked rows stay locked until the transaction
 *   ends and a concurrent claimer skips them instead of waiting for them (it takes the next due jobs); a row another
 *   claimer committed meanwhile is re-checked against the due condition before it is locked.
 * - SQLite: every transaction here starts with BEGIN IMMEDIATE (one writer at a time), so nothing can claim between
 *   the pick and the UPDATE; the repeated condition keeps the UPDATE correct on its own all the same.
 * `finish` is one UPDATE guarded by the lease token and `status = 'running'`: a worker whose lease ran out and was
 * taken over can no longer write an outcome.
 */
export class KyselyJobRepository implements JobRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DatabaseDialect,
  ) {}

  async enqueue(jobs: readonly Job[]): Promise<void> {
    if (jobs.length === 0) return;
    const rows = jobs.map((job) => ({ id: job.id, ...toRow(job) }));
    const write = async (db: Kysely<DatabaseSchema>): Promise<void> => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await withConflictMapping('job', JOB_KEYS, () => db.insertInto('jobs').values(chunk).execute());
      }
    };
    // All or nothing, also without a surrounding transaction.
    if (this.db.isTransaction || rows.length <= CHUNK) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  async claim(claim: JobClaim): Promise<readonly Job[]> {
    const { limit } = claim;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`A claim limit must be a whole number of at least 0, got ${String(limit)}`);
    const types = claim.types === undefined ? undefined : [...new Set(claim.types)];
    // Like every list filter here, an empty list of types matches nothing.
    if (limit === 0 || (types !== undefined && types.length === 0)) return [];
    const now = toStoredTimestamp(claim.now, 'now');
    const leaseUntil = toStoredTimestamp(claim.leaseUntil, 'leaseUntil');
    const leaseToken = claim.leaseToken;

    const due = (eb: ExpressionBuilder<DatabaseSchema, 'jobs'>) =>
      eb.or([
        // Along jobs_status_available_idx.
        eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', now)]),
        // Along jobs_status_lease_idx: the claimer died (or overran its lease).
        eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', now)]),
      ]);
    const run = async (db: Kysely<DatabaseSchema>): Promise<JobRow[]> => {
      let pick = db.selectFrom('jobs').select('id').where(due);
      if (types !== undefined) pick = pick.where('type', 'in', types);
      pick = pick.orderBy('available_at', 'asc').orderBy('id', 'asc').limit(limit);
      if (this.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
      const ids = (await pick.execute()).map((row) => row.id);
      if (ids.length === 0) return [];
      return db
        .updateTable('jobs')
        .set({
          status: 'running',
          lease_token: leaseToken,
          lease_until: leaseUntil,
          attempts: sql<number>`attempts + 1`,
          updated_at: now,
        })
        .where('id', 'in', ids)
        // The guard again on the rows being written: a claim never takes a job that is not due.
        .where(due)
        .returningAll()
        .execute();
    };
    const rows = this.db.isTransaction ? await run(this.db) : await this.db.transaction().execute(run);
    // RETURNING has no order of its own.
    return rows.map(fromRow).sort((a, b) => byKey(a.availableAt, a.id, b.availableAt, b.id));
  }

  async finish(job: Job, leaseToken: string): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set(toRow(job))
      .where('id', '=', job.id)
      .where('lease_token', '=', leaseToken)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async findById(id: string): Promise<Job | null> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(query: JobQuery): Promise<{ readonly items: readonly Job[]; readonly total: number }> {
    const { limit, offset } = query;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number of at least 0, got ${limit}`);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number of at least 0, got ${offset}`);
    const filtered = this.filtered(query);
    const rows = await filtered.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items: rows.map(fromRow), total: readSafeInteger(count.count, 'count') };
  }

  /** The WHERE clause shared by a page and its total; each filter has its (…, created_at, id) index. */
  private filtered(query: JobQuery): SelectQueryBuilder<DatabaseSchema, 'jobs', object> {
    let q = this.db.selectFrom('jobs');
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.type !== undefined) q = q.where('type', '=', query.type);
    if (query.orderId !== undefined) q = q.where('order_id', '=', query.orderId);
    return q;
  }
}

/** Byte order of the (ASCII) timestamps and ids, as the database sorts them. */
function byKey(aTime: string, aId: string, bTime: string, bId: string): number {
  if (aTime !== bTime) return aTime < bTime ? -1 : 1;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

function atLeast(value: number, min: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${field} must be a whole number of at least ${min}, got ${String(value)}`);
  return value;
}

/** Everything but the id: what `finish` replaces. */
function toRow(job: Job) {
  return {
    type: job.type,
    payload: writeJsonColumn(job.payload),
    status: job.status,
    attempts: atLeast(job.attempts, 0, 'attempts'),
    max_attempts: atLeast(job.maxAttempts, 1, 'maxAttempts'),
    available_at: toStoredTimestamp(job.availableAt, 'availableAt'),
    lease_token: job.leaseToken,
    lease_until: job.leaseUntil === null ? null : toStoredTimestamp(job.leaseUntil, 'leaseUntil'),
    last_error: job.lastError,
    result: job.result === null ? null : writeJsonColumn(job.result),
    order_id: job.orderId,
    created_at: toStoredTimestamp(job.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(job.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: JobRow): Job {
  const status = JOB_STATUSES.find((s): s is JobStatus => s === row.status);
  if (status === undefined) throw new Error(`Column jobs.status of ${row.id} holds an unknown status ${JSON.stringify(row.status)}`);
  return {
    id: row.id,
    type: row.type,
    payload: readObject(row.payload, 'jobs.payload'),
    status,
    attempts: readSafeInteger(row.attempts, 'jobs.attempts'),
    maxAttempts: readSafeInteger(row.max_attempts, 'jobs.max_attempts'),
    availableAt: row.available_at,
    leaseToken: row.lease_token,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    result: row.result === null ? null : readObject(row.result, 'jobs.result'),
    orderId: row.order_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function readObject(text: string, column: string): JsonObject {
  const value = readJsonColumn(text, column);
  if (!isJsonObject(value)) throw new Error(`Column ${column} holds JSON that is not an object`);
  return value;
}
