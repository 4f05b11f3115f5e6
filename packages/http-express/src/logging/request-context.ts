import type { Response } from 'express';
import type { HttpLogger } from './http-logger';

/** What the request id middleware attaches to every request, for handlers and the error mapper. */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: HttpLogger;
}

const CONTEXT = Symbol('oms.requestContext');

type WithContext = Response & { [CONTEXT]?: RequestContext };

export function setRequestContext(res: Response, context: RequestContext): void {
  (res as WithContext)[CONTEXT] = context;
}

/** The context of a request; absent only if a middleware ran before the request id middleware. */
export function findRequestContext(res: Response): RequestContext | undefined {
  return (res as WithContext)[CONTEXT];
}
