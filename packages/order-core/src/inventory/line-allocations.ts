import type { Repositories } from '../ports/unit-of-work.port';
import type { Backorder, LineAllocation, Reservation } from './allocation';

/** Per line of an order: reserved (held), backordered (waiting) and shipped (consumed or later returned) units. */
export async function lineAllocationsOf(repos: Repositories, orderId: string, lineIds: readonly string[]): Promise<Readonly<Record<string, LineAllocation>>> {
  const reservations = await repos.allocations.reservationsForOrder(orderId);
  // Every backorder of the order, whatever its status (only waiting ones count below): a filter on the order alone
  // lets the database go straight to the order's rows instead of through every waiting backorder of the store.
  const backorders: Backorder[] = [];
  for (let offset = 0; ; offset += BACKORDER_PAGE) {
    const page = await repos.allocations.listBackorders({ orderId, limit: BACKORDER_PAGE, offset });
    backorders.push(...page.items);
    if (page.items.length < BACKORDER_PAGE) break;
  }
  return lineAllocationsFrom(lineIds, reservations, backorders);
}

const BACKORDER_PAGE = 1_000;

/**
 * The same tally from reservations and backorders in hand, e.g. those a placement has just written (so it need not
 * read them back). Rows of other lines are ignored; backorders count only while waiting.
 */
export function lineAllocationsFrom(
  lineIds: readonly string[],
  reservations: readonly Reservation[],
  backorders: readonly Backorder[],
): Readonly<Record<string, LineAllocation>> {
  const result: Record<string, { reserved: number; backordered: number; shipped: number }> = {};
  for (const id of lineIds) result[id] = { reserved: 0, backordered: 0, shipped: 0 };
  for (const r of reservations) {
    const line = result[r.lineId];
    if (!line) continue;
    if (r.status === 'held') line.reserved += r.quantity;
    else if (r.status === 'consumed' || r.status === 'returned') line.shipped += r.quantity;
  }
  for (const b of backorders) {
    const line = result[b.lineId];
    if (line && b.status === 'waiting') line.backordered += b.quantity;
  }
  return result;
}
