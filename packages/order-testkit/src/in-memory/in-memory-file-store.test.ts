import { describeFileStoreContract } from '../contracts/file-store.contract';
import { InMemoryFileStore } from './in-memory-file-store';

describeFileStoreContract('in-memory', async () => ({ store: new InMemoryFileStore(), close: async () => undefined }));
