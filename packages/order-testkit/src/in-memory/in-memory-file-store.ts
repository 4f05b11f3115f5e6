import { createHash } from 'node:crypto';
import { DomainError, type FileStore, type StoredFile } from '@oms/order-core';

/** Attachment bytes in memory, for tests and embedding without a disk. Enforces the size limit while reading. */
export class InMemoryFileStore implements FileStore {
  private readonly files = new Map<string, Uint8Array>();

  /** How many files it holds: tests check that failed uploads leave nothing behind. */
  get size(): number {
    return this.files.size;
  }

  async write(key: string, content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile> {
    if (this.files.has(key)) throw new DomainError('CONFLICT', `A file ${key} already exists`, { entity: 'file', field: 'key' });
    const chunks: Uint8Array[] = [];
    const hash = createHash('sha256');
    let size = 0;
    const iterator = content[Symbol.asyncIterator]();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      size += next.value.length;
      if (size > maxBytes) {
        await iterator.return?.();
        throw new DomainError('FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
      }
      hash.update(next.value);
      chunks.push(Uint8Array.from(next.value));
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    this.files.set(key, bytes);
    return { size, sha256: hash.digest('hex') };
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const bytes = this.files.get(key);
    if (!bytes) return null;
    return {
      async *[Symbol.asyncIterator]() {
        for (let at = 0; at < bytes.length; at += 65_536) yield bytes.slice(at, at + 65_536);
      },
    };
  }

  async delete(key: string): Promise<boolean> {
    return this.files.delete(key);
  }
}
