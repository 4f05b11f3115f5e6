/** A least-recently-used cache bounded by the total byte size of its values. */
export class ByteLruCache {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): Uint8Array | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the entry to the most recently used end of the Map's order.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` unless it alone is larger than the cache; evicts the least recently used entries to fit it. */
  set(key: string, value: Uint8Array): void {
    this.delete(key);
    if (value.byteLength > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += value.byteLength;
    for (const [oldKey] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldKey);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.byteLength;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
