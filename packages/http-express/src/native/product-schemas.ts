import { PRODUCT_STATUSES } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { CURRENCY, LIMIT_PARAM, MONEY_INPUT, MONEY_OUTPUT, OFFSET_PARAM, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';

const PRODUCT_STATUS: JsonSchema = { type: 'string', enum: PRODUCT_STATUSES };

const PRODUCT_FIELDS = {
  sku: { ...TEXT, description: 'Unique stock keeping unit' },
  name: TEXT,
  description: OPTIONAL_TEXT,
  price: MONEY_INPUT,
  currency: { ...CURRENCY, description: 'Defaults to the deployment currency' },
  status: { ...PRODUCT_STATUS, description: 'Only active products can be ordered; defaults to active' },
  category: OPTIONAL_TEXT,
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
    version: { type: 'integer', minimum: 1 },
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  ['id', 'sku', 'name', 'description', 'price', 'currency', 'status', 'category', 'version', 'created_at', 'updated_at'],
);
