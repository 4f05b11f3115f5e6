import { DomainError } from '@oms/order-core';
import { entityTag, expectedVersionFromIfMatch } from './entity-tag';

describe('entity tags', () => {
  it('quote the version', () => {
    expect(entityTag(7)).toBe('"7"');
  });

  it('read If-Match back into an expected version', () => {
    expect(expectedVersionFromIfMatch(undefined)).toBeUndefined();
    expect(expectedVersionFromIfMatch('*')).toBeUndefined();
    expect(expectedVersionFromIfMatch('"7"')).toBe(7);
    expect(expectedVersionFromIfMatch(' "12" ')).toBe(12);
  });

  it.each(['W/"7"', '7', '"7", "8"', '""', '"-1"', '"07"', '"1e3"', '"9999999999999999"'])('refuse %s with PRECONDITION_FAILED', (header) => {
    try {
      expectedVersionFromIfMatch(header);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('PRECONDITION_FAILED');
    }
  });
});
