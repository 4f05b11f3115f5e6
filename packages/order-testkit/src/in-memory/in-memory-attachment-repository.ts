import { DomainError, type Attachment, type AttachmentRepository } from '@oms/order-core';
import { byTimeThenId, copy, journaledDelete, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryAttachmentRepository implements AttachmentRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(attachment: Attachment): Promise<void> {
    for (const other of this.state.attachments.values()) {
      if (other.id === attachment.id || other.storageKey === attachment.storageKey) {
        throw new DomainError('CONFLICT', `Attachment ${attachment.id} already exists`, { entity: 'attachment', field: 'id' });
      }
    }
    journaledSet(this.journal, this.state.attachments, attachment.id, copy(attachment));
  }

  async findById(id: string): Promise<Attachment | null> {
    const attachment = this.state.attachments.get(id);
    return attachment ? copy(attachment) : null;
  }

  async listForOrder(orderId: string): Promise<readonly Attachment[]> {
    return [...this.state.attachments.values()].filter((a) => a.orderId === orderId).sort(byTimeThenId((a) => a.createdAt)).map(copy);
  }

  async update(attachment: Attachment, expectedVersion: number): Promise<boolean> {
    const stored = this.state.attachments.get(attachment.id);
    if (!stored || stored.version !== expectedVersion) return false;
    journaledSet(this.journal, this.state.attachments, attachment.id, copy(attachment));
    return true;
  }

  async delete(id: string): Promise<boolean> {
    if (!this.state.attachments.has(id)) return false;
    journaledDelete(this.journal, this.state.attachments, id);
    return true;
  }
}
