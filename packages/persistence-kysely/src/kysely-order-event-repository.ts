import {
  ORDER_EVENT_TYPES,
  isJsonObject,
  type ActorRef,
  type OrderEvent,
  type OrderEventRepository,
  type OrderEventType,
  type PrincipalKind,
} from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, OrderEventsTable } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';
import { PreparedQuery } from './prepared-query';

type EventRow = Selectable<OrderEventsTable>;

const UNIQUE_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'order_events_pkey', field: 'id', message: 'An order event with this id already exists' },
];

const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['staff', 'customer', 'integration', 'system', 'public'];

/** Events are append-only: there is no update or delete. The actor has its own columns so it can be queried. */
export class KyselyOrderEventRepository implements OrderEventRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async append(events: readonly OrderEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((event) => ({
      id: event.id,
      order_id: event.orderId,
      type: event.type,
      actor_kind: event.actor.kind,
      actor_id: event.actor.id,
      actor_display: event.actor.display,
      data: writeJsonColumn(event.data),
      at: toStoredTimestamp(event.at, 'at'),
    }));
    // One multi-row INSERT: all the events or none, with or without a surrounding transaction.
    await withConflictMapping('order_event', UNIQUE_KEYS, () => this.db.insertInto('order_events').values(rows).execute());
  }

  async listForOrder(orderId: string): Promise<readonly OrderEvent[]> {
    return (await EVENTS_OF_ORDER.execute(this.db, orderId)).map(fromRow);
  }

  async pageForOrder(
    orderId: string,
    query: { readonly types?: readonly OrderEventType[]; readonly limit: number; readonly offset: number },
  ): Promise<{ readonly items: readonly OrderEvent[]; readonly total: number }> {
    const { limit, offset } = query;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number of at least 0, got ${limit}`);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number of at least 0, got ${offset}`);
    const types = query.types === undefined ? undefined : [...new Set(query.types)];
    // Like every list filter here, an empty list of types matches nothing.
    if (types !== undefined && types.length === 0) return { items: [], total: 0 };

    // The order_id equality plus ORDER BY at, id is a range scan of order_events_order_at_idx (order_id, at, id) in
    // index order: no sort, and OFFSET skips index entries. The types filter is checked on the rows as they come.
    let filtered = this.db.selectFrom('order_events').where('order_id', '=', orderId);
    if (types !== undefined) filtered = filtered.where('type', 'in', types);
    const rows = await filtered.selectAll().orderBy('at', 'asc').orderBy('id', 'asc').limit(limit).offset(offset).execute();
    const items = rows.map(fromRow);
    // A page that is not full is the last one, so the total is known without counting (unless the offset is past the
    // end, where an empty page says nothing about how many rows come before it).
    if (items.length < limit && (items.length > 0 || offset === 0)) return { items, total: offset + items.length };
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items, total: readSafeInteger(count.count, 'count') };
  }
}

function fromRow(row: EventRow): OrderEvent {
  const data = readJsonColumn(row.data, 'order_events.data');
  if (!isJsonObject(data)) throw new Error(`Column order_events.data of ${row.id} holds JSON that is not an object`);
  if (!(ORDER_EVENT_TYPES as readonly string[]).includes(row.type)) {
    throw new Error(`Column order_events.type of ${row.id} holds an unknown type ${JSON.stringify(row.type)}`);
  }
  const actor: ActorRef = { kind: principalKind(row.actor_kind), id: row.actor_id, display: row.actor_display };
  // The type was checked above and the data was written from an event of that type.
  return { id: row.id, orderId: row.order_id, type: row.type, actor, at: row.at, data } as unknown as OrderEvent;
}

function principalKind(value: string): PrincipalKind {
  const kind = PRINCIPAL_KINDS.find((k) => k === value);
  if (kind === undefined) throw new Error(`Column order_events.actor_kind holds an unknown kind ${JSON.stringify(value)}`);
  return kind;
}

const EVENTS_OF_ORDER = new PreparedQuery('events of an order', (db, orderId: string) =>
  db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('at', 'asc').orderBy('id', 'asc'),
);
