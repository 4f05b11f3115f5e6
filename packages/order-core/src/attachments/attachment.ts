import type { ActorRef } from '../auth/principal';

export const ATTACHMENT_KINDS = ['design_proof', 'receipt', 'photo', 'invoice', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A file on an order. Its bytes live in a FileStore under `storageKey`, a generated id, never the client's name. */
export interface Attachment {
  /** `att_` + ULID. */
  readonly id: string;
  readonly orderId: string;
  /** Sanitised: no path, no control characters. */
  readonly filename: string;
  /** Decided from the file's first bytes, never from what the client declared. */
  readonly contentType: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly kind: AttachmentKind;
  readonly description: string | null;
  readonly uploadedBy: ActorRef;
  readonly storageKey: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
