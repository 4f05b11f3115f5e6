export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * The JSON Schema keywords our route schemas use. Written as plain data so the same object feeds ajv and the
 * OpenAPI document (3.1, whose schemas are JSON Schema).
 */
export type JsonSchema = {
  readonly type?: JsonSchemaType | readonly JsonSchemaType[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  /** Annotation (JSON Schema 2019+ / OpenAPI 3.1): the media type of a string's content, e.g. an uploaded file. */
  readonly contentMediaType?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly const?: string | number | boolean | null;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly default?: string | number | boolean | null;
  readonly examples?: readonly unknown[];
};

/** An object schema that rejects unknown properties, which is the only kind our routes accept. */
export function strictObject(
  properties: { readonly [name: string]: JsonSchema },
  required: readonly string[] = [],
  extra: Omit<JsonSchema, 'type' | 'properties' | 'required' | 'additionalProperties'> = {},
): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false, ...extra };
}

/** A value that may also be null, as OpenAPI 3.1 and JSON Schema spell it. */
export function nullable(schema: JsonSchema): JsonSchema {
  const type = schema.type;
  if (type === undefined) return { anyOf: [schema, { type: 'null' }] };
  const types = typeof type === 'string' ? [type] : type;
  const withNull: JsonSchema = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
  return schema.enum === undefined || schema.enum.includes(null) ? withNull : { ...withNull, enum: [...schema.enum, null] };
}
