import type { CustomerEmail } from '../notifications/outbox-message';

/** Sends messages to customers: SMTP, or the log. Rejects when the message could not be handed over. */
export const Notifier = Symbol.for('oms.Notifier');
export interface Notifier {
  sendEmail(message: CustomerEmail & { readonly messageId: string }): Promise<void>;
}
