import type { Product, ProductStatus } from '../catalog/product';

export interface ProductListQuery {
  readonly status?: ProductStatus;
  readonly category?: string;
  /** Case-insensitive substring of name or sku. */
  readonly search?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface ProductPage {
  /** Newest first, ties broken by id. */
  readonly items: readonly Product[];
  /** How many products match the filters, ignoring paging. */
  readonly total: number;
}

export const ProductRepository = Symbol.for('oms.ProductRepository');
export interface ProductRepository {
  /** Rejects with DomainError CONFLICT (details.field = "sku") when the sku is taken. */
  insert(product: Product): Promise<void>;
  /**
   * Replaces the stored product if its version is still `expectedVersion`; resolves false (changing nothing) when
   * the version moved or the product does not exist. Rejects with CONFLICT when the new sku is taken.
   */
  update(product: Product, expectedVersion: number): Promise<boolean>;
  /** Resolves null on a miss, never rejects for it. */
  findById(id: string): Promise<Product | null>;
  /** The products that exist among `ids`, in any order. */
  findByIds(ids: readonly string[]): Promise<readonly Product[]>;
  findBySku(sku: string): Promise<Product | null>;
  list(query: ProductListQuery): Promise<ProductPage>;
  /** Up to `limit` products with ids greater than `afterId` (all when null), by ascending id: for streaming exports. */
  listAfter(afterId: string | null, limit: number): Promise<readonly Product[]>;
}
