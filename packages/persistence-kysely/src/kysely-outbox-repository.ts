import { isJsonObject, type JsonObject, type OutboxMessage, type OutboxRepository } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema, OutboxMessagesTable } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type MessageRow = Selectable<OutboxMessagesTable>;

const MESSAGE_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'outbox_messages_pkey', field: 'id', message: 'An outbox message with this id already exists' },
];
const TOPICS: readonly OutboxMessage['topic'][] = ['customer_email'];
const STATUSES: readonly OutboxMessage['status'][] = ['pending', 'sent', 'failed'];

/** Keeps multi-row INSERTs well below every driver's bound-parameter limit. */
const CHUNK = 500;

/**
 * The outbox. A claim is ONE guarded UPDATE that moves due pending messages' `available_at` to the lease's end and
 * returns them; on PostgreSQL its subquery locks the rows it picks with FOR UPDATE SKIP LOCKED, so concurrent
 * claimers split the due messages instead of queueing for the same ones; SQLite has one writer at a time.
 */
export class KyselyOutboxRepository implements OutboxRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DatabaseDialect,
  ) {}

  async enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.map((m) => ({ id: m.id, ...toRow(m) }));
    const write = async (db: Kysely<DatabaseSchema>): Promise<void> => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await withConflictMapping('outbox_message', MESSAGE_KEYS, () => db.insertInto('outbox_messages').values(chunk).execute());
      }
    };
    // All or nothing, also without a surrounding transaction.
    if (this.db.isTransaction || rows.length <= CHUNK) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  async claim(now: string, leaseUntil: string, limit: number): Promise<readonly OutboxMessage[]> {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`A claim limit must be a whole number of at least 0, got ${String(limit)}`);
    if (limit === 0) return [];
    const at = toStoredTimestamp(now, 'now');
    const lease = toStoredTimestamp(leaseUntil, 'leaseUntil');
    // Along outbox_messages_status_available_idx; oldest first by (created_at, id).
    const picked = this.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('status', '=', 'pending')
      .where('available_at', '<=', at)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit);
    const rows = await this.db
      .updateTable('outbox_messages')
      .set({ available_at: lease })
      .where('id', 'in', this.dialect === 'postgres' ? picked.forUpdate().skipLocked() : picked)
      // The guard again on the row being written: PostgreSQL re-checks it against a version committed meanwhile.
      .where('status', '=', 'pending')
      .where('available_at', '<=', at)
      .returningAll()
      .execute();
    // RETURNING has no order of its own.
    return rows.map(fromRow).sort((a, b) => (a.createdAt === b.createdAt ? compare(a.id, b.id) : compare(a.createdAt, b.createdAt)));
  }

  async update(message: OutboxMessage): Promise<void> {
    await this.db.updateTable('outbox_messages').set(toRow(message)).where('id', '=', message.id).execute();
  }

  async findById(id: string): Promise<OutboxMessage | null> {
    const row = await this.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }
}

/** Byte order of the (ASCII) ids and timestamps, as the database sorts them. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toRow(message: OutboxMessage) {
  return {
    topic: message.topic,
    payload: writeJsonColumn(message.payload),
    status: message.status,
    attempts: message.attempts,
    available_at: toStoredTimestamp(message.availableAt, 'availableAt'),
    last_error: message.lastError,
    created_at: toStoredTimestamp(message.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(message.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: MessageRow): OutboxMessage {
  const topic = TOPICS.find((t) => t === row.topic);
  if (topic === undefined) throw new Error(`Column outbox_messages.topic of ${row.id} holds an unknown topic ${JSON.stringify(row.topic)}`);
  const status = STATUSES.find((s) => s === row.status);
  if (status === undefined) throw new Error(`Column outbox_messages.status of ${row.id} holds an unknown status ${JSON.stringify(row.status)}`);
  return {
    id: row.id,
    topic,
    payload: readObject(row.payload, 'outbox_messages.payload'),
    status,
    attempts: readSafeInteger(row.attempts, 'outbox_messages.attempts'),
    availableAt: row.available_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function readObject(text: string, column: string): JsonObject {
  const value = readJsonColumn(text, column);
  if (!isJsonObject(value)) throw new Error(`Column ${column} holds JSON that is not an object`);
  return value;
}
