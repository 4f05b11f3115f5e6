import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a WAL-mode SQLite database from a worker thread of its own, so that the page copies and fsyncs of a
 * checkpoint do not stall the event loop serving requests.
 *
 * Without it the connection that commits the 1,000th WAL page runs the checkpoint itself, synchronously: on a
 * placement workload that is a checkpoint every ~20 orders, with two fsyncs each, and it took about a third of the
 * request thread's time (docs/decisions/0008-performance.md). SQLite's documentation suggests exactly this split:
 * disable (here: raise) the automatic checkpoint and run checkpoints on a separate thread.
 *
 * The worker opens its own connection to the same file and runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * `intervalMs`. A passive checkpoint never waits for, nor blocks, readers and the writer: it copies what it can and
 * returns. Durability is unchanged (with synchronous=NORMAL commits were never fsynced; the checkpoint fsyncs the WAL
 * before copying and the database after). The request connection keeps a raised wal_autocheckpoint as a backstop, so
 * the WAL stays bounded even if the worker falls behind or fails.
 */
export class SqliteCheckpointer {
  private readonly exited: Promise<void>;
  private lastError: string | null = null;
  private stopping: Promise<void> | null = null;
  private readonly pending = new Map<number, { resolve(stats: CheckpointStats): void; reject(error: Error): void }>();
  private nextRequest = 1;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        // Questions the worker can no longer answer fail once, here.
        for (const waiting of this.pending.values()) waiting.reject(new Error('The checkpointer has stopped'));
        this.pending.clear();
        resolve();
      }),
    );
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'stats') {
        this.pending.get(message.request)?.resolve(message.stats);
        this.pending.delete(message.request);
      } else if (message.type === 'error') {
        this.lastError = message.message;
      }
    });
    // A worker that dies takes nothing with it: the request connection's automatic checkpoint still bounds the WAL.
    worker.on('error', (error: unknown) => {
      // Errors cross the thread boundary as clones: a driver's error class may arrive as a plain object.
      const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
      this.lastError = typeof message === 'string' ? message : String(error);
    });
    // Never keeps the process alive on its own.
    worker.unref();
  }

  /** Starts checkpointing the database file at `path` (already in WAL mode) every `intervalMs`. */
  static start(path: string, options: { readonly intervalMs: number }): SqliteCheckpointer {
    if (!Number.isSafeInteger(options.intervalMs) || options.intervalMs < 1) {
      throw new Error(`The checkpoint interval must be a positive whole number of milliseconds, not ${String(options.intervalMs)}`);
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs: options.intervalMs },
    });
    return new SqliteCheckpointer(worker);
  }

  /** What the worker has done so far; rejects once it has stopped. */
  async stats(): Promise<CheckpointStats> {
    if (this.stopping) throw new Error('The checkpointer has stopped');
    const request = this.nextRequest++;
    return new Promise<CheckpointStats>((resolve, reject) => {
      this.pending.set(request, { resolve, reject });
      this.worker.postMessage({ type: 'stats', request });
    });
  }

  /** The last error a checkpoint reported (the worker keeps going), or null. */
  get error(): string | null {
    return this.lastError;
  }

  /** Closes the worker's connection and ends the thread; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void this.worker.terminate(), 5_000);
      await this.exited;
      clearTimeout(timer);
    })();
    return this.stopping;
  }
}

export interface CheckpointStats {
  /** Passive checkpoints run. */
  readonly checkpoints: number;
  /** The WAL's size in frames at the last checkpoint, and how many of them were in the database file after it. */
  readonly lastLogFrames: number;
  readonly lastCheckpointedFrames: number;
  /** Checkpoints that failed (the error is kept in `error`); the worker carries on. */
  readonly failures: number;
}

type WorkerMessage =
  | { readonly type: 'stats'; readonly request: number; readonly stats: CheckpointStats }
  | { readonly type: 'error'; readonly message: string };

// Plain CommonJS run by the worker (eval), so it works the same from compiled code and under ts-jest. The driver is
// resolved by the main thread and handed over, so the worker loads the same better-sqlite3 as the app.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const describe = (error) => String(error && error.message ? error.message : error);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: describe(error) });
  process.exit(1);
}
const stats = { checkpoints: 0, lastLogFrames: 0, lastCheckpointedFrames: 0, failures: 0 };
let timer = null;
let stopped = false;
function checkpoint() {
  timer = null;
  try {
    // [{ busy, log, checkpointed }]: log is the WAL's size in frames, checkpointed how many are in the database file.
    const row = db.pragma('wal_checkpoint(PASSIVE)')[0];
    stats.checkpoints++;
    stats.lastLogFrames = Number(row.log);
    stats.lastCheckpointedFrames = Number(row.checkpointed);
  } catch (error) {
    stats.failures++;
    parentPort.postMessage({ type: 'error', message: describe(error) });
  }
  if (!stopped) timer = setTimeout(checkpoint, workerData.intervalMs);
}
parentPort.on('message', (message) => {
  if (message.type === 'stats') parentPort.postMessage({ type: 'stats', request: message.request, stats: { ...stats } });
  if (message.type === 'stop') {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
checkpoint();
`;
