import { DomainError } from '@oms/order-core';

/** The strong ETag of a versioned resource: its version, quoted. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

const STRONG_VERSION_TAG = /^"([1-9][0-9]{0,14})"$/;

/**
 * The version an If-Match header asks for, handed to the core as expectedVersion; undefined without a header or
 * for `*`. A tag we never issued (weak, a list, garbage) can never match, so it answers 412 like a stale one.
 */
export function expectedVersionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return undefined;
  const match = STRONG_VERSION_TAG.exec(value);
  if (!match) {
    throw new DomainError('PRECONDITION_FAILED', 'If-Match must be a single strong entity tag as sent in ETag, e.g. "3"', {});
  }
  return Number(match[1]);
}
