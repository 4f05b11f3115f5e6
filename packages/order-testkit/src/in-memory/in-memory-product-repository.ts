import { DomainError, type Product, type ProductListQuery, type ProductPage, type ProductRepository } from '@oms/order-core';
import { copy, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryProductRepository implements ProductRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(product: Product): Promise<void> {
    if (this.state.products.has(product.id)) throw conflict('id', product.id);
    this.assertSkuFree(product.sku, product.id);
    journaledSet(this.journal, this.state.products, product.id, copy(product));
  }

  async update(product: Product, expectedVersion: number): Promise<boolean> {
    const stored = this.state.products.get(product.id);
    if (!stored || stored.version !== expectedVersion) return false;
    this.assertSkuFree(product.sku, product.id);
    journaledSet(this.journal, this.state.products, product.id, copy(product));
    return true;
  }

  async findById(id: string): Promise<Product | null> {
    const product = this.state.products.get(id);
    return product ? copy(product) : null;
  }

  async findByIds(ids: readonly string[]): Promise<readonly Product[]> {
    return ids.flatMap((id) => {
      const product = this.state.products.get(id);
      return product ? [copy(product)] : [];
    });
  }

  async findBySku(sku: string): Promise<Product | null> {
    for (const product of this.state.products.values()) if (product.sku === sku) return copy(product);
    return null;
  }

  async list(query: ProductListQuery): Promise<ProductPage> {
    const search = query.search?.toLowerCase();
    const matching = [...this.state.products.values()]
      .filter((p) => query.status === undefined || p.status === query.status)
      .filter((p) => query.category === undefined || p.category === query.category)
      .filter((p) => search === undefined || p.name.toLowerCase().includes(search) || p.sku.toLowerCase().includes(search))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    return { items: matching.slice(query.offset, query.offset + query.limit).map(copy), total: matching.length };
  }

  async listAfter(afterId: string | null, limit: number): Promise<readonly Product[]> {
    return [...this.state.products.values()]
      .filter((p) => afterId === null || p.id > afterId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  private assertSkuFree(sku: string, ownId: string): void {
    for (const other of this.state.products.values()) {
      if (other.sku === sku && other.id !== ownId) throw conflict('sku', sku);
    }
  }
}

function conflict(field: string, value: string): DomainError {
  return new DomainError('CONFLICT', `A product with ${field} ${value} already exists`, { entity: 'product', field });
}
