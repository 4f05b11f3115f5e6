import {
  DomainError,
  type Order,
  type OrderCursor,
  type OrderListQuery,
  type OrderPage,
  type OrderRepository,
  type OrderStatus,
  type OrderSummary,
} from '@oms/order-core';
import { copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryOrderRepository implements OrderRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(order: Order): Promise<void> {
    for (const other of this.state.orders.values()) {
      if (other.id === order.id || other.number === order.number || other.reference === order.reference) {
        throw new DomainError('CONFLICT', `Order ${order.id} (${order.reference}) already exists`, { entity: 'order', field: 'id' });
      }
    }
    journaledSet(this.journal, this.state.orders, order.id, copy(order));
  }

  async update(order: Order, expectedVersion: number): Promise<boolean> {
    const stored = this.state.orders.get(order.id);
    if (!stored || stored.version !== expectedVersion) return false;
    // Lines are fixed at placement: the update writes the header only.
    journaledSet(this.journal, this.state.orders, order.id, copy({ ...order, lines: stored.lines }));
    return true;
  }

  async findById(id: string): Promise<Order | null> {
    const order = this.state.orders.get(id);
    return order ? copy(order) : null;
  }

  async findByReference(reference: string): Promise<Order | null> {
    const order = [...this.state.orders.values()].find((o) => o.reference === reference);
    return order ? copy(order) : null;
  }

  async list(query: OrderListQuery): Promise<OrderPage> {
    const search = query.search?.toLowerCase();
    const matching = [...this.state.orders.values()].filter(
      (o) =>
        (query.statuses === undefined || query.statuses.includes(o.status)) &&
        (query.customerId === undefined || o.customerId === query.customerId) &&
        (query.createdFrom === undefined || o.createdAt >= query.createdFrom) &&
        (query.createdTo === undefined || o.createdAt <= query.createdTo) &&
        (search === undefined ||
          o.id === query.search ||
          o.reference.toLowerCase() === search ||
          (o.contact.email ?? '').toLowerCase().includes(search) ||
          o.contact.name.toLowerCase().includes(search)),
    );
    const sign = query.sort.direction === 'asc' ? 1 : -1;
    const key = (o: Order): string | number => sortValue(o, query.sort.field);
    const compare = (a: { value: string | number; id: string }, b: { value: string | number; id: string }): number =>
      sign * (a.value === b.value ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.value < b.value ? -1 : 1);
    matching.sort((a, b) => compare({ value: key(a), id: a.id }, { value: key(b), id: b.id }));
    const after = query.after;
    const remaining = after ? matching.filter((o) => compare({ value: key(o), id: o.id }, after) > 0) : matching.slice(query.offset);
    const page = remaining.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor: OrderCursor | null = remaining.length > query.limit && last ? { value: key(last), id: last.id } : null;
    return { items: page.map(summary), total: matching.length, nextCursor };
  }

  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const counts: Partial<Record<OrderStatus, number>> = {};
    for (const order of this.state.orders.values()) counts[order.status] = (counts[order.status] ?? 0) + 1;
    return counts;
  }

  async nextNumber(): Promise<number> {
    // Like a database sequence, a number once handed out is not given back on rollback.
    this.state.orderNumber += 1;
    return this.state.orderNumber;
  }
}

function sortValue(order: Order, field: OrderListQuery['sort']['field']): string | number {
  switch (field) {
    case 'created_at':
      return order.createdAt;
    case 'updated_at':
      return order.updatedAt;
    case 'total':
      return order.totals.total;
  }
}

function summary(order: Order): OrderSummary {
  const { lines: _lines, ...rest } = copy(order);
  return rest;
}
