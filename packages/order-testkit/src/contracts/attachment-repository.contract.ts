import type { Attachment, Order, UnitOfWork } from '@oms/order-core';
import { anOrder } from '../builders';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

function anAttachment(order: Order, overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: 'att_1',
    orderId: order.id,
    filename: 'proof "final".png',
    contentType: 'image/png',
    size: 3_000_000_000,
    sha256: 'a'.repeat(64),
    kind: 'design_proof',
    description: 'Second round',
    uploadedBy: { kind: 'staff', id: 'u1', display: 'marc@example.com' },
    storageKey: 'file_1',
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

async function storedOrder(uow: UnitOfWork): Promise<Order> {
  const order = anOrder();
  await uow.transaction((r) => r.orders.insert(order));
  return order;
}

export function describeAttachmentRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`AttachmentRepository contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('stores, finds, lists per order oldest first, updates at a version and deletes', async () => {
      const order = await storedOrder(uow());
      const other = await storedOrder(uow());
      const later = anAttachment(order, { id: 'att_2', storageKey: 'file_2', description: null, createdAt: '2026-03-21T00:00:00.000Z', updatedAt: '2026-03-21T00:00:00.000Z' });
      const first = anAttachment(order);
      await uow().transaction(async (r) => {
        await r.attachments.insert(later);
        await r.attachments.insert(first);
        await r.attachments.insert(anAttachment(other, { id: 'att_3', storageKey: 'file_3' }));
      });
      const repo = uow().repositories.attachments;
      expect(await repo.findById('att_1')).toEqual(first);
      expect(await repo.findById('att_none')).toBeNull();
      expect(await repo.listForOrder(order.id)).toEqual([first, later]);
      const renamed = { ...first, filename: 'proof.png', kind: 'photo' as const, version: 2 };
      expect(await uow().transaction((r) => r.attachments.update(renamed, 1))).toBe(true);
      expect(await uow().transaction((r) => r.attachments.update({ ...first, description: 'stale', version: 2 }, 1))).toBe(false);
      expect(await repo.findById('att_1')).toEqual(renamed);
      expect(await uow().transaction((r) => r.attachments.delete('att_1'))).toBe(true);
      expect(await uow().transaction((r) => r.attachments.delete('att_1'))).toBe(false);
      expect(await repo.listForOrder(order.id)).toEqual([later]);
    });
  });
}
