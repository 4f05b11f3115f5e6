import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DomainError, type FileStore, type StoredFile } from '@oms/order-core';

/** Keys are generated ids (`file_01J...`); anything else could name a path, so it is refused outright. */
const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Attachment bytes as files in one directory. A file is written to a temporary name while it streams in (hashing and
 * counting as it goes), then linked to its key only when complete and within the limit: a reader never sees a
 * partial file, and an oversized or failed upload leaves nothing. Keys are generated ids, never client names.
 */
export class DiskFileStore implements FileStore {
  constructor(private readonly directory: string) {}

  async write(key: string, content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile> {
    const target = this.pathOf(key);
    await mkdir(this.directory, { recursive: true });
    const temporary = join(this.directory, `.upload-${randomBytes(12).toString('hex')}`);
    const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
    const hash = createHash('sha256');
    let size = 0;
    const iterator = content[Symbol.asyncIterator]();
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        size += next.value.length;
        if (size > maxBytes) {
          await iterator.return?.();
          throw new DomainError('FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
        }
        hash.update(next.value);
        // Respect backpressure: wait for the disk when its buffer is full.
        if (!out.write(next.value)) await new Promise<void>((resolve, reject) => out.once('drain', resolve).once('error', reject));
      }
      out.end();
      await finished(out);
      try {
        // link() fails if the key exists, so a key is never overwritten (rename would replace it silently).
        await link(temporary, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new DomainError('CONFLICT', `A file ${key} already exists`, { entity: 'file', field: 'key' });
        }
        throw error;
      }
      return { size, sha256: hash.digest('hex') };
    } finally {
      out.destroy();
      await rm(temporary, { force: true });
    }
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return createReadStream(path, { highWaterMark: 65_536 });
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Not a file store key: ${JSON.stringify(key.slice(0, 40))}`);
    return join(this.directory, key);
  }
}
