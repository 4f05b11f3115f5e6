import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect';
import { tempSqliteFile } from './testing/test-databases';

interface TestSchema {
  items: { id: number; name: string };
}

function open(path = ':memory:', statementCacheSize?: number) {
  const sqlite = new BetterSqlite3(path);
  const prepare = jest.spyOn(sqlite, 'prepare');
  const db = new Kysely<TestSchema>({ dialect: new ImmediateSqliteDialect({ database: sqlite, statementCacheSize }) });
  return { sqlite, prepare, db };
}

/** How many times each SQL text was prepared. */
function preparedTexts(prepare: jest.SpyInstance): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [text] of prepare.mock.calls as [string][]) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

describe('ImmediateSqliteDialect', () => {
  it('prepares each SQL text once and reuses it, with rows for readers and counts for writers', async () => {
    const { prepare, db } = open();
    try {
      await sql`create table items (id integer primary key, name text not null)`.execute(db);
      for (let i = 1; i <= 5; i++) {
        const result = await db.insertInto('items').values({ id: i, name: `n${i}` }).executeTakeFirst();
        expect(result.insertId).toBe(BigInt(i));
        expect(result.numInsertedOrUpdatedRows).toBe(1n);
      }
      for (let i = 1; i <= 5; i++) {
        expect(await db.selectFrom('items').select('name').where('id', '=', i).executeTakeFirst()).toEqual({ name: `n${i}` });
      }
      const updated = await db.updateTable('items').set({ name: 'x' }).where('id', '>', 2).executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(3n);
      // RETURNING makes a writer return rows, as with Kysely's own driver.
      const returned = await db.updateTable('items').set({ name: 'y' }).where('id', '=', 1).returning('name').execute();
      expect(returned).toEqual([{ name: 'y' }]);
      const texts = preparedTexts(prepare);
      expect([...texts.values()].every((n) => n === 1)).toBe(true);
      expect(texts.size).toBe(5);
    } finally {
      await db.destroy();
    }
  });

  it('keeps at most statementCacheSize statements, dropping the least recently used', async () => {
    const { prepare, db } = open(':memory:', 2);
    try {
      const a = sql`select 1 as v`;
      const b = sql`select 2 as v`;
      const c = sql`select 3 as v`;
      for (const query of [a, b, a, c, a, b]) await query.execute(db);
      // a, b, a (hit), c (drops b), a (hit), b (again, drops c)
      expect(preparedTexts(prepare)).toEqual(new Map([['select 1 as v', 1], ['select 2 as v', 2], ['select 3 as v', 1]]));
      const none = open(':memory:', 0);
      for (let i = 0; i < 3; i++) await a.execute(none.db);
      expect(none.prepare).toHaveBeenCalledTimes(3);
      await none.db.destroy();
    } finally {
      await db.destroy();
    }
  });

  it('follows schema changes with statements it already prepared', async () => {
    const { db } = open();
    try {
      await sql`create table items (id integer primary key)`.execute(db);
      await sql`insert into items (id) values (1)`.execute(db);
      const all = sql<Record<string, unknown>>`select * from items`;
      expect((await all.execute(db)).rows).toEqual([{ id: 1 }]);
      await sql`alter table items add column name text not null default 'a'`.execute(db);
      expect((await all.execute(db)).rows).toEqual([{ id: 1, name: 'a' }]);
      await sql`drop table items`.execute(db);
      await expect(all.execute(db)).rejects.toMatchObject({ message: expect.stringMatching(/no such table/) });
      await sql`create table items (name text, id integer)`.execute(db);
      await sql`insert into items (name, id) values ('b', 2)`.execute(db);
      expect((await all.execute(db)).rows).toEqual([{ name: 'b', id: 2 }]);
    } finally {
      await db.destroy();
    }
  });

  it('reuses a statement after it failed, and does not keep SQL that fails to prepare', async () => {
    const { prepare, db } = open();
    try {
      await sql`create table items (id integer primary key, name text not null)`.execute(db);
      const insert = (id: number) => db.insertInto('items').values({ id, name: 'n' }).execute();
      await insert(1);
      await expect(insert(1)).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE/) });
      await insert(2);
      expect(await db.selectFrom('items').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }]);
      // Matched by shape: better-sqlite3's errors may come from another realm's Error class under jest.
      await expect(sql`selec 1`.execute(db)).rejects.toMatchObject({ message: expect.stringMatching(/syntax error/) });
      await expect(sql`selec 1`.execute(db)).rejects.toMatchObject({ message: expect.stringMatching(/syntax error/) });
      expect(preparedTexts(prepare).get('selec 1')).toBe(2);
    } finally {
      await db.destroy();
    }
  });

  it('streams select queries, beside the cached statement of the same SQL', async () => {
    const { db } = open();
    try {
      await sql`create table items (id integer primary key, name text not null)`.execute(db);
      await db.insertInto('items').values([1, 2, 3].map((id) => ({ id, name: `n${id}` }))).execute();
      const query = db.selectFrom('items').select('id').orderBy('id');
      expect(await query.execute()).toHaveLength(3);
      const seen: number[] = [];
      for await (const row of query.stream()) seen.push(row.id);
      expect(seen).toEqual([1, 2, 3]);
      // A stream left early closes its statement; the cached one of the same SQL is unaffected.
      for await (const row of query.stream()) {
        expect(row.id).toBe(1);
        break;
      }
      expect(await query.execute()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      await expect(db.insertInto('items').values({ id: 4, name: 'n' }).stream().next()).rejects.toMatchObject({
        message: expect.stringMatching(/only supports streaming of select queries/),
      });
    } finally {
      await db.destroy();
    }
  });

  it('takes the write lock when a transaction begins (BEGIN IMMEDIATE), commits, rolls back and uses savepoints', async () => {
    const file = tempSqliteFile();
    mkdirSync(dirname(file.path), { recursive: true });
    const { db } = open(file.path);
    const other = new BetterSqlite3(file.path, { timeout: 0 });
    try {
      await sql`create table items (id integer primary key, name text not null)`.execute(db);
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('items').selectAll().execute();
        // Only read so far, yet another connection cannot start writing.
        let busy: unknown = null;
        try {
          other.prepare('begin immediate').run();
        } catch (error) {
          busy = error;
        }
        expect(busy).toMatchObject({ code: 'SQLITE_BUSY' });
        await trx.insertInto('items').values({ id: 1, name: 'kept' }).execute();
      });
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('items').values({ id: 2, name: 'rolled back' }).execute();
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const trx = await db.startTransaction().execute();
      await trx.insertInto('items').values({ id: 3, name: 'kept' }).execute();
      const sp = await trx.savepoint('sp1').execute();
      await sp.insertInto('items').values({ id: 4, name: 'undone' }).execute();
      const back = await sp.rollbackToSavepoint('sp1').execute();
      await back.releaseSavepoint('sp1').execute();
      await back.commit().execute();
      expect(await db.selectFrom('items').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 3 }]);
      expect(other.prepare('select count(*) as n from items').get()).toEqual({ n: 2 });
    } finally {
      other.close();
      await db.destroy();
      file.remove();
    }
  });

  it('closes the database on destroy', async () => {
    const { sqlite, db } = open();
    await sql`select 1`.execute(db);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
