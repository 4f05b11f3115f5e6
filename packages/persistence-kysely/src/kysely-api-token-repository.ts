import { isScope, type ApiToken, type ApiTokenRepository, type Scope } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DatabaseSchema } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type TokenRow = Selectable<ApiTokensTable>;

// The messages never include the hash: it is as good as the secret for a lookup.
const UNIQUE_KEYS: readonly UniqueKey[] = [
  { column: 'token_hash', constraint: 'api_tokens_token_hash_key', field: 'token_hash', message: 'An API token with this hash already exists' },
  { column: 'id', constraint: 'api_tokens_pkey', field: 'id', message: 'An API token with this id already exists' },
];

export class KyselyApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(token: ApiToken): Promise<void> {
    await withConflictMapping('api_token', UNIQUE_KEYS, () =>
      this.db
        .insertInto('api_tokens')
        .values({
          id: token.id,
          name: token.name,
          token_hash: token.tokenHash,
          role: token.role,
          scopes: writeJsonColumn(token.scopes),
          created_at: toStoredTimestamp(token.createdAt, 'createdAt'),
          revoked_at: token.revokedAt === null ? null : toStoredTimestamp(token.revokedAt, 'revokedAt'),
        })
        .execute(),
    );
  }

  async findByHash(tokenHash: string): Promise<ApiToken | null> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(): Promise<readonly ApiToken[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(fromRow);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: toStoredTimestamp(at, 'at') })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function fromRow(row: TokenRow): ApiToken {
  if (row.role !== 'admin' && row.role !== 'integration') {
    throw new Error(`Column api_tokens.role of ${row.id} holds an unknown role ${JSON.stringify(row.role)}`);
  }
  const stored = readJsonColumn(row.scopes, 'api_tokens.scopes');
  if (!Array.isArray(stored)) throw new Error(`Column api_tokens.scopes of ${row.id} does not hold a JSON array`);
  // A scope this version does not know (written by a newer one) grants nothing here rather than failing every request.
  const scopes: Scope[] = stored.filter((s): s is Scope => typeof s === 'string' && isScope(s));
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    role: row.role,
    scopes,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
