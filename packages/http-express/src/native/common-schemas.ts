import { DEFAULT_PAGE_SIZE, MAX_OFFSET, MAX_PAGE_SIZE } from '@oms/order-core';
import { nullable, type JsonSchema } from '../validation/json-schema';

// Shapes only: lengths, formats and business limits are checked by the core, which names the field the same way.

export const TEXT: JsonSchema = { type: 'string' };
export const OPTIONAL_TEXT: JsonSchema = nullable(TEXT);

export const MONEY_INPUT: JsonSchema = {
  type: ['number', 'string'],
  description: 'Decimal amount in major units of the currency, e.g. 29.99 (or "29.99"); converted exactly',
  examples: [29.99],
};

export const MONEY_OUTPUT: JsonSchema = {
  type: 'number',
  description: 'Decimal amount in major units of the currency, exact (computed from integer minor units)',
};

export const CURRENCY: JsonSchema = { type: 'string', description: 'ISO 4217 code, e.g. USD', minLength: 3, maxLength: 3 };

export const JSON_OBJECT: JsonSchema = { type: 'object', description: 'Free JSON object (size-limited)' };

export const TIMESTAMP: JsonSchema = { type: 'string', format: 'date-time', description: 'UTC, ISO 8601 with milliseconds' };

export const LIMIT_PARAM: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: MAX_PAGE_SIZE,
  default: DEFAULT_PAGE_SIZE,
  description: `Page size, at most ${MAX_PAGE_SIZE}`,
};

export const OFFSET_PARAM: JsonSchema = { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 };
