import { aShipment, aTrackingEvent, aJob } from '@oms/order-testkit';
import type { Job, JobClaim, Order, Shipment, TrackingEvent } from '@oms/order-core';
import { anOrder } from '@oms/order-testkit';
import { sql, type LogEvent } from 'kysely';
import { connectDatabase, type OmsDatabase } from './connect-database';
import { KyselyJobRepository } from './kysely-job-repository';
import { KyselyShipmentRepository } from './kysely-shipment-repository';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { migrateToLatest } from './migrations/migrate-to-latest';
import { readSafeInteger } from './read-safe-integer';
import { POSTGRES_ENABLED, POSTGRES_URL, randomSchemaName, testTargets, type TestDatabase } from './testing/test-databases';

const AT = '2026-03-20T12:00:00.000Z';
const NOW = '2026-03-20T12:05:00.000Z';


function jobs(count: number): Job[] {
  return Array.from({ length: count }, (_, i) => aJob({ id: `job_${String(i).padStart(3, '0')}` }));
}

function aClaim(leaseToken: string, overrides: Partial<JobClaim> = {}): JobClaim {
  const now = overrides.now ?? NOW;
  return { now, leaseUntil: new Date(Date.parse(now) + 60_000).toISOString(), leaseToken, limit: 10, ...overrides };
}



/** Fails instead of hanging when `promise` waits for a lock it should not wait for. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A promise and the function that settles it, to hold a transaction open. */
function gate<T = void>(): { readonly promise: Promise<T>; open(value: T): void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open: (value: T) => open(value) };
}

for (const target of testTargets()) {
  describe(`Kysely fulfillment on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const queries: string[] = [];
    const database = (): OmsDatabase => current!.database;
    const uow = () => new KyselyUnitOfWork(database());
    beforeEach(async () => {
      queries.length = 0;
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query.sql.replace(/\s+/g, ' ').toLowerCase()) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('claims with one SELECT of the due jobs (FOR UPDATE SKIP LOCKED on PostgreSQL) and one guarded UPDATE', async () => {
      await uow().repositories.jobs.enqueue(jobs(3));
      queries.length = 0;
      const claimed = await uow().transaction((r) => r.jobs.claim(aClaim('lease_a')));
      expect(claimed.map((j) => j.id)).toEqual(['job_000', 'job_001', 'job_002']);
      const statements = queries.filter((q) => !/^(begin|commit|rollback)/.test(q));
      expect(statements).toHaveLength(2);
      const [pick, update] = statements as [string, string];
      expect(pick).toMatch(/^select "id" from "jobs" where \(\("status" = \S+ and "available_at" <= \S+\) or \("status" = \S+ and "lease_until" <= \S+\)\) order by "available_at" asc, "id" asc limit \S+/);
      expect(pick.endsWith('for update skip locked')).toBe(database().dialect === 'postgres');
      expect(update).toMatch(/^update "jobs" set .*"attempts" = attempts \+ 1.* where "id" in \(.*\) and \(\("status" = \S+ and "available_at" <= \S+\) or \("status" = \S+ and "lease_until" <= \S+\)\) returning \*$/);
    });

    it('claims in its own transaction when called outside one, and never hands a job out twice to concurrent claimers', async () => {
      await uow().repositories.jobs.enqueue(jobs(60));
      // Half the claimers use the repositories outside any transaction, half a unit of work.
      const batches = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? uow().repositories.jobs.claim(aClaim(`lease_${i}`)) : uow().transaction((r) => r.jobs.claim(aClaim(`lease_${i}`))))),
      );
      const ids = batches.flat().map((j) => j.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      // Each job carries the lease of the batch that took it.
      batches.forEach((batch, i) => expect(batch.every((j) => j.leaseToken === `lease_${i}` && j.attempts === 1 && j.status === 'running')).toBe(true));
    });

    it('recovers a running job whose lease ran out: claimed again with one more attempt, and the old lease cannot finish it', async () => {
      const repos = uow().repositories;
      await repos.jobs.enqueue([aJob()]);
      const [first] = await uow().transaction((r) => r.jobs.claim(aClaim('lease_dead')));
      expect(first).toEqual({ ...aJob(), status: 'running', attempts: 1, leaseToken: 'lease_dead', leaseUntil: '2026-03-20T12:06:00.000Z', updatedAt: NOW });
      // Still leased: nobody else gets it, up to the last millisecond of the lease.
      expect(await uow().transaction((r) => r.jobs.claim(aClaim('lease_early', { now: '2026-03-20T12:05:59.999Z' })))).toEqual([]);

      const [again] = await uow().transaction((r) => r.jobs.claim(aClaim('lease_new', { now: '2026-03-20T12:06:00.000Z' })));
      expect(again).toEqual({ ...first!, attempts: 2, leaseToken: 'lease_new', leaseUntil: '2026-03-20T12:07:00.000Z', updatedAt: '2026-03-20T12:06:00.000Z' });
      // The dead worker comes back: its outcome is refused and nothing changes.
      expect(await uow().transaction((r) => r.jobs.finish({ ...first!, status: 'succeeded', leaseToken: null, leaseUntil: null }, 'lease_dead'))).toBe(false);
      expect(await repos.jobs.findById('job_1')).toEqual(again);

      const retry: Job = { ...again!, status: 'pending', leaseToken: null, leaseUntil: null, lastError: 'HTTP 503', availableAt: '2026-03-20T12:10:00.000Z' };
      expect(await uow().transaction((r) => r.jobs.finish(retry, 'lease_new'))).toBe(true);
      // Finished: the lease token no longer holds anything, not even for the same worker.
      expect(await uow().transaction((r) => r.jobs.finish({ ...retry, status: 'failed' }, 'lease_new'))).toBe(false);
      expect(await repos.jobs.findById('job_1')).toEqual(retry);
      const [third] = await uow().transaction((r) => r.jobs.claim(aClaim('lease_3', { now: '2026-03-20T12:10:00.000Z' })));
      expect(third).toMatchObject({ attempts: 3, leaseToken: 'lease_3', lastError: 'HTTP 503' });
    });

    it('claims nothing for a limit of 0 or an empty list of types, and refuses a bad limit', async () => {
      await uow().repositories.jobs.enqueue(jobs(2));
      expect(await uow().repositories.jobs.claim(aClaim('lease', { limit: 0 }))).toEqual([]);
      expect(await uow().repositories.jobs.claim(aClaim('lease', { types: [] }))).toEqual([]);
      await expect(uow().repositories.jobs.claim(aClaim('lease', { limit: -1 }))).rejects.toThrow(RangeError);
      await expect(uow().repositories.jobs.claim(aClaim('lease', { limit: 1.5 }))).rejects.toThrow(RangeError);
      expect((await uow().repositories.jobs.claim(aClaim('lease', { limit: 1 }))).map((j) => j.id)).toEqual(['job_000']);
    });

    it('stores a repeated tracking report once, also within one batch, and answers with exactly what it stored', async () => {
      const order = anOrder();
      await uow().transaction(async (r) => {
        await r.orders.insert(order);
        await r.shipments.insert(aShipment(order));
      });
      queries.length = 0;
      const first = await uow().repositories.shipments.appendTrackingEvents([aTrackingEvent(), aTrackingEvent({ id: 'trk_same_key' }), aTrackingEvent({ id: 'trk_2', dedupeKey: 'evt-2' })]);
      expect(first.map((e) => e.id)).toEqual(['trk_1', 'trk_2']);
      expect(queries.filter((q) => q.startsWith('insert'))).toEqual([expect.stringMatching(/on conflict \("shipment_id", "dedupe_key"\) do nothing returning \*$/)]);
      // Delivered again (a webhook retry, a poll overlapping a webhook): nothing new.
      expect(await uow().repositories.shipments.appendTrackingEvents([aTrackingEvent({ id: 'trk_retry' }), aTrackingEvent({ id: 'trk_retry_2', dedupeKey: 'evt-2' })])).toEqual([]);
      expect((await uow().repositories.shipments.listTrackingEvents('shp_1')).map((e) => e.id)).toEqual(['trk_1', 'trk_2']);
      // The same key on another shipment is another report.
      await uow().repositories.shipments.insert({ ...aShipment(order), id: 'shp_2' });
      expect(await uow().repositories.shipments.appendTrackingEvents([aTrackingEvent({ id: 'trk_other', shipmentId: 'shp_2' })])).toEqual([aTrackingEvent({ id: 'trk_other', shipmentId: 'shp_2' })]);
      // The same id with a new key is a caller's bug, refused as a conflict.
      await expect(uow().repositories.shipments.appendTrackingEvents([aTrackingEvent({ dedupeKey: 'evt-9' })])).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('appends many tracking events all or nothing, beyond one INSERT', async () => {
      const order = anOrder();
      await uow().transaction(async (r) => {
        await r.orders.insert(order);
        await r.shipments.insert(aShipment(order));
      });
      const many = Array.from({ length: 1_001 }, (_, i) => aTrackingEvent({ id: `trk_${String(i).padStart(5, '0')}`, dedupeKey: `evt-${i}` }));
      // The last one reuses an id with a new key: the whole call fails and stores nothing.
      await expect(uow().repositories.shipments.appendTrackingEvents([...many, aTrackingEvent({ id: 'trk_00000', dedupeKey: 'evt-x' })])).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await uow().repositories.shipments.listTrackingEvents('shp_1')).toEqual([]);
      expect(await uow().repositories.shipments.appendTrackingEvents(many)).toHaveLength(1_001);
    });
  });
}

if (POSTGRES_ENABLED) {
  describe('Kysely fulfillment on PostgreSQL with two workers on separate connection pools', () => {
    let schema: string;
    let workers: OmsDatabase[] = [];
    beforeEach(async () => {
      schema = randomSchemaName();
      workers = [await connectDatabase(POSTGRES_URL, { postgresSchema: schema }), await connectDatabase(POSTGRES_URL, { postgresSchema: schema })];
      await migrateToLatest(workers[0]!);
    });
    afterEach(async () => {
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(workers[0]!.db);
      } finally {
        await Promise.all(workers.map((w) => w.destroy()));
      }
    });
    const [a, b] = [() => new KyselyUnitOfWork(workers[0]!), () => new KyselyUnitOfWork(workers[1]!)];

    it('lets the second worker skip the jobs the first holds instead of waiting for them', async () => {
      await a().repositories.jobs.enqueue(jobs(10));
      const held = gate<readonly Job[]>();
      const release = gate();
      const first = a().transaction(async (r) => {
        const claimed = await r.jobs.claim(aClaim('lease_a', { limit: 5 }));
        held.open(claimed);
        await release.promise;
        return claimed;
      });
      const heldJobs = await held.promise;
      // The first transaction is still open and holds row locks on its five jobs.
      const second = await within(b().transaction((r) => r.jobs.claim(aClaim('lease_b', { limit: 10 }))), 5_000, 'The second claim');
      release.open();
      expect((await first).map((j) => j.id)).toEqual(heldJobs.map((j) => j.id));
      expect(heldJobs.map((j) => j.id)).toEqual(['job_000', 'job_001', 'job_002', 'job_003', 'job_004']);
      expect(second.map((j) => j.id)).toEqual(['job_005', 'job_006', 'job_007', 'job_008', 'job_009']);
      expect(await a().transaction((r) => r.jobs.claim(aClaim('lease_c')))).toEqual([]);
    });

    it('gives each job to exactly one of two workers claiming at the same time, over and over', async () => {
      await a().repositories.jobs.enqueue(jobs(200));
      const worker = async (uow: KyselyUnitOfWork, name: string): Promise<Job[]> => {
        const mine: Job[] = [];
        for (let round = 0; ; round++) {
          const batch = await uow.transaction((r) => r.jobs.claim(aClaim(`${name}_${round}`, { limit: 7 })));
          if (batch.length === 0) return mine;
          mine.push(...batch);
        }
      };
      // Several claim loops per worker, so claims really overlap on both pools.
      const results = await Promise.all([a(), a(), a(), b(), b(), b()].map((uow, i) => worker(uow, `w${i}`)));
      const ids = results.flat().map((j) => j.id);
      expect(ids).toHaveLength(200);
      expect(new Set(ids).size).toBe(200);
      const { rows } = await sql<{ n: unknown }>`select count(*) as n from jobs where status = 'running' and attempts = 1`.execute(workers[0]!.db);
      expect(readSafeInteger(rows[0]?.n, 'n')).toBe(200);
    });

    it('lets only one of two workers recover an expired lease; the other finds nothing', async () => {
      await a().repositories.jobs.enqueue([aJob()]);
      await a().transaction((r) => r.jobs.claim(aClaim('lease_dead')));
      const later = { now: '2026-03-20T12:10:00.000Z' };
      const [x, y] = await Promise.all([a().transaction((r) => r.jobs.claim(aClaim('lease_x', later))), b().transaction((r) => r.jobs.claim(aClaim('lease_y', later)))]);
      expect([...x!, ...y!]).toHaveLength(1);
      const winner = [...x!, ...y!][0]!;
      expect(winner.attempts).toBe(2);
      const loser = winner.leaseToken === 'lease_x' ? 'lease_y' : 'lease_x';
      expect(await b().transaction((r) => r.jobs.finish({ ...winner, status: 'succeeded' }, loser))).toBe(false);
      expect(await a().transaction((r) => r.jobs.finish({ ...winner, status: 'succeeded' }, 'lease_dead'))).toBe(false);
      expect(await b().transaction((r) => r.jobs.finish({ ...winner, status: 'succeeded', leaseToken: null, leaseUntil: null }, winner.leaseToken!))).toBe(true);
    });

    it('stores a tracking report once when two workers store it at the same time, whichever commits', async () => {
      const order = anOrder();
      await a().transaction(async (r) => {
        await r.orders.insert(order);
        await r.shipments.insert(aShipment(order));
      });

      /**
       * Worker A stores the report in a transaction it holds open (a bare Kysely transaction, so the test learns its
       * backend pid); worker B stores the same report meanwhile and must wait for A's outcome, then skip it (A
       * committed) or store it (A rolled back).
       */
      async function race(key: string, outcome: 'commit' | 'rollback'): Promise<{ readonly first: readonly TrackingEvent[]; readonly second: readonly TrackingEvent[] }> {
        const started = gate<{ readonly pid: number; readonly stored: readonly TrackingEvent[] }>();
        const release = gate();
        const firstTx = workers[0]!.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: unknown }>`select pg_backend_pid() as pid`.execute(trx);
          const stored = await new KyselyShipmentRepository(trx, 'postgres').appendTrackingEvents([aTrackingEvent({ id: `trk_a_${key}`, dedupeKey: key })]);
          started.open({ pid: readSafeInteger(rows[0]?.pid, 'pid'), stored });
          await release.promise;
          if (outcome === 'rollback') throw new Error('rolled back');
        });
        const { pid, stored: first } = await started.promise;
        const secondTx = b().transaction((r) => r.shipments.appendTrackingEvents([aTrackingEvent({ id: `trk_b_${key}`, dedupeKey: key })]));
        // Decide A only once B really waits on it: a race, not a sequence.
        await waitUntilBlockedBy(pid);
        release.open();
        if (outcome === 'rollback') await expect(firstTx).rejects.toThrow('rolled back');
        else await firstTx;
        return { first, second: await secondTx };
      }

      const committed = await race('evt-1', 'commit');
      expect(committed.first.map((e) => e.id)).toEqual(['trk_a_evt-1']);
      expect(committed.second).toEqual([]);
      const rolledBack = await race('evt-2', 'rollback');
      expect(rolledBack.first.map((e) => e.id)).toEqual(['trk_a_evt-2']);
      expect(rolledBack.second.map((e) => e.id)).toEqual(['trk_b_evt-2']);

      const stored = await new KyselyShipmentRepository(workers[1]!.db, 'postgres').listTrackingEvents('shp_1');
      expect(stored.map((e) => e.id).sort()).toEqual(['trk_a_evt-1', 'trk_b_evt-2']);
    });

    it('works the same through the repositories themselves, outside a unit of work', async () => {
      const [ra, rb] = [new KyselyJobRepository(workers[0]!.db, 'postgres'), new KyselyJobRepository(workers[1]!.db, 'postgres')];
      await ra.enqueue(jobs(50));
      const batches = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? ra : rb).claim(aClaim(`lease_${i}`, { limit: 6 }))));
      const ids = batches.flat().map((j) => j.id);
      expect(ids).toHaveLength(50);
      expect(new Set(ids).size).toBe(50);
    });

    /** Resolves once some session waits on a lock the backend `pid` holds. */
    async function waitUntilBlockedBy(pid: number): Promise<void> {
      for (;;) {
        const { rows } = await sql<{ n: unknown }>`
          select count(*) as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(workers[0]!.db);
        if (readSafeInteger(rows[0]?.n, 'n') > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  });
}
