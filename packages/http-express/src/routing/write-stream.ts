import type { Writable } from 'node:stream';

/** What a streamed body is written to: an Express response, or any Node writable in tests. */
export type ChunkSink = Pick<Writable, 'write' | 'end' | 'once' | 'off' | 'destroyed' | 'writableEnded'>;

/**
 * Writes chunks as they are produced, pulling the next one only when the sink has room: when `write` answers false
 * it waits for 'drain', so a slow client holds back the producer (and whatever it reads from the database) instead
 * of letting the response buffer grow. Resolves true once everything is written and the sink ended; resolves false
 * without pulling further when the sink closed early (the client went away). Leaving the loop early runs the
 * producer's `return`, so a generator's `finally` blocks release what they hold. Errors of the producer reject.
 */
export async function writeChunks(sink: ChunkSink, chunks: AsyncIterable<string | Uint8Array>): Promise<boolean> {
  for await (const chunk of chunks) {
    if (sink.destroyed || sink.writableEnded) return false;
    if (!sink.write(chunk) && !(await drained(sink))) return false;
  }
  if (sink.destroyed) return false;
  sink.end();
  return true;
}

/** True on 'drain', false when the sink closes or fails first. */
function drained(sink: ChunkSink): Promise<boolean> {
  if (sink.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    const settle = (value: boolean) => {
      sink.off('drain', onDrain);
      sink.off('close', onClose);
      sink.off('error', onClose);
      resolve(value);
    };
    sink.once('drain', onDrain);
    sink.once('close', onClose);
    sink.once('error', onClose);
  });
}

/**
 * Closes a body that will not be written (HEAD): the producer's `finally` blocks run, so a file or cursor it opened
 * is released. A failure while closing changes nothing for the client and is ignored.
 */
export async function closeChunks(chunks: AsyncIterable<unknown>): Promise<void> {
  try {
    await chunks[Symbol.asyncIterator]().return?.();
  } catch {
    // Nothing to tell anyone: the answer is already out.
  }
}

/**
 * Starts an async iterable and waits for its first item, then replays it: a failure reading the first page (or the
 * first bytes of a file) happens before the response has started and is answered as a normal error, not as a cut
 * connection. The result is its own iterator: `return()` closes the source even before anything was pulled.
 */
export async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterableIterator<T>> {
  const iterator = source[Symbol.asyncIterator]();
  let first: IteratorResult<T> | null = await iterator.next();
  const replay: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => replay,
    next: async () => {
      if (first === null) return iterator.next();
      const result = first;
      first = null;
      return result;
    },
    return: async (value?: unknown) => {
      // Stopped early (the client went away, or HEAD): let the source release what it holds.
      first = null;
      await iterator.return?.();
      return { done: true, value: value as T };
    },
  };
  return replay;
}
