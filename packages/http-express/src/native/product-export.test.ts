import { systemPrincipal, type Product } from '@oms/order-core';
import request from 'supertest';
import {
  AS_ADMIN,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  issueToken,
  PUBLIC_BASE_URL,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';
import { csvRecord, neutralizeFormula } from './product-export';

interface ExportView {
  readonly export_id: string;
  readonly format: string;
  readonly url: string;
  readonly expires_at: string;
}

async function requestExport(h: Harness, format: string, headers: Record<string, string> = AS_ADMIN): Promise<ExportView> {
  const res = await h.http.post('/admin/bulk/products/export').set(headers).send({ format });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data as ExportView;
}

/** The app-relative path and query of a link (the public base URL has a path prefix the app does not see). */
function appPath(url: string): string {
  expect(url.startsWith(`${PUBLIC_BASE_URL}/`)).toBe(true);
  return url.slice(PUBLIC_BASE_URL.length);
}

/** Downloads without any Authorization header, the body kept as text. */
function download(h: Harness, path: string) {
  return h.http.get(path).buffer(true).parse((res, callback) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => callback(null, text));
  });
}

/** A small RFC 4180 reader for checking what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('the CSV does not end with a line break');
  return rows;
}

function withQuery(path: string, change: (params: URLSearchParams) => void): string {
  const [pathname, query] = path.split('?') as [string, string];
  const params = new URLSearchParams(query);
  change(params);
  return `${pathname}?${params.toString()}`;
}

describe('POST /admin/bulk/products/export', () => {
  it('answers a signed link under the public base URL that expires in 15 minutes', async () => {
    const h = createHarness();
    const res = await h.http.post('/admin/bulk/products/export').set(AS_ADMIN).send({ format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      export_id: expect.stringMatching(/^exp_[0-9a-f]{24}$/),
      format: 'csv',
      url: expect.any(String),
      expires_at: '2026-03-20T12:15:00.000Z',
    });
    await expectDocumented(h, 'post', '/admin/bulk/products/export', res);
    const url = new URL(res.body.data.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_BASE_URL}/admin/bulk/products/exports/${res.body.data.export_id}`);
    expect([...url.searchParams.keys()].sort()).toEqual(['by', 'expires', 'format', 'signature']);
    expect(url.searchParams.get('format')).toBe('csv');
    expect(url.searchParams.get('by')).toBe('staff:admin-token');
    const other = await requestExport(h, 'csv');
    expect(other.export_id).not.toBe(res.body.data.export_id);
  });

  it('needs products:read, checked when the link is asked for; refuses unknown formats and fields', async () => {
    const h = createHarness();
    expect((await h.http.post('/admin/bulk/products/export').send({ format: 'csv' })).status).toBe(401);
    const inventory = await issueToken(h, ['inventory:read', 'inventory:write']);
    const forbidden = await h.http.post('/admin/bulk/products/export').set(bearer(inventory)).send({ format: 'csv' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.details).toEqual({ required_scope: 'products:read' });
    const customer = signJwt({ sub: 'c1', role: 'customer' });
    expect((await h.http.post('/admin/bulk/products/export').set(bearer(customer)).send({ format: 'csv' })).status).toBe(403);
    const xlsx = await h.http.post('/admin/bulk/products/export').set(AS_ADMIN).send({ format: 'xlsx' });
    expect(xlsx.status).toBe(422);
    const none = await h.http.post('/admin/bulk/products/export').set(AS_ADMIN).send({ format: 'csv', filter: 'active' });
    expect(none.status).toBe(422);
  });
});

describe('GET /admin/bulk/products/exports/{export_id} (signed link)', () => {
  it('downloads CSV without a bearer token: attachment, nosniff, header row, money in major units', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { sku: 'TS-1', name: 'Shirt, "classic"', price: 29.9, category: 'apparel', description: 'two\nlines' });
    const yen = await createProduct(h, { sku: 'JP-1', name: 'Tea', price: 1200, currency: 'JPY' });
    const link = await requestExport(h, 'csv');
    const res = await download(h, appPath(link.url));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="products-${link.export_id}.csv"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const rows = parseCsv(res.body as string);
    expect(rows[0]).toEqual([
      'id', 'sku', 'name', 'description', 'price', 'currency', 'status', 'category', 'backorder_policy', 'expected_date', 'created_at', 'updated_at',
    ]);
    expect(rows.slice(1)).toEqual([
      [shirt.id, 'TS-1', 'Shirt, "classic"', 'two\nlines', '29.90', 'USD', 'active', 'apparel', 'deny', '', '2026-03-20T12:00:00.000Z', '2026-03-20T12:00:00.000Z'],
      [yen.id, 'JP-1', 'Tea', '', '1200', 'JPY', 'active', '', 'deny', '', '2026-03-20T12:00:00.000Z', '2026-03-20T12:00:00.000Z'],
    ]);
  });

  it('neutralizes cells a spreadsheet would run as a formula', async () => {
    const h = createHarness();
    const names = ['=HYPERLINK("http://evil.test","x")', '+1+2', '-2+3', '@SUM(A1)', 'Plain = fine'];
    for (const name of names) await createProduct(h, { name, category: '=cmd|"/c calc"!A1' });
    // The API trims names; data stored by other means (an import, SQL) may still start with a tab or CR.
    const stored = await h.core.getProduct.execute({ productId: (await createProduct(h, { category: '=cmd|"/c calc"!A1' })).id }, systemPrincipal());
    await h.uow.transaction(async (repos) => {
      await repos.products.insert({ ...stored, id: 'prod_zz_tab', sku: 'TAB-1', name: '\tTabbed' });
      await repos.products.insert({ ...stored, id: 'prod_zz_cr', sku: 'CR-1', name: '\rReturn' });
    });
    const res = await download(h, appPath((await requestExport(h, 'csv')).url));
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body as string).slice(1);
    expect(rows.map((row) => row[2])).toEqual([
      '\'=HYPERLINK("http://evil.test","x")',
      "'+1+2",
      "'-2+3",
      "'@SUM(A1)",
      'Plain = fine',
      stored.name,
      "'\rReturn",
      "'\tTabbed",
    ]);
    expect(new Set(rows.map((row) => row[7]))).toEqual(new Set(['\'=cmd|"/c calc"!A1']));
    expect((res.body as string).includes('\n=HYPERLINK')).toBe(false);
  });

  it('downloads JSON as one array of products as the API shows them', async () => {
    const h = createHarness();
    const a = await createProduct(h, { name: '=not a formula in JSON', backorder_policy: 'preorder', expected_date: '2026-04-01' });
    const b = await createProduct(h, { price: '0.10' });
    const link = await requestExport(h, 'json');
    const res = await download(h, appPath(link.url));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="products-${link.export_id}.json"`);
    expect(JSON.parse(res.body as string)).toEqual([a, b]);
    await expectDocumented(h, 'get', '/admin/products', await h.http.get('/admin/products').set(AS_ADMIN));
  });

  it('downloads an empty catalog as a header row or an empty array', async () => {
    const h = createHarness();
    const csv = await download(h, appPath((await requestExport(h, 'csv')).url));
    expect(parseCsv(csv.body as string)).toHaveLength(1);
    const json = await download(h, appPath((await requestExport(h, 'json')).url));
    expect(JSON.parse(json.body as string)).toEqual([]);
  });

  it('streams a catalog of thousands of products fully, in both formats', async () => {
    const h = createHarness();
    const count = 3_210;
    for (let i = 0; i < count; i++) {
      await h.core.createProduct.execute({ sku: `BULK-${String(i).padStart(5, '0')}`, name: `Bulk product ${i}`, price: `${i}.99` }, systemPrincipal());
    }
    const csv = await download(h, appPath((await requestExport(h, 'csv')).url));
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.body as string).slice(1);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((row) => row[1])).size).toBe(count);
    expect(rows[count - 1]?.slice(1, 5)).toEqual([`BULK-${String(count - 1).padStart(5, '0')}`, `Bulk product ${count - 1}`, '', `${count - 1}.99`]);

    const json = await download(h, appPath((await requestExport(h, 'json')).url));
    const products = JSON.parse(json.body as string) as { sku: string; price: number }[];
    expect(products).toHaveLength(count);
    expect(products[1234]).toMatchObject({ sku: 'BULK-01234', price: 1234.99 });
  });

  it('refuses a tampered link with 403: signature, format, holder, export id, expiry, or an added parameter', async () => {
    const h = createHarness();
    await createProduct(h);
    const path = appPath((await requestExport(h, 'csv')).url);
    const other = appPath((await requestExport(h, 'csv')).url);
    const tampered = [
      withQuery(path, (q) => q.set('signature', `${q.get('signature')!.slice(0, -2)}${q.get('signature')!.endsWith('AA') ? 'BB' : 'AA'}`)),
      withQuery(path, (q) => q.set('format', 'json')),
      withQuery(path, (q) => q.set('by', 'staff:someone-else')),
      withQuery(path, (q) => q.set('expires', String(Number(q.get('expires')) + 86_400))),
      withQuery(path, (q) => q.set('download', '1')),
      `${other.split('?')[0]}?${path.split('?')[1]}`,
    ];
    for (const link of tampered) {
      const res = await download(h, link);
      expect({ link, status: res.status }).toEqual({ link, status: 403 });
      expect(JSON.parse(res.body as string).error).toEqual({ code: 'FORBIDDEN', message: expect.any(String), details: { reason: 'invalid' } });
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    // Untouched, the same link still works.
    expect((await download(h, path)).status).toBe(200);
  });

  it('refuses a malformed link with 403', async () => {
    const h = createHarness();
    const path = appPath((await requestExport(h, 'csv')).url);
    const malformed = [
      withQuery(path, (q) => q.delete('signature')),
      withQuery(path, (q) => q.delete('expires')),
      withQuery(path, (q) => q.set('expires', 'tomorrow')),
      withQuery(path, (q) => q.append('format', 'json')),
      path.split('?')[0] as string,
    ];
    for (const link of malformed) {
      const res = await download(h, link);
      expect({ link, status: res.status }).toEqual({ link, status: 403 });
    }
  });

  it('refuses an expired link with 403', async () => {
    const h = createHarness();
    const path = appPath((await requestExport(h, 'json')).url);
    h.clock.advance(15 * 60 * 1000 - 1000);
    expect((await download(h, path)).status).toBe(200);
    h.clock.advance(1000);
    const res = await download(h, path);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body as string).error.details).toEqual({ reason: 'expired' });
  });

  it('refuses a link signed with another secret (another deployment)', async () => {
    const h = createHarness();
    const path = appPath((await requestExport(h, 'csv')).url);
    const { createHttpApp } = await import('../create-http-app');
    const otherApp = createHttpApp({
      core: h.core,
      authenticator: { authenticate: async () => null },
      logger: h.logger,
      health: async () => undefined,
      publicBaseUrl: PUBLIC_BASE_URL,
      signingSecret: 'a-different-signing-secret-0123456789',
      clock: h.clock,
    });
    expect((await request(otherApp).get(path)).status).toBe(403);
  });

  it('runs the download with the link holder\'s identity, for an integration token too', async () => {
    const h = createHarness();
    await createProduct(h);
    const reader = await issueToken(h, ['products:read']);
    const link = await requestExport(h, 'csv', bearer(reader));
    expect(new URL(link.url).searchParams.get('by')).toMatch(/^integration:/);
    const res = await download(h, appPath(link.url));
    expect(res.status).toBe(200);
    expect(parseCsv(res.body as string)).toHaveLength(2);
  });

  it('answers HEAD with the headers only, and logs the download without its signature', async () => {
    const h = createHarness();
    await createProduct(h);
    const path = appPath((await requestExport(h, 'csv')).url);
    const res = await h.http.head(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).toContain('/admin/bulk/products/exports/');
    expect(logged).not.toContain('signature');
  });

  it('answers a failure before the first byte as a normal error, without the download headers', async () => {
    const h = createHarness();
    const path = appPath((await requestExport(h, 'csv')).url);
    h.core.exportProducts.execute = () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('database is down')) }),
    });
    const res = await download(h, path);
    expect(res.status).toBe(500);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse(res.body as string).error.code).toBe('INTERNAL_ERROR');
    expect(res.body as string).not.toContain('database');
  });

  it('cuts the connection when the catalog fails midway, so a partial file is never taken for a whole one', async () => {
    const h = createHarness();
    const path = appPath((await requestExport(h, 'json')).url);
    const product = await h.core.getProduct.execute({ productId: (await createProduct(h)).id }, systemPrincipal());
    h.core.exportProducts.execute = () => ({
      async *[Symbol.asyncIterator]() {
        // Enough to be written before the failure.
        for (let i = 0; i < 2_000; i++) yield { ...product, id: `prod_${i}` } as Product;
        throw new Error('database went away');
      },
    });
    await expect(download(h, path)).rejects.toThrow();
    expect(h.logger.lines.some((line) => line.level === 'error' && line.msg === 'streamed response failed midway')).toBe(true);
  });
});

describe('CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\t1', "'\t1"],
    ['\r1', "'\r1"],
    ['a=1', 'a=1'],
    ['', ''],
  ])('neutralizes %j as %j', (input, output) => {
    expect(neutralizeFormula(input)).toBe(output);
  });

  it('writes money with the currency\'s decimals and empty cells for null', () => {
    const product: Product = {
      id: 'prod_1',
      sku: 'S',
      name: 'N',
      description: null,
      price: 1050,
      currency: 'KWD',
      status: 'active',
      category: null,
      backorderPolicy: 'deny',
      expectedDate: null,
      version: 1,
      createdAt: '2026-03-20T12:00:00.000Z',
      updatedAt: '2026-03-20T12:00:00.000Z',
    };
    expect(csvRecord(product)).toEqual(['prod_1', 'S', 'N', '', '1.050', 'KWD', 'active', '', 'deny', '', product.createdAt, product.updatedAt]);
  });
});
