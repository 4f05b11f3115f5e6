import type { ErrorDetails } from '@oms/order-core';
import type { Response } from 'express';
import type { JsonSchema } from '../validation/json-schema';
import { HTTP_STATUS_BY_CODE, httpStatusOf, type HttpErrorCode } from './http-error-codes';

/** The error body of every dialect-neutral failure: `{"success": false, "error": {code, message, details}}`. */
export interface ErrorBody {
  readonly success: false;
  readonly error: { readonly code: HttpErrorCode; readonly message: string; readonly details: ErrorDetails };
}

export function sendError(
  res: Response,
  code: HttpErrorCode,
  message: string,
  details: ErrorDetails = {},
  headers: Readonly<Record<string, string>> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const body: ErrorBody = { success: false, error: { code, message, details } };
  res.status(httpStatusOf(code)).json(body);
}

/** ErrorBody as JSON Schema, for the OpenAPI document. */
export const ERROR_BODY_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: Object.keys(HTTP_STATUS_BY_CODE), description: 'Stable machine-readable code' },
        message: { type: 'string' },
        details: {
          type: 'object',
          description: 'Structured context; for VALIDATION_FAILED, `errors: [{field, message}]`',
        },
      },
      required: ['code', 'message', 'details'],
      additionalProperties: false,
    },
  },
  required: ['success', 'error'],
  additionalProperties: false,
};
