import { DEFAULT_STAFF_SCOPES, SCOPES, systemPrincipal } from '@oms/order-core';
import { createTestOrderCore } from '@oms/order-testkit';
import jwt from 'jsonwebtoken';
import { ADMIN_TOKEN_PRINCIPAL_ID, BearerAuthenticator } from './bearer-authenticator';

const SECRET = 'a-long-enough-hs256-secret-for-tests';

function setup(options: { adminToken?: string; jwtSecret?: string } = { adminToken: 'the-admin-token', jwtSecret: SECRET }) {
  const { core } = createTestOrderCore();
  return { core, auth: new BearerAuthenticator({ ...options, core }) };
}

function sign(claims: Record<string, unknown>, options: jwt.SignOptions = {}, secret = SECRET): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: '5m', ...options });
}

function unsigned(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('BearerAuthenticator', () => {
  describe('the configured admin token', () => {
    it('authenticates as an admin holding every scope', async () => {
      const { auth } = setup();
      expect(await auth.authenticate('the-admin-token')).toEqual({
        kind: 'staff',
        id: ADMIN_TOKEN_PRINCIPAL_ID,
        role: 'admin',
        email: null,
        scopes: SCOPES,
      });
    });

    it('refuses near misses: prefixes, extensions, case changes', async () => {
      const { auth } = setup();
      for (const guess of ['the-admin-toke', 'the-admin-token ', 'the-admin-tokenX', 'THE-ADMIN-TOKEN', '']) {
        expect(await auth.authenticate(guess)).toBeNull();
      }
    });

    it('refuses an empty configured token', () => {
      const { core } = createTestOrderCore();
      expect(() => new BearerAuthenticator({ adminToken: '', core })).toThrow('adminToken');
      expect(() => new BearerAuthenticator({ jwtSecret: '', core })).toThrow('jwtSecret');
    });

    it('is simply absent when not configured', async () => {
      const { auth } = setup({ jwtSecret: SECRET });
      expect(await auth.authenticate('the-admin-token')).toBeNull();
    });
  });

  describe('HS256 JWTs', () => {
    it('maps an admin to every scope, whatever its scope claim says', async () => {
      const { auth } = setup();
      const principal = await auth.authenticate(sign({ sub: 'u1', role: 'admin', email: 'boss@example.com', scope: 'orders:read' }));
      expect(principal).toEqual({ kind: 'staff', id: 'u1', role: 'admin', email: 'boss@example.com', scopes: SCOPES });
    });

    it('gives staff without a scope claim the default staff scopes', async () => {
      const { auth } = setup();
      const principal = await auth.authenticate(sign({ sub: 'u2', role: 'staff' }));
      expect(principal).toEqual({ kind: 'staff', id: 'u2', role: 'staff', email: null, scopes: DEFAULT_STAFF_SCOPES });
    });

    it('reads space- or comma-separated scopes and drops unknown ones', async () => {
      const { auth } = setup();
      const spaced = await auth.authenticate(sign({ sub: 'u3', role: 'staff', scope: 'orders:read  inventory:write bogus:scope' }));
      expect(spaced).toMatchObject({ scopes: ['orders:read', 'inventory:write'] });
      const commas = await auth.authenticate(sign({ sub: 'u3', role: 'staff', scope: 'orders:write,products:read,orders:write' }));
      expect(commas).toMatchObject({ scopes: ['orders:write', 'products:read'] });
      const none = await auth.authenticate(sign({ sub: 'u3', role: 'staff', scope: 'nothing:known' }));
      expect(none).toMatchObject({ kind: 'staff', scopes: [] });
    });

    it('maps a customer to a customer principal, customer_id falling back to sub', async () => {
      const { auth } = setup();
      expect(await auth.authenticate(sign({ sub: 'user-9', role: 'customer', customer_id: 'cust_9', email: 'c@example.com' }))).toEqual({
        kind: 'customer',
        id: 'user-9',
        customerId: 'cust_9',
        email: 'c@example.com',
      });
      expect(await auth.authenticate(sign({ sub: 'cust_10', role: 'customer' }))).toEqual({
        kind: 'customer',
        id: 'cust_10',
        customerId: 'cust_10',
        email: null,
      });
    });

    it('maps a courier to a courier principal holding no scopes, whatever its claims say', async () => {
      const { auth } = setup();
      expect(await auth.authenticate(sign({ sub: 'driver-7', role: 'courier', email: 'd7@example.com', scope: 'orders:read fulfillment:write' }))).toEqual({
        kind: 'courier',
        id: 'driver-7',
        email: 'd7@example.com',
      });
      expect(await auth.authenticate(sign({ sub: 'driver-8', role: 'courier', customer_id: 'cust_1' }))).toEqual({ kind: 'courier', id: 'driver-8', email: null });
    });

    it('refuses expired tokens and tokens not yet valid', async () => {
      const { auth } = setup();
      const expired = jwt.sign({ sub: 'u1', role: 'admin', exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, { algorithm: 'HS256' });
      expect(await auth.authenticate(expired)).toBeNull();
      const early = sign({ sub: 'u1', role: 'admin' }, { notBefore: '1h' });
      expect(await auth.authenticate(early)).toBeNull();
    });

    it('refuses `alg: none`, other algorithms and other secrets', async () => {
      const { auth } = setup();
      expect(await auth.authenticate(unsigned({ sub: 'u1', role: 'admin' }))).toBeNull();
      expect(await auth.authenticate(sign({ sub: 'u1', role: 'admin' }, { algorithm: 'HS512' }))).toBeNull();
      expect(await auth.authenticate(sign({ sub: 'u1', role: 'admin' }, {}, 'another-secret-entirely'))).toBeNull();
    });

    it('refuses a tampered payload', async () => {
      const { auth } = setup();
      const [header, , signature] = sign({ sub: 'u1', role: 'customer' }).split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'admin', exp: 4102444800 })).toString('base64url');
      expect(await auth.authenticate(`${header}.${forged}.${signature}`)).toBeNull();
    });

    it('refuses tokens with a missing or unknown role or subject', async () => {
      const { auth } = setup();
      expect(await auth.authenticate(sign({ sub: 'u1' }))).toBeNull();
      expect(await auth.authenticate(sign({ sub: 'u1', role: 'superuser' }))).toBeNull();
      expect(await auth.authenticate(sign({ role: 'admin' }))).toBeNull();
      expect(await auth.authenticate(sign({ sub: '', role: 'admin' }))).toBeNull();
    });

    it('refuses every JWT when no secret is configured', async () => {
      const { auth } = setup({ adminToken: 'the-admin-token' });
      expect(await auth.authenticate(sign({ sub: 'u1', role: 'admin' }))).toBeNull();
    });
  });

  describe('opaque API tokens', () => {
    it('authenticates an issued token with its scopes, and refuses it once revoked', async () => {
      const { auth, core } = setup();
      const issued = await core.issueApiToken.execute({ name: 'shop', scopes: ['orders:read'] }, systemPrincipal());
      expect(await auth.authenticate(issued.secret)).toEqual({
        kind: 'integration',
        id: issued.token.id,
        name: 'shop',
        scopes: ['orders:read'],
      });
      await core.revokeApiToken.execute({ tokenId: issued.token.id }, systemPrincipal());
      expect(await auth.authenticate(issued.secret)).toBeNull();
    });

    it('refuses unknown tokens', async () => {
      const { auth } = setup();
      expect(await auth.authenticate('oms_not-a-real-token')).toBeNull();
    });
  });
});
