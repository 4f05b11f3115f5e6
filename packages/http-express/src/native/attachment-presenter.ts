import type { Attachment, AttachmentKind } from '@oms/order-core';
import type { ActorView } from './timeline-presenter';

export interface AttachmentView {
  readonly id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
  readonly sha256: string;
  readonly kind: AttachmentKind;
  readonly description: string | null;
  readonly uploaded_by: ActorView;
  readonly version: number;
  readonly download_url: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** The API path of an attachment's bytes (under the public base URL it is `download_url`). */
export function attachmentDownloadPath(orderId: string, attachmentId: string): string {
  return `/admin/orders/${encodeURIComponent(orderId)}/attachments/${encodeURIComponent(attachmentId)}/download`;
}

/** An attachment's metadata; the storage key stays inside. `baseUrl` is the public base URL without trailing slash. */
export function presentAttachment(attachment: Attachment, baseUrl: string): AttachmentView {
  return {
    id: attachment.id,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    kind: attachment.kind,
    description: attachment.description,
    uploaded_by: { kind: attachment.uploadedBy.kind, id: attachment.uploadedBy.id, display: attachment.uploadedBy.display },
    version: attachment.version,
    download_url: `${baseUrl}${attachmentDownloadPath(attachment.orderId, attachment.id)}`,
    created_at: attachment.createdAt,
    updated_at: attachment.updatedAt,
  };
}
