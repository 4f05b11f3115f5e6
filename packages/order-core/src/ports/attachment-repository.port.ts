import type { Attachment } from '../attachments/attachment';

/** Attachment metadata; the bytes are in a FileStore. */
export const AttachmentRepository = Symbol.for('oms.AttachmentRepository');
export interface AttachmentRepository {
  insert(attachment: Attachment): Promise<void>;
  findById(id: string): Promise<Attachment | null>;
  /** Oldest first (by creation, then id). */
  listForOrder(orderId: string): Promise<readonly Attachment[]>;
  /** Replaces it if still at `expectedVersion`; false (nothing changed) otherwise. */
  update(attachment: Attachment, expectedVersion: number): Promise<boolean>;
  /** Resolves false when there was no such attachment. */
  delete(id: string): Promise<boolean>;
}
