// Scenario 4, the baseline: the same rows as the core writes for `ordersPerTransaction` orders (order, lines, stock
// reservation with the guarded UPDATE, reservations, movements, order_placed event), with raw better-sqlite3
// prepared statements in one transaction, `iterations` times. Prints one JSON line.
//
//   node bench/baselines/bulk-raw.mjs <sqlite path> <iterations> <ordersPerTransaction> [warm-up iterations]
import { orderBody } from '../lib/orders.mjs';
import { sqliteProductIds } from '../lib/sqlite-data.mjs';
import { sqliteStore } from './stores.mjs';

const [path, iterationsText = '5', perTransactionText = '1000', warmupText = '1'] = process.argv.slice(2);
const warmup = Number(warmupText);
const iterations = Number(iterationsText);
const perTransaction = Number(perTransactionText);
const productIds = sqliteProductIds(path);
const store = await sqliteStore(path);

const times = [];
// CPU time (user + system) of each timed transaction: steadier than wall time on a machine shared with other work.
const cpu = [];
for (let i = -warmup; i < iterations; i++) {
  const bodies = Array.from({ length: perTransaction }, () => orderBody(productIds));
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  store.placeOrders(bodies);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpuStarted);
  if (i >= 0) {
    times.push(ms);
    cpu.push((used.user + used.system) / 1000);
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ times, cpu, peakRss: process.resourceUsage().maxRSS * 1024 })}\n`);
