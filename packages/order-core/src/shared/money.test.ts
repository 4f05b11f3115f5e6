import fc from 'fast-check';
import { isDomainError } from './errors';
import { addMinor, currencyExponent, formatMinor, MAX_MINOR_UNITS, multiplyMinor, parseDecimal, toMajorNumber } from './money';

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isDomainError(error, 'VALIDATION_FAILED')) return JSON.stringify(error.details);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('money', () => {
  it('knows currency exponents from the ISO 4217 table', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(problem(() => currencyExponent('XXX'))).toContain('currency');
  });

  it('adds 0.1 and 0.2 exactly', () => {
    const sum = addMinor('total', parseDecimal('a', 0.1, 'USD'), parseDecimal('b', 0.2, 'USD'));
    expect(sum).toBe(30);
    expect(toMajorNumber(sum, 'USD')).toBe(0.3);
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('multiplies 29.99 by 3 into 89.97', () => {
    const line = multiplyMinor('line', parseDecimal('price', 29.99, 'USD'), 3);
    expect(line).toBe(8997);
    expect(toMajorNumber(line, 'USD')).toBe(89.97);
    expect(formatMinor(line, 'USD')).toBe('89.97');
  });

  it('reads numbers and strings in major units by their digits', () => {
    expect(parseDecimal('p', 19.99, 'EUR')).toBe(1999);
    expect(parseDecimal('p', '19.9', 'EUR')).toBe(1990);
    expect(parseDecimal('p', 1.005, 'KWD')).toBe(1005);
    expect(parseDecimal('p', ' 7 ', 'EUR')).toBe(700);
    expect(parseDecimal('p', 0, 'EUR')).toBe(0);
  });

  it('handles JPY (no decimals) and KWD (three)', () => {
    expect(parseDecimal('p', 500, 'JPY')).toBe(500);
    expect(parseDecimal('p', '500.00', 'JPY')).toBe(500);
    expect(problem(() => parseDecimal('p', 500.5, 'JPY'))).toContain('whole amount in JPY');
    expect(parseDecimal('p', 1.234, 'KWD')).toBe(1234);
    expect(formatMinor(1234, 'KWD')).toBe('1.234');
    expect(formatMinor(5, 'KWD')).toBe('0.005');
    expect(formatMinor(500, 'JPY')).toBe('500');
  });

  it('rejects more decimals than the currency has, naming the field', () => {
    const details = problem(() => parseDecimal('items[0].price', 0.001, 'USD'));
    expect(details).toContain('items[0].price');
    expect(details).toContain('at most 2 decimal places');
    expect(parseDecimal('p', '0.010', 'USD')).toBe(1);
  });

  it('rejects what is not a plain decimal', () => {
    for (const bad of ['abc', '1e3', '', ' ', '1,5', '0x10', '--1', '1.', '.5', 'Infinity'] as const) {
      expect(problem(() => parseDecimal('price', bad, 'USD'))).toContain('price');
    }
    expect(problem(() => parseDecimal('price', Number.NaN, 'USD'))).toContain('finite');
    expect(problem(() => parseDecimal('price', 1e21, 'USD'))).toContain('price');
    expect(problem(() => parseDecimal('price', -5, 'USD'))).toContain('negative');
    expect(parseDecimal('price', -5, 'USD', { allowNegative: true })).toBe(-500);
  });

  it('keeps amounts above 2^31 minor units exact, up to the documented maximum', () => {
    expect(parseDecimal('p', 21474836.48, 'USD')).toBe(2 ** 31);
    expect(parseDecimal('p', 9999999999999.99, 'USD')).toBe(MAX_MINOR_UNITS);
    expect(toMajorNumber(MAX_MINOR_UNITS, 'USD')).toBe(9999999999999.99);
    expect(problem(() => parseDecimal('p', '10000000000000.00', 'USD'))).toContain('at most');
    expect(problem(() => multiplyMinor('items[0]', MAX_MINOR_UNITS, 2))).toContain('items[0]');
    expect(problem(() => addMinor('total', MAX_MINOR_UNITS, 1))).toContain('total');
  });

  it('round-trips every amount through a JSON number exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MINOR_UNITS }), fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'), (minor, currency) => {
        const wire = JSON.parse(JSON.stringify(toMajorNumber(minor, currency))) as number;
        expect(parseDecimal('amount', wire, currency)).toBe(minor);
        expect(parseDecimal('amount', formatMinor(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});
