import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, SQLITE_BACKSTOP_CHECKPOINT_PAGES, type OmsDatabase } from './connect-database';
import { readSafeInteger } from './read-safe-integer';
import { SqliteCheckpointer, type CheckpointStats } from './sqlite-checkpointer';
import { tempSqliteFile } from './testing/test-databases';

async function pragmaNumber(database: OmsDatabase, name: string): Promise<number> {
  const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(database.db);
  return readSafeInteger(Object.values(rows[0] ?? {})[0], name);
}

/** Writes about `pages` pages of 4 KiB to the WAL, in transactions of 50 rows (like placements). */
async function writePages(database: OmsDatabase, pages: number): Promise<void> {
  await sql`create table if not exists scratch (id integer primary key, body blob not null)`.execute(database.db);
  for (let done = 0; done < pages; done += 50) {
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 50; i++) await sql`insert into scratch (body) values (randomblob(4000))`.execute(trx);
    });
  }
}

/** Polls the worker until `done(stats)` holds; fails with the last stats after a few seconds. */
async function waitForStats(checkpointer: SqliteCheckpointer, done: (stats: CheckpointStats) => boolean): Promise<CheckpointStats> {
  let stats = await checkpointer.stats();
  for (let attempt = 0; attempt < 100 && !done(stats); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    stats = await checkpointer.stats();
  }
  if (!done(stats)) throw new Error(`the checkpointer did not get there: ${JSON.stringify(stats)}`);
  return stats;
}

describe('background checkpoints of a SQLite file', () => {
  it('moves the WAL into the database file from the worker thread while the connection only keeps a backstop', async () => {
    const file = tempSqliteFile();
    const database = await connectDatabase(file.url);
    try {
      const checkpointer = database.checkpointer;
      expect(checkpointer).toBeInstanceOf(SqliteCheckpointer);
      expect(await pragmaNumber(database, 'wal_autocheckpoint')).toBe(SQLITE_BACKSTOP_CHECKPOINT_PAGES);
      // 2,000 pages is twice SQLite's default automatic checkpoint and far below the backstop: only the worker
      // checkpoints here, and it catches up once the writes stop.
      await writePages(database, 2_000);
      const stats = await waitForStats(checkpointer!, (s) => s.lastLogFrames >= 2_000 && s.lastCheckpointedFrames === s.lastLogFrames);
      expect(stats.failures).toBe(0);
      expect(checkpointer!.error).toBeNull();
      const { rows } = await sql<{ n: bigint }>`select count(*) as n from scratch`.execute(database.db);
      expect(Number(rows[0]!.n)).toBe(2_000);
    } finally {
      await database.destroy();
      file.remove();
    }
  });

  it('closes the worker connection first on destroy, so the last connection removes the WAL file', async () => {
    const file = tempSqliteFile();
    const database = await connectDatabase(file.url);
    try {
      await writePages(database, 100);
      await waitForStats(database.checkpointer!, (s) => s.checkpoints > 0);
      expect(existsSync(`${file.path}-wal`)).toBe(true);
      await database.destroy();
      await database.destroy();
      expect(existsSync(`${file.path}-wal`)).toBe(false);
      await expect(database.checkpointer!.stats()).rejects.toThrow(/stopped/);
      // The data is all in the database file.
      const again = await connectDatabase(file.url, { sqliteCheckpoints: 'inline' });
      const { rows } = await sql<{ n: bigint }>`select count(*) as n from scratch`.execute(again.db);
      expect(Number(rows[0]!.n)).toBe(100);
      await again.destroy();
    } finally {
      file.remove();
    }
  });

  it('keeps SQLite default checkpoints when asked for inline ones, and has no worker in memory', async () => {
    const file = tempSqliteFile();
    const inline = await connectDatabase(file.url, { sqliteCheckpoints: 'inline' });
    const memory = await connectDatabase('sqlite::memory:');
    try {
      expect(inline.checkpointer).toBeUndefined();
      expect(await pragmaNumber(inline, 'wal_autocheckpoint')).toBe(1000);
      expect(memory.checkpointer).toBeUndefined();
    } finally {
      await inline.destroy();
      await memory.destroy();
      file.remove();
    }
  });

  it('reports a worker that cannot open the database without taking the process down', async () => {
    const file = tempSqliteFile();
    try {
      const checkpointer = SqliteCheckpointer.start(join(file.dir, 'missing.sqlite'), { intervalMs: 10 });
      await expect(checkpointer.stats()).rejects.toThrow(/stopped/);
      expect(checkpointer.error).toMatch(/unable to open|does not exist|directory does not exist/i);
      await checkpointer.stop();
      expect(() => SqliteCheckpointer.start(file.path, { intervalMs: 0 })).toThrow(/positive whole number of milliseconds/);
    } finally {
      file.remove();
    }
  });
});
