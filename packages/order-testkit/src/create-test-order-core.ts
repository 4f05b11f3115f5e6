import { createOrderCore, type CarrierGateway, type DocumentSettings, type FileStore, type JobRetryPolicy, type LifecycleDefinition, type UnitOfWork } from '@oms/order-core';
import { FixedClock } from './fixed-clock';
import { InMemoryFileStore } from './in-memory/in-memory-file-store';
import { InMemoryUnitOfWork } from './in-memory/in-memory-unit-of-work';
import { PlainTestHasher } from './plain-test-hasher';
import { RecordingNotifier } from './recording-notifier';
import { SequentialIdGenerator } from './sequential-id-generator';

export interface TestOrderCoreOptions {
  readonly uow?: UnitOfWork;
  readonly clock?: FixedClock;
  readonly lifecycle?: LifecycleDefinition;
  readonly defaultCurrency?: string;
  readonly files?: FileStore;
  readonly maxUploadBytes?: number;
  readonly carriers?: readonly CarrierGateway[];
  readonly jobRetry?: JobRetryPolicy;
  readonly jobLeaseMs?: number;
  readonly documents?: Partial<DocumentSettings>;
}

/** The whole core over in-memory adapters, a fixed clock and predictable ids. */
export function createTestOrderCore(options: TestOrderCoreOptions = {}) {
  const uow = options.uow ?? new InMemoryUnitOfWork();
  const clock = options.clock ?? new FixedClock();
  const ids = new SequentialIdGenerator();
  const hasher = new PlainTestHasher();
  const files = options.files ?? new InMemoryFileStore();
  const notifier = new RecordingNotifier();
  const core = createOrderCore({
    uow,
    clock,
    ids,
    hasher,
    files,
    lifecycle: options.lifecycle,
    defaultCurrency: options.defaultCurrency,
    maxUploadBytes: options.maxUploadBytes,
    notifier,
    carriers: options.carriers,
    jobRetry: options.jobRetry,
    jobLeaseMs: options.jobLeaseMs,
    documents: options.documents,
  });
  return { core, uow, clock, ids, hasher, files, notifier };
}
