import { DomainError, type Principal } from '@oms/order-core';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { authenticateRequest } from '../auth/authenticate-request';
import type { Authenticator } from '../auth/authenticator';
import { HttpError } from '../errors/http-error';
import { findRequestContext } from '../logging/request-context';
import type { HttpLogger } from '../logging/http-logger';
import { strictObject } from '../validation/json-schema';
import { DEFAULT_PARAM_SCHEMA, expressPath, pathParameterNames } from './path-template';
import type { SchemaValidator, Validator } from '../validation/schema-validator';
import type { RouteDefinition, StreamedRouteResponse } from './route-definition';
import { writeChunks } from './write-stream';

export interface MountOptions {
  readonly authenticator: Authenticator;
  readonly validator: SchemaValidator;
  readonly logger: HttpLogger;
  readonly bodyLimitBytes: number;
}

const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

const NO_QUERY = strictObject({});
const PUBLIC: Principal = { kind: 'public' };

/**
 * Builds an Express router from route definitions. Per request, in this order: authenticate, check the media type,
 * parse JSON (size-limited), validate params, query and body, then call the handler and write what it returns.
 */
export function mountRoutes(routes: readonly RouteDefinition[], options: MountOptions): Router {
  const router = express.Router({ caseSensitive: true });
  const jsonParser = express.json({ limit: options.bodyLimitBytes, strict: true, type: JSON_MEDIA_TYPES });
  // Who is calling, per request; scoped to this router so nothing outlives the app.
  const principals = new WeakMap<Request, Principal>();
  for (const route of routes) {
    const handlers: RequestHandler[] = [];
    if (route.audience !== 'public') handlers.push(authenticate(route, options.authenticator, principals));
    if (route.body !== undefined) handlers.push(requireJsonMediaType, jsonParser);
    handlers.push(handle(route, compileValidators(route, options.validator), options.logger, principals));
    router[route.method](expressPath(route.path), ...handlers);
  }
  return router;
}

interface RouteValidators {
  readonly params: Validator;
  readonly query: Validator;
  readonly body: Validator | null;
}

function compileValidators(route: RouteDefinition, validator: SchemaValidator): RouteValidators {
  const names = pathParameterNames(route.path);
  const params = strictObject(
    Object.fromEntries(names.map((name) => [name, route.params?.[name] ?? DEFAULT_PARAM_SCHEMA])),
    names,
  );
  return {
    params: validator.compile(params, 'params'),
    query: validator.compile(route.query ?? NO_QUERY, 'query'),
    body: route.body === undefined ? null : validator.compile(route.body, 'body'),
  };
}

function authenticate(route: RouteDefinition, authenticator: Authenticator, principals: WeakMap<Request, Principal>): RequestHandler {
  return async (req, _res, next) => {
    const principal = await authenticateRequest(authenticator, req.get('authorization'));
    if (route.audience === 'staff' && principal.kind === 'customer') {
      // Admin routes are the staff surface; customers reach their own orders through the portal routes.
      throw new DomainError('FORBIDDEN', 'Customers cannot use the admin API', {});
    }
    principals.set(req, principal);
    next();
  };
}

/** A body we cannot parse as JSON is refused before it is read, rather than silently treated as empty. */
function requireJsonMediaType(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is(JSON_MEDIA_TYPES)) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (Content-Type: application/json)', {
      content_type: req.get('content-type') ?? null,
    });
  }
  next();
}

/** The same test body-parser uses: a body is announced by Transfer-Encoding or a non-zero Content-Length. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function handle(
  route: RouteDefinition,
  validators: RouteValidators,
  logger: HttpLogger,
  principals: WeakMap<Request, Principal>,
): RequestHandler {
  return async (req, res) => {
    const params: Record<string, string> = { ...(req.params as Record<string, string>) };
    validators.params(params);
    // req.query is rebuilt on every read in Express 5; validate (and coerce) one copy and hand that copy on.
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    validators.query(query);
    let body: unknown = undefined;
    if (validators.body !== null) {
      // An absent body is checked as `{}`, so each missing required field is named.
      body = (req.body as unknown) ?? {};
      validators.body(body);
    }
    const context = findRequestContext(res);
    const result = await route.handle({
      body,
      query,
      params,
      principal: principals.get(req) ?? PUBLIC,
      requestId: context?.requestId ?? '',
      logger: context?.logger ?? logger,
      header: (name) => req.get(name),
    });
    for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
    res.status(result.status);
    if (!('stream' in result)) res.json(result.body);
    // A HEAD request gets the headers only: the body is not produced at all.
    else if (req.method === 'HEAD') res.end();
    else await stream(res, result, context?.logger ?? logger);
  };
}

async function stream(res: Response, result: StreamedRouteResponse, logger: HttpLogger): Promise<void> {
  try {
    await writeChunks(res, result.stream);
  } catch (error) {
    // Before the first byte the error handler can still answer properly (without the download's headers); after
    // it, only cutting the connection tells the client that the body is incomplete (no terminating chunk).
    if (!res.headersSent) {
      for (const name of Object.keys(result.headers)) res.removeHeader(name);
      throw error;
    }
    logger.error({ err: error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : { value: String(error) } }, 'streamed response failed midway');
    res.destroy();
  }
}
