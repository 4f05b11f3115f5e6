import type { InputChecker } from '../shared/input-checker';
import type { Address } from './order';

/** An address as a caller sends it; checked and normalised into an Address snapshot. */
export interface AddressInput {
  readonly name: string;
  readonly company?: string | null;
  readonly street: string;
  readonly street2?: string | null;
  readonly city: string;
  readonly state?: string | null;
  readonly zip: string;
  readonly country?: string | null;
}

export const LIMITS = {
  maxLines: 100,
  maxQuantity: 100_000,
  maxNotes: 5_000,
  maxMetadataBytes: 16_384,
  maxCustomerId: 128,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+0-9 ()./-]{3,32}$/;
const COUNTRY = /^[A-Z]{2}$/;

export function checkAddress(check: InputChecker, field: string, value: unknown): Address {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    check.fail(field, 'must be an address object');
    return { name: '', company: null, street: '', street2: null, city: '', state: null, zip: '', country: null };
  }
  const input = value as Partial<Record<keyof AddressInput, unknown>>;
  const address = {
    name: check.text(`${field}.name`, input.name, { max: 200 }),
    company: check.optionalText(`${field}.company`, input.company, { max: 200 }),
    street: check.text(`${field}.street`, input.street, { max: 300 }),
    street2: check.optionalText(`${field}.street2`, input.street2, { max: 300 }),
    city: check.text(`${field}.city`, input.city, { max: 100 }),
    state: check.optionalText(`${field}.state`, input.state, { max: 100 }),
    zip: check.text(`${field}.zip`, input.zip, { max: 20 }),
  };
  const country = check.optionalText(`${field}.country`, typeof input.country === 'string' ? input.country.toUpperCase() : input.country, {
    max: 2,
    pattern: COUNTRY,
    patternMessage: 'must be an ISO 3166-1 alpha-2 code such as US',
  });
  return { ...address, country };
}

export function checkEmail(check: InputChecker, field: string, value: unknown): string | null {
  return check.optionalText(field, value, { max: 254, pattern: EMAIL, patternMessage: 'must be an e-mail address' });
}

export function checkPhone(check: InputChecker, field: string, value: unknown): string | null {
  return check.optionalText(field, value, { max: 32, pattern: PHONE, patternMessage: 'must be a phone number' });
}

export function checkCustomerId(check: InputChecker, field: string, value: unknown): string {
  return check.text(field, value, { max: LIMITS.maxCustomerId });
}
