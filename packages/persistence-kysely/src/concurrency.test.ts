import { anOrder } from '@oms/order-testkit';
import { sql } from 'kysely';
import { KyselyOrderRepository } from './kysely-order-repository';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { readSafeInteger } from './read-safe-integer';
import { POSTGRES_ENABLED, postgresTarget, testTargets, useTestDatabase } from './testing/test-databases';

for (const target of testTargets()) {
  describe(`concurrent use on ${target.name}`, () => {
    const database = useTestDatabase(target);

    it('gives concurrent nextNumber calls distinct numbers, inside and outside transactions', async () => {
      const uow = new KyselyUnitOfWork(database());
      const numbers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? uow.repositories.orders.nextNumber() : uow.transaction((r) => r.orders.nextNumber()))),
      );
      expect(new Set(numbers).size).toBe(40);
      expect(numbers.every((n) => Number.isSafeInteger(n) && n > 0)).toBe(true);
    });

    it('lets exactly one of many concurrent updates at the same version win', async () => {
      const uow = new KyselyUnitOfWork(database());
      const order = anOrder();
      await uow.repositories.orders.insert(order);
      const notes = Array.from({ length: 8 }, (_, i) => `writer ${i}`);
      const outcomes = await Promise.all(notes.map((note) => uow.transaction((r) => r.orders.update({ ...order, notes: note, version: 2 }, 1))));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const stored = await uow.repositories.orders.findById(order.id);
      expect(stored?.version).toBe(2);
      expect(stored?.notes).toBe(notes[outcomes.indexOf(true)]);
    });
  });
}

if (POSTGRES_ENABLED) {
  describe('PostgreSQL specifics', () => {
    const database = useTestDatabase(postgresTarget);

    it('maps int8 to numbers, including COUNT(*), and fails a query whose int8 a number cannot hold', async () => {
      const db = database().db;
      const { rows } = await sql<{ big: unknown; count: unknown }>`select 999999999999999::bigint as big, count(*) as count from orders`.execute(db);
      expect(rows).toEqual([{ big: 999_999_999_999_999, count: 0 }]);
      await expect(sql`select 9007199254740993::bigint as v`.execute(db)).rejects.toThrow(/9007199254740993, which is not a safe integer/);
      // The failed parse did not break the pool's connection.
      await expect(database().ping()).resolves.toBeUndefined();
    });

    it('decides a real race: the second writer waits for the first to commit, then finds the version gone', async () => {
      const uow = new KyselyUnitOfWork(database());
      const order = anOrder();
      await uow.repositories.orders.insert(order);

      let releaseFirst = (): void => undefined;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let reportPid = (_pid: number): void => undefined;
      const firstPid = new Promise<number>((resolve) => (reportPid = resolve));
      // The first writer is a bare Kysely transaction so the test can learn its backend pid.
      const firstTx = database().db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: unknown }>`select pg_backend_pid() as pid`.execute(trx);
        const won = await new KyselyOrderRepository(trx, 'postgres').update({ ...order, status: 'processing', version: 2 }, 1);
        reportPid(readSafeInteger(rows[0]?.pid, 'pid'));
        await firstMayCommit;
        return won;
      });
      const pid = await firstPid;
      const secondTx = uow.transaction((r) => r.orders.update({ ...order, status: 'on_hold', version: 2 }, 1));
      // Commit the first only once the second UPDATE is really waiting on its row lock: a race, not a sequence.
      while (!(await isBlockedBy(pid))) await new Promise((resolve) => setImmediate(resolve));
      releaseFirst();

      expect(await firstTx).toBe(true);
      expect(await secondTx).toBe(false);
      expect((await uow.repositories.orders.findById(order.id))?.status).toBe('processing');
    });

    async function isBlockedBy(pid: number): Promise<boolean> {
      const { rows } = await sql<{ n: unknown }>`
        select count(*) as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(database().db);
      return readSafeInteger(rows[0]?.n, 'n') > 0;
    }
  });
}
