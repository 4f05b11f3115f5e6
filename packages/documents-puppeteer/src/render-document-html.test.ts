import type { OrderDocument } from '@oms/order-core';
import { renderDocumentHtml } from './render-document-html';
import { address, invoice, label, labelBatch, packingSlip, pickList } from './test-support/document-fixtures';

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:`;
const EVIL = `</div></td><script>alert(1)</script><img src=x onerror=alert(1)>"'><style>*{background:url(http://evil/)}</style>`;
const ESCAPED = '&lt;/div&gt;&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;style&gt;*{background:url(http://evil/)}&lt;/style&gt;';

function evilEverywhere(): OrderDocument[] {
  const to = address({ name: EVIL, company: EVIL, street: EVIL, street2: EVIL, city: EVIL, state: EVIL, zip: EVIL, country: EVIL });
  const seller = { name: EVIL, addressLines: [EVIL], taxId: EVIL, email: EVIL, phone: EVIL };
  return [
    packingSlip({ reference: EVIL, orderDate: EVIL, seller, shipTo: to, contactName: EVIL, contactPhone: EVIL, lines: [{ sku: EVIL, name: EVIL, quantity: 1 }], notes: EVIL }),
    invoice({
      invoiceNumber: EVIL,
      issueDate: EVIL,
      reference: EVIL,
      seller,
      billTo: to,
      shipTo: to,
      currency: EVIL,
      lines: [{ sku: EVIL, name: EVIL, quantity: 1, unitPrice: EVIL, lineTotal: EVIL }],
      totals: { subtotal: EVIL, discount: EVIL, shipping: EVIL, tax: EVIL, total: EVIL },
      taxLines: [{ label: EVIL, amount: EVIL }],
    }),
    pickList({ pickListId: EVIL, items: [{ warehouseCode: EVIL, productId: EVIL, sku: EVIL, name: EVIL, quantity: 1, orders: [{ orderId: EVIL, reference: EVIL, quantity: 1 }] }] }),
    labelBatch([label({ carrier: EVIL, service: EVIL, reference: EVIL, from: { name: EVIL, addressLines: [EVIL] }, to, contactName: EVIL, contactPhone: EVIL, trackingUrl: `http://x/${EVIL}` })], { labelBatchId: EVIL }),
  ];
}

describe('renderDocumentHtml', () => {
  it.each(evilEverywhere().map((d) => [d.kind, d] as const))('escapes every text of a %s', async (_kind, document) => {
    const page = await renderDocumentHtml(document);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img src=x');
    // One style element, the template's, which loads nothing.
    expect(page.match(/<style/g)).toHaveLength(1);
    expect(/<style>([^<]*)<\/style>/.exec(page)?.[1]).not.toMatch(/url\(|@import/);
    expect(page).toContain(ESCAPED);
    // The only elements are the templates' own.
    const tags = new Set([...page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((t) => !['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'p', 'h1', 'h2', 'span', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'section', 'img'].includes(t))).toEqual([]);
    // Images are data: URLs only.
    for (const m of page.matchAll(/<img [^>]*src="([^"]*)"/g)) expect(m[1]).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it.each([packingSlip(), invoice(), pickList(), labelBatch()].map((d) => [d.kind, d] as const))('gives a %s the CSP and its page size', async (kind, document) => {
    const page = await renderDocumentHtml(document);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain(CSP);
    expect(page.indexOf(CSP)).toBeLessThan(page.indexOf('<body>'));
    expect(page).toContain(kind === 'shipping_labels' ? '@page { size: 4in 6in; margin: 0; }' : '@page { size: A4;');
  });

  it('lays out office documents on Letter paper when asked', async () => {
    expect(await renderDocumentHtml(invoice(), { paper: 'Letter' })).toContain('@page { size: letter;');
  });

  it('gives the same page for the same model', async () => {
    expect(await renderDocumentHtml(labelBatch())).toBe(await renderDocumentHtml(labelBatch()));
  });

  it('refuses a barcode Code 128 cannot carry, naming the label', async () => {
    await expect(renderDocumentHtml(labelBatch([label(), label({ barcode: 'x'.repeat(49) })]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'labels[1].barcode', message: 'must be 1 to 48 characters for a Code 128 barcode' }] },
    });
  });
});
