import { DomainError } from '../shared/errors';

/** A caller that names the version it saw (If-Match) must still be looking at the current one. */
export function checkExpectedVersion(entity: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new DomainError('PRECONDITION_FAILED', `${entity} has changed since version ${expected}; it is now at version ${current}`, {
      expected_version: expected,
      current_version: current,
    });
  }
}
