import { describeFileStoreContract, describePersistenceContract } from '@oms/order-testkit';
import { KyselyFileStore } from './kysely-file-store';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { testTargets } from './testing/test-databases';

// Exactly the suites third-party adapters run, on every database this package supports.
for (const target of testTargets()) {
  describePersistenceContract(`Kysely on ${target.name}`, async () => {
    const { database, close } = await target.open();
    return { uow: new KyselyUnitOfWork(database), close };
  });

  describeFileStoreContract(`KyselyFileStore on ${target.name}`, async () => {
    const { database, close } = await target.open();
    return { store: new KyselyFileStore(database), close };
  });
}
