import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { HttpLogger } from './http-logger';
import { setRequestContext } from './request-context';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A caller's id is reused only when it is short and plain, so it cannot inject anything into logs or headers. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when acceptable), echoes it, binds a child logger to it and
 * writes one log line when the response is done. Only method, path, status, duration and id are logged: never
 * headers (Authorization) or bodies.
 */
export function requestIdMiddleware(logger: HttpLogger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming !== undefined && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const requestLogger = logger.child({ request_id: requestId });
    setRequestContext(res, { requestId, logger: requestLogger });
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // 'close' fires once whether the response completed or the client went away, so there is exactly one line.
    res.once('close', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: req.method,
        path: pathWithoutQuery(req.originalUrl),
        status: res.statusCode,
        duration_ms: Math.round(durationMs * 1000) / 1000,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) requestLogger.warn(line, 'request failed');
      else requestLogger.info(line, 'request completed');
    });
    next();
  };
}

function pathWithoutQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}
