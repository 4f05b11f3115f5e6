import type { IdGenerator, IdPrefix } from '@oms/order-core';

/** Ids that sort in creation order, like ULIDs, and are predictable in tests: `order_00000000000000000000000001`. */
export class SequentialIdGenerator implements IdGenerator {
  private counter = 0;

  constructor(private readonly namespace = '') {}

  next(prefix: IdPrefix): string {
    this.counter += 1;
    return `${prefix}_${this.namespace}${String(this.counter).padStart(26 - this.namespace.length, '0')}`;
  }
}
