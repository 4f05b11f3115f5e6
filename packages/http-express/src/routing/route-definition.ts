import type { Principal, Scope } from '@oms/order-core';
import type { HttpLogger } from '../logging/http-logger';
import type { JsonSchema } from '../validation/json-schema';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route at all, before the core decides on scopes:
 * - `public`: no bearer credentials (health, OpenAPI, tracking, signed carrier webhooks);
 * - `staff`: a bearer token for staff, an integration or the system; customers and couriers are refused on these
 *   routes because they have their own;
 * - `customer`: a bearer token of a signed-in customer (JWT role customer); staff and integrations are refused
 *   (they use the `/admin` twins), so a portal route never acts for a principal it was not written for;
 * - `courier`: a bearer token of a delivery person (JWT role courier); everyone else is refused.
 */
export type RouteAudience = 'public' | 'staff' | 'customer' | 'courier';

/** A documented response, for the OpenAPI document. */
export interface ResponseDoc {
  readonly description: string;
  /** Schema of the whole JSON body, envelope included. */
  readonly schema?: JsonSchema;
  /** For bodies that are not (only) the JSON envelope: media type -> schema, e.g. `text/csv`. Replaces `schema`. */
  readonly content?: Readonly<Record<string, JsonSchema>>;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: JsonSchema }>>;
}

/** A request after authentication and validation, in the shape handlers need: no Express objects leak in. */
export interface RouteRequest<TBody, TQuery> {
  readonly body: TBody;
  readonly query: TQuery;
  readonly params: Readonly<Record<string, string>>;
  readonly principal: Principal;
  readonly requestId: string;
  readonly logger: HttpLogger;
  /** A request header by case-insensitive name. */
  header(name: string): string | undefined;
  /** Every request header, names in lower case (repeated headers joined with ", " as Node does). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received, on a route with `rawBody` (empty when none was sent); null elsewhere. */
  readonly rawBody: Uint8Array | null;
  /** The file part of a multipart route (always present there: a missing one is a 422 first); null elsewhere. */
  readonly file: IncomingFile | null;
  /**
   * The peer address of the TCP connection (`req.socket.remoteAddress`), never a header: behind a proxy it is the
   * proxy's. Undefined once the socket is gone.
   */
  readonly remoteAddress: string | undefined;
}

/**
 * A multipart/form-data request body: optional text fields, then exactly one file part. The fields must come
 * before the file, so the file can be handed on while it streams in (nothing buffers it); a field after the file part
 * fails the upload with a 422 naming it. Exclusive with `body`.
 */
export interface MultipartSpec {
  /** The text fields: a strict object of strings, validated (and documented) like a JSON body. */
  readonly fields: JsonSchema;
  /** Name and description of the one file part. */
  readonly file: { readonly name: string; readonly description: string };
}

/**
 * A body read as bytes, never parsed: for callers who sign what they send (carrier webhooks), whose signature must be
 * checked over the exact bytes. Any media type is accepted. Exclusive with `body` and `multipart`.
 */
export interface RawBodySpec {
  /** Largest body accepted; one byte more answers 413 before the handler runs. */
  readonly limitBytes: number;
  readonly description: string;
}

/** The file part of a multipart body, as it arrives. */
export interface IncomingFile {
  /** As the client named it, unsanitised (the core sanitises it); empty when the part had no filename. */
  readonly filename: string;
  /** The part's Content-Type as the client declared it: informational only, never trusted. */
  readonly declaredType: string;
  /**
   * The bytes as they arrive, read once. It ends only after the rest of the body was parsed, and fails instead of
   * ending when the file is over the size limit (FILE_TOO_LARGE), a text field or a second file follows it (422), the
   * body is malformed (400) or the client goes away (400), so whoever stores it never keeps a partial file.
   */
  readonly content: AsyncIterable<Uint8Array>;
}

/** A JSON body, written at once. */
export interface JsonRouteResponse {
  readonly status: number;
  /** Ignored for 204. */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A body written as it is produced (downloads), with backpressure. Headers (Content-Type included) go out with the
 * first chunk; a producer that fails after that cuts the connection, so a client never takes a truncated file for
 * a whole one. Anything that can fail before the first byte should be done before returning this.
 */
export interface StreamedRouteResponse {
  readonly status: number;
  readonly stream: AsyncIterable<string | Uint8Array>;
  readonly headers: Readonly<Record<string, string>> & { readonly 'Content-Type': string };
}

export type RouteResponse = JsonRouteResponse | StreamedRouteResponse;

/**
 * One endpoint as data. The Express router and the OpenAPI document are both generated from a list of these, so
 * the schemas that validate a request are the ones that document it.
 */
export interface RouteDefinition<TBody = unknown, TQuery = unknown> {
  readonly method: HttpMethod;
  /** OpenAPI path template, e.g. `/admin/orders/{order_id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly audience: RouteAudience;
  /** The scope the core will ask for: documented here, enforced by the use case. */
  readonly requiredScope?: Scope;
  /** Validates the path parameters; defaults to non-empty strings of at most 128 characters. */
  readonly params?: Readonly<Record<string, JsonSchema>>;
  /** Present when the route takes a JSON body. */
  readonly body?: JsonSchema;
  /** Present when the route takes a multipart/form-data upload instead (its fields arrive as `body`). */
  readonly multipart?: MultipartSpec;
  /** Present when the route takes its body as raw bytes instead (they arrive as `rawBody`). */
  readonly rawBody?: RawBodySpec;
  /** Defaults to "no query parameters", so unknown ones are refused. */
  readonly query?: JsonSchema;
  /** Request headers the route reads, for the OpenAPI document. */
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: JsonSchema }>>;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  // Method syntax keeps a list of routes with different body types assignable to RouteDefinition[].
  handle(request: RouteRequest<TBody, TQuery>): Promise<RouteResponse>;
}

/** Declares a route with typed body and query; the types are promised by the route's schemas. */
export function defineRoute<TBody = Record<string, never>, TQuery = Record<string, never>>(
  definition: RouteDefinition<TBody, TQuery>,
): RouteDefinition {
  return definition as RouteDefinition;
}
