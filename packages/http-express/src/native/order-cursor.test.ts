import { DomainError } from '@oms/order-core';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';

describe('order cursors', () => {
  it('round-trip for the sort they were made for', () => {
    const sort = { field: 'total', direction: 'desc' } as const;
    const cursor = encodeOrderCursor(sort, { value: 123_456_789_012, id: 'order_01' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOrderCursor(cursor, sort)).toEqual({ value: 123_456_789_012, id: 'order_01' });
  });

  it.each([
    ['another field', { field: 'created_at', direction: 'desc' } as const],
    ['another direction', { field: 'total', direction: 'asc' } as const],
  ])('refuse %s', (_name, sort) => {
    const cursor = encodeOrderCursor({ field: 'total', direction: 'desc' }, { value: 1, id: 'order_01' });
    expect(() => decodeOrderCursor(cursor, sort)).toThrow(DomainError);
  });

  it.each(['', '!!!', 'e30', Buffer.from('{"f":"total","d":"desc","v":1.5,"i":"o"}').toString('base64url'), Buffer.from('null').toString('base64url')])(
    'refuse garbage %j on the cursor field',
    (text) => {
      try {
        decodeOrderCursor(text, { field: 'total', direction: 'desc' });
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details['errors']).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    },
  );
});
