import { toMajorNumber, type BackorderPolicy, type Product, type ProductStatus } from '@oms/order-core';

export interface ProductView {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string | null;
  readonly price: number;
  readonly currency: string;
  readonly status: ProductStatus;
  readonly category: string | null;
  readonly backorder_policy: BackorderPolicy;
  readonly expected_date: string | null;
  readonly version: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export function presentProduct(product: Product): ProductView {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: toMajorNumber(product.price, product.currency),
    currency: product.currency,
    status: product.status,
    category: product.category,
    backorder_policy: product.backorderPolicy,
    expected_date: product.expectedDate,
    version: product.version,
    created_at: product.createdAt,
    updated_at: product.updatedAt,
  };
}
