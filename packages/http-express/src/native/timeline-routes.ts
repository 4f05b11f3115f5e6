import type { OrderCore } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';
import { isNoteEvent, presentNote, presentTimelineEntry } from './timeline-presenter';
import {
  ADD_NOTE_BODY,
  EVENT_PAGE_QUERY,
  NOTE_SCHEMA,
  TIMELINE_ENTRY_SCHEMA,
  type AddNoteBody,
  type EventPageQuery,
} from './timeline-schemas';

/** Internal notes on an order and its timeline: both read from the order's events, oldest first. */
export function timelineRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<Record<string, never>, EventPageQuery>({
      method: 'get',
      path: '/admin/orders/{order_id}/notes',
      operationId: 'listOrderNotes',
      summary: 'List the internal notes on an order, oldest first',
      tags: ['Order notes & timeline'],
      audience: 'staff',
      requiredScope: 'orders:read',
      query: EVENT_PAGE_QUERY,
      responses: { 200: { description: 'A page of notes', schema: pageEnvelopeSchema(NOTE_SCHEMA) } },
      async handle({ params, query, principal }) {
        const page = await core.listOrderNotes.execute(
          { orderId: params['order_id'] ?? '', limit: query.limit, offset: query.offset },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.filter(isNoteEvent).map(presentNote), {
            total: page.total,
            limit: page.limit,
            offset: page.offset,
            next_cursor: null,
          }),
        };
      },
    }),
    defineRoute<AddNoteBody>({
      method: 'post',
      path: '/admin/orders/{order_id}/notes',
      operationId: 'addOrderNote',
      summary: 'Add an internal note to an order (it also appears on the timeline)',
      description: 'The author is whoever calls. Content is 1 to 5,000 characters (after trimming, not empty).',
      tags: ['Order notes & timeline'],
      audience: 'staff',
      requiredScope: 'orders:write',
      body: ADD_NOTE_BODY,
      responses: { 201: { description: 'The note', schema: dataEnvelopeSchema(NOTE_SCHEMA) } },
      async handle({ params, body, principal }) {
        const note = await core.addOrderNote.execute({ orderId: params['order_id'] ?? '', content: body.content }, principal);
        return { status: 201, body: ok(presentNote(note)) };
      },
    }),
    defineRoute<Record<string, never>, EventPageQuery>({
      method: 'get',
      path: '/admin/orders/{order_id}/timeline',
      operationId: 'getOrderTimeline',
      summary: 'Everything that happened to an order, oldest first: status changes, notes, edits, attachments, payments',
      description:
        'Each entry has id, type, at and actor ({kind, id, display}) and the fields of its type. Types: status_change ' +
        '(from, status, reason; tracking_number, carrier, notify_customer, refund when recorded), note (content), ' +
        'order_edited (changes: {field: {from, to}}), attachment_added, attachment_updated (with changes), ' +
        'attachment_removed (attachment_id, filename, content_type, size, kind), payment and refund (payment_id, ' +
        'amount in major units, currency, method, reference). Later features add types.',
      tags: ['Order notes & timeline'],
      audience: 'staff',
      requiredScope: 'orders:read',
      query: EVENT_PAGE_QUERY,
      responses: { 200: { description: 'A page of the timeline', schema: pageEnvelopeSchema(TIMELINE_ENTRY_SCHEMA) } },
      async handle({ params, query, principal }) {
        const page = await core.getOrderTimeline.execute(
          { orderId: params['order_id'] ?? '', limit: query.limit, offset: query.offset },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentTimelineEntry), {
            total: page.total,
            limit: page.limit,
            offset: page.offset,
            next_cursor: null,
          }),
        };
      },
    }),
  ];
}
