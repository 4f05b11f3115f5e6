import { ORDER_EVENT_TYPES, isJsonObject, type ActorRef, type OrderEvent, type OrderEventRepository, type PrincipalKind } from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, OrderEventsTable } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

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
    const rows = await this.db
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromRow);
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
