import fc from 'fast-check';
import { createTestOrderCore } from '@oms/order-testkit';
import { adminPrincipal } from '../auth/principal';
import { DomainError } from '../shared/errors';
import { DEFAULT_LIFECYCLE } from './default-lifecycle';
import { checkLifecycle, decideTransition, nextStatuses, type LifecycleDefinition } from './lifecycle-definition';
import { ORDER_STATUSES, type OrderStatus } from './order-status';

const admin = adminPrincipal('admin_1', 'admin@example.com');

describe('lifecycle definition', () => {
  it('the default definition passes its own check', () => {
    expect(checkLifecycle(DEFAULT_LIFECYCLE)).toEqual([]);
  });

  it('covers every status, reaches every state, and ends only in explicit terminal states', () => {
    expect([...DEFAULT_LIFECYCLE.states].sort()).toEqual([...ORDER_STATUSES].sort());
    expect(DEFAULT_LIFECYCLE.terminal).toEqual(['refunded']);
    expect(nextStatuses(DEFAULT_LIFECYCLE, 'refunded')).toEqual([]);
    expect(nextStatuses(DEFAULT_LIFECYCLE, 'cancelled')).toEqual(['pending', 'refunded']);
    expect(nextStatuses(DEFAULT_LIFECYCLE, 'shipped')).toEqual(['delivered', 'returned', 'packed']);
  });

  it('reports unknown targets, unreachable states, dead ends and terminal states with exits', () => {
    const broken: LifecycleDefinition = {
      name: 'broken',
      states: ['pending', 'processing', 'shipped', 'on_hold', 'cancelled'],
      entry: ['pending'],
      terminal: ['cancelled'],
      transitions: {
        pending: ['processing', 'delivered'],
        processing: ['shipped'],
        on_hold: ['pending'],
        cancelled: ['pending'],
      },
      guards: [],
      effects: [{ from: 'on_hold', to: 'shipped', effect: 'consume' }],
    };
    const problems = checkLifecycle(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'transition pending -> delivered targets an unknown state',
        'state shipped has no transitions and is not marked terminal',
        'terminal state cancelled has transitions',
        'state on_hold is unreachable',
        'state cancelled is unreachable',
        'effect consume applies to a transition that does not exist',
      ]),
    );
  });

  it('refuses through guards, with their reason', () => {
    const guarded: LifecycleDefinition = {
      ...DEFAULT_LIFECYCLE,
      guards: [{ name: 'tracking-needed', to: 'shipped', check: (order) => (order.trackingNumber ? null : 'A tracking number is needed to ship') }],
    };
    expect(checkLifecycle(guarded)).toEqual([]);
    const order = { status: 'processing', trackingNumber: null } as unknown as Parameters<typeof decideTransition>[1];
    expect(decideTransition(guarded, order, 'shipped')).toMatchObject({ allowed: false, reason: 'A tracking number is needed to ship' });
    expect(decideTransition(guarded, { ...order, trackingNumber: 'T1' }, 'shipped')).toEqual({ allowed: true });
  });
});

describe('status changes against the lifecycle (property)', () => {
  it('any sequence of requested transitions leaves the order in a state reachable by allowed steps, one event per applied step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...ORDER_STATUSES), { maxLength: 25 }), async (requests) => {
        const { core } = createTestOrderCore();
        const product = await core.createProduct.execute({ sku: 'TEE', name: 'Tee', price: 10 }, admin);
        // Enough stock that every renew can reserve again: this property is about the lifecycle, not stock.
        await core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: 100, reason: 'restock' }] }, admin);
        const { order } = await core.placeOrder.execute(
          { customerId: 'cust_1', items: [{ productId: product.id, quantity: 1 }], shippingAddress: { name: 'A', street: 'S', city: 'C', zip: 'Z' } },
          admin,
        );
        const applied: OrderStatus[] = [order.status];
        for (const to of requests) {
          const before = applied[applied.length - 1] as OrderStatus;
          try {
            const { order: changed } = await core.changeOrderStatus.execute({ orderId: order.id, status: to }, admin);
            expect(nextStatuses(DEFAULT_LIFECYCLE, before)).toContain(to);
            expect(changed.status).toBe(to);
            applied.push(to);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe('INVALID_TRANSITION');
            expect(nextStatuses(DEFAULT_LIFECYCLE, before)).not.toContain(to);
            expect((error as DomainError).details['allowed']).toEqual(nextStatuses(DEFAULT_LIFECYCLE, before));
          }
        }
        const details = await core.getOrder.execute({ orderId: order.id }, admin);
        expect(details.order.status).toBe(applied[applied.length - 1]);
        expect(details.order.version).toBe(applied.length);
        // Shipment events come with shipping, delivering, returning and unshipping; the status events are one per step.
        const statusEvents = details.events.filter((e) => !e.type.startsWith('shipment_'));
        expect(statusEvents).toHaveLength(applied.length);
        statusEvents.slice(1).forEach((event, i) => {
          expect(event.type).toBe('status_changed');
          if (event.type !== 'status_changed') return;
          expect(event.data.from).toBe(applied[i]);
          expect(event.data.to).toBe(applied[i + 1]);
          expect(nextStatuses(DEFAULT_LIFECYCLE, event.data.from as OrderStatus)).toContain(event.data.to);
        });
      }),
      { numRuns: 150 },
    );
  });
});
