import type { Clock } from '../ports/clock.port';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port';
import { DomainError, isDomainError } from '../shared/errors';
import type { JsonValue } from '../shared/json';
import { nowIso } from './dependencies';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyScope {
  /** Who calls: keys never collide across callers. */
  readonly scope: string;
  readonly key: string | undefined;
  readonly operation: string;
  /** Canonical JSON of the request. */
  readonly fingerprint: string;
}

/**
 * Runs `work` in one transaction and, when a key is given, stores its JSON result with the key in that same
 * transaction. A retry with the same key and request gets the stored result back (replayed), a different request
 * with the key is refused, and a concurrent twin whose key insert loses the race reruns once and replays.
 */
export async function runIdempotent<R>(
  uow: UnitOfWork,
  clock: Clock,
  idem: IdempotencyScope,
  work: (repos: Repositories, now: string) => Promise<R>,
): Promise<{ result: R; replayed: boolean }> {
  const { scope, key, operation, fingerprint } = idem;
  for (let attempt = 0; ; attempt++) {
    try {
      return await uow.transaction(async (repos) => {
        const now = nowIso(clock);
        if (key !== undefined) {
          const previous = await repos.idempotency.find(scope, key, now);
          if (previous) {
            if (previous.operation !== operation || previous.fingerprint !== fingerprint) {
              throw new DomainError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request', { idempotency_key: key });
            }
            return { result: previous.result as unknown as R, replayed: true };
          }
        }
        const result = await work(repos, now);
        if (key !== undefined) {
          const expiresAt = new Date(Date.parse(now) + IDEMPOTENCY_TTL_MS).toISOString();
          await repos.idempotency.insert({ scope, key, operation, fingerprint, result: result as unknown as JsonValue, createdAt: now, expiresAt }, now);
        }
        return { result, replayed: false };
      });
    } catch (error) {
      if (key !== undefined && attempt === 0 && isDomainError(error, 'CONFLICT') && error.details['entity'] === 'idempotency_key') continue;
      throw error;
    }
  }
}
