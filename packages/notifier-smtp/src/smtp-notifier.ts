import type { CustomerEmail, Notifier } from '@oms/order-core';
import { createTransport, type Transporter } from 'nodemailer';

export interface SmtpNotifierOptions {
  readonly host: string;
  readonly port: number;
  /** true for implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean;
  readonly user?: string;
  readonly password?: string;
  /** The sender, e.g. `Shop <orders@example.com>`. */
  readonly from: string;
  /** Give up on a connection or a reply after this long. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Sends customer e-mail over SMTP with nodemailer. Messages are plain text built by the core; the outbox message id
 * becomes the Message-ID, so a message retried after an unclear failure can be recognised as the same one.
 */
export class SmtpNotifier implements Notifier {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpNotifierOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async sendEmail(message: CustomerEmail & { readonly messageId: string }): Promise<void> {
    const domain = this.options.from.replace(/^.*@/, '').replace(/>.*$/, '') || 'localhost';
    await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: `<${message.messageId}@${domain}>`,
    });
  }

  close(): void {
    this.transport.close();
  }
}
