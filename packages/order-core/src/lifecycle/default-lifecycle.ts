import { assertValidLifecycle, type LifecycleDefinition } from './lifecycle-definition';
import { ORDER_STATUSES } from './order-status';

/** The default lifecycle: it covers every status used by the four API dialects. */
export const DEFAULT_LIFECYCLE: LifecycleDefinition = assertValidLifecycle({
  name: 'default',
  states: ORDER_STATUSES,
  entry: ['pending_payment', 'pending'],
  terminal: ['refunded'],
  transitions: {
    pending_payment: ['pending', 'cancelled'],
    pending: ['confirmed', 'processing', 'in_progress', 'packed', 'on_hold', 'out_of_stock', 'cancelled'],
    confirmed: ['processing', 'in_progress', 'packed', 'on_hold', 'out_of_stock', 'cancelled'],
    processing: ['in_progress', 'packed', 'shipped', 'completed', 'on_hold', 'out_of_stock', 'cancelled'],
    in_progress: ['packed', 'shipped', 'completed', 'on_hold', 'cancelled'],
    out_of_stock: ['pending', 'confirmed', 'processing', 'cancelled'],
    on_hold: ['pending', 'confirmed', 'processing', 'in_progress', 'packed', 'cancelled'],
    packed: ['awaiting_carrier', 'shipped', 'processing', 'cancelled'],
    awaiting_carrier: ['shipped', 'packed', 'on_hold', 'cancelled'],
    // Back to packed only when every parcel is cancelled before the carrier picks it up.
    shipped: ['delivered', 'returned', 'packed'],
    delivered: ['completed', 'returned', 'refunded'],
    completed: ['returned', 'refunded'],
    returned: ['refunded', 'pending'],
    cancelled: ['pending', 'refunded'],
    refunded: [],
  },
  guards: [],
  effects: [
    { to: 'cancelled', effect: 'release' },
    { to: 'shipped', effect: 'consume' },
    { to: 'returned', effect: 'restock' },
    { from: 'cancelled', to: 'pending', effect: 'reserve' },
    { from: 'returned', to: 'pending', effect: 'reserve' },
  ],
});
