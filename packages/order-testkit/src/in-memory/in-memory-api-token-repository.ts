import { DomainError, type ApiToken, type ApiTokenRepository } from '@oms/order-core';
import { copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryApiTokenRepository implements ApiTokenRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(token: ApiToken): Promise<void> {
    for (const other of this.state.apiTokens.values()) {
      if (other.id === token.id || other.tokenHash === token.tokenHash) {
        throw new DomainError('CONFLICT', 'This API token already exists', { entity: 'api_token', field: 'token_hash' });
      }
    }
    journaledSet(this.journal, this.state.apiTokens, token.id, copy(token));
  }

  async findByHash(tokenHash: string): Promise<ApiToken | null> {
    for (const token of this.state.apiTokens.values()) if (token.tokenHash === tokenHash) return copy(token);
    return null;
  }

  async list(): Promise<readonly ApiToken[]> {
    return [...this.state.apiTokens.values()]
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      .map(copy);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const token = this.state.apiTokens.get(id);
    if (!token || token.revokedAt !== null) return false;
    journaledSet(this.journal, this.state.apiTokens, id, { ...token, revokedAt: at });
    return true;
  }
}
