import { requireScope, type Principal } from '../../auth/principal';
import { checkCategory, checkCurrency, checkSku } from '../../catalog/product-input';
import { BACKORDER_POLICIES, PRODUCT_STATUSES, type BackorderPolicy, type Product, type ProductStatus } from '../../catalog/product';
import { checkCalendarDate } from '../dates';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { parseDecimal, type DecimalAmount } from '../../shared/money';
import { nowIso, type CoreDependencies } from '../dependencies';
import { checkExpectedVersion } from '../versioning';

export interface ProductChanges {
  readonly sku?: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly price?: DecimalAmount;
  /** Changing the currency needs a price in the new currency. */
  readonly currency?: string;
  readonly status?: ProductStatus;
  readonly category?: string | null;
  readonly backorderPolicy?: BackorderPolicy;
  readonly expectedDate?: string | null;
}

export interface UpdateProductInput {
  readonly productId: string;
  readonly changes: ProductChanges;
  /** When given (from If-Match), the update applies only to this version. */
  readonly expectedVersion?: number;
}

export class UpdateProduct {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: UpdateProductInput, principal: Principal): Promise<Product> {
    requireScope(principal, 'products:write');
    const changes = input.changes;
    const check = new InputChecker();
    if (Object.values(changes).every((v) => v === undefined)) check.fail('body', 'must change at least one field');
    const sku = changes.sku === undefined ? undefined : checkSku(check, changes.sku);
    const name = changes.name === undefined ? undefined : check.text('name', changes.name, { max: 200 });
    const currency = changes.currency === undefined ? undefined : checkCurrency(check, 'currency', changes.currency);
    if (currency !== undefined && changes.price === undefined) check.fail('price', 'is required when the currency changes');
    const status = changes.status === undefined ? undefined : check.oneOf('status', changes.status, PRODUCT_STATUSES);
    const backorderPolicy = changes.backorderPolicy === undefined ? undefined : check.oneOf('backorder_policy', changes.backorderPolicy, BACKORDER_POLICIES);
    const description = changes.description !== undefined ? check.multiline('description', changes.description, 5_000) : undefined;
    const category = changes.category !== undefined ? checkCategory(check, changes.category) : undefined;
    const expectedDate = changes.expectedDate !== undefined ? checkCalendarDate(check, 'expected_date', changes.expectedDate) : undefined;
    check.throwIfFailed();

    return this.deps.uow.transaction(async (repos) => {
      const current = await repos.products.findById(input.productId);
      if (!current) throw DomainError.notFound('Product', input.productId);
      checkExpectedVersion('Product', current.version, input.expectedVersion);
      if (sku !== undefined && sku !== current.sku && (await repos.products.findBySku(sku))) {
        throw new DomainError('CONFLICT', `A product with sku ${sku} already exists`, { field: 'sku', sku });
      }
      const nextCurrency = currency ?? current.currency;
      const next: Product = {
        ...current,
        sku: sku ?? current.sku,
        name: name ?? current.name,
        description: description === undefined ? current.description : description,
        price: changes.price === undefined ? current.price : parseDecimal('price', changes.price, nextCurrency),
        currency: nextCurrency,
        status: status ?? current.status,
        category: category === undefined ? current.category : category,
        backorderPolicy: backorderPolicy ?? current.backorderPolicy,
        expectedDate: expectedDate === undefined ? current.expectedDate : expectedDate,
        version: current.version + 1,
        updatedAt: nowIso(this.deps.clock),
      };
      if (!(await repos.products.update(next, current.version))) {
        throw new DomainError('VERSION_CONFLICT', `Product ${current.id} was changed by someone else; reload and retry`, {
          id: current.id,
        });
      }
      return next;
    });
  }
}
