import { createOrderCore, type LifecycleDefinition, type UnitOfWork } from '@oms/order-core';
import { FixedClock } from './fixed-clock';
import { InMemoryUnitOfWork } from './in-memory/in-memory-unit-of-work';
import { PlainTestHasher } from './plain-test-hasher';
import { SequentialIdGenerator } from './sequential-id-generator';

export interface TestOrderCoreOptions {
  readonly uow?: UnitOfWork;
  readonly clock?: FixedClock;
  readonly lifecycle?: LifecycleDefinition;
  readonly defaultCurrency?: string;
}

/** The whole core over in-memory adapters, a fixed clock and predictable ids. */
export function createTestOrderCore(options: TestOrderCoreOptions = {}) {
  const uow = options.uow ?? new InMemoryUnitOfWork();
  const clock = options.clock ?? new FixedClock();
  const ids = new SequentialIdGenerator();
  const hasher = new PlainTestHasher();
  const core = createOrderCore({ uow, clock, ids, hasher, lifecycle: options.lifecycle, defaultCurrency: options.defaultCurrency });
  return { core, uow, clock, ids, hasher };
}
