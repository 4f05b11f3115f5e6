import { DomainError } from '@oms/order-core';
import { nullable, strictObject } from './json-schema';
import { SchemaValidator } from './schema-validator';

function problemsOf(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details['errors'];
  }
  throw new Error('expected a validation error');
}

describe('SchemaValidator', () => {
  const schema = strictObject(
    {
      items: { type: 'array', items: strictObject({ quantity: { type: 'integer', minimum: 1 } }, ['quantity']) },
      'odd/name': { type: 'string' },
      kind: { type: 'string', enum: ['a', 'b'] },
      note: nullable({ type: 'string' }),
      level: nullable({ type: 'string', enum: ['x'] }),
    },
    ['kind'],
  );

  it('names fields in the core notation: items[1].quantity', () => {
    const validate = new SchemaValidator().compile(schema, 'body');
    expect(problemsOf(() => validate({ kind: 'a', items: [{ quantity: 1 }, { quantity: 0 }, {}] }))).toEqual([
      { field: 'items[1].quantity', message: 'must be >= 1' },
      { field: 'items[2].quantity', message: 'is required' },
    ]);
  });

  it('reports unknown, missing and mistyped fields together', () => {
    const validate = new SchemaValidator().compile(schema, 'body');
    expect(problemsOf(() => validate({ extra: 1, items: [{ quantity: 'x', more: true }], 'odd/name': 5 }))).toEqual(
      expect.arrayContaining([
        { field: 'kind', message: 'is required' },
        { field: 'extra', message: 'is not allowed' },
        { field: 'items[0].more', message: 'is not allowed' },
        { field: 'items[0].quantity', message: 'must be a whole number' },
        { field: 'odd/name', message: 'must be a string' },
      ]),
    );
  });

  it('accepts null where the schema says nullable, enums included', () => {
    const validate = new SchemaValidator().compile(schema, 'body');
    expect(() => validate({ kind: 'b', note: null, level: null })).not.toThrow();
    expect(problemsOf(() => validate({ kind: 'c', level: 'y' }))).toEqual([
      { field: 'kind', message: 'must be one of a, b' },
      { field: 'level', message: 'must be one of x, null' },
    ]);
  });

  it('names the body itself when it is not an object', () => {
    const validate = new SchemaValidator().compile(schema, 'body');
    expect(problemsOf(() => validate('text'))).toEqual([{ field: 'body', message: 'must be an object' }]);
  });

  it('coerces query numbers but not body numbers', () => {
    const limits = strictObject({ limit: { type: 'integer', minimum: 1 } });
    const query: Record<string, unknown> = { limit: '5' };
    new SchemaValidator().compile(limits, 'query')(query);
    expect(query).toEqual({ limit: 5 });
    expect(problemsOf(() => new SchemaValidator().compile(limits, 'body')({ limit: '5' }))).toEqual([
      { field: 'limit', message: 'must be a whole number' },
    ]);
  });

  it('refuses a schema with an unknown keyword at compile time (strict mode)', () => {
    expect(() => new SchemaValidator().compile({ type: 'string', maxLenght: 3 } as never, 'body')).toThrow(/unknown keyword/);
  });
});
