import type { InputChecker } from '../shared/input-checker';
import { isKnownCurrency } from '../shared/money';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;

export function checkSku(check: InputChecker, value: unknown): string {
  return check.text('sku', value, {
    max: 64,
    pattern: SKU_PATTERN,
    patternMessage: 'may contain letters, digits, ".", "_", "-" and "/" only',
  });
}

export function checkCurrency(check: InputChecker, field: string, value: unknown): string {
  if (typeof value !== 'string' || !isKnownCurrency(value)) {
    check.fail(field, 'must be an ISO 4217 currency code such as USD');
    return 'USD';
  }
  return value;
}

export function checkCategory(check: InputChecker, value: unknown): string | null {
  return check.optionalText('category', value, { max: 100 });
}
