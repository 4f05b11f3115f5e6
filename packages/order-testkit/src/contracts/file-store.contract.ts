import { createHash } from 'node:crypto';
import type { FileStore } from '@oms/order-core';
import { rejectionCode } from './persistence-fixture';

export interface FileStoreFixture {
  readonly store: FileStore;
  close(): Promise<void>;
}

async function* chunksOf(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield part;
}

async function bytesOf(content: AsyncIterable<Uint8Array> | null): Promise<Uint8Array | null> {
  if (content === null) return null;
  const parts: number[] = [];
  for await (const chunk of content) parts.push(...chunk);
  return Uint8Array.from(parts);
}

/** What every FileStore must do: exact bytes, the size limit enforced while streaming, nothing left by a failure. */
export function describeFileStoreContract(name: string, factory: () => Promise<FileStoreFixture>): void {
  describe(`FileStore contract: ${name}`, () => {
    let fixture: FileStoreFixture | undefined;
    beforeEach(async () => {
      fixture = await factory();
    });
    afterEach(async () => {
      await fixture?.close();
    });
    const store = () => (fixture as FileStoreFixture).store;

    it('stores bytes exactly, with size and sha256, reads them back and deletes them', async () => {
      const every = Uint8Array.from({ length: 256 }, (_, i) => i);
      const second = Uint8Array.from([0, 0, 255]);
      const stored = await store().write('file_a', chunksOf(every, second), 1_000);
      const all = Uint8Array.from([...every, ...second]);
      expect(stored).toEqual({ size: 259, sha256: createHash('sha256').update(all).digest('hex') });
      expect(await bytesOf(await store().read('file_a'))).toEqual(all);
      expect(await store().read('file_missing')).toBeNull();
      expect(await store().delete('file_a')).toBe(true);
      expect(await store().read('file_a')).toBeNull();
      expect(await store().delete('file_a')).toBe(false);
    });

    it('stores an empty file and a file of exactly the limit', async () => {
      expect(await store().write('file_empty', chunksOf(), 10)).toMatchObject({ size: 0 });
      expect(await bytesOf(await store().read('file_empty'))).toEqual(new Uint8Array(0));
      expect(await store().write('file_exact', chunksOf(new Uint8Array(6), new Uint8Array(4)), 10)).toMatchObject({ size: 10 });
    });

    it('stops reading as soon as the limit is passed, and stores nothing', async () => {
      let yielded = 0;
      async function* endless(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < 10; i++) {
          yielded += 1;
          yield new Uint8Array(100);
        }
      }
      const result = await rejectionCode(store().write('file_big', endless(), 250));
      expect(result).toEqual({ code: 'FILE_TOO_LARGE', details: { max_bytes: 250 } });
      expect(yielded).toBe(3);
      expect(await store().read('file_big')).toBeNull();
    });

    it('stores nothing when the source fails half way', async () => {
      async function* broken(): AsyncIterable<Uint8Array> {
        yield new Uint8Array(10);
        throw new Error('connection reset');
      }
      await expect(store().write('file_broken', broken(), 1_000)).rejects.toThrow('connection reset');
      expect(await store().read('file_broken')).toBeNull();
    });

    it('refuses to overwrite a key', async () => {
      await store().write('file_once', chunksOf(Uint8Array.from([1])), 10);
      expect((await rejectionCode(store().write('file_once', chunksOf(Uint8Array.from([2])), 10))).code).toBe('CONFLICT');
      expect(await bytesOf(await store().read('file_once'))).toEqual(Uint8Array.from([1]));
    });
  });
}
