import { MAX_NOTE_LENGTH, TRACKING_STATUSES } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { ATTACHMENT_KIND } from './attachment-schemas';
import { LIMIT_PARAM, MONEY_OUTPUT, OFFSET_PARAM, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';
import { ACTOR, ORDER_STATUS } from './order-schemas';

export const ADD_NOTE_BODY = strictObject(
  { content: { ...TEXT, description: `1 to ${MAX_NOTE_LENGTH} characters; line breaks allowed` } },
  ['content'],
);

export interface AddNoteBody {
  readonly content: string;
}

export const NOTE_SCHEMA = strictObject(
  {
    id: TEXT,
    content: TEXT,
    author: { ...TEXT, description: 'Who wrote it: their e-mail, else their id (an integration: its name)' },
    created_at: TIMESTAMP,
  },
  ['id', 'content', 'author', 'created_at'],
);

export const EVENT_PAGE_QUERY = strictObject({ limit: LIMIT_PARAM, offset: OFFSET_PARAM });

export interface EventPageQuery {
  readonly limit?: number;
  readonly offset?: number;
}

/** Per changed field, its value before and after (any JSON: text, null, an address, the whole metadata). */
export const FIELD_CHANGES: JsonSchema = {
  type: 'object',
  description: 'Per changed field: its value before and after',
  additionalProperties: strictObject(
    { from: { description: 'Before (any JSON value)' }, to: { description: 'After (any JSON value)' } },
    ['from', 'to'],
  ),
};

const BASE = { id: TEXT, at: TIMESTAMP, actor: ACTOR } as const;
const BASE_REQUIRED = ['id', 'type', 'at', 'actor'] as const;

const ATTACHMENT_FIELDS = {
  attachment_id: TEXT,
  filename: TEXT,
  content_type: TEXT,
  size: { type: 'integer', minimum: 0 },
  kind: ATTACHMENT_KIND,
} as const;
const ATTACHMENT_REQUIRED = ['attachment_id', 'filename', 'content_type', 'size', 'kind'] as const;

/** One entry per order event; `type` tells which fields it has. */
export const TIMELINE_ENTRY_SCHEMA: JsonSchema = {
  description: 'What happened, who did it (actor) and when (at); oldest first',
  anyOf: [
    strictObject(
      {
        ...BASE,
        type: { const: 'status_change' },
        from: { ...nullable(ORDER_STATUS), description: 'null when the order was placed' },
        status: ORDER_STATUS,
        reason: OPTIONAL_TEXT,
        tracking_number: OPTIONAL_TEXT,
        carrier: OPTIONAL_TEXT,
        notify_customer: { type: 'boolean' },
        refund: { type: 'boolean', description: 'A cancellation that is to be refunded' },
      },
      [...BASE_REQUIRED, 'from', 'status', 'reason'],
    ),
    strictObject({ ...BASE, type: { const: 'note' }, content: TEXT }, [...BASE_REQUIRED, 'content']),
    strictObject({ ...BASE, type: { const: 'order_edited' }, changes: FIELD_CHANGES }, [...BASE_REQUIRED, 'changes']),
    strictObject(
      { ...BASE, type: { type: 'string', enum: ['attachment_added', 'attachment_removed'] }, ...ATTACHMENT_FIELDS },
      [...BASE_REQUIRED, ...ATTACHMENT_REQUIRED],
    ),
    strictObject(
      { ...BASE, type: { const: 'attachment_updated' }, ...ATTACHMENT_FIELDS, changes: FIELD_CHANGES },
      [...BASE_REQUIRED, ...ATTACHMENT_REQUIRED, 'changes'],
    ),
    strictObject(
      {
        ...BASE,
        type: { type: 'string', enum: ['payment', 'refund'] },
        payment_id: TEXT,
        amount: MONEY_OUTPUT,
        currency: TEXT,
        method: { ...TEXT, description: 'How it was paid (card, cash, ...); for a refund, the gateway' },
        reference: OPTIONAL_TEXT,
      },
      [...BASE_REQUIRED, 'payment_id', 'amount', 'currency', 'method', 'reference'],
    ),
    strictObject(
      {
        ...BASE,
        type: { const: 'shipment_created' },
        shipment_id: TEXT,
        carrier: TEXT,
        tracking_number: OPTIONAL_TEXT,
        courier_id: { ...OPTIONAL_TEXT, description: 'The delivery person, for hand-overs to a courier' },
        lines: {
          type: 'array',
          items: strictObject({ line_id: TEXT, sku: TEXT, quantity: { type: 'integer', minimum: 1 } }, ['line_id', 'sku', 'quantity']),
        },
      },
      [...BASE_REQUIRED, 'shipment_id', 'carrier', 'tracking_number', 'courier_id', 'lines'],
    ),
    strictObject(
      {
        ...BASE,
        type: { const: 'shipment_updated' },
        shipment_id: TEXT,
        status: { type: 'string', enum: TRACKING_STATUSES, description: 'The normalized tracking status' },
        raw_code: { ...TEXT, description: "The carrier's own status code, as received" },
        description: OPTIONAL_TEXT,
      },
      [...BASE_REQUIRED, 'shipment_id', 'status', 'raw_code', 'description'],
    ),
    strictObject(
      { ...BASE, type: { const: 'shipment_cancelled' }, shipment_id: TEXT, reason: OPTIONAL_TEXT },
      [...BASE_REQUIRED, 'shipment_id', 'reason'],
    ),
  ],
};
