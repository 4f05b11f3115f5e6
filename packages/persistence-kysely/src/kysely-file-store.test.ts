import { createHash, randomBytes } from 'node:crypto';
import { rejectionCode } from '@oms/order-testkit';
import { sql } from 'kysely';
import type { OmsDatabase } from './connect-database';
import { FILE_READ_CHUNK_BYTES, KyselyFileStore } from './kysely-file-store';
import { readSafeInteger } from './read-safe-integer';
import { testTargets, useTestDatabase } from './testing/test-databases';

async function* chunksOf(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts;
}

async function chunksRead(content: AsyncIterable<Uint8Array> | null): Promise<Uint8Array[]> {
  if (content === null) throw new Error('Expected a stored file');
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return chunks;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(chunks));
}

async function blobCount(database: OmsDatabase): Promise<number> {
  const row = await database.db.selectFrom('file_blobs').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return readSafeInteger(row.count, 'count');
}

/** A promise with its resolve function outside, to pause a source where a test wants it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// What the FileStore contract leaves open but this adapter promises: how far an oversized source is read, the bytes as
// the database holds them, one row written only at the end, the primary key deciding a race, the read chunk size.
for (const target of testTargets()) {
  describe(`KyselyFileStore on ${target.name}`, () => {
    const database = useTestDatabase(target);
    const store = () => new KyselyFileStore(database());

    it('stops reading a 10-chunk source once it passes the limit, lets it clean up, and stores nothing', async () => {
      let yielded = 0;
      let finished = false;
      async function* tenChunks(): AsyncIterable<Uint8Array> {
        try {
          for (let i = 0; i < 10; i++) {
            yielded += 1;
            yield new Uint8Array(1_000).fill(i);
          }
        } finally {
          finished = true;
        }
      }
      const result = await rejectionCode(store().write('file_big', tenChunks(), 3_500));
      expect(result).toEqual({ code: 'FILE_TOO_LARGE', details: { max_bytes: 3_500 } });
      // Chunk 4 took it to 4,000 bytes: nothing after it was asked for, and return() ran the generator's finally.
      expect(yielded).toBe(4);
      expect(finished).toBe(true);
      expect(await blobCount(database())).toBe(0);
      expect(await store().read('file_big')).toBeNull();
    });

    it('round-trips all 256 byte values exactly, and the database holds exactly those bytes', async () => {
      const every = Uint8Array.from({ length: 256 }, (_, i) => i);
      const reversed = every.slice().reverse();
      const stored = await store().write('file_bytes', chunksOf(every, reversed), 512);
      const all = concat([every, reversed]);
      expect(stored).toEqual({ size: 512, sha256: createHash('sha256').update(all).digest('hex') });
      expect(concat(await chunksRead(await store().read('file_bytes')))).toEqual(all);

      const row = await database().db.selectFrom('file_blobs').selectAll().where('key', '=', 'file_bytes').executeTakeFirstOrThrow();
      expect(Uint8Array.from(row.content)).toEqual(all);
      expect(readSafeInteger(row.size, 'size')).toBe(512);
      expect(row.sha256).toBe(stored.sha256);
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const kind =
        database().dialect === 'sqlite'
          ? sql<{ kind: string }>`select typeof(content) as kind from file_blobs where key = 'file_bytes'`
          : sql<{ kind: string }>`select pg_typeof(content)::text as kind from file_blobs where key = 'file_bytes'`;
      expect((await kind.execute(database().db)).rows[0]?.kind).toBe(database().dialect === 'sqlite' ? 'blob' : 'bytea');
    });

    it('leaves no row when the source throws half way', async () => {
      let yielded = 0;
      async function* broken(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < 10; i++) {
          if (i === 5) throw new Error('connection reset');
          yielded += 1;
          yield randomBytes(1_000);
        }
      }
      await expect(store().write('file_broken', broken(), 1_000_000)).rejects.toThrow('connection reset');
      expect(yielded).toBe(5);
      expect(await blobCount(database())).toBe(0);
      expect(await store().read('file_broken')).toBeNull();
      // The key is still free.
      expect(await store().write('file_broken', chunksOf(Uint8Array.from([7])), 10)).toMatchObject({ size: 1 });
    });

    it('writes one row only once the whole content has arrived', async () => {
      const paused = deferred();
      const reached = deferred();
      async function* slow(): AsyncIterable<Uint8Array> {
        yield Uint8Array.from([1, 2]);
        reached.resolve();
        await paused.promise;
        yield Uint8Array.from([3]);
      }
      const writing = store().write('file_slow', slow(), 10);
      await reached.promise;
      expect(await blobCount(database())).toBe(0);
      expect(await store().read('file_slow')).toBeNull();
      paused.resolve();
      expect(await writing).toMatchObject({ size: 3 });
      expect(concat(await chunksRead(await store().read('file_slow')))).toEqual(Uint8Array.from([1, 2, 3]));
    });

    it('copies each chunk, so a source that reuses its buffer is stored as it was sent', async () => {
      const buffer = new Uint8Array(4);
      async function* reusing(): AsyncIterable<Uint8Array> {
        for (const value of [1, 2, 3]) {
          buffer.fill(value);
          yield buffer;
        }
      }
      await store().write('file_reused', reusing(), 100);
      expect(concat(await chunksRead(await store().read('file_reused')))).toEqual(Uint8Array.from([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]));
    });

    it('reads a large file in plain Uint8Array chunks of at most 64 KiB', async () => {
      const bytes = randomBytes(3 * FILE_READ_CHUNK_BYTES + 123);
      // Written in odd-sized pieces, read back in 64 KiB ones.
      const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 100_000), bytes.subarray(100_000)];
      const stored = await store().write('file_large', chunksOf(...pieces), bytes.length);
      expect(stored).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      const chunks = await chunksRead(await store().read('file_large'));
      expect(chunks.map((c) => c.byteLength)).toEqual([FILE_READ_CHUNK_BYTES, FILE_READ_CHUNK_BYTES, FILE_READ_CHUNK_BYTES, 123]);
      for (const chunk of chunks) expect(Object.getPrototypeOf(chunk)).toBe(Uint8Array.prototype);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    });

    it('streams what was stored when read was called, even if the file is deleted meanwhile', async () => {
      await store().write('file_gone', chunksOf(Uint8Array.from([9, 8, 7])), 10);
      const content = await store().read('file_gone');
      expect(await store().delete('file_gone')).toBe(true);
      expect(concat(await chunksRead(content))).toEqual(Uint8Array.from([9, 8, 7]));
      // Each iteration starts from the beginning.
      expect(concat(await chunksRead(content))).toEqual(Uint8Array.from([9, 8, 7]));
    });

    it('refuses a taken key without reading the source, and lets the primary key decide a race', async () => {
      await store().write('file_taken', chunksOf(Uint8Array.from([1])), 10);
      let read = false;
      async function* untouched(): AsyncIterable<Uint8Array> {
        read = true;
        yield Uint8Array.from([2]);
      }
      expect(await rejectionCode(store().write('file_taken', untouched(), 10))).toEqual({ code: 'CONFLICT', details: { entity: 'file', field: 'key' } });
      expect(read).toBe(false);

      // Both find the key free before either has its content; the second INSERT collides.
      const both = deferred();
      async function* waiting(value: number): AsyncIterable<Uint8Array> {
        await both.promise;
        yield Uint8Array.from([value]);
      }
      const first = store().write('file_race', waiting(1), 10);
      const second = store().write('file_race', waiting(2), 10);
      await new Promise((resolve) => setTimeout(resolve, 50));
      both.resolve();
      const outcomes = await Promise.allSettled([first, second]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'CONFLICT', details: { entity: 'file', field: 'key' } });
      expect(await blobCount(database())).toBe(2);
    });

    it('refuses a chunk that is not bytes, and a limit that is not a whole number, before storing anything', async () => {
      let stopped = false;
      async function* text(): AsyncIterable<Uint8Array> {
        try {
          yield 'not bytes' as unknown as Uint8Array;
        } finally {
          stopped = true;
        }
      }
      await expect(store().write('file_text', text(), 100)).rejects.toThrow(TypeError);
      expect(stopped).toBe(true);
      await expect(store().write('file_limit', chunksOf(), -1)).rejects.toThrow(RangeError);
      await expect(store().write('file_limit', chunksOf(), 1.5)).rejects.toThrow(RangeError);
      expect(await blobCount(database())).toBe(0);
    });

    it('resolves whether delete removed a file', async () => {
      await store().write('file_del', chunksOf(Uint8Array.from([1])), 10);
      expect(await store().delete('file_del')).toBe(true);
      expect(await store().delete('file_del')).toBe(false);
      expect(await store().delete('file_never')).toBe(false);
    });
  });
}
