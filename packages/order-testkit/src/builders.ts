import { orderReference, type Address, type ApiToken, type Job, type Order, type OrderLine, type Product, type Shipment, type TrackingEvent } from '@oms/order-core';

let sequence = 0;
function nextSeq(): string {
  sequence += 1;
  return String(sequence).padStart(8, '0');
}

export function anAddress(overrides: Partial<Address> = {}): Address {
  return {
    name: 'Jane Doe',
    company: null,
    street: '123 Main St',
    street2: null,
    city: 'Springfield',
    state: 'IL',
    zip: '62701',
    country: 'US',
    ...overrides,
  };
}

export function aProduct(overrides: Partial<Product> = {}): Product {
  const seq = nextSeq();
  return {
    id: `prod_${seq}`,
    sku: `SKU-${seq}`,
    name: `Product ${seq}`,
    description: null,
    price: 2999,
    currency: 'USD',
    status: 'active',
    category: null,
    backorderPolicy: 'deny',
    expectedDate: null,
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

export function anOrderLine(overrides: Partial<OrderLine> = {}): OrderLine {
  const seq = nextSeq();
  const quantity = overrides.quantity ?? 2;
  const unitPrice = overrides.unitPrice ?? 2999;
  return {
    id: `line_${seq}`,
    productId: `prod_${seq}`,
    sku: `SKU-${seq}`,
    name: `Product ${seq}`,
    quantity,
    unitPrice,
    lineTotal: unitPrice * quantity,
    metadata: {},
    ...overrides,
  };
}

/** A consistent order: totals and items count follow from its lines unless overridden. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  const seq = nextSeq();
  const number = overrides.number ?? sequence;
  const lines = overrides.lines ?? [anOrderLine()];
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  return {
    id: `order_${seq}`,
    number,
    reference: orderReference(number),
    customerId: 'cust_123',
    contact: { name: 'Jane Doe', email: 'jane@example.com', phone: null },
    shippingAddress: anAddress(),
    billingAddress: null,
    lines,
    currency: 'USD',
    totals: { subtotal, discount: 0, tax: 0, shipping: 0, total: subtotal },
    itemsCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    status: 'pending',
    notes: null,
    metadata: {},
    trackingNumber: null,
    carrier: null,
    cancellation: null,
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

export function anApiToken(overrides: Partial<ApiToken> = {}): ApiToken {
  const seq = nextSeq();
  return {
    id: `tok_${seq}`,
    name: `token ${seq}`,
    tokenHash: `hash_${seq}`,
    role: 'integration',
    scopes: ['orders:read'],
    createdAt: '2026-03-20T12:00:00.000Z',
    revokedAt: null,
    ...overrides,
  };
}

/** A shipment of all of the order's first line, by hand with UPS. */
export function aShipment(order: Order, overrides: Partial<Shipment> = {}): Shipment {
  const line = order.lines[0]!;
  const at = '2026-03-20T12:00:00.000Z';
  return {
    id: 'shp_1',
    orderId: order.id,
    lines: [{ lineId: line.id, productId: line.productId, sku: line.sku, name: line.name, quantity: line.quantity }],
    gateway: 'manual',
    carrier: 'UPS',
    service: null,
    trackingNumber: '1Z999AA10123456784',
    carrierShipmentId: null,
    status: 'label_created',
    statusAt: at,
    estimatedDelivery: null,
    label: null,
    warehouseId: null,
    courierId: null,
    fromStock: true,
    failureReason: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function aTrackingEvent(overrides: Partial<TrackingEvent> = {}): TrackingEvent {
  return {
    id: 'trk_1',
    shipmentId: 'shp_1',
    status: 'in_transit',
    rawCode: 'IT',
    description: 'Departed facility',
    location: 'Louisville, KY',
    occurredAt: '2026-03-21T08:00:00.000Z',
    receivedAt: '2026-03-21T08:00:05.000Z',
    dedupeKey: 'evt-1',
    source: 'webhook',
    ...overrides,
  };
}

/** A pending carrier job, due at 2026-03-20T12:00Z. */
export function aJob(overrides: Partial<Job> = {}): Job {
  const at = '2026-03-20T12:00:00.000Z';
  return {
    id: 'job_1',
    type: 'carrier.create_shipment',
    payload: { orderId: 'order_1', shipmentId: 'shp_1', nested: { fromStock: true } },
    status: 'pending',
    attempts: 0,
    maxAttempts: 5,
    availableAt: at,
    leaseToken: null,
    leaseUntil: null,
    lastError: null,
    result: null,
    orderId: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
