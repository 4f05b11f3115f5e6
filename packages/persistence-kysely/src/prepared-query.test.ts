import type { CompiledQuery, LogEvent } from 'kysely';
import { sql } from 'kysely';
import { PreparedQuery } from './prepared-query';
import { testTargets, type TestDatabase } from './testing/test-databases';

/** A table of the test's own, the same on both dialects. */
type Probe = {
  probe: { name: string; value: number };
};
const ROW = (name: string, value: number) => ({ name, value });

for (const target of testTargets()) {
  describe(`PreparedQuery on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    let queries: CompiledQuery[] = [];
    beforeEach(async () => {
      queries = [];
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query) });
      await sql`create table probe (name text primary key, value integer not null)`.execute(current.database.db);
      await current.database.db.withTables<Probe>().insertInto('probe').values([ROW('a', 1), ROW('b', 2), ROW('c', 3)]).execute();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('binds fresh arguments on every run and keeps the constants of the query', async () => {
      const db = current!.database.db;
      const byName = new PreparedQuery('counters named, above a floor', (d, name: string, floor: number) =>
        d.withTables<Probe>().selectFrom('probe').select(['name', 'value']).where('name', '=', name).where('value', '>=', floor).where('name', '<>', 'zzz'),
      );
      expect(await byName.execute(db, 'b', 1)).toEqual([{ name: 'b', value: expect.anything() }]);
      expect(await byName.execute(db, 'c', 1)).toEqual([{ name: 'c', value: expect.anything() }]);
      expect(await byName.execute(db, 'c', 4)).toEqual([]);
      expect(await byName.execute(db, 'missing', 0)).toEqual([]);
      // One SQL text, with the constant kept in its place among the bound values.
      const ran = queries.filter((q) => q.sql.startsWith('select') && q.sql.includes('"probe"'));
      expect(new Set(ran.map((q) => q.sql)).size).toBe(1);
      expect(ran.map((q) => q.parameters)).toEqual([
        ['b', 1, 'zzz'],
        ['c', 1, 'zzz'],
        ['c', 4, 'zzz'],
        ['missing', 0, 'zzz'],
      ]);
    });

    it('runs inside the transaction it is given and sees its uncommitted rows', async () => {
      const db = current!.database.db;
      const byName = new PreparedQuery('counter named', (d, name: string) => d.withTables<Probe>().selectFrom('probe').select('name').where('name', '=', name));
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.withTables<Probe>().insertInto('probe').values(ROW('d', 4)).execute();
          expect(await byName.execute(trx, 'd')).toEqual([{ name: 'd' }]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await byName.execute(db, 'd')).toEqual([]);
    });

    it('refuses, on first use, an argument that does not become a bound parameter', async () => {
      const db = current!.database.db;
      const transformed = new PreparedQuery('transformed argument', (d, name: string) =>
        d.withTables<Probe>().selectFrom('probe').select('name').where('name', '=', name.toUpperCase()),
      );
      await expect(transformed.execute(db, 'a')).rejects.toThrow(/transformed argument: argument 0 does not become a bound parameter/);
      const inlined = new PreparedQuery('inlined argument', (d, name: string) =>
        d.withTables<Probe>().selectFrom('probe').select('name').where(sql<boolean>`name = ${sql.lit(name)}`),
      );
      await expect(inlined.execute(db, 'a')).rejects.toThrow(/argument 0 does not become a bound parameter/);
    });
  });
}
