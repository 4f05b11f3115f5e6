import type { JsonSchema } from '../validation/json-schema';

interface HeaderDoc {
  readonly description: string;
  readonly schema: JsonSchema;
}

export const ETAG_HEADER_DOC: HeaderDoc = {
  description: 'Strong entity tag of the version, e.g. "3"; send it back in If-Match',
  schema: { type: 'string' },
};

export const IF_MATCH_HEADER_DOC: HeaderDoc = {
  description: 'Apply only if the resource is still at this ETag; otherwise 412 and nothing changes',
  schema: { type: 'string' },
};

export const IDEMPOTENCY_KEY_HEADER_DOC: HeaderDoc = {
  description: 'Retries with the same key and body replay the first response; keys are per caller and kept 24 hours',
  schema: { type: 'string', maxLength: 255 },
};
