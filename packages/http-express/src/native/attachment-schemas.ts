import { ATTACHMENT_KINDS, type AttachmentKind } from '@oms/order-core';
import { strictObject, type JsonSchema } from '../validation/json-schema';
import { OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';
import { ACTOR } from './order-schemas';

export const ATTACHMENT_KIND: JsonSchema = { type: 'string', enum: ATTACHMENT_KINDS };

/** The text fields of an upload (multipart/form-data), sent before the file part. */
export const UPLOAD_ATTACHMENT_FIELDS = strictObject({
  description: { ...TEXT, description: 'At most 1,000 characters' },
  kind: { ...ATTACHMENT_KIND, description: 'Defaults to other' },
});

export interface UploadAttachmentFields {
  readonly description?: string;
  readonly kind?: AttachmentKind;
}

export const UPDATE_ATTACHMENT_BODY = strictObject({
  description: { ...OPTIONAL_TEXT, description: 'At most 1,000 characters; null (or empty) clears it' },
  kind: ATTACHMENT_KIND,
  filename: { ...TEXT, description: 'Shown and downloaded under this name; sanitised like an uploaded one' },
});

export interface UpdateAttachmentBody {
  readonly description?: string | null;
  readonly kind?: AttachmentKind;
  readonly filename?: string;
}

export const ATTACHMENT_SCHEMA = strictObject(
  {
    id: TEXT,
    filename: { ...TEXT, description: 'Sanitised: no path, no control characters' },
    content_type: { ...TEXT, description: 'Detected from the bytes, never taken from the client' },
    size: { type: 'integer', minimum: 0, description: 'Bytes' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the bytes' },
    kind: ATTACHMENT_KIND,
    description: OPTIONAL_TEXT,
    uploaded_by: ACTOR,
    version: { type: 'integer', minimum: 1, description: 'Also the ETag; send it back in If-Match to update' },
    download_url: { type: 'string', format: 'uri', description: 'Needs a bearer token with orders:read' },
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  ['id', 'filename', 'content_type', 'size', 'sha256', 'kind', 'description', 'uploaded_by', 'version', 'download_url', 'created_at', 'updated_at'],
);
