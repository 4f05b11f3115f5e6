import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SmtpNotifier } from './smtp-notifier';

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

async function startServer(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('SmtpNotifier against a real SMTP server on localhost', () => {
  it('delivers the message with sender, recipient, subject, body and message id', async () => {
    const server = await startServer();
    const notifier = new SmtpNotifier({ host: '127.0.0.1', port: server.port, from: 'Shop <orders@shop.example>' });
    try {
      await notifier.sendEmail({ to: 'jane@example.com', subject: 'Order ORD-00042 has shipped', text: 'Hello Jane,\nTracking number: 1Z999', messageId: 'msg_01ABC' });
      expect(server.received).toHaveLength(1);
      const mail = server.received[0]!;
      expect(mail.from).toBe('orders@shop.example');
      expect(mail.to).toEqual(['jane@example.com']);
      expect(mail.raw).toContain('Subject: Order ORD-00042 has shipped');
      expect(mail.raw).toContain('Tracking number: 1Z999');
      expect(mail.raw).toContain('Message-ID: <msg_01ABC@shop.example>');
    } finally {
      notifier.close();
      await server.close();
    }
  });

  it('rejects when the server is down', async () => {
    const notifier = new SmtpNotifier({ host: '127.0.0.1', port: await closedPort(), from: 'orders@shop.example', timeoutMs: 2_000 });
    await expect(notifier.sendEmail({ to: 'jane@example.com', subject: 's', text: 't', messageId: 'msg_1' })).rejects.toThrow();
    notifier.close();
  });
});
