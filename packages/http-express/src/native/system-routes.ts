import { HttpError } from '../errors/http-error';
import type { HttpLogger } from '../logging/http-logger';
import type { OpenApiDocument } from '../openapi/build-openapi-document';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { dataEnvelopeSchema, ok } from './native-envelope';

export interface SystemRouteOptions {
  /** Resolves when the app can serve; rejects otherwise. */
  readonly health: () => Promise<void>;
  /** Built lazily: the document describes every route, these included. */
  readonly openApiDocument: () => OpenApiDocument;
}

/** Unauthenticated endpoints for load balancers and API tooling. */
export function systemRoutes(options: SystemRouteOptions): readonly RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'Liveness and readiness: 200 when the app can serve, 503 otherwise',
      tags: ['System'],
      audience: 'public',
      responses: {
        200: {
          description: 'The app can serve',
          schema: dataEnvelopeSchema({
            type: 'object',
            properties: { status: { const: 'ok' } },
            required: ['status'],
            additionalProperties: false,
          }),
        },
      },
      async handle({ logger }) {
        try {
          await options.health();
        } catch (error) {
          // The reason goes to the log only: health endpoints are public.
          logUnhealthy(logger, error);
          throw new HttpError('SERVICE_UNAVAILABLE', 'The service is not ready', {});
        }
        return { status: 200, body: ok({ status: 'ok' }), headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApiDocument',
      summary: 'This API as an OpenAPI 3.1 document',
      tags: ['System'],
      audience: 'public',
      responses: { 200: { description: 'The OpenAPI document', schema: { type: 'object' } } },
      async handle() {
        return { status: 200, body: options.openApiDocument() };
      },
    }),
  ];
}

function logUnhealthy(logger: HttpLogger, error: unknown): void {
  logger.warn({ err: error instanceof Error ? { type: error.name, message: error.message } : { value: String(error) } }, 'health check failed');
}
