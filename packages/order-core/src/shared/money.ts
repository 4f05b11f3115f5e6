import { DomainError } from './errors';

/**
 * Money is an integer number of minor units plus an ISO 4217 currency. The largest amount is 10^15 - 1 minor units:
 * every such amount, written in major units, has at most 15 significant digits and so survives a trip through a
 * JSON number (an IEEE double) exactly.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

export const MAX_MINOR_UNITS = 999_999_999_999_999;

/** A decimal amount in major units as a client writes it: `29.99` or `"29.99"`. */
export type DecimalAmount = number | string;

const EXPONENT_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const EXPONENT_3 = 'BHD IQD JOD KWD LYD OMR TND';
const EXPONENT_4 = 'CLF UYW';
const EXPONENT_2 =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
  'CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ' +
  'ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN ' +
  'MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS ' +
  'SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL';

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...EXPONENT_0.split(' ').map((c) => [c, 0] as const),
  ...EXPONENT_2.split(' ').map((c) => [c, 2] as const),
  ...EXPONENT_3.split(' ').map((c) => [c, 3] as const),
  ...EXPONENT_4.split(' ').map((c) => [c, 4] as const),
]);

export function isKnownCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}

export function currencyExponent(currency: string): number {
  const exponent = EXPONENTS.get(currency);
  if (exponent === undefined) {
    throw new DomainError('VALIDATION_FAILED', `Unknown currency ${currency}`, {
      errors: [{ field: 'currency', message: 'must be an ISO 4217 currency code' }],
    });
  }
  return exponent;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal amount in major units to minor units exactly, by reading its digits: never through float
 * multiplication (0.1 + 0.2 stays 30 cents, 29.99 stays 2999). Rejects more decimals than the currency has, unless
 * they are zeros, and anything beyond MAX_MINOR_UNITS.
 */
export function parseDecimal(
  field: string,
  amount: DecimalAmount,
  currency: string,
  options: { readonly allowNegative?: boolean } = {},
): number {
  const exponent = currencyExponent(currency);
  const fail = (message: string): never => {
    throw DomainError.validation([{ field, message }]);
  };
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) fail('must be a finite number');
    // String() gives the shortest text that reads back as the same double: exactly what the client typed.
    text = String(amount);
  } else if (typeof amount === 'string') {
    text = amount.trim();
  } else {
    return fail('must be a decimal number');
  }
  const match = DECIMAL.exec(text);
  if (!match) return fail('must be a plain decimal number such as 29.99');
  const [, sign, whole = '0', fraction = ''] = match;
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > exponent) {
    fail(exponent === 0 ? `must be a whole amount in ${currency}` : `must have at most ${exponent} decimal places in ${currency}`);
  }
  const minorBig = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(significantFraction.padEnd(exponent, '0') || '0');
  if (minorBig > BigInt(MAX_MINOR_UNITS)) fail(`must be at most ${formatMinor(MAX_MINOR_UNITS, currency)}`);
  const minor = Number(minorBig);
  if (sign === '-' && minor !== 0) {
    if (!options.allowNegative) fail('must not be negative');
    return -minor;
  }
  return minor;
}

/** Minor units to the exact decimal text in major units: 2999 EUR -> "29.99", 500 JPY -> "500", 1234 KWD -> "1.234". */
export function formatMinor(minor: number, currency: string): string {
  assertMinor(minor);
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${minor < 0 ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Minor units to a JSON number in major units; exact for every amount up to MAX_MINOR_UNITS. */
export function toMajorNumber(minor: number, currency: string): number {
  return Number(formatMinor(minor, currency));
}

export function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor) || Math.abs(minor) > MAX_MINOR_UNITS) {
    throw new RangeError(`Not a valid amount of minor units: ${minor}`);
  }
}

/** Sum of amounts; fails with a validation error naming `field` when the result leaves the supported range. */
export function addMinor(field: string, ...amounts: readonly number[]): number {
  let total = 0n;
  for (const amount of amounts) total += BigInt(amount);
  return checkedRange(field, total);
}

export function multiplyMinor(field: string, minor: number, quantity: number): number {
  return checkedRange(field, BigInt(minor) * BigInt(quantity));
}

function checkedRange(field: string, value: bigint): number {
  if (value > BigInt(MAX_MINOR_UNITS) || value < -BigInt(MAX_MINOR_UNITS)) {
    throw DomainError.validation([{ field, message: `exceeds the largest supported amount (${MAX_MINOR_UNITS} minor units)` }]);
  }
  return Number(value);
}
