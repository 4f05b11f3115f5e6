import { DomainError, type FieldProblem } from './errors';
import { isJsonObject, utf8ByteLength, type JsonObject } from './json';

interface TextRule {
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  readonly patternMessage?: string;
}

/**
 * Collects every problem with an input before failing, so a caller learns about all bad fields at once.
 * Use cases validate their own input: an embedding service that skips HTTP gets the same errors.
 */
export class InputChecker {
  private readonly problems: FieldProblem[] = [];

  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  text(field: string, value: unknown, rule: TextRule): string {
    if (typeof value !== 'string') {
      this.fail(field, 'must be a string');
      return '';
    }
    const trimmed = value.trim();
    const min = rule.min ?? 1;
    if (trimmed.length < min) this.fail(field, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    else if (trimmed.length > rule.max) this.fail(field, `must have at most ${rule.max} characters`);
    else if (hasControlCharacters(trimmed)) this.fail(field, 'must not contain control characters');
    else if (rule.pattern && !rule.pattern.test(trimmed)) this.fail(field, rule.patternMessage ?? 'has an invalid format');
    return trimmed;
  }

  optionalText(field: string, value: unknown, rule: TextRule): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && value.trim() === '' && (rule.min ?? 1) <= 1) return null;
    return this.text(field, value, rule);
  }

  /** Free text such as notes: line breaks and tabs are allowed, other control characters are not. */
  multiline(field: string, value: unknown, max: number): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.fail(field, 'must be a string');
      return null;
    }
    if (value.length > max) this.fail(field, `must have at most ${max} characters`);
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) this.fail(field, 'must not contain control characters');
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }

  integer(field: string, value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(field, 'must be a whole number');
      return 0;
    }
    if (value < min || value > max) this.fail(field, `must be between ${min} and ${max}`);
    return value;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.join(', ')}`);
      return allowed[0] as T;
    }
    return value as T;
  }

  metadata(field: string, value: unknown, maxBytes: number): JsonObject {
    if (value === undefined || value === null) return {};
    if (!isJsonObject(value)) {
      this.fail(field, 'must be a JSON object');
      return {};
    }
    if (utf8ByteLength(JSON.stringify(value)) > maxBytes) this.fail(field, `must be at most ${maxBytes} bytes as JSON`);
    return value;
  }

  throwIfFailed(): void {
    if (this.problems.length > 0) throw DomainError.validation(this.problems);
  }
}

function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}
