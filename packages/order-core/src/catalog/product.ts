export const PRODUCT_STATUSES = ['active', 'inactive', 'draft'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface Product {
  /** `prod_` + ULID. */
  readonly id: string;
  /** Unique across the catalog, compared exactly. */
  readonly sku: string;
  readonly name: string;
  readonly description: string | null;
  /** Minor units of `currency`. */
  readonly price: number;
  readonly currency: string;
  /** Only active products can be ordered. */
  readonly status: ProductStatus;
  readonly category: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
