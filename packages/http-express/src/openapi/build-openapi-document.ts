import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { DEFAULT_PARAM_SCHEMA, pathParameterNames } from '../routing/path-template';
import type { MultipartSpec, ResponseDoc, RouteDefinition } from '../routing/route-definition';
import type { JsonSchema } from '../validation/json-schema';

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

export type OpenApiDocument = Readonly<Record<string, unknown>>;

const ERROR_RESPONSES: Readonly<Record<string, string>> = {
  BadRequest: 'Malformed JSON or an unreadable request',
  Unauthenticated: 'No bearer token, or one that is invalid, expired or revoked',
  Forbidden: 'The caller may not do this (customer or courier on an admin route, staff on a customer or courier route, or a missing scope)',
  NotFound: 'No such resource or route',
  Conflict: 'The request conflicts with the current state (e.g. a transition the lifecycle does not allow)',
  PreconditionFailed: 'If-Match does not match the current ETag; nothing was changed',
  PayloadTooLarge: 'The body (or the uploaded file) is larger than the limit',
  UnsupportedMediaType: 'The body is not JSON (multipart/form-data on uploads), or the uploaded file is not an accepted type',
  ValidationFailed: 'The input is invalid; details.errors lists each field',
  TooManyRequests: 'Too many failed attempts from this client address; Retry-After says how many seconds to wait',
  InternalError: 'Unexpected failure; the body says nothing about it beyond the request id',
  ServiceUnavailable: 'The service cannot serve right now',
};

/**
 * The OpenAPI 3.1 document of a list of routes, generated from the same definitions (and JSON Schemas) that the
 * router validates with, so the two cannot drift apart.
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: OpenApiInfo): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'ADMIN_TOKEN, an HS256 JWT (sub, role admin|staff|customer|courier, scope, customer_id, email, exp) or an API token',
        },
      },
      schemas: { Error: ERROR_BODY_SCHEMA },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}

function operation(route: RouteDefinition): Record<string, unknown> {
  const parameters = [
    ...pathParameterNames(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: route.params?.[name] ?? DEFAULT_PARAM_SCHEMA,
    })),
    ...queryParameters(route.query),
    ...Object.entries(route.headers ?? {}).map(([name, doc]) => ({
      name,
      in: 'header',
      required: false,
      description: doc.description,
      schema: doc.schema,
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) responses[status] = response(doc);
  // A route that documents an error status itself (a public route's 404, say) keeps its own description.
  for (const [status, name] of errorResponses(route)) responses[status] ??= { $ref: `#/components/responses/${name}` };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: route.tags,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body !== undefined
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : route.multipart !== undefined
        ? { requestBody: { required: true, content: { 'multipart/form-data': multipartContent(route.multipart) } } }
        : route.rawBody !== undefined
          ? {
              requestBody: {
                required: false,
                description: route.rawBody.description,
                content: {
                  '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream', description: `Any bytes, at most ${route.rawBody.limitBytes}` } },
                },
              },
            }
          : {}),
    responses,
    security: route.audience === 'public' ? [] : [{ bearerAuth: route.requiredScope === undefined ? [] : [route.requiredScope] }],
    'x-audience': route.audience,
    ...(route.requiredScope === undefined ? {} : { 'x-required-scope': route.requiredScope }),
  };
}

/** The text fields (listed first: they must be sent before the file) and the file part. */
function multipartContent(spec: MultipartSpec): Record<string, unknown> {
  const schema: JsonSchema = {
    type: 'object',
    description: `Text fields first, then exactly one file part named ${spec.file.name}; a field after the file is refused.`,
    properties: {
      ...spec.fields.properties,
      [spec.file.name]: { type: 'string', contentMediaType: 'application/octet-stream', description: spec.file.description },
    },
    required: [...(spec.fields.required ?? []), spec.file.name],
    additionalProperties: false,
  };
  return { schema, encoding: { [spec.file.name]: { contentType: 'application/octet-stream' } } };
}

function queryParameters(query: JsonSchema | undefined): Record<string, unknown>[] {
  const required = new Set(query?.required ?? []);
  return Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(schema.description === undefined ? {} : { description: schema.description }),
    schema,
  }));
}

function response(doc: ResponseDoc): Record<string, unknown> {
  return {
    description: doc.description,
    ...(doc.headers === undefined ? {} : { headers: doc.headers }),
    ...(doc.content !== undefined
      ? { content: Object.fromEntries(Object.entries(doc.content).map(([type, schema]) => [type, { schema }])) }
      : doc.schema === undefined
        ? {}
        : { content: { 'application/json': { schema: doc.schema } } }),
  };
}

function errorResponses(route: RouteDefinition): [string, string][] {
  const list: [string, string][] = [];
  const parsed = route.body !== undefined || route.multipart !== undefined;
  const hasBody = parsed || route.rawBody !== undefined;
  if (hasBody) list.push(['400', 'BadRequest']);
  if (route.audience !== 'public') list.push(['401', 'Unauthenticated'], ['403', 'Forbidden']);
  if (route.path.includes('{')) list.push(['404', 'NotFound']);
  if (route.method !== 'get') list.push(['409', 'Conflict']);
  if (route.headers?.['If-Match'] !== undefined) list.push(['412', 'PreconditionFailed']);
  if (hasBody) list.push(['413', 'PayloadTooLarge']);
  // A raw body takes any media type.
  if (parsed) list.push(['415', 'UnsupportedMediaType']);
  if (route.audience !== 'public') list.push(['422', 'ValidationFailed']);
  list.push(['500', 'InternalError']);
  if (route.path === '/healthz') list.push(['503', 'ServiceUnavailable']);
  return list;
}
