// Scenarios 5 and 7 (PDF half), both sides. Runs in its own process and prints one JSON line.
//
//   node bench/scenarios/documents.mjs renderer <seconds> <warmup seconds>   the project: PuppeteerDocumentRenderer.pdf(document)
//   node bench/scenarios/documents.mjs baseline <seconds> <warmup seconds>   plain puppeteer: page.setContent(html) + page.pdf()
//   node bench/scenarios/documents.mjs memory <renders>                      RSS of this process over that many renders
//
// Both throughput sides print packing slips of distinct orders (so the renderer's cache never answers), with a page
// pool of the same size (one page per CPU) and twice as many documents in flight as pages. The baseline gets the
// very HTML the project renders, made before the clock starts: it does strictly less work (no templating, no
// barcode or QR images, no hardening, no cache look-up).
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { PuppeteerDocumentRenderer, renderDocumentHtml, resolveChromiumPath } = require('../../packages/documents-puppeteer/dist/index.js');

const [mode = 'renderer', first = '10', second = '2'] = process.argv.slice(2);
const poolSize = availableParallelism();
const inFlight = poolSize * 2;

let serial = 0;
/** A packing slip of a different order each time: 3 lines, an address, a note. */
function nextSlip() {
  serial += 1;
  const reference = `ORD-${String(serial).padStart(5, '0')}`;
  return {
    kind: 'packing_slip',
    orderVersions: { [`order_${serial}`]: 1 },
    orderId: `order_${serial}`,
    reference,
    orderDate: '2026-03-20',
    seller: { name: 'Acme Outfitters', addressLines: ['1 Dock Rd', 'Chicago IL 60601'], taxId: null, email: 'orders@acme.example', phone: null },
    shipTo: { name: 'Jane Doe', company: null, street: `${serial} Main St`, street2: null, city: 'Springfield', state: 'IL', zip: '62701', country: 'US' },
    contactName: 'Jane Doe',
    contactPhone: '+1 555 0100',
    lines: [
      { sku: 'JERSEY-RED-M', name: 'Custom Jersey, red, M', quantity: 2 },
      { sku: 'CAP-BLUE', name: 'Cap, blue', quantity: 1 },
      { sku: 'MUG-001', name: 'Enamel mug', quantity: 3 },
    ],
    itemCount: 6,
    notes: 'Leave at the door',
  };
}

/** Keeps `inFlight` renders going for `seconds` after `warmup` seconds; counts the ones finished in the window. */
async function drive(renderOne, seconds, warmup) {
  const startAt = performance.now() + warmup * 1000;
  const endAt = startAt + seconds * 1000;
  const times = [];
  let counted = 0;
  const worker = async () => {
    while (performance.now() < endAt) {
      const began = performance.now();
      await renderOne();
      const done = performance.now();
      if (began >= startAt && done <= endAt) {
        counted += 1;
        times.push(done - began);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { throughput: counted / seconds, times };
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

if (mode === 'renderer') {
  const renderer = new PuppeteerDocumentRenderer({ poolSize });
  // Chromium starts on the first render; start it and fill the pool before the clock, as the baseline does.
  await Promise.all(Array.from({ length: poolSize }, () => renderer.pdf(nextSlip())));
  const result = await drive(() => renderer.pdf(nextSlip()), Number(first), Number(second));
  await renderer.close();
  process.stdout.write(`${JSON.stringify({ ...result, poolSize, inFlight })}\n`);
} else if (mode === 'baseline') {
  const puppeteer = require('puppeteer-core');
  // The same HTML, made up front; enough distinct documents for the whole run.
  const pages = [];
  const htmls = [];
  for (let i = 0; i < 400; i++) htmls.push(await renderDocumentHtml(nextSlip()));
  const browser = await puppeteer.launch({
    executablePath: resolveChromiumPath(process.env),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  for (let i = 0; i < poolSize; i++) pages.push(await browser.newPage());
  const free = [...pages];
  const waiting = [];
  const take = () => (free.length > 0 ? Promise.resolve(free.pop()) : new Promise((resolve) => waiting.push(resolve)));
  const give = (page) => (waiting.length > 0 ? waiting.shift()(page) : free.push(page));
  let next = 0;
  const result = await drive(
    async () => {
      const page = await take();
      try {
        await page.setContent(htmls[next++ % htmls.length], { waitUntil: 'load' });
        await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } finally {
        give(page);
      }
    },
    Number(first),
    Number(second),
  );
  await browser.close();
  process.stdout.write(`${JSON.stringify({ ...result, poolSize, inFlight })}\n`);
} else if (mode === 'memory') {
  const renders = Number(first);
  const renderer = new PuppeteerDocumentRenderer({ poolSize });
  // Warm up: Chromium launched, pages made, JIT settled.
  for (let i = 0; i < 20; i++) await renderer.pdf(nextSlip());
  globalThis.gc?.();
  const before = rssOf(process.pid);
  const queue = Array.from({ length: renders }, () => nextSlip());
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let slip = queue.pop(); slip; slip = queue.pop()) await renderer.pdf(slip);
    }),
  );
  globalThis.gc?.();
  const after = rssOf(process.pid);
  const browserPid = renderer.browserProcessId();
  const chromium = browserPid ? rssOf(browserPid) : null;
  await renderer.close();
  process.stdout.write(`${JSON.stringify({ renders, rssBefore: before.rss, rssAfter: after.rss, peakRss: after.peak, growth: after.rss - before.rss, chromiumBrowserRss: chromium?.rss ?? null })}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
