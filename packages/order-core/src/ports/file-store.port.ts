export interface StoredFile {
  readonly size: number;
  /** Hex SHA-256 of the bytes written. */
  readonly sha256: string;
}

/** Where attachment bytes live. Keys are generated ids; a store never sees a client's filename or path. */
export const FileStore = Symbol.for('oms.FileStore');
export interface FileStore {
  /**
   * Writes `content` under `key` while it streams in. Rejects with DomainError FILE_TOO_LARGE (details.max_bytes)
   * as soon as more than `maxBytes` arrive, and passes on a failure of the content stream; either way nothing is
   * left stored under `key`. Rejects with CONFLICT when `key` exists.
   */
  write(key: string, content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile>;
  /** The bytes, streamed; null when there is no file under `key`. */
  read(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** Removes the file; resolves false when there was none. */
  delete(key: string): Promise<boolean>;
}
