import { requireScope, type Principal } from '../../auth/principal';
import { PRODUCT_STATUSES, type ProductStatus } from '../../catalog/product';
import type { ProductPage } from '../../ports/product-repository.port';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { InputChecker } from '../../shared/input-checker';
import { checkPaging } from '../paging';

export interface ListProductsInput {
  readonly status?: ProductStatus;
  readonly category?: string;
  readonly search?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export class ListProducts {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: ListProductsInput, principal: Principal): Promise<ProductPage & { readonly limit: number; readonly offset: number }> {
    requireScope(principal, 'products:read');
    const check = new InputChecker();
    const status = input.status === undefined ? undefined : check.oneOf('status', input.status, PRODUCT_STATUSES);
    const category = input.category === undefined ? undefined : check.text('category', input.category, { max: 100 });
    const search = input.search === undefined ? undefined : check.text('q', input.search, { max: 200 });
    const { limit, offset } = checkPaging(check, input);
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.products.list({ status, category, search, limit, offset });
    return { ...page, limit, offset };
  }
}
