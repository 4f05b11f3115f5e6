import { BACKORDER_POLICIES, PRODUCT_STATUSES } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { CURRENCY, LIMIT_PARAM, MONEY_INPUT, MONEY_OUTPUT, OFFSET_PARAM, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';

export const PRODUCT_STATUS: JsonSchema = { type: 'string', enum: PRODUCT_STATUSES };

export const BACKORDER_POLICY: JsonSchema = {
  type: 'string',
  enum: BACKORDER_POLICIES,
  description: 'When an order asks for more than is available: deny refuses it (422 INSUFFICIENT_STOCK), backorder reserves what there is and waits for the rest, preorder waits for stock expected on expected_date',
};

/** A calendar date; the core checks that it exists and names the field. */
export const EXPECTED_DATE_INPUT: JsonSchema = nullable({ type: 'string', description: 'YYYY-MM-DD, when pre-ordered stock is expected', examples: ['2026-04-01'] });

const EXPECTED_DATE_OUTPUT: JsonSchema = nullable({ type: 'string', format: 'date', description: 'YYYY-MM-DD, when pre-ordered stock is expected' });

const PRODUCT_FIELDS = {
  sku: { ...TEXT, description: 'Unique stock keeping unit' },
  name: TEXT,
  description: OPTIONAL_TEXT,
  price: MONEY_INPUT,
  currency: { ...CURRENCY, description: 'Defaults to the deployment currency' },
  status: { ...PRODUCT_STATUS, description: 'Only active products can be ordered; defaults to active' },
  category: OPTIONAL_TEXT,
  backorder_policy: { ...BACKORDER_POLICY, description: `${BACKORDER_POLICY.description}; defaults to deny` },
  expected_date: EXPECTED_DATE_INPUT,
} as const;

export const CREATE_PRODUCT_BODY = strictObject(PRODUCT_FIELDS, ['sku', 'name', 'price']);

/** Any subset of the fields; a new currency needs a price in it. */
export const UPDATE_PRODUCT_BODY = strictObject(PRODUCT_FIELDS);

export const LIST_PRODUCTS_QUERY = strictObject({
  status: PRODUCT_STATUS,
  category: TEXT,
  q: { ...TEXT, description: 'Case-insensitive part of the name or sku' },
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
});

export const PRODUCT_SCHEMA = strictObject(
  {
    id: TEXT,
    sku: TEXT,
    name: TEXT,
    description: OPTIONAL_TEXT,
    price: MONEY_OUTPUT,
    currency: TEXT,
    status: PRODUCT_STATUS,
    category: nullable(TEXT),
    backorder_policy: BACKORDER_POLICY,
    expected_date: EXPECTED_DATE_OUTPUT,
    version: { type: 'integer', minimum: 1 },
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  [
    'id', 'sku', 'name', 'description', 'price', 'currency', 'status', 'category', 'backorder_policy', 'expected_date',
    'version', 'created_at', 'updated_at',
  ],
);
