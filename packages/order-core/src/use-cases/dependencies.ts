import type { LifecycleDefinition } from '../lifecycle/lifecycle-definition';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { UnitOfWork } from '../ports/unit-of-work.port';

/** What most use cases are constructed with. */
export interface CoreDependencies {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface OrderDependencies extends CoreDependencies {
  readonly lifecycle: LifecycleDefinition;
}

export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}
