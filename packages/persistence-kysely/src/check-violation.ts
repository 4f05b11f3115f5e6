interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly constraint?: unknown;
}

const PG_CHECK_VIOLATION = '23514';

/**
 * The name of the CHECK constraint a failed write broke, from better-sqlite3 ("CHECK constraint failed: name") or pg
 * (`constraint`); null for any other error.
 */
export function checkViolationOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as DriverError;
  if (e.code === 'SQLITE_CONSTRAINT_CHECK') {
    return typeof e.message === 'string' ? (/CHECK constraint failed: (\S+)/.exec(e.message)?.[1] ?? '') : '';
  }
  if (e.code === PG_CHECK_VIOLATION) return typeof e.constraint === 'string' ? e.constraint : '';
  return null;
}
