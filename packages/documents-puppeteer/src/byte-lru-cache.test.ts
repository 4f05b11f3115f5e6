import { ByteLruCache } from './byte-lru-cache';

const bytes = (n: number) => new Uint8Array(n);

describe('ByteLruCache', () => {
  it('evicts the least recently used entries to stay within its byte budget', () => {
    const cache = new ByteLruCache(10);
    cache.set('a', bytes(4));
    cache.set('b', bytes(4));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', bytes(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.totalBytes).toBe(8);
  });

  it('replaces an entry and keeps the byte count right', () => {
    const cache = new ByteLruCache(10);
    cache.set('a', bytes(4));
    cache.set('a', bytes(6));
    expect(cache.totalBytes).toBe(6);
    expect(cache.size).toBe(1);
  });

  it('does not store what is larger than the whole cache, and stores nothing at size 0', () => {
    const cache = new ByteLruCache(10);
    cache.set('big', bytes(11));
    expect(cache.size).toBe(0);
    const off = new ByteLruCache(0);
    off.set('a', bytes(1));
    expect(off.get('a')).toBeUndefined();
  });
});
