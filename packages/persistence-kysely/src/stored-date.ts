const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Calendar dates (a pre-order's expected date) are stored as `YYYY-MM-DD` text: sortable, the same on both dialects,
 * and free of time zones. A date that does not exist (2026-02-30) is refused rather than stored.
 */
export function toStoredDate(value: string, field: string): string {
  const ms = typeof value === 'string' && DATE_ONLY.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(ms) || !new Date(ms).toISOString().startsWith(value)) {
    throw new RangeError(`${field} must be a calendar date such as 2026-04-01, got ${JSON.stringify(value)}`);
  }
  return value;
}
