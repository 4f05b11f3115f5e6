import { ATTACHMENT_KINDS, type Attachment, type AttachmentKind, type AttachmentRepository } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import { readActorColumn, writeActorColumn } from './actor-column';
import type { AttachmentsTable, DatabaseSchema } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type AttachmentRow = Selectable<AttachmentsTable>;

function uniqueKeys(attachment: Attachment): readonly UniqueKey[] {
  return [
    { column: 'id', constraint: 'attachments_pkey', field: 'id', message: `An attachment with id ${attachment.id} already exists` },
    {
      column: 'storage_key',
      constraint: 'attachments_storage_key_key',
      field: 'storage_key',
      message: 'Another attachment already uses this storage key',
    },
  ];
}

/** Attachment metadata; the bytes are in a FileStore. Rows go with their order (ON DELETE CASCADE). */
export class KyselyAttachmentRepository implements AttachmentRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(attachment: Attachment): Promise<void> {
    const row = { id: attachment.id, ...toRow(attachment) };
    await withConflictMapping('attachment', uniqueKeys(attachment), () => this.db.insertInto('attachments').values(row).execute());
  }

  async findById(id: string): Promise<Attachment | null> {
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async listForOrder(orderId: string): Promise<readonly Attachment[]> {
    // Read along attachments_order_created_idx (order_id, created_at, id).
    const rows = await this.db
      .selectFrom('attachments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromRow);
  }

  async update(attachment: Attachment, expectedVersion: number): Promise<boolean> {
    const result = await withConflictMapping('attachment', uniqueKeys(attachment), () =>
      this.db
        .updateTable('attachments')
        .set(toRow(attachment))
        .where('id', '=', attachment.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('attachments').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toRow(attachment: Attachment) {
  return {
    order_id: attachment.orderId,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    kind: attachment.kind,
    description: attachment.description,
    uploaded_by: writeActorColumn(attachment.uploadedBy),
    storage_key: attachment.storageKey,
    version: attachment.version,
    created_at: toStoredTimestamp(attachment.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(attachment.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    orderId: row.order_id,
    filename: row.filename,
    contentType: row.content_type,
    size: readSafeInteger(row.size, 'attachments.size'),
    sha256: row.sha256,
    kind: attachmentKind(row),
    description: row.description,
    uploadedBy: readActorColumn(row.uploaded_by, 'attachments.uploaded_by'),
    storageKey: row.storage_key,
    version: readSafeInteger(row.version, 'attachments.version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function attachmentKind(row: AttachmentRow): AttachmentKind {
  const kind = ATTACHMENT_KINDS.find((k) => k === row.kind);
  if (kind === undefined) throw new Error(`Column attachments.kind of ${row.id} holds an unknown kind ${JSON.stringify(row.kind)}`);
  return kind;
}
