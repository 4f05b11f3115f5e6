import type { OrderCore } from '@oms/order-core';
import { defineRoute, type ResponseDoc, type RouteDefinition, type RouteResponse } from '../routing/route-definition';
import { primed } from '../routing/write-stream';
import { checkBaseUrl } from '../signing/url-signer';
import { presentAttachment } from './attachment-presenter';
import {
  ATTACHMENT_SCHEMA,
  UPDATE_ATTACHMENT_BODY,
  UPLOAD_ATTACHMENT_FIELDS,
  type UpdateAttachmentBody,
  type UploadAttachmentFields,
} from './attachment-schemas';
import { attachmentDisposition } from './content-disposition';
import { entityTag, expectedVersionFromIfMatch } from './entity-tag';
import { ETAG_HEADER_DOC, IF_MATCH_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok } from './native-envelope';

export interface AttachmentRouteOptions {
  /** The app's public base URL: `download_url` starts with it. */
  readonly publicBaseUrl: string;
  /** The upload limit the app enforces, for the documentation. */
  readonly maxUploadBytes: number;
}

/** Locks a download into a box: no script, no plugin, no same-origin access, even if a browser renders it. */
export const DOWNLOAD_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

const ATTACHMENTS_PATH = '/admin/orders/{order_id}/attachments';
const ATTACHMENT_PATH = `${ATTACHMENTS_PATH}/{attachment_id}`;

const ONE_ATTACHMENT: ResponseDoc = {
  description: 'The attachment',
  schema: dataEnvelopeSchema(ATTACHMENT_SCHEMA),
  headers: { ETag: ETAG_HEADER_DOC },
};

/**
 * Files on an order: upload (multipart, streamed to the core's FileStore), list, read, change, delete, download.
 * An attachment of another order answers 404 exactly like a missing one (the core decides).
 */
export function attachmentRoutes(core: OrderCore, options: AttachmentRouteOptions): readonly RouteDefinition[] {
  const baseUrl = checkBaseUrl(options.publicBaseUrl);
  const limitText = `${options.maxUploadBytes} bytes`;
  const ids = (params: Readonly<Record<string, string>>) => ({
    orderId: params['order_id'] ?? '',
    attachmentId: params['attachment_id'] ?? '',
  });
  const one = (
    status: number,
    attachment: Parameters<typeof presentAttachment>[0],
    headers: Record<string, string> = {},
  ): RouteResponse => ({
    status,
    body: ok(presentAttachment(attachment, baseUrl)),
    headers: { ETag: entityTag(attachment.version), ...headers },
  });

  return [
    defineRoute({
      method: 'get',
      path: ATTACHMENTS_PATH,
      operationId: 'listOrderAttachments',
      summary: 'List the files on an order, oldest first',
      tags: ['Order attachments'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: { description: 'Every attachment of the order', schema: dataEnvelopeSchema({ type: 'array', items: ATTACHMENT_SCHEMA }) } },
      async handle({ params, principal }) {
        const attachments = await core.listAttachments.execute({ orderId: params['order_id'] ?? '' }, principal);
        return { status: 200, body: ok(attachments.map((attachment) => presentAttachment(attachment, baseUrl))) };
      },
    }),
    defineRoute<UploadAttachmentFields>({
      method: 'post',
      path: ATTACHMENTS_PATH,
      operationId: 'uploadOrderAttachment',
      summary: 'Upload a file to an order (multipart/form-data: text fields first, then the file part)',
      description:
        `Send \`description\` and \`kind\` before the \`file\` part: the file is stored while it streams in, so a field ` +
        `after it fails the upload (422 naming it). At most ${limitText} (413, nothing stored). The type is decided ` +
        'from the bytes, not from the declared Content-Type or the name: PNG, JPEG, GIF, WebP, PDF, plain text and CSV ' +
        'by default, anything else 415. The filename is kept without its path or control characters.',
      tags: ['Order attachments'],
      audience: 'staff',
      requiredScope: 'orders:write',
      multipart: {
        fields: UPLOAD_ATTACHMENT_FIELDS,
        file: { name: 'file', description: `The file, at most ${limitText}; its part's filename becomes the attachment's name` },
      },
      responses: {
        201: {
          ...ONE_ATTACHMENT,
          description: 'The stored attachment',
          headers: { ETag: ETAG_HEADER_DOC, Location: { description: 'The attachment', schema: { type: 'string' } } },
        },
      },
      async handle({ params, body, file, principal }) {
        // The router names a missing file part (422) before calling; this only narrows the type.
        if (file === null) throw new Error('uploadOrderAttachment was called without a file part');
        const attachment = await core.uploadAttachment.execute(
          {
            orderId: params['order_id'] ?? '',
            filename: file.filename,
            kind: body.kind,
            description: body.description,
            content: file.content,
          },
          principal,
        );
        const location = `/admin/orders/${encodeURIComponent(attachment.orderId)}/attachments/${encodeURIComponent(attachment.id)}`;
        return one(201, attachment, { Location: location });
      },
    }),
    defineRoute({
      method: 'get',
      path: ATTACHMENT_PATH,
      operationId: 'getOrderAttachment',
      summary: "Get an attachment's details",
      tags: ['Order attachments'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: { 200: ONE_ATTACHMENT },
      async handle({ params, principal }) {
        return one(200, await core.getAttachment.execute(ids(params), principal));
      },
    }),
    defineRoute<UpdateAttachmentBody>({
      method: 'patch',
      path: ATTACHMENT_PATH,
      operationId: 'updateOrderAttachment',
      summary: "Change an attachment's description, kind or filename",
      description: 'If-Match makes it conditional on the ETag (412 when stale). The bytes never change.',
      tags: ['Order attachments'],
      audience: 'staff',
      requiredScope: 'orders:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: UPDATE_ATTACHMENT_BODY,
      responses: { 200: { ...ONE_ATTACHMENT, description: 'The attachment after the change' } },
      async handle({ params, body, principal, header }) {
        const attachment = await core.updateAttachment.execute(
          {
            ...ids(params),
            changes: { description: body.description, kind: body.kind, filename: body.filename },
            expectedVersion: expectedVersionFromIfMatch(header('if-match')),
          },
          principal,
        );
        return one(200, attachment);
      },
    }),
    defineRoute({
      method: 'delete',
      path: ATTACHMENT_PATH,
      operationId: 'deleteOrderAttachment',
      summary: 'Delete an attachment and its bytes',
      tags: ['Order attachments'],
      audience: 'staff',
      requiredScope: 'orders:write',
      responses: { 204: { description: 'Deleted' } },
      async handle({ params, principal }) {
        await core.deleteAttachment.execute(ids(params), principal);
        return { status: 204, body: null };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${ATTACHMENT_PATH}/download`,
      operationId: 'downloadOrderAttachment',
      summary: "Download an attachment's bytes",
      description:
        'Streamed with the detected type, Content-Disposition: attachment (ASCII filename and UTF-8 filename*), ' +
        `X-Content-Type-Options: nosniff and Content-Security-Policy: ${DOWNLOAD_CONTENT_SECURITY_POLICY}.`,
      tags: ['Order attachments'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: {
        200: {
          description: 'The bytes, as uploaded',
          content: { '*/*': { type: 'string', contentMediaType: 'application/octet-stream' } },
          headers: {
            'Content-Disposition': { description: 'attachment; filename="..."; filename*=UTF-8\'\'...', schema: { type: 'string' } },
            'Content-Length': { description: 'The size in bytes', schema: { type: 'integer' } },
          },
        },
      },
      async handle({ params, principal }) {
        const { attachment, content } = await core.downloadAttachment.execute(ids(params), principal);
        // The first chunk is read before the headers go out: a store that cannot read the file answers an error.
        const bytes = await primed(content);
        return {
          status: 200,
          stream: bytes,
          headers: {
            'Content-Type': mediaType(attachment.contentType),
            'Content-Length': String(attachment.size),
            'Content-Disposition': attachmentDisposition(attachment.filename),
            'X-Content-Type-Options': 'nosniff',
            'Content-Security-Policy': DOWNLOAD_CONTENT_SECURITY_POLICY,
          },
        };
      },
    }),
  ];
}

/** Text was detected as UTF-8: say so, so no client guesses another charset. */
function mediaType(contentType: string): string {
  return contentType.startsWith('text/') ? `${contentType}; charset=utf-8` : contentType;
}
