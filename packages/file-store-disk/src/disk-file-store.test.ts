import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFileStoreContract } from '@oms/order-testkit';
import { DiskFileStore } from './disk-file-store';

describeFileStoreContract('disk', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'oms-files-'));
  return { store: new DiskFileStore(join(directory, 'attachments')), close: async () => rmSync(directory, { recursive: true, force: true }) };
});

describe('DiskFileStore on disk', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'oms-files-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  async function* bytes(...parts: number[][]): AsyncIterable<Uint8Array> {
    for (const part of parts) yield Uint8Array.from(part);
  }

  it('keeps files under their generated keys only, leaving no temporary files behind', async () => {
    const store = new DiskFileStore(directory);
    await store.write('file_01ABC', bytes([1, 2, 3]), 10);
    await expect(store.write('file_big', bytes([1, 2, 3], [4, 5, 6]), 4)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(readdirSync(directory)).toEqual(['file_01ABC']);
  });

  it('refuses keys that could name a path', async () => {
    const store = new DiskFileStore(directory);
    for (const key of ['../escape', 'a/b', '..', '', 'name.png']) {
      await expect(store.write(key, bytes([1]), 10)).rejects.toThrow('Not a file store key');
      await expect(store.read(key)).rejects.toThrow('Not a file store key');
    }
    expect(readdirSync(directory)).toEqual([]);
  });
});
