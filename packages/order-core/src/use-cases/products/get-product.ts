import { requireScope, type Principal } from '../../auth/principal';
import type { Product } from '../../catalog/product';
import { DomainError } from '../../shared/errors';
import type { UnitOfWork } from '../../ports/unit-of-work.port';

export class GetProduct {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: { readonly productId: string }, principal: Principal): Promise<Product> {
    requireScope(principal, 'products:read');
    const product = await this.deps.uow.repositories.products.findById(input.productId);
    if (!product) throw DomainError.notFound('Product', input.productId);
    return product;
  }
}
