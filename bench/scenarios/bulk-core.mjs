// Scenario 4, the project's side: `ordersPerTransaction` orders of 3 lines placed through the core (catalog prices,
// totals, numbers, stock reservation, events) in one transaction of the app's unit of work, `iterations` times, on
// the SQLite file given. Runs the built app (apps/server/dist) in this process; prints one JSON line.
//
//   node bench/scenarios/bulk-core.mjs <sqlite path> <iterations> <ordersPerTransaction> [warm-up iterations]
import { createRequire } from 'node:module';
import { orderBody } from '../lib/orders.mjs';
import { sqliteProductIds } from '../lib/sqlite-data.mjs';

const require = createRequire(import.meta.url);
const { createApplication } = require('../../apps/server/dist/application.js');
const { loadConfig } = require('../../apps/server/dist/config.js');
const core = require('@oms/order-core');

const [path, iterationsText = '5', perTransactionText = '1000', warmupText = '1'] = process.argv.slice(2);
const warmup = Number(warmupText);
const iterations = Number(iterationsText);
const perTransaction = Number(perTransactionText);
const productIds = sqliteProductIds(path);

const config = loadConfig({ DATABASE_URL: `sqlite:${path}`, ADMIN_TOKEN: 'bench-admin-token-0123456789', LOG_LEVEL: 'warn', SIGNING_SECRET: 'bench-signing-secret-0123456789-abcdef' });
const app = await createApplication(config, { bootstrapAdminToken: false, maintenance: false });
const deps = {
  uow: app.container.get(core.UnitOfWork),
  clock: app.container.get(core.Clock),
  ids: app.container.get(core.IdGenerator),
  lifecycle: app.core.lifecycle,
};
const principal = core.adminPrincipal('bench');

async function placeAll(bodies) {
  await deps.uow.transaction(async (repos) => {
    const now = deps.clock.now().toISOString();
    for (const body of bodies) {
      const request = core.normalize({
        customerId: body.customer_id,
        items: body.items.map((i) => ({ productId: i.product_id, quantity: i.quantity })),
        shippingAddress: body.shipping_address,
        email: body.email,
      });
      await core.placeOrderInTransaction(deps, repos, request, principal, now, {});
    }
  });
}

const times = [];
// CPU time (user + system) of each timed transaction: steadier than wall time on a machine shared with other work.
const cpu = [];
// Warm-up transactions (JIT, page cache) are not counted.
for (let i = -warmup; i < iterations; i++) {
  const bodies = Array.from({ length: perTransaction }, () => orderBody(productIds));
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  await placeAll(bodies);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpuStarted);
  if (i >= 0) {
    times.push(ms);
    cpu.push((used.user + used.system) / 1000);
  }
}
await app.close();
process.stdout.write(`${JSON.stringify({ times, cpu, peakRss: process.resourceUsage().maxRSS * 1024 })}\n`);
