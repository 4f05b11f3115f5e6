import type { LabelBatchDocument, ShippingLabel } from '@oms/order-core';
import { html, type SafeHtml } from '../escape-html';
import { addressLines } from './address-block';
import { BarcodeInputError, code128DataUrl, qrCodeDataUrl } from './barcode-images';
import { pageShell } from './page-shell';

// 4x6 inch thermal labels, one per page. Every area has a fixed height and clips, so long text can never push a label
// onto a second page.
const PAGE_CSS = '@page { size: 4in 6in; margin: 0; }';
const CSS = `
.label { width: 4in; height: 6in; padding: 0.12in; overflow: hidden; display: grid; grid-template-rows: 0.9in 1.8in 1.35in 1fr; row-gap: 0.06in; }
.label + .label { break-before: page; }
.area { overflow: hidden; border-bottom: 1.2pt solid #000; }
.top { display: flex; justify-content: space-between; gap: 0.1in; }
.from { font-size: 7.5pt; line-height: 1.2; overflow: hidden; flex: 1; }
.carrier { text-align: right; max-width: 1.7in; overflow: hidden; }
.carrier .name { font-size: 15pt; font-weight: bold; text-transform: uppercase; overflow-wrap: anywhere; }
.carrier .service { font-size: 9pt; overflow-wrap: anywhere; }
.to { font-size: 11pt; line-height: 1.25; }
.to .name { font-size: 13pt; font-weight: bold; }
.to .contact { font-size: 8.5pt; margin-top: 3pt; }
.caption { font-size: 7pt; font-weight: bold; text-transform: uppercase; letter-spacing: .05em; }
.code { text-align: center; }
.code img { display: block; width: 100%; height: 0.95in; }
.code .text { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 11pt; font-weight: bold; letter-spacing: .05em; overflow-wrap: anywhere; }
.bottom { display: flex; justify-content: space-between; gap: 0.1in; border-bottom: none; }
.ref { font-size: 15pt; font-weight: bold; overflow-wrap: anywhere; }
.facts { font-size: 9pt; margin-top: 3pt; }
.qr { text-align: center; width: 1.3in; flex: none; }
.qr img { display: block; width: 1.2in; height: 1.2in; margin: 0 auto; }
.qr .url { font-size: 5.5pt; overflow-wrap: anywhere; max-height: 0.25in; overflow: hidden; }
`;

/** The batch's labels: Code 128 of `label.barcode`, a QR code to `label.trackingUrl`, one 4x6 page each. */
export async function shippingLabelsHtml(doc: LabelBatchDocument): Promise<string> {
  const labels = await Promise.all(doc.labels.map((label, i) => labelHtml(label, i)));
  return pageShell({ title: `Shipping labels ${doc.labelBatchId}`, pageCss: PAGE_CSS, css: CSS, body: html`${labels}` });
}

async function labelHtml(label: ShippingLabel, index: number): Promise<SafeHtml> {
  const barcode = await fieldImage(`labels[${index}].barcode`, () => code128DataUrl(label.barcode));
  const qr = await fieldImage(`labels[${index}].trackingUrl`, () => qrCodeDataUrl(label.trackingUrl));
  const [toName = '', ...toRest] = addressLines(label.to);
  const contact = [label.contactName, label.contactPhone].filter((p): p is string => p !== null && p.trim() !== '');
  return html`<section class="label">
  <div class="area top">
    <div class="from"><div class="caption">From</div>${[label.from.name, ...label.from.addressLines].map((l) => html`<div>${l}</div>`)}</div>
    <div class="carrier"><div class="name">${label.carrier}</div>${label.service ? html`<div class="service">${label.service}</div>` : ''}</div>
  </div>
  <div class="area to">
    <div class="caption">Ship to</div>
    <div class="name">${toName}</div>
    ${toRest.map((l) => html`<div>${l}</div>`)}
    ${contact.length > 0 ? html`<div class="contact">Contact: ${contact.join(' · ')}</div>` : ''}
  </div>
  <div class="area code">
    <div class="caption">${label.trackingNumber ? 'Tracking number' : 'Order reference'}</div>
    <img alt="" src="${barcode}">
    <div class="text">${label.barcode}</div>
  </div>
  <div class="area bottom">
    <div>
      <div class="caption">Order</div>
      <div class="ref">${label.reference}</div>
      <div class="facts">Items: <strong>${label.itemCount}</strong></div>
      <div class="facts">${label.carrier}${label.service ? html` · ${label.service}` : ''}</div>
    </div>
    <div class="qr"><img alt="" src="${qr}"><div class="url">${label.trackingUrl}</div></div>
  </div>
</section>`;
}

async function fieldImage(field: string, make: () => string | Promise<string>): Promise<string> {
  try {
    return await make();
  } catch (error) {
    if (error instanceof BarcodeInputError) throw new BarcodeInputError(error.problem, field);
    throw error;
  }
}
