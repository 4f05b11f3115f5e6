import { createHash } from 'node:crypto';
import { DomainError, type FileStore, type StoredFile } from '@oms/order-core';
import type { OmsDatabase } from './connect-database';
import { readSafeInteger } from './read-safe-integer';
import { withConflictMapping, type UniqueKey } from './unique-violation';

/** The largest piece `read` yields. */
export const FILE_READ_CHUNK_BYTES = 64 * 1024;

const UNIQUE_KEYS: readonly UniqueKey[] = [
  { column: 'key', constraint: 'file_blobs_pkey', field: 'key', message: 'A file with this key already exists' },
];

/**
 * Attachment bytes in the database, one `file_blobs` row per file (BLOB on SQLite, BYTEA on PostgreSQL).
 *
 * The trade-off of keeping files in the database: a row is written in one statement, so `write` holds the content in
 * memory (up to `maxBytes`) until it has all arrived, and `read` loads one whole file per call. The limit is checked
 * chunk by chunk as the content streams in, so an oversized upload is cut off at the limit, not buffered whole.
 *
 * It works on the database itself, outside any unit of work: the core writes the bytes before the transaction that
 * records their metadata and deletes them when that transaction fails.
 */
export class KyselyFileStore implements FileStore {
  constructor(private readonly database: OmsDatabase) {}

  async write(key: string, content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile> {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('A file key must be a non-empty string');
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a whole number of at least 0, got ${maxBytes}`);
    // Refuse a taken key before reading the upload; the primary key still decides a race (below).
    if (await this.exists(key)) throw conflict();

    const iterator = content[Symbol.asyncIterator]();
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    // A failing source rejects next() and that rejection is passed on; nothing has been written yet.
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = next.value;
      if (!(chunk instanceof Uint8Array)) {
        await stop(iterator);
        throw new TypeError('File content must be a stream of Uint8Array chunks');
      }
      size += chunk.byteLength;
      if (size > maxBytes) {
        // Stop the source now: the rest of an oversized upload is never read.
        await stop(iterator);
        throw new DomainError('FILE_TOO_LARGE', `The file is larger than the limit of ${maxBytes} bytes`, { max_bytes: maxBytes });
      }
      hash.update(chunk);
      // A copy: a source may reuse its buffer for the next chunk.
      chunks.push(Buffer.from(chunk));
    }

    const stored: StoredFile = { size, sha256: hash.digest('hex') };
    const row = { key, size, sha256: stored.sha256, content: Buffer.concat(chunks, size), created_at: new Date().toISOString() };
    await withConflictMapping('file', UNIQUE_KEYS, () => this.database.db.insertInto('file_blobs').values(row).execute());
    return stored;
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const row = await this.database.db.selectFrom('file_blobs').select(['content', 'size']).where('key', '=', key).executeTakeFirst();
    if (!row) return null;
    const bytes = row.content;
    const size = readSafeInteger(row.size, 'file_blobs.size');
    if (bytes.byteLength !== size) throw new Error(`Column file_blobs.content of ${key} holds ${bytes.byteLength} bytes, not ${size}`);
    // Read once, when asked: later deletes do not cut off a download already under way.
    return {
      async *[Symbol.asyncIterator]() {
        for (let at = 0; at < bytes.byteLength; at += FILE_READ_CHUNK_BYTES) {
          // Plain Uint8Array copies, so no consumer sees the driver's Buffer (or its pool) behind them.
          yield new Uint8Array(bytes.subarray(at, at + FILE_READ_CHUNK_BYTES));
        }
      },
    };
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.database.db.deleteFrom('file_blobs').where('key', '=', key).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  private async exists(key: string): Promise<boolean> {
    const row = await this.database.db.selectFrom('file_blobs').select('key').where('key', '=', key).executeTakeFirst();
    return row !== undefined;
  }
}

function conflict(): DomainError {
  const key = UNIQUE_KEYS[0] as UniqueKey;
  return new DomainError('CONFLICT', key.message, { entity: 'file', field: key.field });
}

/** Asks the source to stop (an async generator runs its finally blocks); its own failure to stop is not ours to report. */
async function stop(iterator: AsyncIterator<Uint8Array>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The rejection that matters is the one write is about to throw.
  }
}
