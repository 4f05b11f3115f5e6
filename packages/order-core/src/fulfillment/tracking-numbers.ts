/**
 * Shape and check-digit rules of the tracking numbers of the carriers staff enter by hand. The patterns and check-digit
 * algorithms follow the open reference data of the tracking_number_data project (couriers/*.json and
 * CHECKSUM_ALGORITHMS.md): a number is accepted when it matches one of its carrier's formats and that format's check
 * digit is right.
 */
export const KNOWN_CARRIERS = ['UPS', 'USPS', 'FedEx', 'DHL Express'] as const;
export type KnownCarrier = (typeof KNOWN_CARRIERS)[number];

const CARRIER_ALIASES: ReadonlyMap<string, KnownCarrier> = new Map<string, KnownCarrier>([
  ['ups', 'UPS'],
  ['unitedparcelservice', 'UPS'],
  ['usps', 'USPS'],
  ['unitedstatespostalservice', 'USPS'],
  ['fedex', 'FedEx'],
  ['federalexpress', 'FedEx'],
  ['dhl', 'DHL Express'],
  ['dhlexpress', 'DHL Express'],
]);

/** Recognises a carrier name as typed by staff: case-insensitive, ignoring spaces/dashes/underscores; 'ups', 'usps', 'fedex', 'fed ex', 'dhl', 'dhl express', 'dhl_express' ... → the KnownCarrier, anything else → null. */
export function knownCarrierOf(name: string): KnownCarrier | null {
  return CARRIER_ALIASES.get(name.replace(/[\s_-]+/g, '').toLowerCase()) ?? null;
}

/** Removes spaces and dashes, upper-cases. (Any whitespace counts as a space, so pasted tabs and line breaks go too.) */
export function normalizeTrackingNumber(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase();
}

/** GS1 / USPS IMpb mod 10: weights 3, 1, 3, ... from the rightmost digit of the payload; the check makes the sum a multiple of 10. */
function gs1CheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += Number(payload[payload.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** UPS mod 10 over the 15 characters after "1Z": letters count as (char code - 63) % 10, every second character doubles. */
function upsCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 48 : (c - 63) % 10;
    sum += value * (i % 2 === 1 ? 2 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** FedEx Express mod 11: weights 3, 1, 7 repeating from the left (1, 3, 7 from the right) over 11 digits; a remainder of 10 gives 0. */
function fedExExpressCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += Number(payload[i]) * ([3, 1, 7][i % 3] as number);
  return (sum % 11) % 10;
}

/** UPU S10 mod 11 over the 8 serial digits: 11 - remainder, where 10 becomes 0 and 11 becomes 5. */
function s10CheckDigit(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < serial.length; i++) sum += Number(serial[i]) * (weights[i] as number);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

interface TrackingFormat {
  readonly pattern: RegExp;
  /** Whether the check digit of a number matching `pattern` is right. */
  readonly checks: (n: string) => boolean;
}

const lastDigit = (n: string): number => Number(n.slice(-1));
const withoutLast = (n: string): string => n.slice(0, -1);

const FORMATS: Readonly<Record<KnownCarrier, { readonly expected: string; readonly formats: readonly TrackingFormat[] }>> = {
  UPS: {
    expected: '18 characters starting with 1Z, e.g. 1Z999AA10123456784',
    formats: [
      // 1Z + 6-character shipper account + 2-character service code + 7-digit package number + check digit.
      { pattern: /^1Z[A-Z0-9]{6}[A-Z0-9]{2}\d{8}$/, checks: (n) => upsCheckDigit(n.slice(2, -1)) === lastDigit(n) },
    ],
  },
  USPS: {
    expected: '20, 22 or 26 digits, or 2 letters + 9 digits + US',
    formats: [
      // IMpb with its application identifier 91–95 (22 digits, or 26 with an 11-digit package id).
      { pattern: /^9[1-5](\d{20}|\d{24})$/, checks: (n) => gs1CheckDigit(withoutLast(n)) === lastDigit(n) },
      // IMpb printed without its "91" application identifier, which still counts in the check digit.
      { pattern: /^\d{20}$/, checks: (n) => gs1CheckDigit(`91${withoutLast(n)}`) === lastDigit(n) },
      // Older 20-digit numbers (Certified, Insured, Registered Mail...): the same mod 10 over the 19 digits alone.
      { pattern: /^\d{20}$/, checks: (n) => gs1CheckDigit(withoutLast(n)) === lastDigit(n) },
      // UPU S10 international number issued by USPS: service letters, 8-digit serial, check digit, "US".
      { pattern: /^[A-Z]{2}\d{9}US$/, checks: (n) => s10CheckDigit(n.slice(2, 10)) === Number(n[10]) },
    ],
  },
  FedEx: {
    expected: '12, 15, 20 or 22 digits',
    formats: [
      // Express.
      { pattern: /^\d{12}$/, checks: (n) => fedExExpressCheckDigit(withoutLast(n)) === lastDigit(n) },
      // Ground.
      { pattern: /^\d{15}$/, checks: (n) => gs1CheckDigit(withoutLast(n)) === lastDigit(n) },
      // Ground 96: "96" + 2-digit SCNC + 3-digit service + the 15-digit Ground number, whose own check digit ends it.
      { pattern: /^96\d{20}$/, checks: (n) => gs1CheckDigit(n.slice(7, -1)) === lastDigit(n) },
      // SmartPost / Ground Economy (USPS IMpb): 22 digits with their "92", or 20 printed without it.
      { pattern: /^92\d{20}$/, checks: (n) => gs1CheckDigit(withoutLast(n)) === lastDigit(n) },
      { pattern: /^\d{20}$/, checks: (n) => gs1CheckDigit(`92${withoutLast(n)}`) === lastDigit(n) },
    ],
  },
  'DHL Express': {
    expected: 'a 10- or 11-digit waybill number',
    formats: [
      // Waybill: the digits before the check digit, taken as a number, mod 7.
      { pattern: /^\d{10,11}$/, checks: (n) => Number(withoutLast(n)) % 7 === lastDigit(n) },
    ],
  },
};

/** null when `trackingNumber` (normalized first) is a well-formed number of that carrier, with a correct check digit where the format has one; otherwise a short English reason, e.g. "is not a valid UPS tracking number: check digit does not match". */
export function checkTrackingNumber(carrier: KnownCarrier, trackingNumber: string): string | null {
  const n = normalizeTrackingNumber(trackingNumber);
  const { expected, formats } = FORMATS[carrier];
  const matching = formats.filter((format) => format.pattern.test(n));
  if (matching.length === 0) return `is not a valid ${carrier} tracking number: wrong format (expected ${expected})`;
  if (matching.some((format) => format.checks(n))) return null;
  return `is not a valid ${carrier} tracking number: check digit does not match`;
}
