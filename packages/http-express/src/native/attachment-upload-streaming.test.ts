import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FileStore } from '@oms/order-core';
import {
  AS_ADMIN,
  createHarness,
  createProduct,
  FORM_BOUNDARY,
  MULTIPART_CONTENT_TYPE,
  orderBody,
  placeOrder,
  pngBytes,
  type Harness,
  type HarnessOptions,
} from '../test-support/http-test-harness';

/**
 * Uploads over a real socket (node:http), to see what supertest cannot: a client that goes away half way, an answer
 * that arrives while the client is still sending, and what a refused upload leaves on a kept-alive connection.
 */

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function start(options: HarnessOptions = {}) {
  const h = createHarness(options);
  const product = await createProduct(h);
  const order = await placeOrder(h, orderBody(product.id));
  const server = http.createServer(h.app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { h, order, port };
}

/** The start of a multipart body: the file part's headers (and optional fields before it). */
function filePartHead(filename = 'big.png'): Buffer {
  return Buffer.from(
    `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphoto\r\n` +
      `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
    'utf8',
  );
}

function open(port: number, path: string, headers: http.OutgoingHttpHeaders, agent?: http.Agent): http.ClientRequest {
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent: agent ?? false, headers: { ...AS_ADMIN, 'Content-Type': MULTIPART_CONTENT_TYPE, ...headers } });
  // The tests cut connections on purpose.
  req.on('error', () => undefined);
  return req;
}

function responseOf(req: http.ClientRequest): Promise<{ status: number; body: { error?: { code: string; details: Record<string, unknown> } } }> {
  return new Promise((resolve, reject) => {
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
      res.on('error', reject);
    });
  });
}

/** Resolves when the socket under a request closes. */
function socketClosed(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const watch = (socket: import('node:net').Socket) => (socket.destroyed ? resolve() : socket.once('close', () => resolve()));
    if (req.socket) watch(req.socket);
    else req.once('socket', watch);
  });
}

async function expectNothingStored(h: Harness, orderId: string): Promise<void> {
  const list = await h.http.get(`/admin/orders/${orderId}/attachments`).set(AS_ADMIN);
  expect(list.status).toBe(200);
  expect(list.body.data).toEqual([]);
  expect(h.fileStore.size).toBe(0);
}

describe('uploads over a socket', () => {
  it('leaves no file and no row when the client cuts the stream half way', async () => {
    // Boxed: resolving a promise with a promise would wait for that one.
    let storing: (started: { write: Promise<unknown> }) => void = () => undefined;
    const storeStarted = new Promise<{ write: Promise<unknown> }>((resolve) => (storing = resolve));
    const { h, order, port } = await start({
      // Watches the core's write into the store, to cut the connection while it is under way.
      wrapFiles: (files): FileStore => ({
        write: (key, content, maxBytes) => {
          const write = files.write(key, content, maxBytes);
          storing({ write });
          return write;
        },
        read: (key) => files.read(key),
        delete: (key) => files.delete(key),
      }),
    });
    const head = filePartHead();
    const firstHalf = pngBytes(40_000);
    const req = open(port, `/admin/orders/${order.id}/attachments`, { 'Content-Length': String(head.length + 80_000 + 100) });
    req.write(Buffer.concat([head, firstHalf]));
    // The type was recognised and the bytes are going into the store: now the client goes away.
    const { write } = await storeStarted;
    req.destroy();
    await expect(write).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The request ended before its body was complete' });
    await expectNothingStored(h, order.id);
    // No 500 was logged for it: a client going away is not a server failure.
    expect(h.logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('answers 413 while the client is still sending an upload over the limit (never waits for the rest)', async () => {
    const limit = 64 * 1024;
    const { h, order, port } = await start({ maxUploadBytes: limit, coreMaxUploadBytes: limit });
    // Chunked, so the size is not known up front: the limit is found while streaming.
    const req = open(port, `/admin/orders/${order.id}/attachments`, { 'Transfer-Encoding': 'chunked' });
    const response = responseOf(req);
    req.write(filePartHead());
    req.write(pngBytes(limit + 16 * 1024));
    // The request is not ended: an answer can only come from a server that stopped at the limit.
    const res = await response;
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { max_bytes: limit } });
    req.destroy();
    await expectNothingStored(h, order.id);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { h, order, port } = await start({ maxUploadBytes: 64 * 1024 });
    const req = open(port, `/admin/orders/${order.id}/attachments`, { 'Content-Length': String(50 * 1024 * 1024) });
    const response = responseOf(req);
    req.flushHeaders();
    const res = await response;
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { max_bytes: 64 * 1024 } });
    req.destroy();
    await expectNothingStored(h, order.id);
  });

  it.each([
    ['a missing order (404), refused once the file part starts', 'ord_missing', MULTIPART_CONTENT_TYPE, 404],
    ['a body that is not multipart (415), refused before reading it', undefined, 'application/octet-stream', 415],
  ])('reads and discards the rest of an upload refused for %s, so the kept-alive connection serves the next request', async (_name, orderOverride, contentType, status) => {
    const { h, order, port } = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.concat([filePartHead(), pngBytes(2 * 1024 * 1024), Buffer.from(`\r\n--${FORM_BOUNDARY}--\r\n`)]);
      const first = open(port, `/admin/orders/${orderOverride ?? order.id}/attachments`, { 'Content-Length': String(body.length), 'Content-Type': contentType }, agent);
      const refused = responseOf(first);
      first.end(body);
      expect((await refused).status).toBe(status);

      const second = http.request({ host: '127.0.0.1', port, method: 'GET', path: `/admin/orders/${order.id}/attachments`, agent, headers: AS_ADMIN });
      const answered = responseOf(second);
      second.end();
      const res = await answered;
      expect(res.status).toBe(200);
      expect(second.reusedSocket).toBe(true);
      expect(h.fileStore.size).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it('cuts the connection, after answering, when a refused upload goes on past what it is willing to discard', async () => {
    // Discards at most max(limit, 1 MiB) of a refused body.
    const { h, port } = await start({ maxUploadBytes: 64 * 1024 });
    // Kept alive, so only the server's discard limit can close the connection.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const req = open(port, '/admin/orders/ord_missing/attachments', { 'Transfer-Encoding': 'chunked' }, agent);
      const response = responseOf(req);
      const closed = socketClosed(req);
      req.write(Buffer.concat([filePartHead(), pngBytes(32 * 1024)]));
      expect((await response).status).toBe(404);
      // The answer is in; the client keeps sending (and never ends the body) regardless.
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(512 * 1024, 1));
      await closed;
      expect(h.fileStore.size).toBe(0);
    } finally {
      agent.destroy();
    }
  });
});
