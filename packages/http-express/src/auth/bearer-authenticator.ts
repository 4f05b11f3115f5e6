import { createHash, timingSafeEqual } from 'node:crypto';
import {
  adminPrincipal,
  DEFAULT_STAFF_SCOPES,
  isScope,
  SCOPES,
  type OrderCore,
  type Principal,
  type Scope,
} from '@oms/order-core';
import jwt from 'jsonwebtoken';
import type { Authenticator } from './authenticator';

export interface BearerAuthenticatorOptions {
  /** The bootstrap ADMIN_TOKEN; only its digest is kept. */
  readonly adminToken?: string;
  /** The AUTH_JWT_SECRET for HS256 tokens; without it every JWT is refused. */
  readonly jwtSecret?: string;
  /** Looks up opaque API tokens by their hash. */
  readonly core: Pick<OrderCore, 'authenticateApiToken'>;
}

/** The principal id the configured admin token acts as (shown on timelines). */
export const ADMIN_TOKEN_PRINCIPAL_ID = 'admin-token';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const ROLES = ['admin', 'staff', 'customer', 'courier'] as const;
type JwtRole = (typeof ROLES)[number];

/**
 * Accepts, in this order: the configured admin token, HS256 JWTs signed with the configured secret, and opaque API
 * tokens issued by the core. Anything else authenticates as nobody (null), never as a lesser principal.
 */
export class BearerAuthenticator implements Authenticator {
  private readonly adminTokenDigest: Buffer | null;
  private readonly jwtSecret: string | null;
  private readonly core: Pick<OrderCore, 'authenticateApiToken'>;

  constructor(options: BearerAuthenticatorOptions) {
    if (options.adminToken !== undefined && options.adminToken.length === 0) throw new Error('adminToken must not be empty');
    if (options.jwtSecret !== undefined && options.jwtSecret.length === 0) throw new Error('jwtSecret must not be empty');
    this.adminTokenDigest = options.adminToken === undefined ? null : sha256(options.adminToken);
    this.jwtSecret = options.jwtSecret ?? null;
    this.core = options.core;
  }

  async authenticate(bearer: string): Promise<Principal | null> {
    if (bearer.length === 0) return null;
    // Digests have equal lengths whatever was presented, so the comparison takes the same time for every guess.
    if (this.adminTokenDigest !== null && timingSafeEqual(sha256(bearer), this.adminTokenDigest)) {
      return adminPrincipal(ADMIN_TOKEN_PRINCIPAL_ID);
    }
    if (JWT_SHAPE.test(bearer)) return this.fromJwt(bearer);
    return this.core.authenticateApiToken.execute({ secret: bearer });
  }

  private fromJwt(token: string): Principal | null {
    if (this.jwtSecret === null) return null;
    let claims: unknown;
    try {
      // Pinning the algorithm refuses `alg: none` and tokens signed with anything but our shared secret.
      claims = jwt.verify(token, this.jwtSecret, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    return principalFromClaims(claims);
  }
}

function principalFromClaims(claims: unknown): Principal | null {
  if (typeof claims !== 'object' || claims === null) return null;
  const { sub, role, scope, customer_id: customerId, email } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  const mail = typeof email === 'string' && email.length > 0 ? email : null;
  switch (role as JwtRole) {
    case 'admin':
      return { kind: 'staff', id: sub, role: 'admin', email: mail, scopes: SCOPES };
    case 'staff':
      return { kind: 'staff', id: sub, role: 'staff', email: mail, scopes: scope === undefined ? DEFAULT_STAFF_SCOPES : parseScopes(scope) };
    case 'customer':
      return {
        kind: 'customer',
        id: sub,
        customerId: typeof customerId === 'string' && customerId.length > 0 ? customerId : sub,
        email: mail,
      };
    case 'courier':
      // A delivery person: the core shows and settles only the deliveries assigned to this subject.
      return { kind: 'courier', id: sub, email: mail };
  }
}

/** `scope` as OAuth writes it (space-separated), comma-separated or an array; unknown scopes are dropped. */
function parseScopes(claim: unknown): readonly Scope[] {
  const words = typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim.filter((s): s is string => typeof s === 'string') : [];
  return [...new Set(words.filter(isScope))];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
