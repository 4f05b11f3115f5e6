// The order every placement scenario sends, app and baseline alike: 3 lines of distinct catalog products (1 to 3
// units each) for one of 10,000 customers, with a shipping address and an e-mail.

const ADDRESS = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };

export function orderBody(productIds, random = Math.random) {
  const items = [];
  const used = new Set();
  while (items.length < Math.min(3, productIds.length)) {
    const id = productIds[Math.floor(random() * productIds.length)];
    if (used.has(id)) continue;
    used.add(id);
    items.push({ product_id: id, quantity: 1 + Math.floor(random() * 3) });
  }
  const customer = 1 + Math.floor(random() * 10_000);
  return {
    customer_id: `cust_${String(customer).padStart(6, '0')}`,
    items,
    shipping_address: ADDRESS,
    email: `customer${customer}@example.com`,
  };
}
