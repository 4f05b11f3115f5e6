import { DomainError, type FieldProblem } from '@oms/order-core';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './json-schema';

/** Where a value came from: a body's root problems are reported on `body`, a query's on each parameter. */
export type InputLocation = 'body' | 'query' | 'params';

export type Validator = (value: unknown) => void;

/**
 * Compiles route schemas with ajv. Bodies are checked as sent; query strings (always text) with a second ajv that
 * coerces numbers and booleans. Every failure becomes the core's VALIDATION_FAILED shape, one entry per field.
 */
export class SchemaValidator {
  private readonly bodyAjv: Ajv;
  private readonly textAjv: Ajv;

  constructor() {
    const common = { allErrors: true, strict: true, allowUnionTypes: true } as const;
    this.bodyAjv = addFormats(new Ajv({ ...common }));
    this.textAjv = addFormats(new Ajv({ ...common, coerceTypes: true }));
  }

  /** Compiles once, at start-up, so a broken schema stops the app instead of failing requests. */
  compile(schema: JsonSchema, location: InputLocation): Validator {
    const ajv = location === 'body' ? this.bodyAjv : this.textAjv;
    const validate: ValidateFunction = ajv.compile(schema as Record<string, unknown>);
    return (value) => {
      if (!validate(value)) throw DomainError.validation(toFieldProblems(validate.errors ?? [], location));
    };
  }
}

export function toFieldProblems(errors: readonly ErrorObject[], location: InputLocation): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const problem = toFieldProblem(error, location);
    const key = `${problem.field}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toFieldProblem(error: ErrorObject, location: InputLocation): FieldProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { field: join(path, String(params['additionalProperty'])), message: 'is not allowed' };
    case 'required':
      return { field: join(path, String(params['missingProperty'])), message: 'is required' };
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'].map(String).join(', ') : '';
      return { field: path || location, message: `must be one of ${allowed}` };
    }
    case 'type': {
      const type = params['type'];
      const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
      return { field: path || location, message: `must be ${types.map(article).join(' or ')}` };
    }
    default:
      return { field: path || location, message: error.message ?? 'is invalid' };
  }
}

/** `/items/0/quantity` -> `items[0].quantity`, the notation the core uses in its own errors. */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : join(path, segment)), '');
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function article(type: string): string {
  switch (type) {
    case 'integer':
      return 'a whole number';
    case 'array':
    case 'object':
      return `an ${type}`;
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}
