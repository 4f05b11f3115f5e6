import type { JsonSchema } from '../validation/json-schema';

/** Path parameters are ids: short, non-empty text. */
export const DEFAULT_PARAM_SCHEMA: JsonSchema = { type: 'string', minLength: 1, maxLength: 128 };

const PARAMETER = /\{([A-Za-z0-9_]+)\}/g;

/** The parameter names of an OpenAPI path template: `/admin/orders/{order_id}` -> `['order_id']`. */
export function pathParameterNames(template: string): string[] {
  return [...template.matchAll(PARAMETER)].map((match) => match[1] as string);
}

/** The Express form of an OpenAPI path template: `/admin/orders/{order_id}` -> `/admin/orders/:order_id`. */
export function expressPath(template: string): string {
  return template.replace(PARAMETER, ':$1');
}
