import type { InputChecker } from '../shared/input-checker';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A range bound: a date means the whole day (UTC), a date-time is taken as given; both become ISO UTC. */
export function checkDate(check: InputChecker, field: string, value: string, edge: 'start' | 'end'): string | undefined {
  if (DATE_ONLY.test(value)) {
    const time = edge === 'start' ? 'T00:00:00.000Z' : 'T23:59:59.999Z';
    const ms = Date.parse(`${value}${time}`);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  } else if (DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  check.fail(field, 'must be an ISO 8601 date (2026-03-20) or date-time (2026-03-20T12:00:00Z)');
  return undefined;
}

/** A calendar date YYYY-MM-DD that exists. */
export function checkCalendarDate(check: InputChecker, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    const ms = Date.parse(`${value}T00:00:00.000Z`);
    // Date.parse rolls 2026-02-30 over to March; only a date that reads back unchanged exists.
    if (!Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value)) return value;
  }
  check.fail(field, 'must be a date such as 2026-04-01');
  return null;
}
