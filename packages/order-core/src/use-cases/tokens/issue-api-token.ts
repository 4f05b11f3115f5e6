import { isScope, requireScope, SCOPES, type Principal, type Scope } from '../../auth/principal';
import type { ApiToken } from '../../ports/api-token-repository.port';
import type { TokenHasher } from '../../ports/token-hasher.port';
import { InputChecker } from '../../shared/input-checker';
import { nowIso, type CoreDependencies } from '../dependencies';

export interface IssueApiTokenInput {
  readonly name: string;
  readonly role?: 'admin' | 'integration';
  /** Required for integration tokens; admin tokens hold every scope. */
  readonly scopes?: readonly string[];
}

export interface IssuedApiToken {
  readonly token: ApiToken;
  /** The bearer secret: shown once, never stored. */
  readonly secret: string;
}

export class IssueApiToken {
  constructor(private readonly deps: CoreDependencies & { readonly hasher: TokenHasher }) {}

  async execute(input: IssueApiTokenInput, principal: Principal): Promise<IssuedApiToken> {
    requireScope(principal, 'tokens:write');
    const check = new InputChecker();
    const name = check.text('name', input.name, { max: 100 });
    const role = input.role === undefined ? 'integration' : check.oneOf('role', input.role, ['admin', 'integration'] as const);
    let scopes: Scope[] = [...SCOPES];
    if (role === 'integration') {
      scopes = [];
      const requested = input.scopes ?? [];
      if (requested.length === 0) check.fail('scopes', `must list at least one of ${SCOPES.join(', ')}`);
      for (const scope of requested) {
        if (isScope(scope)) scopes.push(scope);
        else check.fail('scopes', `${scope} is not one of ${SCOPES.join(', ')}`);
      }
    }
    check.throwIfFailed();
    const secret = this.deps.hasher.generateSecret();
    const token: ApiToken = {
      id: this.deps.ids.next('tok'),
      name,
      tokenHash: this.deps.hasher.hash(secret),
      role,
      scopes: [...new Set(scopes)],
      createdAt: nowIso(this.deps.clock),
      revokedAt: null,
    };
    await this.deps.uow.transaction((repos) => repos.apiTokens.insert(token));
    return { token, secret };
  }
}
