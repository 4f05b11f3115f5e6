import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startTestCarrierServer, type TestCarrierServer } from '@oms/order-testkit';
import request from 'supertest';
import { createApplication, type OmsApplication } from './application';
import { loadConfig } from './config';
import { DATABASES, temporarySqlite, type TestDatabase } from './test-support/test-databases';

/*
 * Fulfillment through the real container: the EasyPost adapter against a local EasyPost test double, jobs on the
 * real database, webhooks over HTTP.
 */

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'admin-token-for-fulfillment-tests';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const address = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };
const FROM = JSON.stringify({ name: 'OMS Warehouse', street: '1 Dock Rd', city: 'Chicago', state: 'IL', zip: '60601', country: 'US' });

function carrierEnv(carrier: TestCarrierServer): Record<string, string> {
  return {
    EASYPOST_API_KEY: carrier.apiKey,
    EASYPOST_BASE_URL: carrier.url,
    EASYPOST_WEBHOOK_SECRET: carrier.webhookSecret,
    EASYPOST_FROM_ADDRESS: FROM,
    EASYPOST_PARCEL: JSON.stringify({ weight: 16 }),
    EASYPOST_TIMEOUT_MS: '500',
  };
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(DATABASES)('fulfillment in the app on %s', (_name, makeDatabase) => {
  let database: TestDatabase;
  let carrier: TestCarrierServer;
  let app: OmsApplication;
  let server: Server;
  let productId: string;

  beforeAll(async () => {
    database = await makeDatabase();
    carrier = await startTestCarrierServer();
    const config = loadConfig({ DATABASE_URL: database.url, ADMIN_TOKEN, LOG_LEVEL: 'silent', JOB_RETRY_BASE_MS: '10', JOB_MAX_ATTEMPTS: '3', ...carrierEnv(carrier) });
    // Background workers off: the test runs each job round itself.
    app = await createApplication(config, { maintenance: false });
    server = app.http.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    carrier.setWebhookUrl(`http://127.0.0.1:${port}/webhooks/carriers/easypost`);
    const product = await request(app.http).post('/admin/products').set(admin).send({ sku: 'JERSEY', name: 'Custom Jersey', price: 30 });
    productId = product.body.data.id;
    await request(app.http).post('/admin/inventory-history/bulk-adjust').set(admin).send({ adjustments: [{ product_id: productId, quantity_change: 100, reason: 'restock' }] });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await carrier.close();
    await database.drop();
  });

  async function packedOrder(): Promise<string> {
    const placed = await request(app.http).post('/admin/orders').set(admin).send({ customer_id: 'cust_1', email: 'jane@example.com', items: [{ product_id: productId, quantity: 2 }], shipping_address: address });
    expect(placed.status).toBe(201);
    const id = placed.body.data.id as string;
    expect((await request(app.http).patch(`/admin/orders/${id}/status`).set(admin).send({ status: 'packed' })).status).toBe(200);
    return id;
  }

  const runJobs = () => app.core.runJobs.execute({}, { kind: 'system', id: 'test' });
  const order = async (id: string) => (await request(app.http).get(`/admin/orders/${id}`).set(admin)).body.data;

  it('pushes an order; the job survives a 5xx and a timeout and buys exactly one label', async () => {
    const id = await packedOrder();
    const pushed = await request(app.http).post('/admin/fulfillment/push').set(admin).send({ order_ids: [id], carrier: 'easypost', from_stock: true });
    expect(pushed.status).toBe(202);
    expect((await order(id)).status).toBe('awaiting_carrier');
    const labelsBefore = carrier.labelsBought();
    carrier.failNext(1, 503);
    expect(await runJobs()).toMatchObject({ retried: 1 });
    carrier.hangNext(1);
    await until(runJobs, (t) => t.claimed > 0, 'the second attempt');
    const jobs = await request(app.http).get(`/admin/jobs?order_id=${id}`).set(admin);
    expect(jobs.body.data[0] ?? jobs.body.data.items?.[0]).toMatchObject({ status: 'pending', attempts: 2 });
    await until(runJobs, (t) => t.succeeded > 0, 'the job to succeed');
    const shipped = await order(id);
    expect(shipped.status).toBe('shipped');
    expect(shipped.fulfillment_status).toBe('fulfilled');
    expect(shipped.shipments).toHaveLength(1);
    expect(shipped.shipments[0]).toMatchObject({ carrier: expect.any(String), status: 'label_created' });
    expect(carrier.labelsBought() - labelsBefore).toBe(1);
    expect(JSON.stringify(jobs.body)).not.toContain('lease_token');
  });

  it('takes signed tracking webhooks: delivered moves the order, a tampered body is refused and changes nothing', async () => {
    const id = await packedOrder();
    await request(app.http).post('/admin/fulfillment/push').set(admin).send({ order_ids: [id], carrier: 'easypost', from_stock: true });
    await until(runJobs, (t) => t.succeeded > 0, 'the job to succeed');
    const shipment = (await order(id)).shipments[0];
    const detail = await request(app.http).get(`/admin/shipments/${shipment.id}`).set(admin);
    const carrierShipmentId = detail.body.data.carrier_shipment_id as string;

    const moving = await carrier.advanceTracking(carrierShipmentId, 'in_transit', { estDeliveryDate: '2026-04-02' });
    expect(moving.delivery?.status).toBe(200);
    const tracking = await request(app.http).get('/api/track-order').query({ order_id: id, email: 'jane@example.com' });
    expect(tracking.body.data).toMatchObject({ status: 'shipped', estimated_delivery: '2026-04-02' });

    const forged = carrier.signWebhook({ ...moving.event, description: 'tracker.updated' }, 'wrong-secret');
    const refused = await request(app.http).post('/webhooks/carriers/easypost').set(forged.headers).serialize((b: unknown) => b as string).send(Buffer.from(forged.rawBody));
    expect(refused.status).toBe(401);
    expect((await order(id)).status).toBe('shipped');

    const delivered = await carrier.advanceTracking(carrierShipmentId, 'delivered');
    expect(delivered.delivery?.status).toBe(200);
    expect((await order(id)).status).toBe('delivered');
    const replay = await request(app.http).post('/webhooks/carriers/easypost').set(delivered.headers).serialize((b: unknown) => b as string).send(Buffer.from(delivered.rawBody));
    expect(replay.status).toBe(200);
    expect(replay.body.data).toMatchObject({ applied: 0 });
  });
});

/* A worker process killed between the carrier call and its commit; the restarted process finishes the job. */

const MAIN = join(__dirname, '..', 'dist', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env } });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

it('a job whose worker died after the carrier bought the label is finished after restart, with one label and one shipment', async () => {
  expect(existsSync(MAIN)).toBe(true);
  const database = temporarySqlite();
  const carrier = await startTestCarrierServer();
  const port = await freePort();
  const env = {
    ...carrierEnv(carrier),
    EASYPOST_TIMEOUT_MS: '60000',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    JOBS_INTERVAL_MS: '100',
    JOB_LEASE_MS: '1500',
  };
  const base = `http://127.0.0.1:${port}`;
  let first = startServer(env);
  let second: ReturnType<typeof startServer> | null = null;
  try {
    await until(async () => first.output(), (text) => text.includes('listening'), 'the first process to listen');
    const product = await request(base).post('/admin/products').set(admin).send({ sku: 'CRASH', name: 'Crash test', price: 5 });
    await request(base).post('/admin/inventory-history/bulk-adjust').set(admin).send({ adjustments: [{ product_id: product.body.data.id, quantity_change: 10, reason: 'restock' }] });
    const placed = await request(base).post('/admin/orders').set(admin).send({ customer_id: 'c', items: [{ product_id: product.body.data.id, quantity: 1 }], shipping_address: address });
    const id = placed.body.data.id as string;
    await request(base).patch(`/admin/orders/${id}/status`).set(admin).send({ status: 'packed' });
    // The carrier buys the label, then its answer never arrives: the worker is stuck between the call and the commit.
    carrier.hangNext(1, { afterProcessing: true, path: /\/buy$/ });
    expect((await request(base).post('/admin/fulfillment/push').set(admin).send({ order_ids: [id], carrier: 'easypost', from_stock: true })).status).toBe(202);
    await until(async () => carrier.labelsBought(), (n) => n === 1, 'the label to be bought');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    second = startServer(env);
    await until(async () => second!.output(), (text) => text.includes('listening'), 'the second process to listen');
    const shipped = await until(
      async () => (await request(base).get(`/admin/orders/${id}`).set(admin)).body.data,
      (o: { status: string; shipments: unknown[] }) => o.status === 'shipped',
      'the restarted worker to finish the job',
    );
    expect(shipped.shipments).toHaveLength(1);
    expect(carrier.labelsBought()).toBe(1);
    expect(carrier.shipmentsCreated()).toBe(1);
    const jobs = await request(base).get(`/admin/jobs?order_id=${id}`).set(admin);
    expect(JSON.stringify(jobs.body)).toContain('"status":"succeeded"');
    expect(second.output()).not.toContain(carrier.apiKey);
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await carrier.close();
    await database.drop();
  }
});
