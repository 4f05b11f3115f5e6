import type { ApiToken, IdempotencyRecord, Order, OrderEvent, Product } from '@oms/order-core';

/** Everything an in-memory deployment holds. Values are deep copies: callers never share objects with it. */
export class InMemoryState {
  readonly products = new Map<string, Product>();
  readonly orders = new Map<string, Order>();
  readonly events: OrderEvent[] = [];
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly apiTokens = new Map<string, ApiToken>();
  orderNumber = 0;
}

/** Undo actions of the running transaction, applied in reverse on rollback; null outside a transaction. */
export type Journal = (() => void)[] | null;

export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Sets a map entry and records how to put back what was there. */
export function journaledSet<K, V>(journal: Journal, map: Map<K, V>, key: K, value: V): void {
  const had = map.has(key);
  const previous = map.get(key);
  map.set(key, value);
  journal?.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
}

export function journaledDelete<K, V>(journal: Journal, map: Map<K, V>, key: K): void {
  if (!map.has(key)) return;
  const previous = map.get(key) as V;
  map.delete(key);
  journal?.push(() => map.set(key, previous));
}
