import { DomainError, isDomainError, type FieldProblem, type Principal } from '@oms/order-core';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { authenticateRequest } from '../auth/authenticate-request';
import type { Authenticator } from '../auth/authenticator';
import { HttpError } from '../errors/http-error';
import { findRequestContext } from '../logging/request-context';
import type { HttpLogger } from '../logging/http-logger';
import { strictObject } from '../validation/json-schema';
import { DEFAULT_PARAM_SCHEMA, expressPath, pathParameterNames } from './path-template';
import type { SchemaValidator, Validator } from '../validation/schema-validator';
import { hasBody, MultipartReading, uploadLimits, type MultipartLimits, type MultipartOpening } from './multipart';
import type { IncomingFile, RouteDefinition, RouteResponse, StreamedRouteResponse } from './route-definition';
import { closeChunks, writeChunks } from './write-stream';

export interface MountOptions {
  readonly authenticator: Authenticator;
  readonly validator: SchemaValidator;
  readonly logger: HttpLogger;
  readonly bodyLimitBytes: number;
  /** Largest file a multipart route accepts; the JSON body limit does not apply to multipart bodies. */
  readonly maxUploadBytes: number;
}

const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

const NO_QUERY = strictObject({});
const PUBLIC: Principal = { kind: 'public' };

/**
 * Builds an Express router from route definitions. Per request, in this order: authenticate, check the media type,
 * parse JSON (size-limited), validate params, query and body, then call the handler and write what it returns.
 * Multipart routes read their text fields up to the file part instead, validate them, and hand the file on as a
 * stream; whatever happens, the rest of such a body is read and thrown away (or the connection cut past a limit),
 * so a refused upload never leaves the connection hanging.
 */
export function mountRoutes(routes: readonly RouteDefinition[], options: MountOptions): Router {
  const router = express.Router({ caseSensitive: true });
  const jsonParser = express.json({ limit: options.bodyLimitBytes, strict: true, type: JSON_MEDIA_TYPES });
  // Who is calling, per request; scoped to this router so nothing outlives the app.
  const principals = new WeakMap<Request, Principal>();
  const limits = uploadLimits(options.maxUploadBytes);
  for (const route of routes) {
    if ([route.body, route.multipart, route.rawBody].filter((spec) => spec !== undefined).length > 1) {
      throw new Error(`Route ${route.operationId} takes one kind of body: JSON, multipart or raw`);
    }
    const handlers: RequestHandler[] = [];
    if (route.audience !== 'public') handlers.push(authenticate(route, options.authenticator, principals));
    if (route.body !== undefined) handlers.push(requireJsonMediaType, jsonParser);
    // Only this route's body is read as bytes; whatever its media type, no parser ever sees it.
    if (route.rawBody !== undefined) handlers.push(express.raw({ type: () => true, limit: route.rawBody.limitBytes }));
    handlers.push(handle(route, compileValidators(route, options.validator), options.logger, principals, limits));
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
    body:
      route.body !== undefined
        ? validator.compile(route.body, 'body')
        : route.multipart !== undefined
          ? validator.compile(route.multipart.fields, 'body')
          : null,
  };
}

function authenticate(route: RouteDefinition, authenticator: Authenticator, principals: WeakMap<Request, Principal>): RequestHandler {
  return async (req, _res, next) => {
    const principal = await authenticateRequest(authenticator, req.get('authorization'));
    if (route.audience === 'staff' && principal.kind === 'customer') {
      // Admin routes are the staff surface; customers reach their own orders through the portal routes.
      throw new DomainError('FORBIDDEN', 'Customers cannot use the admin API', {});
    }
    if (route.audience === 'staff' && principal.kind === 'courier') {
      // Couriers see their deliveries only, through the /courier routes.
      throw new DomainError('FORBIDDEN', 'Couriers cannot use the admin API; their deliveries are under /courier', {});
    }
    if (route.audience === 'customer' && principal.kind !== 'customer') {
      // The portal acts for the customer in the token; staff and integrations have the /admin surface.
      throw new DomainError('FORBIDDEN', 'These endpoints are for signed-in customers; staff and integrations use the /admin API', {});
    }
    if (route.audience === 'courier' && principal.kind !== 'courier') {
      // A courier route acts for the delivery person in the token; nobody else has deliveries.
      throw new DomainError('FORBIDDEN', 'These endpoints are for couriers (a token with role courier)', {});
    }
    principals.set(req, principal);
    next();
  };
}

/** Node already lower-cases header names; repeated ones (only Set-Cookie stays a list) are joined with ", ". */
function lowerCaseHeaders(req: Request): Record<string, string | undefined> {
  const headers = Object.create(null) as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
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

function handle(
  route: RouteDefinition,
  validators: RouteValidators,
  logger: HttpLogger,
  principals: WeakMap<Request, Principal>,
  limits: MultipartLimits,
): RequestHandler {
  const multipart = route.multipart;
  return async (req, res) => {
    const upload = multipart === undefined ? null : new MultipartReading(req, res, multipart.file.name, limits);
    try {
      const params: Record<string, string> = { ...(req.params as Record<string, string>) };
      validators.params(params);
      // req.query is rebuilt on every read in Express 5; validate (and coerce) one copy and hand that copy on.
      const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      validators.query(query);
      let body: unknown = undefined;
      let file: IncomingFile | null = null;
      let rawBody: Uint8Array | null = null;
      if (route.rawBody !== undefined) {
        // express.raw leaves the body unset when there was none.
        rawBody = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array(0);
      } else if (upload !== null && multipart !== undefined && validators.body !== null) {
        const opening = await upload.open();
        checkUpload(opening, validators.body, multipart.file.name);
        body = opening.fields;
        file = opening.file;
      } else if (validators.body !== null) {
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
        headers: lowerCaseHeaders(req),
        rawBody,
        file,
        remoteAddress: req.socket.remoteAddress,
      });
      await respond(req, res, result, context?.logger ?? logger);
    } finally {
      // Before an error is answered: stop parsing and throw the rest of the body away.
      upload?.release();
    }
  };
}

/** Fields before the file part are validated like a JSON body; every problem is reported at once. */
function checkUpload(opening: MultipartOpening, validate: Validator, fileField: string): void {
  const problems: FieldProblem[] = [...opening.problems];
  try {
    validate(opening.fields);
  } catch (error) {
    if (!isDomainError(error, 'VALIDATION_FAILED')) throw error;
    problems.push(...((error.details['errors'] ?? []) as FieldProblem[]));
  }
  if (opening.file === null && !problems.some((problem) => problem.field === fileField)) {
    problems.push({ field: fileField, message: 'is required' });
  }
  if (problems.length > 0) throw DomainError.validation(problems);
}

async function respond(req: Request, res: Response, result: RouteResponse, logger: HttpLogger): Promise<void> {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  res.status(result.status);
  if (!('stream' in result)) {
    if (result.status === 204) res.end();
    else res.json(result.body);
  } else if (req.method === 'HEAD') {
    // A HEAD request gets the headers only: the body is not produced, and what was opened for it is closed.
    res.end();
    await closeChunks(result.stream);
  } else await stream(res, result, logger);
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
