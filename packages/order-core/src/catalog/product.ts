export const PRODUCT_STATUSES = ['active', 'inactive', 'draft'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * What happens when an order asks for more than is available: `deny` refuses the order, `backorder` reserves what
 * there is and waits for the rest, `preorder` does the same for stock expected on `expectedDate`.
 */
export const BACKORDER_POLICIES = ['deny', 'backorder', 'preorder'] as const;
export type BackorderPolicy = (typeof BACKORDER_POLICIES)[number];

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
  readonly backorderPolicy: BackorderPolicy;
  /** When pre-ordered stock is expected (YYYY-MM-DD), for the preorder policy. */
  readonly expectedDate: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
