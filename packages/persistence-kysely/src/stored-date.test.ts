import { toStoredDate } from './stored-date';

describe('toStoredDate', () => {
  it('keeps a calendar date and refuses anything else', () => {
    expect(toStoredDate('2026-04-01', 'expectedDate')).toBe('2026-04-01');
    expect(toStoredDate('2028-02-29', 'expectedDate')).toBe('2028-02-29');
    for (const bad of ['2026-02-30', '2026-4-1', '2026-04-01T00:00:00Z', '', 'soon']) {
      expect(() => toStoredDate(bad, 'expectedDate')).toThrow(/expectedDate must be a calendar date/);
    }
  });
});
