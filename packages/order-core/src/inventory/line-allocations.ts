import type { Repositories } from '../ports/unit-of-work.port';
import type { LineAllocation } from './allocation';

/** Per line of an order: reserved (held), backordered (waiting) and shipped (consumed or later returned) units. */
export async function lineAllocationsOf(repos: Repositories, orderId: string, lineIds: readonly string[]): Promise<Readonly<Record<string, LineAllocation>>> {
  const result: Record<string, { reserved: number; backordered: number; shipped: number }> = {};
  for (const id of lineIds) result[id] = { reserved: 0, backordered: 0, shipped: 0 };
  for (const r of await repos.allocations.reservationsForOrder(orderId)) {
    const line = result[r.lineId];
    if (!line) continue;
    if (r.status === 'held') line.reserved += r.quantity;
    else if (r.status === 'consumed' || r.status === 'returned') line.shipped += r.quantity;
  }
  const waiting = await repos.allocations.listBackorders({ orderId, statuses: ['waiting'], limit: 1_000, offset: 0 });
  for (const b of waiting.items) {
    const line = result[b.lineId];
    if (line) line.backordered += b.quantity;
  }
  return result;
}
