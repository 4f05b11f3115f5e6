import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { ATTACHMENT_KINDS, type Attachment, type AttachmentKind } from '../../attachments/attachment';
import { detectFileType, sanitizeFilename, SNIFF_BYTES } from '../../attachments/file-type';
import type { FieldChange, OrderEvent } from '../../orders/order-event';
import type { FileStore } from '../../ports/file-store.port';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { nowIso, type CoreDependencies } from '../dependencies';
import { checkExpectedVersion } from '../versioning';

export interface AttachmentDependencies extends CoreDependencies {
  readonly files: FileStore;
  readonly maxUploadBytes: number;
  readonly allowedFileTypes: readonly string[];
}

export interface UploadAttachmentInput {
  readonly orderId: string;
  /** As the client named it; stored sanitised. */
  readonly filename: string;
  readonly kind?: AttachmentKind;
  readonly description?: string | null;
  /** The bytes as they arrive; never buffered whole. */
  readonly content: AsyncIterable<Uint8Array>;
}

function eventData(a: Attachment) {
  return { attachmentId: a.id, filename: a.filename, contentType: a.contentType, size: a.size, kind: a.kind };
}

async function findOnOrder(repos: Repositories, orderId: string, attachmentId: string): Promise<Attachment> {
  const attachment = await repos.attachments.findById(attachmentId);
  // An attachment of another order is reported exactly like a missing one.
  if (!attachment || attachment.orderId !== orderId) throw DomainError.notFound('Attachment', attachmentId);
  return attachment;
}

/** Reads the first bytes of a stream, then hands back a stream that replays them followed by the rest. */
async function peek(
  content: AsyncIterable<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; complete: boolean; replay: AsyncIterable<Uint8Array>; cancel: () => Promise<void> }> {
  const iterator = content[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  const head = new Uint8Array(Math.min(size, bytes));
  let at = 0;
  for (const chunk of buffered) {
    if (at >= head.length) break;
    const part = chunk.subarray(0, head.length - at);
    head.set(part, at);
    at += part.length;
  }
  let finished = complete;
  // Whoever stops reading the replay early (a size limit, a refusal) stops the client's stream too.
  const cancel = async () => {
    if (finished) return;
    finished = true;
    await iterator.return?.();
  };
  const replay: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      try {
        yield* buffered;
        if (finished) return;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
        finished = true;
      } finally {
        await cancel();
      }
    },
  };
  return { head, complete, replay, cancel };
}

export class UploadAttachment {
  constructor(private readonly deps: AttachmentDependencies) {}

  async execute(input: UploadAttachmentInput, principal: Principal): Promise<Attachment> {
    requireScope(principal, 'orders:write');
    const check = new InputChecker();
    const kind = input.kind === undefined ? 'other' : check.oneOf('kind', input.kind, ATTACHMENT_KINDS);
    const description = check.multiline('description', input.description, 1_000);
    if (typeof input.filename !== 'string') check.fail('filename', 'must be a string');
    check.throwIfFailed();
    const filename = sanitizeFilename(input.filename);
    if (!(await this.deps.uow.repositories.orders.findById(input.orderId))) throw DomainError.notFound('Order', input.orderId);

    const { head, complete, replay, cancel } = await peek(input.content, SNIFF_BYTES);
    const contentType = detectFileType(head, filename, complete);
    if (contentType === null || !this.deps.allowedFileTypes.includes(contentType)) {
      await cancel();
      throw new DomainError('UNSUPPORTED_FILE_TYPE', `The content of ${filename} is not one of the accepted file types`, {
        detected: contentType,
        allowed: this.deps.allowedFileTypes,
      });
    }
    const storageKey = this.deps.ids.next('file');
    const stored = await this.deps.files.write(storageKey, replay, this.deps.maxUploadBytes);
    try {
      return await this.deps.uow.transaction(async (repos) => {
        if (!(await repos.orders.findById(input.orderId))) throw DomainError.notFound('Order', input.orderId);
        const now = nowIso(this.deps.clock);
        const actor = actorOf(principal);
        const attachment: Attachment = {
          id: this.deps.ids.next('att'),
          orderId: input.orderId,
          filename,
          contentType,
          size: stored.size,
          sha256: stored.sha256,
          kind,
          description,
          uploadedBy: actor,
          storageKey,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await repos.attachments.insert(attachment);
        const event: OrderEvent = { id: this.deps.ids.next('evt'), orderId: input.orderId, type: 'attachment_added', actor, at: now, data: eventData(attachment) };
        await repos.orderEvents.append([event]);
        return attachment;
      });
    } catch (error) {
      // No row without bytes, and no bytes without a row.
      await this.deps.files.delete(storageKey);
      throw error;
    }
  }
}

export class ListAttachments {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow'>) {}

  async execute(input: { readonly orderId: string }, principal: Principal): Promise<readonly Attachment[]> {
    requireScope(principal, 'orders:read');
    const repos = this.deps.uow.repositories;
    if (!(await repos.orders.findById(input.orderId))) throw DomainError.notFound('Order', input.orderId);
    return repos.attachments.listForOrder(input.orderId);
  }
}

export class GetAttachment {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow'>) {}

  async execute(input: { readonly orderId: string; readonly attachmentId: string }, principal: Principal): Promise<Attachment> {
    requireScope(principal, 'orders:read');
    return findOnOrder(this.deps.uow.repositories, input.orderId, input.attachmentId);
  }
}

export class DownloadAttachment {
  constructor(private readonly deps: Pick<AttachmentDependencies, 'uow' | 'files'>) {}

  async execute(input: { readonly orderId: string; readonly attachmentId: string }, principal: Principal): Promise<{ attachment: Attachment; content: AsyncIterable<Uint8Array> }> {
    requireScope(principal, 'orders:read');
    const attachment = await findOnOrder(this.deps.uow.repositories, input.orderId, input.attachmentId);
    const content = await this.deps.files.read(attachment.storageKey);
    if (!content) throw new Error(`The bytes of attachment ${attachment.id} are missing from the file store`);
    return { attachment, content };
  }
}

export interface UpdateAttachmentInput {
  readonly orderId: string;
  readonly attachmentId: string;
  readonly changes: { readonly description?: string | null; readonly kind?: AttachmentKind; readonly filename?: string };
  readonly expectedVersion?: number;
}

export class UpdateAttachment {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: UpdateAttachmentInput, principal: Principal): Promise<Attachment> {
    requireScope(principal, 'orders:write');
    const { changes } = input;
    const check = new InputChecker();
    if (Object.values(changes ?? {}).every((v) => v === undefined)) check.fail('body', 'must change at least one field');
    const kind = changes.kind === undefined ? undefined : check.oneOf('kind', changes.kind, ATTACHMENT_KINDS);
    const description = changes.description === undefined ? undefined : check.multiline('description', changes.description, 1_000);
    // Names are sanitised, not refused, exactly as on upload.
    if (changes.filename !== undefined && (typeof changes.filename !== 'string' || changes.filename.length > 1_000)) {
      check.fail('filename', 'must be a string of at most 1000 characters');
    }
    const filename = typeof changes.filename === 'string' ? sanitizeFilename(changes.filename) : undefined;
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      const current = await findOnOrder(repos, input.orderId, input.attachmentId);
      checkExpectedVersion('Attachment', current.version, input.expectedVersion);
      const now = nowIso(this.deps.clock);
      const next: Attachment = {
        ...current,
        kind: kind ?? current.kind,
        description: description === undefined ? current.description : description,
        filename: filename ?? current.filename,
        version: current.version + 1,
        updatedAt: now,
      };
      const fieldChanges: Record<string, FieldChange> = {};
      for (const field of ['kind', 'description', 'filename'] as const) {
        if (current[field] !== next[field]) fieldChanges[field] = { from: current[field], to: next[field] };
      }
      if (Object.keys(fieldChanges).length === 0) return current;
      if (!(await repos.attachments.update(next, current.version))) {
        throw new DomainError('VERSION_CONFLICT', `Attachment ${current.id} was changed by someone else; reload and retry`, { id: current.id });
      }
      const event: OrderEvent = {
        id: this.deps.ids.next('evt'),
        orderId: current.orderId,
        type: 'attachment_updated',
        actor: actorOf(principal),
        at: now,
        data: { ...eventData(next), changes: fieldChanges },
      };
      await repos.orderEvents.append([event]);
      return next;
    });
  }
}

export class DeleteAttachment {
  constructor(private readonly deps: AttachmentDependencies) {}

  async execute(input: { readonly orderId: string; readonly attachmentId: string }, principal: Principal): Promise<void> {
    requireScope(principal, 'orders:write');
    const removed = await this.deps.uow.transaction(async (repos) => {
      const attachment = await findOnOrder(repos, input.orderId, input.attachmentId);
      if (!(await repos.attachments.delete(attachment.id))) throw DomainError.notFound('Attachment', attachment.id);
      const event: OrderEvent = {
        id: this.deps.ids.next('evt'),
        orderId: attachment.orderId,
        type: 'attachment_removed',
        actor: actorOf(principal),
        at: nowIso(this.deps.clock),
        data: eventData(attachment),
      };
      await repos.orderEvents.append([event]);
      return attachment;
    });
    // The row is gone first; then the bytes. A crash in between leaves unreferenced bytes, never a row without them.
    await this.deps.files.delete(removed.storageKey);
  }
}
