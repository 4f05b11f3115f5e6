import { isDomainError, type ErrorDetails } from '@oms/order-core';
import type { ErrorRequestHandler } from 'express';
import type { HttpLogger } from '../logging/http-logger';
import { findRequestContext } from '../logging/request-context';
import type { HttpErrorCode } from './http-error-codes';
import { HttpError } from './http-error';
import { sendError } from './error-response';

/** The challenge every 401 carries (RFC 6750). */
export const BEARER_CHALLENGE = 'Bearer realm="oms"';

interface Mapped {
  readonly code: HttpErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Turns anything thrown by a route into the error body. Expected failures keep their code, message and details;
 * anything else is logged with the request id and answered with a generic 500 that reveals nothing of the error.
 */
export function errorHandler(rootLogger: HttpLogger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      // Too late for an error body: let Express close the connection.
      next(error);
      return;
    }
    const mapped = mapKnownError(error);
    if (mapped) {
      sendError(res, mapped.code, mapped.message, mapped.details, mapped.headers);
      return;
    }
    const context = findRequestContext(res);
    // The request's child logger already carries request_id; the root logger (no context) gets none to carry.
    (context?.logger ?? rootLogger).error({ err: describeError(error) }, 'unhandled error while serving a request');
    sendError(res, 'INTERNAL_ERROR', 'An unexpected error occurred. Quote the request id when reporting it.', {
      request_id: context?.requestId ?? null,
    });
  };
}

function mapKnownError(error: unknown): Mapped | null {
  if (isDomainError(error)) {
    const headers: Record<string, string> = error.code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': BEARER_CHALLENGE } : {};
    return { code: error.code, message: error.message, details: error.details, headers };
  }
  if (error instanceof HttpError) {
    return { code: error.code, message: error.message, details: error.details, headers: error.headers };
  }
  return mapBodyParserError(error);
}

/** body-parser and the router signal client mistakes with http-errors objects: a `type` and/or an exposed 4xx status. */
function mapBodyParserError(error: unknown): Mapped | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status, expose, limit } = error as { type?: unknown; status?: unknown; expose?: unknown; limit?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
    case 'entity.too.large':
      return {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large',
        details: typeof limit === 'number' ? { limit_bytes: limit } : {},
      };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body must be UTF-8 JSON without content encoding' };
    default:
      break;
  }
  // The router marks an undecodable path parameter as a URIError with status 400 (and no `expose`).
  const clientFault = expose === true || error instanceof URIError;
  if (clientFault && typeof status === 'number' && status >= 400 && status < 500) {
    // Their messages may echo the input ("Failed to decode param '%E0'"); ours is stable.
    return { code: 'BAD_REQUEST', message: 'The request could not be read' };
  }
  return null;
}

/** What goes to the log (never to the client) about an unexpected error. */
function describeError(error: unknown): Readonly<Record<string, unknown>> {
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error, value: String(error) };
}
