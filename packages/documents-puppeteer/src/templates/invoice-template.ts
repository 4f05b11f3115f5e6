import type { InvoiceDocument } from '@oms/order-core';
import { html } from '../escape-html';
import { addressBlock, linesBlock } from './address-block';
import { officePageCss, pageShell, type PaperSize } from './page-shell';

const CSS = `
.head { display: flex; justify-content: space-between; gap: 12pt; margin-bottom: 12pt; }
.meta td { border: none; padding: 0 8pt 1pt 0; }
.parties { display: flex; gap: 24pt; margin-bottom: 12pt; }
.parties > div { flex: 1; }
.totals { width: 55%; margin: 8pt 0 0 auto; }
.totals td { border: none; padding: 1.5pt 4pt; }
.totals .grand td { border-top: 1pt solid #000; font-weight: bold; font-size: 11pt; }
.taxes { width: 55%; margin: 6pt 0 0 auto; }
.taxes td { border: none; padding: 1pt 4pt; }
`;

/** Seller, number and date, bill-to and ship-to, the lines and the totals exactly as the core formatted them. */
export function invoiceHtml(doc: InvoiceDocument, paper: PaperSize): string {
  const seller = doc.seller;
  const sellerLines = [
    ...seller.addressLines,
    ...(seller.taxId ? [`Tax ID: ${seller.taxId}`] : []),
    ...(seller.email ? [seller.email] : []),
    ...(seller.phone ? [seller.phone] : []),
  ];
  const cur = doc.currency;
  const body = html`
<div class="head">
  <div><h1>${seller.name}</h1>${linesBlock(sellerLines, 'block muted')}</div>
  <div>
    <h1>Invoice</h1>
    <table class="meta">
      <tr><td>Invoice number</td><td><strong>${doc.invoiceNumber}</strong></td></tr>
      <tr><td>Invoice date</td><td>${doc.issueDate}</td></tr>
      <tr><td>Order</td><td>${doc.reference}</td></tr>
      <tr><td>Currency</td><td>${cur}</td></tr>
    </table>
  </div>
</div>
<div class="parties">
  <div><h2>Bill to</h2>${addressBlock(doc.billTo)}</div>
  <div><h2>Ship to</h2>${addressBlock(doc.shipTo)}</div>
</div>
<table>
  <thead><tr><th>SKU</th><th>Description</th><th class="num">Qty</th><th class="num">Unit price (${cur})</th><th class="num">Amount (${cur})</th></tr></thead>
  <tbody>${doc.lines.map((l) => html`<tr><td>${l.sku}</td><td>${l.name}</td><td class="num">${l.quantity}</td><td class="num">${l.unitPrice}</td><td class="num">${l.lineTotal}</td></tr>`)}</tbody>
</table>
<table class="totals">
  <tr><td>Subtotal</td><td class="num">${cur} ${doc.totals.subtotal}</td></tr>
  <tr><td>Discount</td><td class="num">${cur} ${doc.totals.discount}</td></tr>
  <tr><td>Shipping</td><td class="num">${cur} ${doc.totals.shipping}</td></tr>
  <tr><td>Tax</td><td class="num">${cur} ${doc.totals.tax}</td></tr>
  <tr class="grand"><td>Total</td><td class="num">${cur} ${doc.totals.total}</td></tr>
</table>
${doc.taxLines.length > 0
    ? html`<table class="taxes">${doc.taxLines.map((t) => html`<tr><td class="muted">Included ${t.label}</td><td class="num muted">${cur} ${t.amount}</td></tr>`)}</table>`
    : ''}
`;
  return pageShell({ title: `Invoice ${doc.invoiceNumber}`, pageCss: officePageCss(paper), css: CSS, body });
}
