import type { PickListDocument, PickListItem } from '@oms/order-core';
import { html } from '../escape-html';
import { officePageCss, pageShell, type PaperSize } from './page-shell';

const CSS = `
.head { display: flex; justify-content: space-between; align-items: flex-end; margin-bottom: 10pt; }
.warehouse td { background: #e6e6e6; font-weight: bold; border-bottom: 1pt solid #000; }
.qty { font-size: 12pt; font-weight: bold; }
.check { width: 14pt; }
.box { display: inline-block; width: 9pt; height: 9pt; border: 0.8pt solid #000; }
.orders { font-size: 8.5pt; }
`;

/** Items in the given walking order, a heading where the warehouse changes, the total per item and its orders. */
export function pickListHtml(doc: PickListDocument, paper: PaperSize): string {
  const rows = doc.items.map((item, i) => {
    const warehouseRow = i === 0 || doc.items[i - 1]?.warehouseCode !== item.warehouseCode ? html`<tr class="warehouse"><td colspan="5">Warehouse ${item.warehouseCode}</td></tr>` : '';
    return html`${warehouseRow}<tr><td class="check"><span class="box"></span></td><td>${item.sku}</td><td>${item.name}</td><td class="num qty">${item.quantity}</td><td class="orders">${breakdown(item)}</td></tr>`;
  });
  const body = html`
<div class="head">
  <div><h1>Pick list</h1><p class="muted">${doc.pickListId}</p></div>
  <div><p>Orders: <strong>${doc.orderCount}</strong></p><p>Items: <strong>${doc.itemCount}</strong></p></div>
</div>
<table>
  <thead><tr><th class="check"></th><th>SKU</th><th>Product</th><th class="num">Qty</th><th>Orders</th></tr></thead>
  <tbody>${rows}</tbody>
</table>
`;
  return pageShell({ title: `Pick list ${doc.pickListId}`, pageCss: officePageCss(paper), css: CSS, body });
}

function breakdown(item: PickListItem) {
  return item.orders.map((o) => html`<div>${o.reference} × ${o.quantity}</div>`);
}
