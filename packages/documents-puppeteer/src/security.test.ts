import type { OrderDocument } from '@oms/order-core';
import { PuppeteerDocumentRenderer } from './puppeteer-document-renderer';
import { address, invoice, label, labelBatch, packingSlip, pickList } from './test-support/document-fixtures';
import { allPayloads, hostilePayloads } from './test-support/payloads';
import { connectionCounter, pdfText } from './test-support/pdf-tools';

jest.setTimeout(60_000);

/** Late connections (prefetches, preconnects) would come after the PDF: give them time to show. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

function words(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('rendering hostile text', () => {
  let listener: Awaited<ReturnType<typeof connectionCounter>>;
  const renderer = new PuppeteerDocumentRenderer({ poolSize: 2, cacheBytes: 0 });

  beforeAll(async () => {
    listener = await connectionCounter();
  });
  afterAll(async () => {
    await renderer.close();
    await listener.close();
  });

  function hostileDocuments(): OrderDocument[] {
    const p = allPayloads(listener.port);
    const to = address({ name: `Mallory ${p}`, street: `1 Evil Street ${p}`, company: p });
    return [
      packingSlip({ contactName: `Mallory ${p}`, shipTo: to, notes: `Note ${hostilePayloads(listener.port).script} ${p}`, lines: [{ sku: `SKU${p}`, name: `Mug ${p}`, quantity: 1 }] }),
      invoice({ billTo: to, shipTo: to, lines: [{ sku: 'MUG', name: `Mug ${p}`, quantity: 1, unitPrice: '1.00', lineTotal: '1.00' }], taxLines: [{ label: p, amount: '0.10' }] }),
      pickList({ items: [{ warehouseCode: p, productId: 'prod_1', sku: p, name: `Mug ${p}`, quantity: 1, orders: [{ orderId: 'order_1', reference: p, quantity: 1 }] }] }),
      labelBatch([label({ contactName: `Mallory ${p}`, to, service: p, carrier: p, from: { name: p, addressLines: [p] } })]),
    ];
  }

  it('escapes every value: nothing connects, no file leaks, the markup shows as text', async () => {
    const texts: string[] = [];
    for (const document of hostileDocuments()) {
      const html = await renderer.html(document);
      expect(html).not.toMatch(/<(script|iframe|img src=http|link rel|object|embed|base|form|video|svg><image)/i);
      texts.push(await pdfText(await renderer.pdf(document)));
    }
    await settle();
    expect(listener.seen()).toEqual([]);
    const all = texts.join('\n');
    expect(all).not.toContain('root:x:0:0');
    expect(all).not.toContain('LEAKED');
    // No script replaced the pages: each still shows its heading.
    ['Packing slip', 'Invoice', 'Pick list', 'SHIP TO'].forEach((heading, i) => expect(texts[i]).toContain(heading));
    // The notes of the packing slip run the full width: the payload reads there as typed.
    expect(words(texts[0]!)).toContain(`Note <script>fetch('http://127.0.0.1:${listener.port}/script')</script>`);
    expect(all).toContain('<iframe src=file:///etc/passwd>');
  });

  it('holds with the escaping bypassed: raw markup fed to renderPdfFromHtml loads, runs and navigates nothing', async () => {
    const raw = `<!DOCTYPE html><html><head>${allPayloads(listener.port)}</head><body><p>Raw document</p>${allPayloads(listener.port)}</body></html>`;
    const text = await pdfText(await renderer.renderPdfFromHtml(raw));
    await settle();
    expect(listener.seen()).toEqual([]);
    // The page stayed where it was (no navigation to an error page) and no script replaced it.
    expect(text).toContain('Raw document');
    expect(text).not.toContain('PWNED');
    expect(text).not.toContain('root:x:0:0');
    expect(text).not.toContain('LEAKED');
  });

  it('holds for each raw payload on its own', async () => {
    const payloads = { ...hostilePayloads(listener.port), passwd: '<iframe src="file:///etc/passwd" width=600 height=600></iframe>' };
    const texts = await Promise.all(Object.entries(payloads).map(async ([name, payload]) => [name, await pdfText(await renderer.renderPdfFromHtml(`<!DOCTYPE html><html><body><p>Raw ${name}</p>${payload}</body></html>`))] as const));
    await settle();
    expect(listener.seen()).toEqual([]);
    for (const [name, text] of texts) {
      expect(text).toContain(`Raw ${name}`);
      expect(text).not.toMatch(/PWNED|root:x:0:0|LEAKED/);
    }
  });
});
