import { DomainError } from '@oms/order-core';

/** Which unique key a failed write collided with, as far as the driver tells. */
export interface UniqueViolation {
  /** Column names of the key, e.g. `['sku']` or `['scope', 'key']`; empty when the driver did not say. */
  readonly columns: readonly string[];
  readonly constraint: string | null;
}

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly detail?: unknown;
  readonly constraint?: unknown;
}

const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const PG_UNIQUE_VIOLATION = '23505';

/** Recognises a unique or primary-key violation from better-sqlite3 or pg; null for any other error. */
export function uniqueViolationOf(error: unknown): UniqueViolation | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as DriverError;
  if (typeof e.code === 'string' && SQLITE_UNIQUE_CODES.has(e.code)) {
    // "UNIQUE constraint failed: idempotency_keys.scope, idempotency_keys.key"
    const list = typeof e.message === 'string' ? (/constraint failed: (.+)$/.exec(e.message)?.[1] ?? '') : '';
    const columns = list.split(',').map((c) => c.trim().split('.').pop() ?? '').filter((c) => c.length > 0);
    return { columns, constraint: null };
  }
  if (e.code === PG_UNIQUE_VIOLATION) {
    // "Key (scope, key)=(…) already exists." Only the column names are kept: the values may be secrets.
    const list = typeof e.detail === 'string' ? (/^Key \((.+?)\)=\(/.exec(e.detail)?.[1] ?? '') : '';
    const columns = list.split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter((c) => c.length > 0);
    return { columns, constraint: typeof e.constraint === 'string' ? e.constraint : null };
  }
  return null;
}

/** How one unique key of a table is reported to the core. */
export interface UniqueKey {
  /** The key's first column as the driver names it. */
  readonly column: string;
  /** Its explicit constraint name, which PostgreSQL reports even when it gives no detail. */
  readonly constraint: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Runs a write and turns a unique violation into the core's CONFLICT error naming the entity and field, so callers
 * (and the HTTP mapping) never see driver errors for an expected collision. Other errors pass through unchanged.
 */
export async function withConflictMapping<T>(entity: string, keys: readonly UniqueKey[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = uniqueViolationOf(error);
    if (!violation) throw error;
    const key =
      keys.find((k) => violation.constraint === k.constraint) ?? keys.find((k) => violation.columns[0] === k.column) ?? keys[0];
    if (!key) throw error;
    throw new DomainError('CONFLICT', key.message, { entity, field: key.field });
  }
}
