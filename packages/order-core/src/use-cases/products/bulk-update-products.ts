import { requireScope, type Principal } from '../../auth/principal';
import { BACKORDER_POLICIES, PRODUCT_STATUSES, type BackorderPolicy, type Product, type ProductStatus } from '../../catalog/product';
import { checkCategory } from '../../catalog/product-input';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { parseDecimal, type DecimalAmount } from '../../shared/money';
import { checkCalendarDate } from '../dates';
import { nowIso, type CoreDependencies } from '../dependencies';

export interface BulkProductUpdates {
  readonly status?: ProductStatus;
  readonly category?: string | null;
  /** Major units, in each product's own currency. */
  readonly price?: DecimalAmount;
  readonly backorderPolicy?: BackorderPolicy;
  readonly expectedDate?: string | null;
}

export const MAX_BULK_PRODUCTS = 1_000;

/** Applies the same changes to many products in one transaction: all of them, or none. */
export class BulkUpdateProducts {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly productIds: readonly string[]; readonly updates: BulkProductUpdates }, principal: Principal): Promise<readonly Product[]> {
    requireScope(principal, 'products:write');
    const updates: BulkProductUpdates = input.updates ?? {};
    const check = new InputChecker();
    const ids = Array.isArray(input.productIds) ? [...new Set(input.productIds)] : [];
    if (ids.length === 0) check.fail('product_ids', 'must list at least one product');
    if (ids.length > MAX_BULK_PRODUCTS) check.fail('product_ids', `must have at most ${MAX_BULK_PRODUCTS} entries`);
    if (Object.values(updates).every((v) => v === undefined)) check.fail('updates', 'must change at least one field');
    const status = updates.status === undefined ? undefined : check.oneOf('updates.status', updates.status, PRODUCT_STATUSES);
    const category = updates.category === undefined ? undefined : checkCategory(check, updates.category);
    const policy = updates.backorderPolicy === undefined ? undefined : check.oneOf('updates.backorder_policy', updates.backorderPolicy, BACKORDER_POLICIES);
    const expectedDate = updates.expectedDate === undefined ? undefined : checkCalendarDate(check, 'updates.expected_date', updates.expectedDate);
    check.throwIfFailed();

    return this.deps.uow.transaction(async (repos) => {
      const found = new Map((await repos.products.findByIds(ids)).map((p) => [p.id, p] as const));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new DomainError('NOT_FOUND', `Unknown products: ${missing.join(', ')}`, { entity: 'Product', missing_ids: missing });
      }
      const now = nowIso(this.deps.clock);
      const updated: Product[] = [];
      for (const id of ids) {
        const current = found.get(id) as Product;
        const next: Product = {
          ...current,
          status: status ?? current.status,
          category: category === undefined ? current.category : category,
          price: updates.price === undefined ? current.price : parseDecimal('updates.price', updates.price, current.currency),
          backorderPolicy: policy ?? current.backorderPolicy,
          expectedDate: expectedDate === undefined ? current.expectedDate : expectedDate,
          version: current.version + 1,
          updatedAt: now,
        };
        if (!(await repos.products.update(next, current.version))) {
          throw new DomainError('VERSION_CONFLICT', `Product ${id} was changed by someone else; retry`, { id });
        }
        updated.push(next);
      }
      return updated;
    });
  }
}
