import { Writable } from 'node:stream';
import { closeChunks, primed, writeChunks } from './write-stream';

/** A sink that accepts one chunk and then holds every write until the test lets it go. */
class SlowSink extends Writable {
  readonly received: string[] = [];
  private pending: (() => void)[] = [];

  constructor() {
    super({ highWaterMark: 1, decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received.push(String(chunk));
    this.pending.push(() => callback());
  }

  /** Completes every write that is waiting. */
  release(): void {
    const pending = this.pending;
    this.pending = [];
    for (const done of pending) done();
  }
}

/** Produces `count` chunks and records how many were pulled and whether it was stopped. */
function producer(count: number) {
  const state = { pulled: 0, finished: false };
  async function* chunks() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled += 1;
        yield `chunk-${i};`;
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, chunks: chunks() };
}

/** Lets pending promise callbacks and stream events run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('writeChunks', () => {
  it('pulls the next chunk only after the sink drains (backpressure)', async () => {
    const sink = new SlowSink();
    const { state, chunks } = producer(5);
    const done = writeChunks(sink, chunks);
    await settle();
    // The first write filled the sink (highWaterMark 1): nothing more is pulled until it drains.
    expect(state.pulled).toBe(1);
    expect(sink.received).toEqual(['chunk-0;']);
    for (let i = 2; i <= 5; i++) {
      sink.release();
      await settle();
      expect(state.pulled).toBe(i);
    }
    sink.release();
    await expect(done).resolves.toBe(true);
    expect(sink.received.join('')).toBe('chunk-0;chunk-1;chunk-2;chunk-3;chunk-4;');
    expect(sink.writableEnded).toBe(true);
  });

  it('stops pulling and lets the producer clean up when the sink closes early', async () => {
    const sink = new SlowSink();
    const { state, chunks } = producer(1_000);
    const done = writeChunks(sink, chunks);
    await settle();
    sink.destroy();
    await expect(done).resolves.toBe(false);
    expect(state.pulled).toBe(1);
    expect(state.finished).toBe(true);
  });

  it('passes a producer failure on to the caller', async () => {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    async function* failing() {
      yield 'a';
      throw new Error('database went away');
    }
    await expect(writeChunks(sink, failing())).rejects.toThrow('database went away');
  });
});

describe('primed', () => {
  it('reads the first item before anything is written, so a failure there is an ordinary error', async () => {
    async function* failing(): AsyncGenerator<string> {
      throw new Error('file store unavailable');
    }
    await expect(primed(failing())).rejects.toThrow('file store unavailable');
  });

  it('replays the first item, then the rest', async () => {
    const { state, chunks } = producer(3);
    const replay = await primed(chunks);
    expect(state.pulled).toBe(1);
    const seen: string[] = [];
    for await (const chunk of replay) seen.push(chunk);
    expect(seen).toEqual(['chunk-0;', 'chunk-1;', 'chunk-2;']);
    expect(state.finished).toBe(true);
  });

  it('closes the source when closed before the first item was taken (HEAD)', async () => {
    const { state, chunks } = producer(3);
    const replay = await primed(chunks);
    await closeChunks(replay);
    expect(state.pulled).toBe(1);
    expect(state.finished).toBe(true);
  });
});
