import { SCOPES, type Principal } from '../../auth/principal';
import type { TokenHasher } from '../../ports/token-hasher.port';
import type { UnitOfWork } from '../../ports/unit-of-work.port';

/** Turns a presented opaque token into the principal it stands for; null when unknown or revoked. */
export class AuthenticateApiToken {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly hasher: TokenHasher }) {}

  async execute(input: { readonly secret: string }): Promise<Principal | null> {
    if (input.secret.length === 0 || input.secret.length > 512) return null;
    const token = await this.deps.uow.repositories.apiTokens.findByHash(this.deps.hasher.hash(input.secret));
    if (!token || token.revokedAt !== null) return null;
    return token.role === 'admin'
      ? { kind: 'staff', id: token.id, role: 'admin', email: null, scopes: SCOPES }
      : { kind: 'integration', id: token.id, name: token.name, scopes: token.scopes };
  }
}
