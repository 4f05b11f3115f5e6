import { DomainError, ORDER_SORT_FIELDS, type OrderCursor, type OrderSort } from '@oms/order-core';

/** What a cursor carries: the sort it belongs to and the keyset position (sort value and id of the last row). */
interface CursorPayload {
  readonly f: OrderSort['field'];
  readonly d: OrderSort['direction'];
  readonly v: string | number;
  readonly i: string;
}

/** Opaque to clients (base64url JSON) so its contents can change without breaking them. */
export function encodeOrderCursor(sort: OrderSort, position: OrderCursor): string {
  const payload: CursorPayload = { f: sort.field, d: sort.direction, v: position.value, i: position.id };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The keyset position of a cursor; 422 on `cursor` when it is garbage or was issued for another sort. */
export function decodeOrderCursor(text: string, sort: OrderSort): OrderCursor {
  const payload = parsePayload(text);
  if (payload === null) throw invalidCursor('is not a valid cursor');
  if (payload.f !== sort.field || payload.d !== sort.direction) throw invalidCursor('belongs to another sort order');
  return { value: payload.v, id: payload.i };
}

function parsePayload(text: string): CursorPayload | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { f, d, v, i } = parsed as Record<string, unknown>;
  if (typeof f !== 'string' || !(ORDER_SORT_FIELDS as readonly string[]).includes(f)) return null;
  if (d !== 'asc' && d !== 'desc') return null;
  if (typeof i !== 'string' || i.length === 0) return null;
  const valueOk = f === 'total' ? Number.isSafeInteger(v) : typeof v === 'string' && v.length > 0;
  if (!valueOk) return null;
  return { f: f as OrderSort['field'], d, v: v as string | number, i };
}

function invalidCursor(message: string): DomainError {
  return DomainError.validation([{ field: 'cursor', message }]);
}
