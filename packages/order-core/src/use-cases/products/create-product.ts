import { requireScope, type Principal } from '../../auth/principal';
import { checkCategory, checkCurrency, checkSku } from '../../catalog/product-input';
import { BACKORDER_POLICIES, PRODUCT_STATUSES, type BackorderPolicy, type Product, type ProductStatus } from '../../catalog/product';
import { checkCalendarDate } from '../dates';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { parseDecimal, type DecimalAmount } from '../../shared/money';
import { nowIso, type CoreDependencies } from '../dependencies';

export interface CreateProductInput {
  readonly sku: string;
  readonly name: string;
  readonly description?: string | null;
  /** Major units of `currency`, e.g. 29.99. */
  readonly price: DecimalAmount;
  /** Defaults to the deployment's default currency. */
  readonly currency?: string;
  /** Defaults to active. */
  readonly status?: ProductStatus;
  readonly category?: string | null;
  /** Defaults to deny: an order for more than is available is refused. */
  readonly backorderPolicy?: BackorderPolicy;
  /** YYYY-MM-DD; when pre-ordered stock is expected. */
  readonly expectedDate?: string | null;
}

export class CreateProduct {
  constructor(
    private readonly deps: CoreDependencies & { readonly defaultCurrency: string },
  ) {}

  async execute(input: CreateProductInput, principal: Principal): Promise<Product> {
    requireScope(principal, 'products:write');
    const check = new InputChecker();
    const sku = checkSku(check, input.sku);
    const name = check.text('name', input.name, { max: 200 });
    const description = check.multiline('description', input.description, 5_000);
    const currency = checkCurrency(check, 'currency', input.currency ?? this.deps.defaultCurrency);
    const status = input.status === undefined ? 'active' : check.oneOf('status', input.status, PRODUCT_STATUSES);
    const category = checkCategory(check, input.category);
    const backorderPolicy = input.backorderPolicy === undefined ? 'deny' : check.oneOf('backorder_policy', input.backorderPolicy, BACKORDER_POLICIES);
    const expectedDate = checkCalendarDate(check, 'expected_date', input.expectedDate);
    check.throwIfFailed();
    const price = parseDecimal('price', input.price, currency);

    return this.deps.uow.transaction(async (repos) => {
      if (await repos.products.findBySku(sku)) {
        throw new DomainError('CONFLICT', `A product with sku ${sku} already exists`, { field: 'sku', sku });
      }
      const now = nowIso(this.deps.clock);
      const product: Product = {
        id: this.deps.ids.next('prod'),
        sku,
        name,
        description,
        price,
        currency,
        status,
        category,
        backorderPolicy,
        expectedDate,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await repos.products.insert(product);
      return product;
    });
  }
}
