import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type request from 'supertest';
import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  orderBody,
  placeOrder,
  PUBLIC_BASE_URL,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';

const ALICE = asCustomer('cust_alice', 'alice@example.com');
const BOB = asCustomer('cust_bob', 'bob@example.com');
const CATALOG_ONLY = bearer(signJwt({ sub: 'staff_cat', role: 'staff', scope: 'products:read' }));

async function alicesOrder(h: Harness): Promise<string> {
  const product = await createProduct(h);
  const order = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_alice', email: 'alice@example.com' }));
  return order.id;
}

function trackingUrl(orderId: string): string {
  return `${PUBLIC_BASE_URL}/track/${orderId}`;
}

/** The app-relative part of an absolute link (the base URL's path prefix is the reverse proxy's). */
function pathOf(url: string): string {
  expect(url.startsWith(`${PUBLIC_BASE_URL}/`)).toBe(true);
  return url.slice(PUBLIC_BASE_URL.length);
}

/** GETs a link and keeps the body as bytes, whatever its type. */
function fetchBytes(h: Harness, path: string): request.Test {
  return h.http
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

function decodePng(bytes: Buffer): string | null {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/**
 * Draws the SVG the way a browser would, for the shapes the QR library writes (a viewBox of N x N units and one
 * stroked path of horizontal runs, `M x y` / `m dx 0` then `h n`, each run half a unit above and below y), and
 * decodes the picture: so the test checks the SVG draws the code, not that it contains some text.
 */
function decodeSvg(svg: string, scale = 6): string | null {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!Number.isInteger(size) || path === undefined) return null;
  const dark: boolean[][] = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    const first = Number(a);
    if (command === 'M') [x, y] = [first, Number(b)];
    else if (command === 'm') [x, y] = [x + first, y + Number(b ?? 0)];
    else if (command === 'h') {
      for (let column = x; column < x + first; column++) (dark[Math.floor(y)] as boolean[])[column] = true;
      x += first;
    }
  }
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const value = dark[Math.floor(py / scale)]?.[Math.floor(px / scale)] ? 0 : 255;
      pixels.set([value, value, value, 255], (py * width + px) * 4);
    }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}

describe('GET /orders/{order_id}/qr and its staff twin', () => {
  it('gives the owning customer signed links to the PNG and the SVG, valid 30 days', async () => {
    const h = createHarness();
    const orderId = await alicesOrder(h);
    const res = await h.http.get(`/orders/${orderId}/qr`).set(ALICE);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      order_id: orderId,
      qr_code_url: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/qr/orders/${orderId}\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}$`)),
      qr_code_svg_url: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/qr/orders/${orderId}\\?format=svg&expires=\\d+&signature=`)),
      tracking_url: trackingUrl(orderId),
      expires_at: '2026-04-19T12:00:00.000Z',
    });
    await expectDocumented(h, 'get', '/orders/{order_id}/qr', res);
  });

  it('gives staff with orders:read the same links on /admin, refuses others', async () => {
    const h = createHarness();
    const orderId = await alicesOrder(h);
    const res = await h.http.get(`/admin/orders/${orderId}/qr`).set(AS_ADMIN);
    expect(res.status).toBe(200);
    expect(res.body.data.tracking_url).toBe(trackingUrl(orderId));
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/qr', res);
    const catalog = await h.http.get(`/admin/orders/${orderId}/qr`).set(CATALOG_ONLY);
    expect(catalog.status).toBe(403);
    expect(catalog.body.error.details).toEqual({ required_scope: 'orders:read' });
    expect((await h.http.get(`/admin/orders/order_nope/qr`).set(AS_ADMIN)).status).toBe(404);
    // Customers use their own route, staff theirs.
    expect((await h.http.get(`/admin/orders/${orderId}/qr`).set(ALICE)).status).toBe(403);
    expect((await h.http.get(`/orders/${orderId}/qr`).set(AS_ADMIN)).status).toBe(403);
    expect((await h.http.get(`/orders/${orderId}/qr`)).status).toBe(401);
    // Bob gets what he gets for an order that does not exist.
    const bobs = await h.http.get(`/orders/${orderId}/qr`).set(BOB);
    expect(bobs.status).toBe(404);
    expect(bobs.body.error).toEqual({ code: 'NOT_FOUND', message: `Order ${orderId} was not found`, details: { entity: 'Order', id: orderId } });
  });
});

describe('GET /qr/orders/{order_id} (the signed image link)', () => {
  async function links(h: Harness, orderId: string) {
    return (await h.http.get(`/orders/${orderId}/qr`).set(ALICE)).body.data as { qr_code_url: string; qr_code_svg_url: string };
  }

  it('serves, without a bearer token, a PNG that decodes to the public tracking URL (no e-mail in it)', async () => {
    const h = createHarness();
    const orderId = await alicesOrder(h);
    const res = await fetchBytes(h, pathOf((await links(h, orderId)).qr_code_url));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
    const decoded = decodePng(res.body as Buffer);
    expect(decoded).toBe(trackingUrl(orderId));
    expect(decoded).not.toContain('alice');
    const head = await h.http.head(pathOf((await links(h, orderId)).qr_code_url));
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('image/png');

    // The URL it encodes answers once the e-mail is added (a tracking page asks for it).
    // The code opens the tracking page, which shows the order once the e-mail on it is given.
    const tracked = await h.http.get(pathOf(`${decoded}?email=alice@example.com`));
    expect(tracked.status).toBe(200);
    expect(tracked.text).toContain(`Order id ${orderId}`);
    expect(tracked.text).toContain('is <strong>');
  });

  it('serves the SVG link as an SVG (nosniff, CSP) that draws the same code', async () => {
    const h = createHarness();
    const orderId = await alicesOrder(h);
    const res = await fetchBytes(h, pathOf((await links(h, orderId)).qr_code_svg_url));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const svg = (res.body as Buffer).toString('utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|on\w+=/i);
    expect(decodeSvg(svg)).toBe(trackingUrl(orderId));
    // The PNG of the same order decodes to the same URL.
    expect(decodePng((await fetchBytes(h, pathOf((await links(h, orderId)).qr_code_url))).body as Buffer)).toBe(decodeSvg(svg));
  });

  it('answers 403 to a link that was tampered with, forged, malformed or has expired', async () => {
    const h = createHarness();
    const orderId = await alicesOrder(h);
    const otherId = await alicesOrder(h);
    const { qr_code_url: png, qr_code_svg_url: svg } = await links(h, orderId);
    const url = new URL(png);
    const signature = url.searchParams.get('signature') ?? '';
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const refused = [
      // Another order's id with this order's signature.
      pathOf(png).replace(orderId, otherId),
      pathOf(png).replace(signature, flipped),
      // The format is signed: it can be neither added to the PNG link nor removed from the SVG link.
      `${pathOf(png)}&format=svg`,
      pathOf(svg).replace('format=svg&', ''),
      pathOf(svg).replace('format=svg', 'format=png'),
      pathOf(png).replace(/expires=\d+/, 'expires=9999999999'),
      `/qr/orders/${orderId}`,
      `/qr/orders/${orderId}?expires=1&signature=${signature}`,
      `${pathOf(png)}&signature=${signature}`,
    ];
    for (const path of refused) {
      const res = await h.http.get(path);
      expect({ path, status: res.status, code: res.body.error?.code, reason: res.body.error?.details?.reason }).toEqual({
        path,
        status: 403,
        code: 'FORBIDDEN',
        reason: 'invalid',
      });
    }
    await expectDocumented(h, 'get', '/qr/orders/{order_id}', await h.http.get(refused[0] as string));
    // Still good until 30 days have passed, then refused as expired.
    h.clock.advance(30 * 24 * 60 * 60 * 1000 - 1_000);
    expect((await fetchBytes(h, pathOf(png))).status).toBe(200);
    h.clock.advance(1_000);
    const expired = await h.http.get(pathOf(png));
    expect(expired.status).toBe(403);
    expect(expired.body.error.details).toEqual({ reason: 'expired' });
  });

  it('cannot be made from a link of another signed feature (an export link)', async () => {
    const h = createHarness();
    const orderId = await alicesOrder(h);
    const exportLink = new URL((await h.http.post('/admin/bulk/products/export').set(AS_ADMIN).send({ format: 'csv' })).body.data.url);
    const res = await h.http.get(`/qr/orders/${orderId}${exportLink.search}`);
    expect(res.status).toBe(403);
  });
});
