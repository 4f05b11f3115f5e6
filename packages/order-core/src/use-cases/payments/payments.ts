import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { netPaid, type Payment } from '../../commerce/payment';
import { nextStatuses } from '../../lifecycle/lifecycle-definition';
import type { Order } from '../../orders/order';
import type { OrderEvent } from '../../orders/order-event';
import type { PaymentGateway } from '../../ports/payment-gateway.port';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { formatMinor, parseDecimal, type DecimalAmount } from '../../shared/money';
import { nowIso, type OrderDependencies } from '../dependencies';
import { orderDetailsIn, type OrderDetails } from '../orders/get-order';

export interface PaymentDependencies extends OrderDependencies {
  readonly payments: PaymentGateway;
}

export interface RecordPaymentInput {
  readonly orderId: string;
  /** Major units of the order's currency. */
  readonly amount: DecimalAmount;
  readonly method: string;
  readonly reference?: string | null;
}

function paymentEvent(deps: OrderDependencies, p: Payment): OrderEvent {
  const data = { paymentId: p.id, amount: p.amount, currency: p.currency, method: p.method, reference: p.reference };
  return p.kind === 'payment'
    ? { id: deps.ids.next('evt'), orderId: p.orderId, type: 'payment_recorded', actor: p.recordedBy, at: p.createdAt, data }
    : { id: deps.ids.next('evt'), orderId: p.orderId, type: 'refund_recorded', actor: p.recordedBy, at: p.createdAt, data };
}

/** Writes the order at its version (serialising payments on one order) and, when asked, moves it to `to`. */
async function saveOrder(deps: OrderDependencies, repos: Repositories, current: Order, now: string, principal: Principal, move?: { to: Order['status']; reason: string }): Promise<Order> {
  const canMove = move !== undefined && nextStatuses(deps.lifecycle, current.status).includes(move.to);
  const next: Order = { ...current, status: canMove ? move.to : current.status, version: current.version + 1, updatedAt: now };
  if (!(await repos.orders.update(next, current.version))) {
    throw new DomainError('VERSION_CONFLICT', `Order ${current.id} was changed by someone else; reload and retry`, { id: current.id });
  }
  if (canMove) {
    await repos.orderEvents.append([
      { id: deps.ids.next('evt'), orderId: current.id, type: 'status_changed', actor: actorOf(principal), at: now, data: { from: current.status, to: move.to, reason: move.reason } },
    ]);
  }
  return next;
}

async function details(repos: Repositories, order: Order): Promise<OrderDetails> {
  return orderDetailsIn(repos, order);
}

/** Records money received. Paid in full, an order awaiting payment moves on to pending. */
export class RecordPayment {
  constructor(private readonly deps: PaymentDependencies) {}

  async execute(input: RecordPaymentInput, principal: Principal): Promise<{ payment: Payment; details: OrderDetails }> {
    requireScope(principal, 'orders:write');
    const check = new InputChecker();
    const method = check.text('method', input.method, { max: 50 });
    const reference = check.optionalText('reference', input.reference, { max: 200 });
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      const order = await repos.orders.findById(input.orderId);
      if (!order) throw DomainError.notFound('Order', input.orderId);
      const amount = parseDecimal('amount', input.amount, order.currency);
      if (amount <= 0) throw DomainError.validation([{ field: 'amount', message: 'must be more than zero' }]);
      if (['cancelled', 'refunded'].includes(order.status)) {
        throw new DomainError('CONFLICT', `Order ${order.reference} is ${order.status} and takes no payments`, { status: order.status });
      }
      const paid = netPaid(await repos.payments.listForOrder(order.id));
      const outstanding = order.totals.total - paid;
      if (amount > outstanding) {
        throw DomainError.validation([{ field: 'amount', message: `must be at most the outstanding ${formatMinor(outstanding, order.currency)} ${order.currency}` }]);
      }
      const now = nowIso(this.deps.clock);
      const payment: Payment = { id: this.deps.ids.next('pay'), orderId: order.id, kind: 'payment', amount, currency: order.currency, method, reference, recordedBy: actorOf(principal), createdAt: now };
      await repos.payments.insert(payment);
      await repos.orderEvents.append([paymentEvent(this.deps, payment)]);
      const paidInFull = paid + amount >= order.totals.total;
      const saved = await saveOrder(this.deps, repos, order, now, principal, paidInFull && order.status === 'pending_payment' ? { to: 'pending', reason: 'Paid in full' } : undefined);
      return { payment, details: await details(repos, saved) };
    });
  }
}

export class ListPayments {
  constructor(private readonly deps: Pick<OrderDependencies, 'uow'>) {}

  async execute(input: { readonly orderId: string }, principal: Principal): Promise<readonly Payment[]> {
    requireScope(principal, 'orders:read');
    if (!(await this.deps.uow.repositories.orders.findById(input.orderId))) throw DomainError.notFound('Order', input.orderId);
    return this.deps.uow.repositories.payments.listForOrder(input.orderId);
  }
}

/** Statuses from which an order may end refunded (the default lifecycle's transitions into refunded). */
const REFUNDABLE_FROM = ['cancelled', 'returned', 'delivered', 'completed'] as const;

/**
 * Gives back everything still paid on an order through the payment gateway, records it, and ends the order
 * `refunded` when nothing paid remains. The gateway call happens outside any transaction; its idempotency key is
 * derived from the order and the number of refunds already recorded, so a retry after a failed or unclear call
 * names the same refund and the gateway never pays out twice.
 */
export async function refundPaidAmount(deps: PaymentDependencies, current: OrderDetails, principal: Principal): Promise<OrderDetails> {
  const order = current.order;
  const payments = await deps.uow.repositories.payments.listForOrder(order.id);
  const paid = netPaid(payments);
  if (paid <= 0) return current;
  const refundsSoFar = payments.filter((p) => p.kind === 'refund').length;
  const { reference } = await deps.payments.refund({ orderId: order.id, amount: paid, currency: order.currency, idempotencyKey: `refund:${order.id}:${refundsSoFar + 1}` });
  return deps.uow.transaction(async (repos) => {
    const latest = await repos.orders.findById(order.id);
    if (!latest) throw DomainError.notFound('Order', order.id);
    const now = nowIso(deps.clock);
    const refund: Payment = { id: deps.ids.next('pay'), orderId: order.id, kind: 'refund', amount: paid, currency: order.currency, method: deps.payments.name, reference, recordedBy: actorOf(principal), createdAt: now };
    await repos.payments.insert(refund);
    await repos.orderEvents.append([paymentEvent(deps, refund)]);
    const remaining = netPaid(await repos.payments.listForOrder(order.id));
    const saved = await saveOrder(deps, repos, latest, now, principal, remaining <= 0 ? { to: 'refunded', reason: 'Everything paid was refunded' } : undefined);
    return details(repos, saved);
  });
}

/**
 * Refunds what is still paid on a cancelled, returned, delivered or completed order: the way to finish (or retry)
 * a refund that cancelling with refund: true could not complete.
 */
export class RefundOrder {
  constructor(private readonly deps: PaymentDependencies) {}

  async execute(input: { readonly orderId: string }, principal: Principal): Promise<OrderDetails> {
    requireScope(principal, 'orders:write');
    const repos = this.deps.uow.repositories;
    const order = await repos.orders.findById(input.orderId);
    if (!order) throw DomainError.notFound('Order', input.orderId);
    if (!(REFUNDABLE_FROM as readonly string[]).includes(order.status)) {
      throw new DomainError('INVALID_TRANSITION', `An order that is ${order.status} cannot be refunded; cancel it first`, { from: order.status, to: 'refunded', allowed: nextStatuses(this.deps.lifecycle, order.status) });
    }
    if (netPaid(await repos.payments.listForOrder(order.id)) <= 0) {
      throw new DomainError('CONFLICT', `Nothing paid on order ${order.reference} is left to refund`, { id: order.id });
    }
    return refundPaidAmount(this.deps, await details(repos, order), principal);
  }
}
