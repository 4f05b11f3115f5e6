import type { CustomerEmail, Notifier } from '@oms/order-core';
import type { Logger } from 'pino';

/** The default when no SMTP server is configured: the e-mail is written to the log instead of being sent. */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async sendEmail(message: CustomerEmail & { readonly messageId: string }): Promise<void> {
    this.logger.info({ message_id: message.messageId, to: message.to, subject: message.subject }, 'customer e-mail (not sent: SMTP_HOST is not set)');
  }
}
