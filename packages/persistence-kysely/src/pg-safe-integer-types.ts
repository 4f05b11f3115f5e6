import { types, type CustomTypesConfig } from 'pg';
import { readSafeInteger } from './read-safe-integer';

const INT8_OID = 20;

function parseInt8(text: string): number {
  // The parser sees the value only, not its column; the query it belongs to fails with this error.
  return readSafeInteger(text, 'of PostgreSQL type int8');
}

/**
 * pg's type parsers for one pool: int8 (BIGINT columns, COUNT(*)) becomes a number when it is a safe integer and
 * fails the query otherwise, instead of arriving as a string. Given per pool, so the process-wide `pg.types` stay
 * untouched for any other pg user in the same process.
 */
export const pgSafeIntegerTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};
