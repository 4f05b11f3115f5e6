import type { IdGenerator, IdPrefix } from '@oms/order-core';
import { monotonicFactory } from 'ulid';

/** `prefix_` + a monotonic ULID: ids sort by creation, also within one millisecond. */
export class UlidIdGenerator implements IdGenerator {
  private readonly ulid = monotonicFactory();

  next(prefix: IdPrefix): string {
    return `${prefix}_${this.ulid()}`;
  }
}
