import { createServer } from 'node:net';
import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { createApplication, type OmsApplication } from './application';
import { loadConfig } from './config';
import { temporarySqlite } from './test-support/test-databases';

jest.setTimeout(30_000);

const ADMIN_TOKEN = 'admin-token-for-notification-tests';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until<T>(read: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function shippedOrder(app: OmsApplication, email: string): Promise<string> {
  const product = await request(app.http).post('/admin/products').set(admin).send({ sku: `N-${email.split('@')[0]}`, name: 'Jersey', price: 40 });
  expect(product.status).toBe(201);
  await request(app.http).post('/admin/inventory-history/bulk-adjust').set(admin).send({ adjustments: [{ product_id: product.body.data.id, quantity_change: 5, reason: 'restock' }] });
  const placed = await request(app.http)
    .post('/admin/orders')
    .set(admin)
    .send({ customer_id: 'c1', email, items: [{ product_id: product.body.data.id, quantity: 1 }], shipping_address: { name: 'Jane Doe', street: '1 Main St', city: 'Springfield', zip: '62701' } });
  const id = placed.body.data.id as string;
  await request(app.http).patch(`/admin/orders/${id}/status`).set(admin).send({ status: 'processing' }).expect(200);
  return id;
}

it('e-mails the customer through a real SMTP server, and a status change still succeeds while it is down', async () => {
  const received: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        received.push(raw);
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', () => resolve()));
  const database = temporarySqlite();
  const app = await createApplication(
    loadConfig({ DATABASE_URL: database.url, ADMIN_TOKEN, LOG_LEVEL: 'silent', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'Shop <orders@shop.example>', NOTIFY_INTERVAL_MS: '100' }),
  );
  try {
    const id = await shippedOrder(app, 'jane@example.com');
    await request(app.http).patch(`/admin/orders/${id}/status`).set(admin).send({ status: 'shipped', tracking_number: '1Z999AA10123456784', carrier: 'UPS', notify_customer: true }).expect(200);
    const mail = await until(() => received[0], 'the e-mail');
    expect(mail).toMatch(/Subject: Order ORD-\d{5} has shipped/);
    expect(mail).toContain('To: jane@example.com');
    expect(mail).toContain('Tracking number: 1Z999AA10123456784 (UPS)');

    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    const second = await shippedOrder(app, 'bob@example.com');
    const change = await request(app.http).patch(`/admin/orders/${second}/status`).set(admin).send({ status: 'shipped', notify_customer: true });
    expect(change.status).toBe(200);
    expect(change.body.data.status).toBe('shipped');
    const pending = await until(async () => {
      const rows = await app.database.db.selectFrom('outbox_messages').selectAll().execute();
      const failed = rows.find((r) => String(r.payload).includes('bob@example.com') && Number(r.attempts) >= 1);
      return failed ?? undefined;
    }, 'a failed delivery attempt');
    expect(pending.status).toBe('pending');
    expect(pending.last_error).not.toBeNull();
    expect(received).toHaveLength(1);
  } finally {
    await app.close();
    await database.drop();
    smtp.close(() => undefined);
  }
});
