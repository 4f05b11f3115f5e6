import { isDomainError } from '@oms/order-core';
import { DocumentRenderError } from './document-render-error';
import { PuppeteerDocumentRenderer } from './puppeteer-document-renderer';
import { invoice, label, labelBatch, packingSlip, pickList } from './test-support/document-fixtures';
import { decodeCode128, decodeQr, pdfPages, pdfText, rasterizePage } from './test-support/pdf-tools';

jest.setTimeout(60_000);

/** Collapses pdftotext's layout spacing, so assertions read words in order. */
function words(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('PuppeteerDocumentRenderer on real Chromium', () => {
  const renderer = new PuppeteerDocumentRenderer({ poolSize: 2, maxLabels: 20, maxPages: 30 });
  afterAll(() => renderer.close());

  it('prints a packing slip with the reference, products and quantities', async () => {
    const pdf = await renderer.pdf(packingSlip());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = words(await pdfText(pdf));
    expect(text).toContain('Packing slip');
    expect(text).toContain('ORD-00042');
    expect(text).toMatch(/MUG-BLUE Blue enamel mug 2/);
    expect(text).toMatch(/TEA-EARL Earl Grey tea 250g 5/);
    expect(text).toContain('Items: 7');
    expect(text).toContain('Leave at the door');
    expect(text).toContain('Ada Lovelace');
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    // A4 (210 x 297 mm is 595 x 842 pt; Chromium rounds to whole CSS pixels).
    expect(Math.abs(pages[0]!.width - 595)).toBeLessThan(2);
    expect(Math.abs(pages[0]!.height - 842)).toBeLessThan(2);
  });

  it('prints an invoice with seller, number, date, addresses, lines, totals as given, tax lines and currency', async () => {
    const pdf = await renderer.pdf(invoice());
    const text = words(await pdfText(pdf));
    for (const expected of ['Acme Goods Ltd', 'US-99-1234567', 'INV-000042', '2025-11-21', 'ORD-00042', 'Ada Billing', '99 Ledger Road', '12 Analytical Way', 'BILL TO', 'SHIP TO']) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/MUG-BLUE Blue enamel mug 2 12\.50 25\.00/);
    expect(text).toMatch(/TEA-EARL Earl Grey tea 250g 5 4\.99 24\.95/);
    expect(text).toMatch(/Subtotal EUR 49\.95/);
    expect(text).toMatch(/Discount EUR -5\.00/);
    expect(text).toMatch(/Shipping EUR 4\.90/);
    expect(text).toMatch(/Tax EUR 0\.00/);
    expect(text).toMatch(/Total EUR 49\.85/);
    expect(text).toMatch(/Included VAT 20% EUR 8\.31/);
  });

  it('prints a pick list with quantities added up, the per-order breakdown and the walking order', async () => {
    const text = words(await pdfText(await renderer.pdf(pickList())));
    expect(text).toMatch(/MUG-BLUE Blue enamel mug 9/);
    expect(text).toContain('ORD-00042 × 2');
    expect(text).toContain('ORD-00043 × 3');
    expect(text).toContain('ORD-00044 × 4');
    expect(text).toMatch(/Orders: 3/);
    expect(text).toMatch(/Items: 12/);
    const order = ['Warehouse MAIN', 'MUG-BLUE', 'TEA-EARL', 'Warehouse UNALLOCATED', 'POT-1L'].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('prints one 4x6 inch page per label, with a Code 128 barcode of the tracking number and a QR code to the tracking page', async () => {
    const labels = [
      label(),
      label({ barcode: 'ORD-00043', trackingNumber: null, carrier: 'manual', service: null, orderId: 'order_02', reference: 'ORD-00043', trackingUrl: 'http://localhost:3000/track/order_02', itemCount: 1 }),
      label({ barcode: '9400111899223334445566', trackingNumber: '9400111899223334445566', carrier: 'USPS', service: 'Priority', orderId: 'order_03', reference: 'ORD-00044', itemCount: 3 }),
    ];
    const pdf = await renderer.pdf(labelBatch(labels));
    const pages = await pdfPages(pdf);
    expect(pages).toEqual(labels.map(() => ({ width: 288, height: 432 })));
    const text = words(await pdfText(pdf));
    for (const expected of ['ORD-00042', '1Z999AA10123456784', 'Acme Goods Ltd', '1 Market Street', '12 Analytical Way', 'London', 'UPS', 'Ground', '+44 20 7946 0000', 'Items: 7', 'SHIP TO', 'FROM', 'TRACKING NUMBER']) {
      expect(text).toContain(expected);
    }
    for (let i = 0; i < labels.length; i++) {
      // The barcode sits across the middle of the label, the QR code in its bottom right corner.
      const [barcode, qr] = await Promise.all([rasterizePage(pdf, i + 1, { from: 0.45, to: 0.75 }), rasterizePage(pdf, i + 1, { from: 0.7, to: 1 }, { from: 0.55, to: 1 })]);
      expect(decodeCode128(barcode)).toBe(labels[i]!.barcode);
      expect(decodeQr(qr)).toBe(labels[i]!.trackingUrl);
    }
  });

  it('renders the same HTML page as html(), self-contained with the CSP', async () => {
    const page = await renderer.html(invoice());
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:`);
    expect(page).toContain('INV-000042');
  });

  it('caches a PDF by the model: the same model renders once, a changed order version renders again', async () => {
    const model = packingSlip({ orderVersions: { order_cache: 1 }, orderId: 'order_cache', reference: 'ORD-CACHE' });
    const before = renderer.stats.renders;
    const [first, concurrent] = await Promise.all([renderer.pdf(model), renderer.pdf(model)]);
    const again = await renderer.pdf({ ...model, lines: [...model.lines] });
    expect(renderer.stats.renders - before).toBe(1);
    expect(Buffer.from(concurrent).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    // Callers get copies: scribbling on one does not touch the cache.
    first.fill(0);
    expect(Buffer.from((await renderer.pdf(model)).subarray(0, 5)).toString()).toBe('%PDF-');
    expect(renderer.stats.renders - before).toBe(1);

    await renderer.pdf({ ...model, orderVersions: { order_cache: 2 } });
    expect(renderer.stats.renders - before).toBe(2);
  });

  it('refuses documents over the caps with a clear validation error, before rendering', async () => {
    const before = renderer.stats.renders;
    const many = labelBatch(Array.from({ length: 21 }, (_, i) => label({ orderId: `order_${i}` })));
    const error = await renderer.pdf(many).catch((e: unknown) => e);
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/too large to render: 21 labels, at most 20/);
    await expect(renderer.html(many)).rejects.toThrow(/21 labels, at most 20/);
    expect(renderer.stats.renders).toBe(before);

    const small = new PuppeteerDocumentRenderer({ maxHtmlBytes: 1000 });
    await expect(small.pdf(invoice())).rejects.toThrow(/bytes of HTML, at most 1000/);
    await expect(small.renderPdfFromHtml('x'.repeat(1001))).rejects.toThrow(/1001 bytes of HTML, at most 1000/);
    await small.close();
    expect(small.stats.launches).toBe(0);
  });

  it('refuses a PDF longer than maxPages', async () => {
    const long = `<!DOCTYPE html><html><head><style>@page { size: 4in 6in; margin: 0 } div { height: 6in }</style></head><body>${'<div>page</div>'.repeat(40)}</body></html>`;
    const error = await renderer.renderPdfFromHtml(long).catch((e: unknown) => e);
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/31 pages or more, at most 30/);
  });

  it('refuses a label whose barcode Code 128 cannot carry, naming the field', async () => {
    await expect(renderer.pdf(labelBatch([label(), label({ barcode: 'trackingé' })]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'labels[1].barcode', message: expect.stringMatching(/printable ASCII/) }] },
    });
  });

  it('survives Chromium being killed between two renders, relaunching it', async () => {
    await renderer.pdf(packingSlip({ reference: 'ORD-BEFORE-KILL' }));
    const pid = renderer.browserProcessId();
    expect(pid).toEqual(expect.any(Number));
    const launches = renderer.stats.launches;
    process.kill(pid!, 'SIGKILL');
    const text = await pdfText(await renderer.pdf(packingSlip({ reference: 'ORD-AFTER-KILL' })));
    expect(text).toContain('ORD-AFTER-KILL');
    expect(renderer.stats.launches).toBe(launches + 1);
    expect(renderer.browserProcessId()).not.toBe(pid);
  });

  it('retries a render whose browser dies under it, on a relaunched browser', async () => {
    await renderer.pdf(packingSlip({ reference: 'ORD-WARM' }));
    const pid = renderer.browserProcessId()!;
    const launches = renderer.stats.launches;
    // Long enough (about 25 pages) that the kill lands while Chromium is still at it.
    const rows = Array.from({ length: 1200 }, (_, i) => `<tr><td>row ${i}</td><td>${'text '.repeat(20)}</td></tr>`).join('');
    const rendering = renderer.renderPdfFromHtml(`<!DOCTYPE html><html><body><p>IN-FLIGHT</p><table>${rows}</table></body></html>`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    process.kill(pid, 'SIGKILL');
    expect(await pdfText(await rendering)).toContain('IN-FLIGHT');
    expect(renderer.stats.launches).toBe(launches + 1);
  });
});

describe('PuppeteerDocumentRenderer limits on time', () => {
  it('stops a render that takes longer than renderTimeoutMs with a clear error, and renders again afterwards', async () => {
    const renderer = new PuppeteerDocumentRenderer({ poolSize: 1, renderTimeoutMs: 1 });
    try {
      const error = await renderer.pdf(packingSlip()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DocumentRenderError);
      expect(error).toMatchObject({ code: 'RENDER_TIMEOUT', message: expect.stringMatching(/longer than 1 ms/) });
      // The timed-out page is thrown away; the pool slot comes back.
      await expect(renderer.renderPdfFromHtml('<p>x</p>')).rejects.toMatchObject({ code: 'RENDER_TIMEOUT' });
    } finally {
      await renderer.close();
    }
  });

  it('says which Chromium did not start', async () => {
    const renderer = new PuppeteerDocumentRenderer({ executablePath: '/nonexistent/chrome' });
    await expect(renderer.renderPdfFromHtml('<p>x</p>')).rejects.toMatchObject({ code: 'BROWSER_UNAVAILABLE', message: expect.stringContaining('Chromium at /nonexistent/chrome did not start') });
    await renderer.close();
  });

  it('fails clearly after close()', async () => {
    const renderer = new PuppeteerDocumentRenderer({ poolSize: 1 });
    await renderer.close();
    await expect(renderer.renderPdfFromHtml('<p>x</p>')).rejects.toMatchObject({ code: 'RENDERER_CLOSED' });
  });
});
