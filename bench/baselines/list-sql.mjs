// The order list as raw SQL: the statements the app's repository sends for GET /admin/orders (a page of LIMIT+1 rows
// in (created_at, id) order, keyset condition when a cursor is given, and the count of the filtered rows), written
// by hand. Used by the bare baseline servers and by the bench's in-process "SQL only" timing.

/**
 * `{ page, count }`, each `{ text, params }`, for `statuses` (array), optional `customerId`, optional `after`
 * (`{ createdAt, id }` of the last row of the previous page, newest first) and `limit`. `dialect` picks the
 * placeholders: `?` for SQLite, `$n` for PostgreSQL.
 */
export function listOrdersSql(dialect, { statuses, customerId, after, limit }) {
  const params = [];
  const p = (value) => {
    params.push(value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const where = [];
  if (statuses && statuses.length > 0) where.push(`status in (${statuses.map(p).join(', ')})`);
  if (customerId !== undefined) where.push(`customer_id = ${p(customerId)}`);
  const filter = where.length ? ` where ${where.join(' and ')}` : '';
  const countParams = [...params];
  if (after) {
    where.push(`created_at <= ${p(after.createdAt)} and (created_at < ${p(after.createdAt)} or (created_at = ${p(after.createdAt)} and id < ${p(after.id)}))`);
  }
  const pageWhere = where.length ? ` where ${where.join(' and ')}` : '';
  const page = {
    text: `select * from orders${pageWhere} order by created_at desc, id desc limit ${p(limit + 1)}`,
    params: [...params],
  };
  const count = { text: `select count(*) as count from orders${filter}`, params: countParams };
  return { page, count };
}

/** What a list shows of an order (the app's summary view, same fields). */
export function summaryOf(row) {
  return {
    id: row.id,
    reference: row.reference,
    number: Number(row.number),
    customer_id: row.customer_id,
    status: row.status,
    currency: row.currency,
    total: Number(row.total_minor) / 100,
    items_count: Number(row.items_count),
    contact: { name: row.contact_name, email: row.contact_email },
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
