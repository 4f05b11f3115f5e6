import { UrlSigner } from './url-signer';

const SECRET = 'a-signing-secret-of-some-length';

function signerAt(nowMs: { value: number }, secret = SECRET, baseUrl = 'https://oms.example.com/prefix/') {
  return new UrlSigner({ secret, baseUrl, now: () => nowMs.value });
}

/** The path and query of a signed URL, as a route would see them. */
function parse(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url);
  return { path: parsed.pathname.replace(/^\/prefix/, ''), query: Object.fromEntries(parsed.searchParams) };
}

describe('UrlSigner', () => {
  const start = Date.parse('2026-03-20T12:00:00.000Z');

  it('signs an absolute link under the base URL that verifies and returns its parameters', () => {
    const now = { value: start };
    const signer = signerAt(now);
    const link = signer.sign('/files/f%201', { format: 'csv', by: 'staff:u1' }, 900);
    expect(link.url.startsWith('https://oms.example.com/prefix/files/f%201?')).toBe(true);
    expect(link.expiresAt.toISOString()).toBe('2026-03-20T12:15:00.000Z');
    const { query } = parse(link.url);
    expect(Object.keys(query).sort()).toEqual(['by', 'expires', 'format', 'signature']);
    expect(signer.verify('/files/f%201', query)).toEqual({ ok: true, params: { format: 'csv', by: 'staff:u1' }, expiresAt: link.expiresAt });
  });

  it('refuses a link whose path, parameters or expiry were changed, added or removed', () => {
    const now = { value: start };
    const signer = signerAt(now);
    const { path, query } = parse(signer.sign('/files/a', { format: 'csv' }, 900).url);
    const refused = (p: string, q: Record<string, unknown>) => signer.verify(p, q);
    expect(refused('/files/b', query)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(refused(path, { ...query, format: 'json' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(refused(path, { ...query, extra: 'x' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(refused(path, { ...query, expires: String(Number(query['expires']) + 3600) })).toEqual({ ok: false, reason: 'bad_signature' });
    const { format: _dropped, ...withoutFormat } = query;
    expect(refused(path, withoutFormat)).toEqual({ ok: false, reason: 'bad_signature' });
    const signature = query['signature'] as string;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(refused(path, { ...query, signature: flipped })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses malformed links: missing or repeated parameters, a bad expiry or signature shape', () => {
    const signer = signerAt({ value: start });
    const { path, query } = parse(signer.sign('/files/a', { format: 'csv' }, 900).url);
    const { signature: _s, ...unsigned } = query;
    const { expires: _e, ...noExpiry } = query;
    expect(signer.verify(path, unsigned)).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify(path, noExpiry)).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify(path, { ...query, expires: '12.5' })).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify(path, { ...query, signature: `${query['signature']}=` })).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify(path, { ...query, format: ['csv', 'json'] })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a link signed with another secret', () => {
    const now = { value: start };
    const { path, query } = parse(signerAt(now, 'another-secret-of-some-length').sign('/files/a', { format: 'csv' }, 900).url);
    expect(signerAt(now).verify(path, query)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('works until the expiry and not from then on', () => {
    const now = { value: start };
    const signer = signerAt(now);
    const { path, query } = parse(signer.sign('/files/a', { format: 'csv' }, 900).url);
    now.value = start + 900_000 - 1;
    expect(signer.verify(path, query).ok).toBe(true);
    now.value = start + 900_000;
    expect(signer.verify(path, query)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses to be built with a short secret or a base URL that is not absolute http(s)', () => {
    expect(() => new UrlSigner({ secret: 'short', baseUrl: 'https://x.test' })).toThrow(/at least 16/);
    expect(() => new UrlSigner({ secret: SECRET, baseUrl: 'x.test' })).toThrow(/absolute URL/);
    expect(() => new UrlSigner({ secret: SECRET, baseUrl: 'ftp://x.test' })).toThrow(/http/);
    expect(() => new UrlSigner({ secret: SECRET, baseUrl: 'https://x.test/?a=1' })).toThrow(/query/);
  });

  it('refuses to sign the names it sets itself', () => {
    const signer = signerAt({ value: start });
    expect(() => signer.sign('/files/a', { expires: '1' }, 900)).toThrow(/set by the signer/);
    expect(() => signer.sign('files/a', {}, 900)).toThrow(/start with/);
  });
});
