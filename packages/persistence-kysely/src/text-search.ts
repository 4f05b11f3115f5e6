import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect } from './database-dialect';

/**
 * SQLite's own lower() folds ASCII only, so connectDatabase registers this Unicode-aware one (JavaScript's
 * toLowerCase) on every SQLite connection; PostgreSQL's lower() already folds Unicode.
 */
export const SQLITE_LOWER_FUNCTION = 'oms_lower';

function fold(dialect: DatabaseDialect, value: Expression<unknown>): RawBuilder<string> {
  return dialect === 'sqlite' ? sql<string>`${sql.raw(SQLITE_LOWER_FUNCTION)}(${value})` : sql<string>`lower(${value})`;
}

/** Escapes LIKE's wildcards (and the escape character itself) so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `column` contains `text`, ignoring case, with `%` and `_` in `text` taken literally. */
export function containsIgnoringCase(dialect: DatabaseDialect, column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${escapeLike(text)}%`;
  return sql<SqlBool>`${fold(dialect, sql.ref(column))} like ${fold(dialect, sql.val(pattern))} escape '\\'`;
}

/** `column` equals `text`, ignoring case. */
export function equalsIgnoringCase(dialect: DatabaseDialect, column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${fold(dialect, sql.ref(column))} = ${fold(dialect, sql.val(text))}`;
}
