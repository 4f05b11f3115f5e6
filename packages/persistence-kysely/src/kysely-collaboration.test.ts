import type { Attachment, Order, OrderEvent, OrderEventType } from '@oms/order-core';
import { anOrder, rejectionCode } from '@oms/order-testkit';
import { CompiledQuery, sql, type LogEvent } from 'kysely';
import type { OmsDatabase } from './connect-database';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { testTargets, type TestDatabase } from './testing/test-databases';

function anAttachment(order: Order, overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: 'att_1',
    orderId: order.id,
    filename: 'receipt.pdf',
    contentType: 'application/pdf',
    size: 12_345,
    sha256: 'd'.repeat(64),
    kind: 'receipt',
    description: 'Paid by card',
    uploadedBy: { kind: 'staff', id: 'usr_1', display: 'ana@example.com' },
    storageKey: 'file_1',
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

/** Events of one order, a second apart, alternating notes and edits, with ids that do not sort like their times. */
function eventsOf(order: Order, count: number): OrderEvent[] {
  return Array.from({ length: count }, (_, i): OrderEvent => {
    const base = { id: `evt_${String(count - i).padStart(3, '0')}`, orderId: order.id, actor: { kind: 'staff' as const, id: 'usr_1', display: 'ana' } };
    const at = new Date(Date.UTC(2026, 2, 20, 12, 0, i)).toISOString();
    return i % 2 === 0
      ? { ...base, type: 'note_added', at, data: { content: `note ${i}` } }
      : { ...base, type: 'order_edited', at, data: { changes: { notes: { from: null, to: `edit ${i}` } } } };
  });
}

/** The plan the database chooses for a query the repositories logged. */
async function planOf(database: OmsDatabase, query: CompiledQuery): Promise<string> {
  if (database.dialect === 'sqlite') {
    const result = await database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    return result.rows.map((r) => r.detail).join('\n');
  }
  // A few rows would be read by a sequential scan; what matters is that the index can serve the order without a sort.
  return database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

// What the contracts leave open for notes, the timeline and attachments: error details, the paging shortcuts, the
// indexes the lists use.
for (const target of testTargets()) {
  describe(`Kysely collaboration storage on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    let queries: CompiledQuery[] = [];
    const database = (): OmsDatabase => current!.database;
    const uow = () => new KyselyUnitOfWork(database());
    beforeEach(async () => {
      queries = [];
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    async function storedOrder(): Promise<Order> {
      const order = anOrder();
      await uow().repositories.orders.insert(order);
      return order;
    }

    it('names the entity and field of every attachment key it refuses', async () => {
      const order = await storedOrder();
      const repos = uow().repositories;
      await repos.attachments.insert(anAttachment(order));
      expect(await rejectionCode(repos.attachments.insert(anAttachment(order, { storageKey: 'file_2' })))).toEqual({
        code: 'CONFLICT',
        details: { entity: 'attachment', field: 'id' },
      });
      expect(await rejectionCode(repos.attachments.insert(anAttachment(order, { id: 'att_2' })))).toEqual({
        code: 'CONFLICT',
        details: { entity: 'attachment', field: 'storage_key' },
      });
      await repos.attachments.insert(anAttachment(order, { id: 'att_2', storageKey: 'file_2' }));
      expect(await rejectionCode(repos.attachments.update(anAttachment(order, { id: 'att_2', version: 2 }), 1))).toEqual({
        code: 'CONFLICT',
        details: { entity: 'attachment', field: 'storage_key' },
      });
    });

    it('keeps an uploader without an id, normalises timestamps and refuses a kind it does not know', async () => {
      const order = await storedOrder();
      const repos = uow().repositories;
      const attachment = anAttachment(order, { uploadedBy: { kind: 'integration', id: null, display: 'erp' }, createdAt: '2026-03-20T14:00:00+02:00' });
      await repos.attachments.insert(attachment);
      expect(await repos.attachments.findById(attachment.id)).toEqual({ ...attachment, createdAt: '2026-03-20T12:00:00.000Z' });
      await sql`update attachments set kind = 'selfie' where id = ${attachment.id}`.execute(database().db);
      await expect(repos.attachments.findById(attachment.id)).rejects.toThrow(/attachments.kind of att_1 holds an unknown kind "selfie"/);
    });

    it('pages a long timeline oldest first, by type, with totals, and counts only when the page is full', async () => {
      const order = await storedOrder();
      const other = await storedOrder();
      const events = eventsOf(order, 25);
      await uow().repositories.orderEvents.append([...events, ...eventsOf(other, 3).map((e) => ({ ...e, id: `${e.id}_other` }))]);
      const repo = uow().repositories.orderEvents;

      const pages: OrderEvent[] = [];
      for (let offset = 0; offset < 30; offset += 10) {
        const page = await repo.pageForOrder(order.id, { limit: 10, offset });
        expect(page.total).toBe(25);
        pages.push(...page.items);
      }
      expect(pages).toEqual(events);
      expect(pages).toEqual(await repo.listForOrder(order.id));

      const notes = events.filter((e) => e.type === 'note_added');
      expect(await repo.pageForOrder(order.id, { types: ['note_added'], limit: 5, offset: 5 })).toEqual({ items: notes.slice(5, 10), total: 13 });
      const both: OrderEventType[] = ['order_edited', 'note_added', 'note_added'];
      expect((await repo.pageForOrder(order.id, { types: both, limit: 100, offset: 0 })).items).toEqual(events);
      expect(await repo.pageForOrder(order.id, { types: [], limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      expect(await repo.pageForOrder(order.id, { limit: 10, offset: 100 })).toEqual({ items: [], total: 25 });
      expect(await repo.pageForOrder(order.id, { limit: 0, offset: 0 })).toEqual({ items: [], total: 25 });
      expect(await repo.pageForOrder('ord_missing', { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      await expect(repo.pageForOrder(order.id, { limit: -1, offset: 0 })).rejects.toThrow(RangeError);
      await expect(repo.pageForOrder(order.id, { limit: 10, offset: 0.5 })).rejects.toThrow(RangeError);

      queries = [];
      await repo.pageForOrder(order.id, { limit: 10, offset: 20 });
      expect(queries).toHaveLength(1);
      queries = [];
      await repo.pageForOrder(order.id, { limit: 10, offset: 10 });
      expect(queries).toHaveLength(2);
    });

    it('reads a page of events and an order’s attachments along their indexes, without sorting', async () => {
      const order = await storedOrder();
      await uow().repositories.orderEvents.append(eventsOf(order, 4));
      await uow().repositories.attachments.insert(anAttachment(order));

      queries = [];
      await uow().repositories.orderEvents.pageForOrder(order.id, { types: ['note_added'], limit: 10, offset: 1 });
      const eventPlan = await planOf(database(), queries[0]!);
      expect(eventPlan).toMatch(/order_events_order_at_idx/);
      expect(eventPlan).not.toMatch(/TEMP B-TREE|Sort/);

      queries = [];
      await uow().repositories.attachments.listForOrder(order.id);
      const attachmentPlan = await planOf(database(), queries[0]!);
      expect(attachmentPlan).toMatch(/attachments_order_created_idx/);
      expect(attachmentPlan).not.toMatch(/TEMP B-TREE|Sort/);
    });
  });
}
