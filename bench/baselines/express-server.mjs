// The floor the app is measured against: a bare Express 5 app on the same driver (better-sqlite3 or pg), same
// database, same schema and same rows, with the least code that does the work and none of the app's layers (no
// container, no use cases, no schema validation, no repositories). Same environment as the app: PORT,
// DATABASE_URL (sqlite:<path> or postgres://...), ADMIN_TOKEN.
//
//   POST /admin/orders       one transaction: read the products, take the next number, insert the order, its lines,
//                            reserve stock with the guarded UPDATE, insert reservations, inventory movements and the
//                            order_placed event (the rows the app writes)
//   GET  /admin/orders/:id   the order, its lines, events, reservations and waiting backorders
//   GET  /admin/orders       ?status=a,b&customer_id=..&limit=..&after=<created_at>|<id>: the list SQL of list-sql.mjs
import express from 'express';
import { summaryOf } from './list-sql.mjs';
import { HttpError, openStore } from './stores.mjs';

const url = process.env.DATABASE_URL;
const token = process.env.ADMIN_TOKEN;
const port = Number(process.env.PORT ?? 3001);

const store = await openStore(url);

const app = express();
app.use(express.json());
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.use('/admin', (req, res, next) => {
  if (req.headers.authorization === `Bearer ${token}`) next();
  else res.status(401).json({ success: false });
});
app.post('/admin/orders', async (req, res) => {
  res.status(201).json({ success: true, data: await store.placeOrder(req.body) });
});
app.get('/admin/orders/:id', async (req, res) => {
  const order = await store.getOrder(req.params.id);
  if (!order) throw new HttpError(404, 'not found');
  res.json({ success: true, data: order });
});
app.get('/admin/orders', async (req, res) => {
  const limit = Number(req.query.limit ?? 20);
  const [createdAt, id] = typeof req.query.after === 'string' ? req.query.after.split('|') : [];
  const query = {
    statuses: typeof req.query.status === 'string' ? req.query.status.split(',') : undefined,
    customerId: typeof req.query.customer_id === 'string' ? req.query.customer_id : undefined,
    after: createdAt ? { createdAt, id } : undefined,
    limit,
  };
  const { rows, total } = await store.listOrders(query);
  const items = rows.slice(0, limit).map(summaryOf);
  const last = items[items.length - 1];
  const next = rows.length > limit && last ? `${last.created_at}|${last.id}` : null;
  res.json({ success: true, data: items, pagination: { total, limit, offset: 0, next_cursor: next } });
});
app.use((error, _req, res, _next) => {
  res.status(error.status ?? 500).json({ success: false, error: { message: error.message } });
});
const server = app.listen(port, process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  store.close().then(() => process.exit(0));
});

