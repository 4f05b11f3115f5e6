import { describePersistenceContract } from '../contracts/describe-persistence-contract';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

describePersistenceContract('in-memory', async () => ({ uow: new InMemoryUnitOfWork(), close: async () => undefined }));
