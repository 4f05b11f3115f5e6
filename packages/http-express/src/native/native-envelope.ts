import type { JsonSchema } from '../validation/json-schema';

/** The native dialect wraps every success as `{"success": true, "data": ...}`. */
export interface DataEnvelope<T> {
  readonly success: true;
  readonly data: T;
}

export interface Pagination {
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  /** Opaque keyset position of the next page, or null on the last page (and for lists without keyset paging). */
  readonly next_cursor: string | null;
}

export interface PageEnvelope<T> extends DataEnvelope<readonly T[]> {
  readonly pagination: Pagination;
}

export function ok<T>(data: T): DataEnvelope<T> {
  return { success: true, data };
}

export function okPage<T>(data: readonly T[], pagination: Pagination): PageEnvelope<T> {
  return { success: true, data, pagination };
}

export function dataEnvelopeSchema(data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: { success: { const: true }, data },
    required: ['success', 'data'],
    additionalProperties: false,
  };
}

export function pageEnvelopeSchema(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: {
      success: { const: true },
      data: { type: 'array', items: item },
      pagination: {
        type: 'object',
        properties: {
          total: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1 },
          offset: { type: 'integer', minimum: 0 },
          next_cursor: { type: ['string', 'null'] },
        },
        required: ['total', 'limit', 'offset', 'next_cursor'],
        additionalProperties: false,
      },
    },
    required: ['success', 'data', 'pagination'],
    additionalProperties: false,
  };
}
