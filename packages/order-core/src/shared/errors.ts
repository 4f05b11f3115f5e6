/**
 * Every expected failure of the core is a DomainError with a stable code. Adapters map codes to their own
 * vocabulary (HTTP statuses, exit codes) in one exhaustive table, so adding a code forces a decision there.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CONFLICT',
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'PRECONDITION_FAILED',
  'IDEMPOTENCY_CONFLICT',
  'INSUFFICIENT_STOCK',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_FILE_TYPE',
  'COUPON_NOT_APPLICABLE',
  /** A carrier refused or could not be reached; `details.retryable` says whether trying later may work. */
  'CARRIER_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  /** Path of the offending field as the caller wrote it, e.g. `items[2].quantity`. */
  readonly field: string;
  readonly message: string;
}

export type ErrorDetails = Readonly<Record<string, unknown>>;

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  static validation(problems: readonly FieldProblem[]): DomainError {
    const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
    return new DomainError('VALIDATION_FAILED', `Invalid input: ${summary}`, { errors: problems });
  }

  static notFound(entity: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${entity} ${id} was not found`, { entity, id });
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
