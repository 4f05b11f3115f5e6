import {
  BACKORDER_POLICIES,
  PRODUCT_STATUSES,
  type BackorderPolicy,
  type Product,
  type ProductListQuery,
  type ProductPage,
  type ProductRepository,
  type ProductStatus,
} from '@oms/order-core';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema, ProductsTable } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredDate } from './stored-date';
import { toStoredTimestamp } from './stored-timestamp';
import { containsIgnoringCase } from './text-search';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type ProductRow = Selectable<ProductsTable>;

function uniqueKeys(product: Product): readonly UniqueKey[] {
  return [
    { column: 'sku', constraint: 'products_sku_key', field: 'sku', message: `A product with sku ${product.sku} already exists` },
    { column: 'id', constraint: 'products_pkey', field: 'id', message: `A product with id ${product.id} already exists` },
  ];
}

/** Keeps IN lists well below every driver's bound-parameter limit. */
const IN_LIST_CHUNK = 500;

export class KyselyProductRepository implements ProductRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DatabaseDialect,
  ) {}

  async insert(product: Product): Promise<void> {
    const row = toRow(product);
    await withConflictMapping('product', uniqueKeys(product), () => this.db.insertInto('products').values({ id: product.id, ...row }).execute());
  }

  async update(product: Product, expectedVersion: number): Promise<boolean> {
    const result = await withConflictMapping('product', uniqueKeys(product), () =>
      this.db
        .updateTable('products')
        .set(toRow(product))
        .where('id', '=', product.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async findById(id: string): Promise<Product | null> {
    const row = await this.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<readonly Product[]> {
    const unique = [...new Set(ids)];
    const products: Product[] = [];
    for (let i = 0; i < unique.length; i += IN_LIST_CHUNK) {
      const rows = await this.db.selectFrom('products').selectAll().where('id', 'in', unique.slice(i, i + IN_LIST_CHUNK)).execute();
      products.push(...rows.map(fromRow));
    }
    return products;
  }

  async findBySku(sku: string): Promise<Product | null> {
    const row = await this.db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(query: ProductListQuery): Promise<ProductPage> {
    let filtered = this.db.selectFrom('products');
    if (query.status !== undefined) filtered = filtered.where('status', '=', query.status);
    if (query.category !== undefined) filtered = filtered.where('category', '=', query.category);
    if (query.search !== undefined && query.search !== '') {
      const search = query.search;
      filtered = filtered.where((eb) =>
        eb.or([containsIgnoringCase(this.dialect, 'products.name', search), containsIgnoringCase(this.dialect, 'products.sku', search)]),
      );
    }
    const rows = await filtered
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items: rows.map(fromRow), total: readSafeInteger(count.count, 'count') };
  }

  async listAfter(afterId: string | null, limit: number): Promise<readonly Product[]> {
    // A keyset walk over the primary key: every page is an index seek, however deep the export is.
    let query = this.db.selectFrom('products').selectAll();
    if (afterId !== null) query = query.where('id', '>', afterId);
    const rows = await query.orderBy('id', 'asc').limit(limit).execute();
    return rows.map(fromRow);
  }
}

function toRow(product: Product) {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    price_minor: product.price,
    currency: product.currency,
    status: product.status,
    category: product.category,
    backorder_policy: product.backorderPolicy,
    expected_date: product.expectedDate === null ? null : toStoredDate(product.expectedDate, 'expectedDate'),
    version: product.version,
    created_at: toStoredTimestamp(product.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(product.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: readSafeInteger(row.price_minor, 'products.price_minor'),
    currency: row.currency,
    status: productStatus(row.status),
    category: row.category,
    backorderPolicy: backorderPolicy(row.backorder_policy),
    expectedDate: row.expected_date,
    version: readSafeInteger(row.version, 'products.version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function productStatus(value: string): ProductStatus {
  if ((PRODUCT_STATUSES as readonly string[]).includes(value)) return value as ProductStatus;
  throw new Error(`Column products.status holds an unknown status ${JSON.stringify(value)}`);
}

function backorderPolicy(value: string): BackorderPolicy {
  if ((BACKORDER_POLICIES as readonly string[]).includes(value)) return value as BackorderPolicy;
  throw new Error(`Column products.backorder_policy holds an unknown policy ${JSON.stringify(value)}`);
}
