import { requireScope, type Principal } from '../../auth/principal';
import type { Product } from '../../catalog/product';
import type { UnitOfWork } from '../../ports/unit-of-work.port';

const PAGE = 500;

/**
 * The whole catalog as a stream, page by page by ascending id: an export of 100,000 products never holds more than
 * one page in memory. Authorization is checked before the first page.
 */
export class ExportProducts {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  execute(_input: Record<string, never>, principal: Principal): AsyncIterable<Product> {
    requireScope(principal, 'products:read');
    const products = this.deps.uow.repositories.products;
    return {
      async *[Symbol.asyncIterator]() {
        let after: string | null = null;
        for (;;) {
          const page: readonly Product[] = await products.listAfter(after, PAGE);
          yield* page;
          if (page.length < PAGE) return;
          after = page[page.length - 1]!.id;
        }
      },
    };
  }
}
