import type { Order } from '../orders/order';
import type { CustomerEmail } from './outbox-message';

const WORDS: Record<string, string> = {
  pending_payment: 'is waiting for payment',
  pending: 'has been received',
  confirmed: 'is confirmed',
  processing: 'is being prepared',
  in_progress: 'is being prepared',
  packed: 'is packed',
  awaiting_carrier: 'is waiting for the carrier',
  shipped: 'has shipped',
  delivered: 'has been delivered',
  completed: 'is complete',
  out_of_stock: 'is waiting for stock',
  on_hold: 'is on hold',
  returned: 'has been returned',
  cancelled: 'has been cancelled',
  refunded: 'has been refunded',
};

/** The e-mail a customer gets when staff change an order's status with notify_customer. Plain text only. */
export function statusChangeEmail(order: Order, to: string): CustomerEmail {
  const state = WORDS[order.status] ?? `is now ${order.status}`;
  const lines = [`Hello ${order.contact.name},`, '', `Your order ${order.reference} ${state}.`, `Status: ${order.status}`];
  if (order.trackingNumber) lines.push(`Tracking number: ${order.trackingNumber}${order.carrier ? ` (${order.carrier})` : ''}`);
  lines.push('', 'Thank you for your order.');
  return { to, subject: `Order ${order.reference} ${state}`, text: lines.join('\n') };
}
