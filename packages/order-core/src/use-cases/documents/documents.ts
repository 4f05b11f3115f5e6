import { hasScope, requireScope, type Principal } from '../../auth/principal';
import {
  type DocumentSettings,
  type InvoiceDocument,
  type LabelBatchDocument,
  type PackingSlipDocument,
  type PickListDocument,
  type PickListItem,
  type ShippingLabel,
} from '../../documents/document-models';
import type { Invoice } from '../../documents/invoice';
import { isActiveShipment, unshippedLines } from '../../fulfillment/shipment';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Order } from '../../orders/order';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError, isDomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { formatMinor } from '../../shared/money';
import { stableHash } from '../../shared/stable-hash';
import { nowIso, type OrderDependencies } from '../dependencies';
import { applyTransition } from '../orders/transition-order';

export interface DocumentDependencies extends OrderDependencies {
  readonly documents: DocumentSettings;
}

export const MAX_DOCUMENT_ORDERS = 200;

function requireReader(principal: Principal): void {
  if (!hasScope(principal, 'orders:read')) requireScope(principal, 'orders:read');
}

async function findOrder(repos: Repositories, orderId: unknown): Promise<Order> {
  const order = typeof orderId === 'string' && orderId.length <= 64 ? await repos.orders.findById(orderId) : null;
  if (!order) throw DomainError.notFound('Order', String(orderId));
  return order;
}

/** Order ids from a request: 1 to MAX_DOCUMENT_ORDERS distinct ids, in the order given. */
function checkOrderIds(field: string, value: unknown): string[] {
  const check = new InputChecker();
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_DOCUMENT_ORDERS) check.fail(field, `must list 1 to ${MAX_DOCUMENT_ORDERS} ids`);
  else value.forEach((id, i) => check.text(`${field}[${i}]`, id, { max: 64 }));
  check.throwIfFailed();
  return [...new Set(value as string[])];
}

async function ordersIn(repos: Repositories, ids: readonly string[]): Promise<Order[]> {
  const found = await Promise.all(ids.map((id) => repos.orders.findById(id)));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) throw new DomainError('NOT_FOUND', `No order ${missing.join(', ')}`, { missing });
  return found as Order[];
}

/** The packing slip of one order: what goes in the box, without prices. */
export class GetPackingSlip {
  constructor(private readonly deps: DocumentDependencies) {}

  async execute(input: { readonly orderId: string }, principal: Principal): Promise<PackingSlipDocument> {
    requireReader(principal);
    const order = await findOrder(this.deps.uow.repositories, input.orderId);
    return {
      kind: 'packing_slip',
      orderVersions: { [order.id]: order.version },
      orderId: order.id,
      reference: order.reference,
      orderDate: order.createdAt.slice(0, 10),
      seller: this.deps.documents.seller,
      shipTo: order.shippingAddress,
      contactName: order.contact.name,
      contactPhone: order.contact.phone,
      lines: order.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity })),
      itemCount: order.itemsCount,
      notes: order.notes,
    };
  }
}

/** Included tax of `total` at `ratePercent` (two decimals), rounded half up in minor units. */
function includedTax(total: number, ratePercent: number): number {
  const rate = BigInt(Math.round(ratePercent * 100));
  const numerator = BigInt(total) * rate;
  const denominator = 10_000n + rate;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/**
 * The invoice of one order. Its number is taken on first generation, in its own transaction, from a gap-free
 * sequence, and never changes; the totals are the order's own.
 */
export class GetInvoice {
  constructor(private readonly deps: DocumentDependencies) {}

  async execute(input: { readonly orderId: string }, principal: Principal): Promise<InvoiceDocument> {
    requireReader(principal);
    const order = await findOrder(this.deps.uow.repositories, input.orderId);
    const invoice = await this.invoiceOf(order.id);
    const money = (minor: number) => formatMinor(minor, order.currency);
    const settings = this.deps.documents;
    return {
      kind: 'invoice',
      orderVersions: { [order.id]: order.version },
      invoiceNumber: invoice.number,
      issueDate: invoice.issuedAt.slice(0, 10),
      orderId: order.id,
      reference: order.reference,
      seller: settings.seller,
      billTo: order.billingAddress ?? order.shippingAddress,
      shipTo: order.shippingAddress,
      currency: order.currency,
      lines: order.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: money(l.unitPrice), lineTotal: money(l.lineTotal) })),
      totals: {
        subtotal: money(order.totals.subtotal),
        discount: money(order.totals.discount),
        shipping: money(order.totals.shipping),
        tax: money(order.totals.tax),
        total: money(order.totals.total),
      },
      taxLines: settings.includedTaxes.map((t) => ({ label: t.label, amount: money(includedTax(order.totals.total, t.ratePercent)) })),
    };
  }

  private async invoiceOf(orderId: string): Promise<Invoice> {
    const existing = await this.deps.uow.repositories.invoices.findByOrder(orderId);
    if (existing) return existing;
    const prefix = this.deps.documents.invoicePrefix;
    try {
      return await this.deps.uow.transaction(async (repos) => {
        return (await repos.invoices.findByOrder(orderId)) ?? (await repos.invoices.issue(orderId, nowIso(this.deps.clock), (n) => `${prefix}${String(n).padStart(6, '0')}`));
      });
    } catch (error) {
      // Someone issued it at the same moment: theirs is the invoice.
      if (!isDomainError(error, 'CONFLICT')) throw error;
      const raced = await this.deps.uow.repositories.invoices.findByOrder(orderId);
      if (!raced) throw error;
      return raced;
    }
  }
}

/**
 * One pick list for a batch of orders: every unit still to ship, added up per product and warehouse, with the
 * per-order breakdown, in walking order (warehouses by priority, then SKU). Units not reserved anywhere are listed
 * under the warehouse code `UNALLOCATED`.
 */
export class GetPickList {
  constructor(private readonly deps: DocumentDependencies) {}

  async execute(input: { readonly orderIds: readonly string[] }, principal: Principal): Promise<PickListDocument> {
    requireReader(principal);
    const ids = checkOrderIds('order_ids', input.orderIds);
    const repos = this.deps.uow.repositories;
    const orders = await ordersIn(repos, ids);
    const warehouses = await repos.warehouses.list();
    const rank = new Map(warehouses.map((w) => [w.id, w] as const));
    const items = new Map<string, { item: Omit<PickListItem, 'orders' | 'quantity'>; quantity: number; orders: Map<string, { orderId: string; reference: string; quantity: number }> }>();
    const add = (order: Order, line: Order['lines'][number], warehouseCode: string, quantity: number) => {
      const key = `${warehouseCode}\u0000${line.productId}`;
      const entry = items.get(key) ?? { item: { warehouseCode, productId: line.productId, sku: line.sku, name: line.name }, quantity: 0, orders: new Map() };
      entry.quantity += quantity;
      const perOrder = entry.orders.get(order.id) ?? { orderId: order.id, reference: order.reference, quantity: 0 };
      perOrder.quantity += quantity;
      entry.orders.set(order.id, perOrder);
      items.set(key, entry);
    };
    for (const order of orders) {
      const left = new Map(unshippedLines(order, await repos.shipments.listForOrder(order.id)).map((l) => [l.lineId, l.quantity] as const));
      const held = (await repos.allocations.reservationsForOrder(order.id)).filter((r) => r.status === 'held');
      for (const line of order.lines) {
        let need = left.get(line.id) ?? 0;
        for (const r of held.filter((x) => x.lineId === line.id)) {
          if (need === 0) break;
          const take = Math.min(need, r.quantity);
          add(order, line, rank.get(r.warehouseId)?.code ?? r.warehouseId, take);
          need -= take;
        }
        if (need > 0) add(order, line, 'UNALLOCATED', need);
      }
    }
    const priority = (code: string) => warehouses.find((w) => w.code === code)?.priority ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...items.values()]
      .map((e) => ({ ...e.item, quantity: e.quantity, orders: [...e.orders.values()] }))
      .sort((a, b) => priority(a.warehouseCode) - priority(b.warehouseCode) || compare(a.warehouseCode, b.warehouseCode) || compare(a.sku, b.sku));
    const versions = Object.fromEntries(orders.map((o) => [o.id, o.version] as const));
    return {
      kind: 'pick_list',
      orderVersions: versions,
      pickListId: `pick_${stableHash(JSON.stringify(Object.entries(versions)))}`,
      orderCount: orders.length,
      itemCount: sorted.reduce((sum, i) => sum + i.quantity, 0),
      items: sorted,
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Statuses from which printing a label moves an order to packed. */
const PACKABLE: readonly OrderStatus[] = ['pending', 'confirmed', 'processing', 'in_progress'];

/**
 * Shipping labels, 4x6 inches each: one per parcel still on its way (its tracking number as the barcode), and for an
 * order with no parcel yet one label whose barcode is the order reference, which the scanner resolves. Printing labels
 * for orders (not shipments) moves the ones being worked on to packed, each in its own transaction.
 */
export class GetShippingLabels {
  constructor(private readonly deps: DocumentDependencies) {}

  async execute(
    input: { readonly shipmentIds?: readonly string[] | null; readonly orderIds?: readonly string[] | null; readonly markPacked?: boolean },
    principal: Principal,
  ): Promise<LabelBatchDocument> {
    if (input.markPacked) requireScope(principal, 'fulfillment:write');
    else requireReader(principal);
    const byShipment = input.shipmentIds != null;
    if (byShipment === (input.orderIds != null)) {
      throw new DomainError('VALIDATION_FAILED', 'Give either shipment_ids or order_ids', { errors: [{ field: 'shipment_ids', message: 'give either shipment_ids or order_ids' }] });
    }
    const repos = this.deps.uow.repositories;
    const labels: ShippingLabel[] = [];
    const versions: Record<string, number> = {};
    if (byShipment) {
      const ids = checkOrderIds('shipment_ids', input.shipmentIds);
      const shipments = await Promise.all(ids.map((id) => repos.shipments.findById(id)));
      const missing = ids.filter((_, i) => !shipments[i]);
      if (missing.length > 0) throw new DomainError('NOT_FOUND', `No shipment ${missing.join(', ')}`, { missing });
      for (const shipment of shipments) {
        const order = await findOrder(repos, shipment!.orderId);
        versions[order.id] = order.version;
        labels.push(this.label(order, shipment!));
      }
    } else {
      const ids = checkOrderIds('order_ids', input.orderIds);
      for (let order of await ordersIn(repos, ids)) {
        if (input.markPacked && PACKABLE.includes(order.status)) order = await this.pack(order, principal);
        versions[order.id] = order.version;
        const parcels = (await repos.shipments.listForOrder(order.id)).filter((s) => isActiveShipment(s) && s.status !== 'delivered');
        if (parcels.length === 0) labels.push(this.label(order, null));
        for (const parcel of parcels) labels.push(this.label(order, parcel));
      }
    }
    return { kind: 'shipping_labels', orderVersions: versions, labelBatchId: `lbl_${stableHash(JSON.stringify(labels))}`, labels };
  }

  private async pack(order: Order, principal: Principal): Promise<Order> {
    return this.deps.uow.transaction(async (repos) => {
      const current = await findOrder(repos, order.id);
      if (!PACKABLE.includes(current.status)) return current;
      return applyTransition(this.deps, repos, current, { to: 'packed', reason: 'Label printed' }, principal);
    });
  }

  private label(order: Order, shipment: { readonly trackingNumber: string | null; readonly carrier: string; readonly service: string | null; readonly lines: readonly { readonly quantity: number }[] } | null): ShippingLabel {
    const settings = this.deps.documents;
    return {
      barcode: shipment?.trackingNumber ?? order.reference,
      trackingNumber: shipment?.trackingNumber ?? null,
      carrier: shipment?.carrier ?? order.carrier ?? '',
      service: shipment?.service ?? null,
      orderId: order.id,
      reference: order.reference,
      from: { name: settings.seller.name, addressLines: settings.seller.addressLines },
      to: order.shippingAddress,
      contactName: order.contact.name,
      contactPhone: order.contact.phone,
      trackingUrl: settings.trackingUrlTemplate.replace('{order_id}', encodeURIComponent(order.id)),
      itemCount: shipment ? shipment.lines.reduce((sum, l) => sum + l.quantity, 0) : order.itemsCount,
    };
  }
}


