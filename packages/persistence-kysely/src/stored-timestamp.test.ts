import { toStoredTimestamp } from './stored-timestamp';

describe('toStoredTimestamp', () => {
  it('keeps the canonical form as it is', () => {
    expect(toStoredTimestamp('2026-03-20T12:00:00.000Z', 'at')).toBe('2026-03-20T12:00:00.000Z');
  });

  it('normalises other ISO forms to UTC with milliseconds, so text order stays time order', () => {
    expect(toStoredTimestamp('2026-03-20T14:00:00+02:00', 'at')).toBe('2026-03-20T12:00:00.000Z');
    expect(toStoredTimestamp('2026-03-20T12:00:00Z', 'at')).toBe('2026-03-20T12:00:00.000Z');
    expect(toStoredTimestamp('2026-03-20', 'at')).toBe('2026-03-20T00:00:00.000Z');
  });

  it('refuses what is not a time or does not fit the fixed width', () => {
    expect(() => toStoredTimestamp('yesterday', 'createdAt')).toThrow(/createdAt must be an ISO 8601 timestamp/);
    expect(() => toStoredTimestamp('+010000-01-01T00:00:00.000Z', 'at')).toThrow(RangeError);
    expect(() => toStoredTimestamp('2026-02-30T00:00:00.000Z', 'at')).toThrow(RangeError);
  });
});
