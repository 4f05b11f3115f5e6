import { requireScope, type Principal } from '../../auth/principal';
import type { ApiToken } from '../../ports/api-token-repository.port';
import { DomainError } from '../../shared/errors';
import { nowIso, type CoreDependencies } from '../dependencies';

export class ListApiTokens {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow'>) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<readonly ApiToken[]> {
    requireScope(principal, 'tokens:write');
    return this.deps.uow.repositories.apiTokens.list();
  }
}

export class RevokeApiToken {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow' | 'clock'>) {}

  async execute(input: { readonly tokenId: string }, principal: Principal): Promise<void> {
    requireScope(principal, 'tokens:write');
    const revoked = await this.deps.uow.transaction((repos) => repos.apiTokens.revoke(input.tokenId, nowIso(this.deps.clock)));
    if (!revoked) throw DomainError.notFound('API token', input.tokenId);
  }
}
