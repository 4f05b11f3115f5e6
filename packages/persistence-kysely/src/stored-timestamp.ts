const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The last value accepted and its stored form: the rows of one write mostly carry the same instant (`now`). */
let lastValue: string | undefined;
let lastStored = '';

/**
 * Timestamps are stored as text in one fixed-width form (`2026-03-20T12:00:00.000Z`) so that comparing and sorting
 * the text compares and sorts the instants, on SQLite and PostgreSQL alike. Other ISO forms are normalised to it;
 * what cannot be normalised is refused rather than stored out of order.
 */
export function toStoredTimestamp(value: string, field: string): string {
  if (value === lastValue) return lastStored;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  const iso = Number.isNaN(ms) ? null : new Date(ms).toISOString();
  if (iso === null || !CANONICAL.test(iso) || (CANONICAL.test(value) && iso !== value)) {
    throw new RangeError(`${field} must be an ISO 8601 timestamp between the years 0000 and 9999, got ${JSON.stringify(value)}`);
  }
  lastValue = value;
  lastStored = iso;
  return iso;
}
