import { anApiToken } from '../builders';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

export function describeApiTokenRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`ApiTokenRepository contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('stores tokens, finds them by hash, lists them oldest first and revokes once', async () => {
      const first = anApiToken({ scopes: ['orders:read', 'orders:write'], createdAt: '2026-03-20T10:00:00.000Z' });
      const second = anApiToken({ role: 'admin', createdAt: '2026-03-20T11:00:00.000Z' });
      await uow().transaction(async (r) => {
        await r.apiTokens.insert(second);
        await r.apiTokens.insert(first);
      });
      const tokens = uow().repositories.apiTokens;
      expect(await tokens.findByHash(first.tokenHash)).toEqual(first);
      expect(await tokens.findByHash('unknown')).toBeNull();
      expect(await tokens.list()).toEqual([first, second]);
      expect(await uow().transaction((r) => r.apiTokens.revoke(first.id, '2026-03-21T00:00:00.000Z'))).toBe(true);
      expect((await tokens.findByHash(first.tokenHash))?.revokedAt).toBe('2026-03-21T00:00:00.000Z');
      expect(await uow().transaction((r) => r.apiTokens.revoke(first.id, '2026-03-22T00:00:00.000Z'))).toBe(false);
      expect(await uow().transaction((r) => r.apiTokens.revoke('tok_missing', '2026-03-22T00:00:00.000Z'))).toBe(false);
    });

    it('refuses a duplicate hash with CONFLICT', async () => {
      const token = anApiToken();
      await uow().transaction((r) => r.apiTokens.insert(token));
      expect((await rejectionCode(uow().transaction((r) => r.apiTokens.insert(anApiToken({ tokenHash: token.tokenHash }))))).code).toBe('CONFLICT');
    });
  });
}
