import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UrlSignerOptions {
  /** The HMAC key. At least 16 characters; keep it out of logs and rotate it to revoke every link at once. */
  readonly secret: string;
  /** Absolute http(s) base that links start with, e.g. `https://oms.example.com` (a path prefix is kept). */
  readonly baseUrl: string;
  /** Milliseconds since the epoch; defaults to Date.now. */
  readonly now?: () => number;
}

/** Why a link was refused. The caller decides how much of this to tell (e.g. 403 for every one). */
export type LinkRefusal = 'malformed' | 'bad_signature' | 'expired';

export type LinkCheck =
  | { readonly ok: true; readonly params: Readonly<Record<string, string>>; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: LinkRefusal };

export interface SignedLink {
  readonly url: string;
  readonly expiresAt: Date;
}

/** Query parameters the signer adds; a caller's own parameters may not use these names. */
export const EXPIRES_PARAM = 'expires';
export const SIGNATURE_PARAM = 'signature';

const MIN_SECRET_LENGTH = 16;
const UNIX_SECONDS = /^[0-9]{1,12}$/;
const SIGNATURE_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Bumped if the canonical form ever changes, so old links fail closed instead of being read differently. */
const VERSION = 'oms-url-v1';

/**
 * Signs and checks expiring links that work without a bearer token (a browser opens them). The HMAC-SHA256 covers the
 * path (so an id in it is covered), every query parameter and the expiry; a link with any parameter changed, added
 * or removed fails the check. Reusable by any download (exports, PDFs): each feature signs its own path.
 *
 * Canonical text: `oms-url-v1`, the path, then the parameters sorted by name as `name=value` (both URI-encoded),
 * joined by `&`, all separated by newlines. The signature is base64url without padding.
 */
export class UrlSigner {
  private readonly secret: string;
  private readonly base: string;
  private readonly now: () => number;

  constructor(options: UrlSignerOptions) {
    if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`The URL signing secret must have at least ${MIN_SECRET_LENGTH} characters`);
    }
    this.secret = options.secret;
    this.base = checkBaseUrl(options.baseUrl);
    this.now = options.now ?? Date.now;
  }

  /**
   * An absolute link to `path` (which must start with `/` and be URI-encoded already) carrying `params`, valid for
   * `ttlSeconds` from now.
   */
  sign(path: string, params: Readonly<Record<string, string>>, ttlSeconds: number): SignedLink {
    if (!path.startsWith('/')) throw new Error('A signed path must start with "/"');
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive whole number');
    if (EXPIRES_PARAM in params || SIGNATURE_PARAM in params) {
      throw new Error(`"${EXPIRES_PARAM}" and "${SIGNATURE_PARAM}" are set by the signer`);
    }
    const expires = Math.floor(this.now() / 1000) + ttlSeconds;
    const signed: Record<string, string> = { ...params, [EXPIRES_PARAM]: String(expires) };
    const query = new URLSearchParams({ ...signed, [SIGNATURE_PARAM]: this.signatureOf(path, signed) });
    return { url: `${this.base}${path}?${query.toString()}`, expiresAt: new Date(expires * 1000) };
  }

  /**
   * Checks the path and query of a request for a signed link. Every parameter must be a single string; the signed
   * parameters are returned without `expires` and `signature`.
   */
  verify(path: string, query: Readonly<Record<string, unknown>>): LinkCheck {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(query)) {
      if (typeof value !== 'string') return { ok: false, reason: 'malformed' };
      params[name] = value;
    }
    const signature = params[SIGNATURE_PARAM];
    const expires = params[EXPIRES_PARAM];
    if (signature === undefined || expires === undefined || !UNIX_SECONDS.test(expires) || !SIGNATURE_SHAPE.test(signature)) {
      return { ok: false, reason: 'malformed' };
    }
    delete params[SIGNATURE_PARAM];
    const expected = Buffer.from(this.signatureOf(path, params), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    // Same length by SIGNATURE_SHAPE; compared in constant time so the signature cannot be guessed byte by byte.
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
    // Checked after the signature, so an unsigned expiry never tells anything.
    const expiresAt = new Date(Number(expires) * 1000);
    if (expiresAt.getTime() <= this.now()) return { ok: false, reason: 'expired' };
    delete params[EXPIRES_PARAM];
    return { ok: true, params, expiresAt };
  }

  private signatureOf(path: string, params: Readonly<Record<string, string>>): string {
    const canonicalQuery = Object.keys(params)
      .sort()
      .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(params[name] as string)}`)
      .join('&');
    return createHmac('sha256', this.secret).update(`${VERSION}\n${path}\n${canonicalQuery}`, 'utf8').digest('base64url');
  }
}

/** The base without a trailing slash; refuses anything but an absolute http(s) URL without query or fragment. */
export function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The public base URL is not an absolute URL: ${JSON.stringify(text)}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`The public base URL must be http(s) without credentials, query or fragment: ${JSON.stringify(text)}`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
