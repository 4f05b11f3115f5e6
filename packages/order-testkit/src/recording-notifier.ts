import type { CustomerEmail, Notifier } from '@oms/order-core';

/** A Notifier for tests: keeps what it was asked to send, or fails on demand like a mail server that is down. */
export class RecordingNotifier implements Notifier {
  readonly sent: (CustomerEmail & { readonly messageId: string })[] = [];
  failing = false;

  async sendEmail(message: CustomerEmail & { readonly messageId: string }): Promise<void> {
    if (this.failing) throw new Error('mail server unavailable');
    this.sent.push(message);
  }
}
