import { tableNames, columnTypes } from '../testing/schema-introspection';
import { aShipment } from '@oms/order-testkit';
import type { Order, Shipment } from '@oms/order-core';
import { anOrder, rejectionCode } from '@oms/order-testkit';
import { sql, type Kysely, type LogEvent, type RawBuilder } from 'kysely';
import { connectDatabase, type OmsDatabase } from '../connect-database';
import type { DatabaseSchema } from '../database-schema';
import { KyselyInvoiceRepository } from '../kysely-invoice-repository';
import { KyselyUnitOfWork } from '../kysely-unit-of-work';
import { readSafeInteger } from '../read-safe-integer';
import { POSTGRES_ENABLED, POSTGRES_URL, postgresTarget, testTargets, useTestDatabase, type TestDatabase } from '../testing/test-databases';
import { migrateTo, migrateToLatest } from './migrate-to-latest';

const INVOICE_TABLES = ['invoice_sequence', 'invoices'];
const AT = '2026-03-20T12:00:00.000Z';
const numberOf = (n: number) => `INV-${String(n).padStart(6, '0')}`;




async function counter(database: OmsDatabase): Promise<Array<{ id: number; last_value: number }>> {
  const { rows } = await sql<{ id: unknown; last_value: unknown }>`select id, last_value from invoice_sequence order by id`.execute(database.db);
  return rows.map((r) => ({ id: readSafeInteger(r.id, 'id'), last_value: readSafeInteger(r.last_value, 'last_value') }));
}

async function outcome(statement: RawBuilder<unknown>, database: OmsDatabase): Promise<string> {
  // better-sqlite3's errors are not instances of this realm's Error, so read the message by shape.
  return statement.execute(database.db).then(
    () => 'stored',
    (error: unknown) => String((error as { message?: unknown }).message),
  );
}

for (const target of testTargets()) {
  describe(`0007_invoices on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const database = (): OmsDatabase => current!.database;
    const queries: string[] = [];
    beforeEach(async () => {
      queries.length = 0;
      current = await target.connect({ log: (event: LogEvent) => void queries.push(event.query.sql) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('upgrades a database at 0006_fulfillment keeping its data, numbers from 1, and goes down and up again', async () => {
      await migrateTo(database(), '0006_fulfillment');
      for (const table of INVOICE_TABLES) expect(await tableNames(database())).not.toContain(table);
      const order = anOrder();
      const other = anOrder();
      const before = new KyselyUnitOfWork(database()).repositories;
      await before.orders.insert(order);
      await before.orders.insert(other);
      await before.shipments.insert(aShipment(order));

      expect(await migrateToLatest(database())).toEqual([{ name: '0007_invoices', status: 'Success' }]);
      expect(await counter(database())).toEqual([{ id: 1, last_value: 0 }]);
      const uow = new KyselyUnitOfWork(database());
      expect(await uow.repositories.orders.findById(order.id)).toEqual(order);
      expect(await uow.repositories.shipments.listForOrder(order.id)).toEqual([aShipment(order)]);
      // Orders from before the upgrade have no invoice until one is issued; the first one issued is number 1.
      expect(await uow.repositories.invoices.findByOrder(order.id)).toBeNull();
      const first = await uow.transaction((r) => r.invoices.issue(order.id, AT, numberOf));
      expect(first).toEqual({ orderId: order.id, sequence: 1, number: 'INV-000001', issuedAt: AT });

      expect(await migrateTo(database(), '0006_fulfillment')).toEqual([{ name: '0007_invoices', status: 'Success' }]);
      for (const table of INVOICE_TABLES) expect(await tableNames(database())).not.toContain(table);
      expect(await new KyselyUnitOfWork(database()).repositories.orders.findById(order.id)).toEqual(order);

      expect(await migrateToLatest(database())).toEqual([{ name: '0007_invoices', status: 'Success' }]);
      const after = new KyselyUnitOfWork(database());
      // Going down dropped the invoices and their counter; up again starts over.
      expect(await counter(database())).toEqual([{ id: 1, last_value: 0 }]);
      expect(await after.repositories.invoices.findByOrder(order.id)).toBeNull();
      expect(await after.transaction((r) => r.invoices.issue(other.id, AT, numberOf))).toMatchObject({ sequence: 1 });
      expect(await after.repositories.orders.findById(other.id)).toEqual(other);
      expect(await after.repositories.shipments.listForOrder(order.id)).toEqual([aShipment(order)]);
    });

    it('creates the columns, keys and CHECKs, and a seeded counter row that cannot be doubled or go negative', async () => {
      await migrateToLatest(database());
      const postgres = database().dialect === 'postgres';
      const text = postgres ? 'text' : 'TEXT';
      const integer = postgres ? 'integer' : 'INTEGER';
      expect(await columnTypes(database(), 'invoices')).toEqual({ order_id: text, sequence: integer, number: text, issued_at: text });
      expect(await columnTypes(database(), 'invoice_sequence')).toEqual({ id: integer, last_value: integer });

      const repos = new KyselyUnitOfWork(database()).repositories;
      const order = anOrder();
      const other = anOrder();
      await repos.orders.insert(order);
      await repos.orders.insert(other);
      await repos.invoices.issue(order.id, AT, numberOf);
      const db = database();
      expect(await outcome(sql`insert into invoice_sequence (id, last_value) values (2, 0)`, db)).toMatch(/invoice_sequence_id_check/);
      expect(await outcome(sql`insert into invoice_sequence (id, last_value) values (1, 0)`, db)).toMatch(/unique|duplicate/i);
      expect(await outcome(sql`update invoice_sequence set last_value = -1`, db)).toMatch(/invoice_sequence_last_value_check/);
      const invoice = (orderId: string, sequence: number, number: string) =>
        sql`insert into invoices (order_id, sequence, number, issued_at) values (${orderId}, ${sequence}, ${number}, ${AT})`;
      expect(await outcome(invoice(other.id, 0, 'X-0'), db)).toMatch(/invoices_sequence_check/);
      expect(await outcome(invoice(other.id, 1, 'X-1'), db)).toMatch(/unique|duplicate/i);
      expect(await outcome(invoice(other.id, 2, 'INV-000001'), db)).toMatch(/unique|duplicate/i);
      expect(await outcome(invoice('order_none', 2, 'X-2'), db)).toMatch(/foreign key/i);
      // No cascade: an order with an invoice cannot be deleted, which would leave a gap in the numbers.
      expect(await outcome(sql`delete from orders where id = ${order.id}`, db)).toMatch(/foreign key/i);
      expect(await counter(database())).toEqual([{ id: 1, last_value: 1 }]);
    });

    it('issues with one UPDATE … RETURNING and one INSERT, in one transaction also when called outside one', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      queries.length = 0;
      await new KyselyInvoiceRepository(database().db).issue(order.id, AT, numberOf);
      const statements = queries.map((q) => q.replace(/\s+/g, ' ').toLowerCase());
      expect(statements).toEqual([
        expect.stringMatching(/^begin( immediate)?$/),
        expect.stringMatching(/^update "invoice_sequence" set "last_value" = last_value \+ 1 where "id" = \S+ returning "last_value"$/),
        expect.stringMatching(/^insert into "invoices" \("order_id", "sequence", "number", "issued_at"\) values \(\S+, \S+, \S+, \S+\)$/),
        'commit',
      ]);
    });

    it('reports a second invoice or a taken number as CONFLICT and takes the sequence back', async () => {
      await migrateToLatest(database());
      const uow = new KyselyUnitOfWork(database());
      const [a, b, c] = [anOrder(), anOrder(), anOrder()];
      for (const order of [a, b, c]) await uow.repositories.orders.insert(order);
      await uow.transaction((r) => r.invoices.issue(a.id, AT, numberOf));

      // Outside a transaction the repository's own one rolls back; inside, the caller's does.
      expect(await rejectionCode(uow.repositories.invoices.issue(a.id, AT, numberOf))).toEqual({ code: 'CONFLICT', details: { entity: 'invoice', field: 'orderId' } });
      expect(await rejectionCode(uow.transaction((r) => r.invoices.issue(a.id, AT, numberOf)))).toEqual({ code: 'CONFLICT', details: { entity: 'invoice', field: 'orderId' } });
      expect(await rejectionCode(uow.transaction((r) => r.invoices.issue(b.id, AT, () => 'INV-000001')))).toEqual({ code: 'CONFLICT', details: { entity: 'invoice', field: 'number' } });
      expect(await counter(database())).toEqual([{ id: 1, last_value: 1 }]);
      expect(await uow.repositories.invoices.findByOrder(b.id)).toBeNull();

      // A number the caller cannot make, or a timestamp that cannot be stored, leaves nothing behind either.
      await expect(uow.repositories.invoices.issue(b.id, AT, () => '')).rejects.toThrow(/non-empty string/);
      await expect(uow.repositories.invoices.issue(b.id, 'yesterday', numberOf)).rejects.toThrow(/issuedAt/);
      expect(await counter(database())).toEqual([{ id: 1, last_value: 1 }]);

      expect(await uow.transaction((r) => r.invoices.issue(c.id, '2026-03-20T13:00:00+01:00', numberOf))).toEqual({
        orderId: c.id,
        sequence: 2,
        number: 'INV-000002',
        issuedAt: AT,
      });
    });
  });
}

if (POSTGRES_ENABLED) {
  describe('invoice races on PostgreSQL', () => {
    const database = useTestDatabase(postgresTarget);

    async function backendPid(trx: Kysely<DatabaseSchema>): Promise<number> {
      const { rows } = await sql<{ pid: unknown }>`select pg_backend_pid() as pid`.execute(trx);
      return readSafeInteger(rows[0]?.pid, 'pid');
    }

    async function isBlockedBy(pid: number): Promise<boolean> {
      const { rows } = await sql<{ n: unknown }>`
        select count(*) as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(database().db);
      return readSafeInteger(rows[0]?.n, 'n') > 0;
    }

    /**
     * A first transaction takes number 1 and holds the counter's row lock until told to finish; a second issuer runs
     * while it is really waiting on that lock, then reads what the first left: 1 taken, or 1 given back.
     */
    async function race(firstCommits: boolean): Promise<{ second: number; first: boolean; last: number }> {
      const uow = new KyselyUnitOfWork(database());
      const [a, b] = [anOrder(), anOrder()];
      await uow.repositories.orders.insert(a);
      await uow.repositories.orders.insert(b);
      let finishFirst = (): void => undefined;
      const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
      let reportPid = (_pid: number): void => undefined;
      const firstPid = new Promise<number>((resolve) => (reportPid = resolve));
      const rollback = new Error('roll back');
      const firstTx = database()
        .db.transaction()
        .execute(async (trx) => {
          const invoice = await new KyselyInvoiceRepository(trx).issue(a.id, AT, numberOf);
          expect(invoice.sequence).toBe(1);
          reportPid(await backendPid(trx));
          await firstMayFinish;
          if (!firstCommits) throw rollback;
          return true;
        })
        .catch((error: unknown) => {
          if (error !== rollback) throw error;
          return false;
        });
      const pid = await firstPid;
      const secondTx = uow.transaction((r) => r.invoices.issue(b.id, AT, numberOf));
      // Finish the first only once the second UPDATE is really waiting on the counter's row lock.
      while (!(await isBlockedBy(pid))) await new Promise((resolve) => setImmediate(resolve));
      finishFirst();
      const [first, second] = [await firstTx, await secondTx];
      const { rows } = await sql<{ last_value: unknown }>`select last_value from invoice_sequence`.execute(database().db);
      return { first, second: second.sequence, last: readSafeInteger(rows[0]?.last_value, 'last_value') };
    }

    it('gives the waiting issuer the next number when the one holding the lock commits', async () => {
      expect(await race(true)).toEqual({ first: true, second: 2, last: 2 });
    });

    it('gives the waiting issuer the number back when the one holding the lock rolls back', async () => {
      expect(await race(false)).toEqual({ first: false, second: 1, last: 1 });
    });

    it('numbers 40 concurrent issuers on two pools 1 to 40', async () => {
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(database().db)).rows[0]!.s;
      const other = await connectDatabase(POSTGRES_URL, { postgresSchema: schema });
      try {
        const uows = [new KyselyUnitOfWork(database()), new KyselyUnitOfWork(other)];
        const orders = Array.from({ length: 40 }, () => anOrder());
        await uows[0]!.transaction(async (r) => {
          for (const order of orders) await r.orders.insert(order);
        });
        const issued = await Promise.all(orders.map((o, i) => uows[i % 2]!.transaction((r) => r.invoices.issue(o.id, AT, numberOf))));
        expect(issued.map((i) => i.sequence).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect(new Set(issued.map((i) => i.number)).size).toBe(40);
      } finally {
        await other.destroy();
      }
    });
  });
}
