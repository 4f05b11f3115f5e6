import { canonicalJson, documentCacheKey } from './document-cache-key';
import { invoice } from './test-support/document-fixtures';

describe('documentCacheKey', () => {
  it('ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined, w: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"w":null,"y":2}]},"b":1}');
    expect(documentCacheKey({ a: 1, b: 2 }, 'v1')).toBe(documentCacheKey({ b: 2, a: 1 }, 'v1'));
  });

  it('changes with the content, the order versions and the layout', () => {
    const base = documentCacheKey(invoice(), 'v1');
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(documentCacheKey(invoice({ orderVersions: { order_01: 4 } }), 'v1')).not.toBe(base);
    expect(documentCacheKey(invoice({ reference: 'ORD-1' }), 'v1')).not.toBe(base);
    expect(documentCacheKey(invoice(), 'v2')).not.toBe(base);
  });
});
