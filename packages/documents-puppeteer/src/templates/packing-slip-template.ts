import type { PackingSlipDocument } from '@oms/order-core';
import { html } from '../escape-html';
import { addressBlock, linesBlock } from './address-block';
import { officePageCss, pageShell, type PaperSize } from './page-shell';

const CSS = `
.head { display: flex; justify-content: space-between; gap: 12pt; margin-bottom: 10pt; }
.parties { display: flex; gap: 24pt; margin-bottom: 10pt; }
.parties > div { flex: 1; }
.check { width: 14pt; }
.box { display: inline-block; width: 9pt; height: 9pt; border: 0.8pt solid #000; }
.notes { margin-top: 10pt; padding: 6pt; border: 0.8pt solid #000; }
.summary { margin-top: 6pt; font-weight: bold; }
`;

/** What goes in the box, without prices. */
export function packingSlipHtml(doc: PackingSlipDocument, paper: PaperSize): string {
  const body = html`
<div class="head">
  <div><h1>Packing slip</h1><p>Order <strong>${doc.reference}</strong></p><p class="muted">Order date ${doc.orderDate}</p></div>
  <div>${linesBlock([doc.seller.name, ...doc.seller.addressLines])}</div>
</div>
<div class="parties">
  <div><h2>Ship to</h2>${addressBlock(doc.shipTo)}</div>
  <div><h2>Contact</h2>${linesBlock([doc.contactName, ...(doc.contactPhone ? [doc.contactPhone] : [])])}</div>
</div>
<table>
  <thead><tr><th class="check"></th><th>SKU</th><th>Product</th><th class="num">Qty</th></tr></thead>
  <tbody>${doc.lines.map((l) => html`<tr><td class="check"><span class="box"></span></td><td>${l.sku}</td><td>${l.name}</td><td class="num">${l.quantity}</td></tr>`)}</tbody>
</table>
<p class="summary">Items: ${doc.itemCount}</p>
${doc.notes ? html`<div class="notes"><h2>Notes</h2><div class="pre">${doc.notes}</div></div>` : ''}
`;
  return pageShell({ title: `Packing slip ${doc.reference}`, pageCss: officePageCss(paper), css: CSS, body });
}
