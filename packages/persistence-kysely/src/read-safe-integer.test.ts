import { readSafeInteger } from './read-safe-integer';

describe('readSafeInteger', () => {
  it('accepts numbers, bigints and digit strings that are safe integers', () => {
    expect(readSafeInteger(42, 'c')).toBe(42);
    expect(readSafeInteger(-7n, 'c')).toBe(-7);
    expect(readSafeInteger('999999999999999', 'c')).toBe(999_999_999_999_999);
    expect(readSafeInteger(String(Number.MAX_SAFE_INTEGER), 'c')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses values a JS number would round, naming the column', () => {
    expect(() => readSafeInteger('9007199254740993', 'orders.total_minor')).toThrow(/orders\.total_minor.*not a safe integer/);
    expect(() => readSafeInteger(2n ** 53n, 'c')).toThrow(RangeError);
    expect(() => readSafeInteger(2 ** 53, 'c')).toThrow(RangeError);
  });

  it('refuses fractions, text and null', () => {
    expect(() => readSafeInteger(1.5, 'c')).toThrow(TypeError);
    expect(() => readSafeInteger('12abc', 'c')).toThrow(TypeError);
    expect(() => readSafeInteger('1e3', 'c')).toThrow(TypeError);
    expect(() => readSafeInteger(null, 'c')).toThrow(/holds null/);
  });
});
