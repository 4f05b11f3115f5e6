import { tableNames, columnTypes, indexColumns } from '../testing/schema-introspection';
import type { Attachment, Order, OrderEvent } from '@oms/order-core';
import { anOrder } from '@oms/order-testkit';
import { sql } from 'kysely';
import type { OmsDatabase } from '../connect-database';
import { KyselyFileStore } from '../kysely-file-store';
import { KyselyUnitOfWork } from '../kysely-unit-of-work';
import { testTargets, type TestDatabase } from '../testing/test-databases';
import { migrateTo, migrateToLatest } from './migrate-to-latest';

const ATTACHMENT_TABLES = ['attachments', 'file_blobs'];




function anAttachment(order: Order, overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: 'att_1',
    orderId: order.id,
    filename: 'proof.png',
    contentType: 'image/png',
    size: 3,
    sha256: 'b'.repeat(64),
    kind: 'design_proof',
    description: null,
    uploadedBy: { kind: 'staff', id: 'usr_1', display: 'ana@example.com' },
    storageKey: 'file_1',
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

async function* chunksOf(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts;
}

/** Whatever a statement does: 'stored', or the driver's message. */
async function outcome(statement: { execute(db: OmsDatabase['db']): Promise<unknown> }, database: OmsDatabase): Promise<string> {
  return statement.execute(database.db).then(
    () => 'stored',
    (error: unknown) => String((error as { message?: unknown }).message),
  );
}

for (const target of testTargets()) {
  describe(`0003_attachments on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const database = (): OmsDatabase => current!.database;
    beforeEach(async () => {
      current = await target.connect();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('upgrades a database at 0002_inventory, keeping its orders and events, which can then have attachments', async () => {
      expect(await migrateTo(database(), '0002_inventory')).toEqual([
        { name: '0001_initial_schema', status: 'Success' },
        { name: '0002_inventory', status: 'Success' },
      ]);
      for (const table of ATTACHMENT_TABLES) expect(await tableNames(database())).not.toContain(table);
      const order = anOrder();
      const placed: OrderEvent = {
        id: 'evt_1',
        orderId: order.id,
        type: 'order_placed',
        actor: { kind: 'public', id: null, display: 'public' },
        at: order.createdAt,
        data: { status: 'pending', total: order.totals.total, currency: order.currency },
      };
      const before = new KyselyUnitOfWork(database());
      await before.transaction(async (r) => {
        await r.orders.insert(order);
        await r.orderEvents.append([placed]);
      });

      expect(await migrateToLatest(database())).toEqual(['0003_attachments', '0004_commerce', '0005_outbox', '0006_fulfillment', '0007_invoices'].map((name) => ({ name, status: 'Success' })));

      const uow = new KyselyUnitOfWork(database());
      expect(await uow.repositories.orders.findById(order.id)).toEqual(order);
      expect(await uow.repositories.orderEvents.listForOrder(order.id)).toEqual([placed]);
      // The new event types go into the existing table as they are.
      const note: OrderEvent = { ...placed, id: 'evt_2', type: 'note_added', at: '2030-01-01T00:00:00.000Z', data: { content: 'Customer called about the ETA' } };
      await uow.repositories.orderEvents.append([note]);
      expect(await uow.repositories.orderEvents.pageForOrder(order.id, { types: ['note_added'], limit: 10, offset: 0 })).toEqual({ items: [note], total: 1 });
      const attachment = anAttachment(order);
      await uow.transaction((r) => r.attachments.insert(attachment));
      expect(await uow.repositories.attachments.listForOrder(order.id)).toEqual([attachment]);
      const files = new KyselyFileStore(database());
      expect(await files.write('file_1', chunksOf(Uint8Array.from([1, 2, 3])), 10)).toMatchObject({ size: 3 });
    });

    it('migrates down to 0002_inventory and up again, keeping the orders', async () => {
      await migrateToLatest(database());
      const order = anOrder();
      const uow = new KyselyUnitOfWork(database());
      await uow.transaction((r) => r.orders.insert(order));
      await uow.transaction((r) => r.attachments.insert(anAttachment(order)));

      expect(await migrateTo(database(), '0002_inventory')).toEqual(['0007_invoices', '0006_fulfillment', '0005_outbox', '0004_commerce', '0003_attachments'].map((name) => ({ name, status: 'Success' })));
      for (const table of ATTACHMENT_TABLES) expect(await tableNames(database())).not.toContain(table);

      expect(await migrateToLatest(database())).toEqual(['0003_attachments', '0004_commerce', '0005_outbox', '0006_fulfillment', '0007_invoices'].map((name) => ({ name, status: 'Success' })));
      const after = new KyselyUnitOfWork(database()).repositories;
      expect(await after.orders.findById(order.id)).toEqual(order);
      // Going down drops what only the newer release knew.
      expect(await after.attachments.listForOrder(order.id)).toEqual([]);
    });

    it('stores sizes as 64-bit integers, bytes as BLOB or BYTEA, and lists along (order_id, created_at, id)', async () => {
      await migrateToLatest(database());
      const postgres = database().dialect === 'postgres';
      const integer = postgres ? 'bigint' : 'INTEGER';
      expect(await columnTypes(database(), 'file_blobs')).toEqual({
        key: postgres ? 'text' : 'TEXT',
        size: integer,
        sha256: postgres ? 'text' : 'TEXT',
        content: postgres ? 'bytea' : 'BLOB',
        created_at: postgres ? 'text' : 'TEXT',
      });
      const attachments = await columnTypes(database(), 'attachments');
      expect(attachments).toMatchObject({ size: integer, version: postgres ? 'integer' : 'INTEGER', uploaded_by: postgres ? 'text' : 'TEXT' });
      expect(Object.keys(attachments).sort()).toEqual(
        ['content_type', 'created_at', 'description', 'filename', 'id', 'kind', 'order_id', 'sha256', 'size', 'storage_key', 'updated_at', 'uploaded_by', 'version'],
      );
      expect(await indexColumns(database(), 'attachments_order_created_idx')).toEqual(['order_id', 'created_at', 'id']);
    });

    it('deletes an order’s attachments with it and refuses one for a missing order', async () => {
      await migrateToLatest(database());
      const order = anOrder();
      const repos = new KyselyUnitOfWork(database()).repositories;
      await repos.orders.insert(order);
      await repos.attachments.insert(anAttachment(order));
      await repos.attachments.insert(anAttachment(order, { id: 'att_2', storageKey: 'file_2' }));

      await sql`delete from orders where id = ${order.id}`.execute(database().db);
      expect(await repos.attachments.findById('att_1')).toBeNull();
      expect(await repos.attachments.findById('att_2')).toBeNull();

      const orphan = await repos.attachments.insert(anAttachment(anOrder({ id: 'ord_missing' }), { id: 'att_3', storageKey: 'file_3' })).then(
        () => 'stored',
        (error: unknown) => String((error as { message?: unknown }).message),
      );
      expect(orphan).toMatch(/foreign key/i);
    });

    it('refuses a stored size that is not the number of bytes, and a negative one', async () => {
      await migrateToLatest(database());
      const at = '2026-03-20T12:00:00.000Z';
      const blob = (key: string, size: number, bytes: number[]) =>
        sql`insert into file_blobs (key, size, sha256, content, created_at) values (${key}, ${size}, ${'c'.repeat(64)}, ${Buffer.from(bytes)}, ${at})`;
      expect(await outcome(blob('file_ok', 2, [0, 255]), database())).toBe('stored');
      expect(await outcome(blob('file_short', 3, [0, 255]), database())).toMatch(/file_blobs_size_check/);
      expect(await outcome(blob('file_negative', -1, []), database())).toMatch(/file_blobs_size_check/);
      const order = anOrder();
      await new KyselyUnitOfWork(database()).repositories.orders.insert(order);
      await new KyselyUnitOfWork(database()).repositories.attachments.insert(anAttachment(order));
      expect(await outcome(sql`update attachments set size = -1 where id = 'att_1'`, database())).toMatch(/attachments_size_check/);
    });
  });
}
