import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import request from 'supertest';
import { createApplication, type OmsApplication } from './application';
import { loadConfig } from './config';
import { DATABASES, type TestDatabase } from './test-support/test-databases';

/* Documents through the real container: core models, the Puppeteer renderer on the system Chromium, signed links. */

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'admin-token-for-document-tests';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

function pdfToText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-layout', '-', '-']);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`pdftotext exited with ${code}`))));
    child.stdin.end(pdf);
  });
}

function pdfPageSize(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdfinfo', ['-']);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(/Page size:\s+(.*)/.exec(text)?.[1] ?? ''));
    child.stdin.end(pdf);
  });
}

async function download(app: OmsApplication, url: string): Promise<request.Response> {
  const { pathname, search } = new URL(url);
  return request(app.http).get(`${pathname}${search}`).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

describe.each(DATABASES)('documents in the app on %s', (_name, makeDatabase) => {
  let database: TestDatabase;
  let app: OmsApplication;
  let listener: Server;
  let connections = 0;
  let port = 0;

  beforeAll(async () => {
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    database = await makeDatabase();
    const config = loadConfig({
      DATABASE_URL: database.url,
      ADMIN_TOKEN,
      LOG_LEVEL: 'silent',
      PUBLIC_BASE_URL: 'https://oms.example.com',
      SELLER_NAME: 'Acme Outfitters',
      SELLER_ADDRESS: '1 Dock Rd|Chicago IL 60601',
      INVOICE_INCLUDED_TAXES: '[{"label":"VAT 20% (included)","rate_percent":20}]',
    });
    app = await createApplication(config, { maintenance: false });
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    await new Promise((resolve) => listener.close(resolve));
  });

  it('prints a packing slip, an invoice and 4x6 labels; hostile text shows as typed and fetches nothing', async () => {
    const product = await request(app.http).post('/admin/products').set(admin).send({ sku: 'JERSEY', name: 'Custom Jersey', price: 29.99 });
    await request(app.http).post('/admin/inventory-history/bulk-adjust').set(admin).send({ adjustments: [{ product_id: product.body.data.id, quantity_change: 10, reason: 'restock' }] });
    const hostileName = `<img src=http://127.0.0.1:${port}/x>`;
    const placed = await request(app.http)
      .post('/admin/orders')
      .set(admin)
      .send({
        customer_id: 'cust_1',
        items: [{ product_id: product.body.data.id, quantity: 2 }],
        shipping_address: { name: hostileName, street: `<iframe src=file:///etc/passwd>`, city: 'Springfield', zip: '62701' },
        notes: `<script>fetch('http://127.0.0.1:${port}')</script>`,
      });
    expect(placed.status).toBe(201);
    const order = placed.body.data as { id: string; reference: string };

    const slip = await request(app.http).get(`/admin/packing/slip/${order.id}`).set(admin);
    expect(slip.status).toBe(200);
    expect(slip.body.data.html_content).toContain('&lt;img src=http://127.0.0.1');
    expect(slip.body.data.html_content).not.toContain(hostileName);
    expect(slip.body.data.download_url).toMatch(/^https:\/\/oms\.example\.com\/files\/documents\//);
    const slipPdf = await download(app, slip.body.data.download_url);
    expect(slipPdf.status).toBe(200);
    expect(slipPdf.headers['content-type']).toBe('application/pdf');
    const slipText = await pdfToText(slipPdf.body as Buffer);
    expect(slipText).toContain(order.reference);
    expect(slipText).toContain('Custom Jersey');
    expect(slipText).toContain(hostileName);
    expect(slipText).toContain(`<script>fetch('http://127.0.0.1:${port}')</script>`);
    expect(slipText).not.toContain('root:x:0:0');

    const invoice = await request(app.http).get(`/admin/packing/invoice/${order.id}`).set(admin);
    expect(invoice.body.data.invoice_number).toBe('INV-000001');
    const invoiceText = await pdfToText((await download(app, invoice.body.data.download_url)).body as Buffer);
    expect(invoiceText).toContain('INV-000001');
    expect(invoiceText).toContain('59.98');
    expect(invoiceText).toContain('Acme Outfitters');
    expect((await request(app.http).get(`/admin/packing/invoice/${order.id}`).set(admin)).body.data.invoice_number).toBe('INV-000001');

    const labels = await request(app.http).post('/admin/fulfillment/labels').set(admin).send({ order_ids: [order.id] });
    expect(labels.status).toBe(200);
    expect(labels.body.data.count).toBe(1);
    const labelPdf = (await download(app, labels.body.data.download_url)).body as Buffer;
    expect(await pdfPageSize(labelPdf)).toMatch(/^288 x 432 pts/);
    expect(await pdfToText(labelPdf)).toContain(order.reference);
    expect((await request(app.http).get(`/admin/orders/${order.id}`).set(admin)).body.data.status).toBe('packed');

    const tampered = slip.body.data.download_url.replace(order.id, `${order.id.slice(0, -1)}X`);
    expect((await download(app, tampered)).status).toBe(403);
    expect(connections).toBe(0);
  });
});
