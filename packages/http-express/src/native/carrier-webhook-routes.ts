import { isDomainError, type OrderCore } from '@oms/order-core';
import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { HttpError } from '../errors/http-error';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { strictObject } from '../validation/json-schema';
import { dataEnvelopeSchema, ok } from './native-envelope';

/** Largest webhook body read; one byte more answers 413 before anything is verified. */
export const CARRIER_WEBHOOK_LIMIT_BYTES = 1024 * 1024;

/**
 * The challenge of a refused webhook. These calls authenticate by a signature over the body, in headers each carrier
 * names its own way, never by a bearer token, so the 401 must not send callers looking for one.
 */
export const CARRIER_WEBHOOK_CHALLENGE = 'Signature realm="carrier-webhooks"';

const INTAKE_SCHEMA = strictObject(
  {
    received: { type: 'integer', minimum: 0, description: 'Tracking reports in the body' },
    applied: { type: 'integer', minimum: 0, description: 'Reports that changed a shipment' },
    ignored: { type: 'integer', minimum: 0, description: 'Duplicates, reports older than the last one applied, and reports about parcels we do not know' },
  },
  ['received', 'applied', 'ignored'],
);

/**
 * Tracking webhooks from carrier gateways. The body is read as bytes, never through the JSON parser, and handed to the
 * gateway with the headers, so the signature is checked over exactly what the carrier signed before anything is
 * parsed. Replays and late arrivals are harmless (applied: 0), so a carrier retrying after a timeout does no harm.
 */
export function carrierWebhookRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/webhooks/carriers/{carrier}',
      operationId: 'receiveCarrierWebhook',
      summary: 'Receive a signed tracking webhook from a carrier gateway (no bearer token: the signature authenticates)',
      description:
        'carrier is the gateway\'s code. The signature (in the headers the carrier uses) is verified over the raw body; a ' +
        `missing or bad one is a 401 and changes nothing. Bodies over ${CARRIER_WEBHOOK_LIMIT_BYTES} bytes are refused (413).`,
      tags: ['Carrier webhooks'],
      audience: 'public',
      rawBody: { limitBytes: CARRIER_WEBHOOK_LIMIT_BYTES, description: 'Exactly as the carrier sent it; any media type' },
      responses: {
        200: { description: 'Accepted: what the reports did', schema: dataEnvelopeSchema(INTAKE_SCHEMA) },
        401: {
          description: 'The signature is missing or does not match; nothing changed',
          schema: ERROR_BODY_SCHEMA,
          headers: { 'WWW-Authenticate': { description: CARRIER_WEBHOOK_CHALLENGE, schema: { type: 'string' } } },
        },
        404: { description: 'No configured carrier with this code takes webhooks', schema: ERROR_BODY_SCHEMA },
        422: { description: 'Correctly signed, but the carrier\'s body could not be read', schema: ERROR_BODY_SCHEMA },
      },
      async handle({ params, rawBody, headers, principal, logger }) {
        const carrier = params['carrier'] ?? '';
        try {
          const intake = await core.receiveCarrierWebhook.execute({ carrier, rawBody: rawBody ?? new Uint8Array(0), headers }, principal);
          return { status: 200, body: ok({ received: intake.received, applied: intake.applied, ignored: intake.ignored }) };
        } catch (error) {
          if (!isDomainError(error, 'UNAUTHENTICATED')) throw error;
          logger.warn({ carrier }, 'carrier webhook refused: missing or bad signature');
          throw new HttpError('UNAUTHENTICATED', error.message, {}, { 'WWW-Authenticate': CARRIER_WEBHOOK_CHALLENGE });
        }
      },
    }),
  ];
}
