// Counts the SQL statements the app sends for one order placed (3 lines, as in scenario 1) and one order read (as in
// scenario 2), on SQLite, through the core as the HTTP routes call it. Runs the built code (apps/server/dist); a
// diagnostic beside the benchmarks, not a benchmark.
//
//   node bench/statements.mjs [--verbose]    (after `npm run build`)
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderBody } from './lib/orders.mjs';
import { runNode } from './lib/processes.mjs';
import { sqliteProductIds } from './lib/sqlite-data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { connectDatabase, migrateToLatest } = require('@oms/persistence-kysely');
const core = require('@oms/order-core');
const { loadConfig } = require('../apps/server/dist/config.js');
const { buildContainer } = require('../apps/server/dist/container.js');
const { AppTokens } = require('../apps/server/dist/app-tokens.js');
const { createLogger } = require('../apps/server/dist/logger.js');

const verbose = process.argv.includes('--verbose');
const work = mkdtempSync(join(tmpdir(), 'oms-statements-'));
const path = join(work, 'oms.sqlite');
try {
  const env = { LOG_LEVEL: 'error', SIGNING_SECRET: 'bench-signing-secret-0123456789-abcdef' };
  await runNode(join(root, 'apps/server/dist/cli.js'), ['seed', '--orders', '100', '--products', '50', '--customers', '20', '--database-url', `sqlite:${path}`], { env });
  const productIds = sqliteProductIds(path);

  let statements = [];
  const database = await connectDatabase(`sqlite:${path}`, { log: (event) => statements.push(event.query.sql) });
  await migrateToLatest(database);
  const config = loadConfig({ DATABASE_URL: `sqlite:${path}`, ADMIN_TOKEN: 'bench-admin-token-0123456789', ...env });
  const container = buildContainer(config, database, createLogger(config));
  const oms = container.get(AppTokens.OrderCore);
  const principal = core.adminPrincipal('statements');

  const report = (what) => {
    process.stdout.write(`${what}: ${statements.length} statements\n`);
    if (verbose) for (const text of statements) process.stdout.write(`  ${text.replace(/\s+/g, ' ').slice(0, 160)}\n`);
    statements = [];
  };
  let placed;
  // The first calls warm up lazily prepared things; the last one is counted.
  for (let i = 0; i < 3; i++) {
    statements = [];
    const body = orderBody(productIds);
    placed = await oms.placeOrder.execute(
      { customerId: body.customer_id, items: body.items.map((it) => ({ productId: it.product_id, quantity: it.quantity })), shippingAddress: body.shipping_address, email: body.email },
      principal,
    );
  }
  report('place an order of 3 lines (POST /admin/orders)');
  await oms.getOrder.execute({ orderId: placed.order.id }, principal);
  report('read one order (GET /admin/orders/{id})');
  await database.destroy();
} finally {
  rmSync(work, { recursive: true, force: true });
}
