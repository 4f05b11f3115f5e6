import { sql } from 'kysely';
import type { OmsDatabase } from '../connect-database';

/** Tables of the current schema, sorted by name. */
export async function tableNames(database: OmsDatabase): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`;
  return (await query.execute(database.db)).rows.map((r) => r.name);
}

/** Column name to declared type, as the database reports it. */
export async function columnTypes(database: OmsDatabase, table: string): Promise<Record<string, string>> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table})`
      : sql<{ name: string; type: string }>`select column_name as name, data_type as type from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`;
  const rows = (await query.execute(database.db)).rows;
  return Object.fromEntries(rows.map((r) => [r.name, r.type]));
}

/** The plain columns of an index, in order (an expression column has none and is left out). */
export async function indexColumns(database: OmsDatabase, index: string): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_index_info(${index}) where name is not null order by seqno`
      : sql<{ name: string }>`select a.attname as name
          from pg_index i join pg_class c on c.oid = i.indexrelid
          join lateral unnest(i.indkey) with ordinality as k(attnum, n) on true
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
          where c.relname = ${index} and c.relnamespace = current_schema()::regnamespace order by k.n`;
  return (await query.execute(database.db)).rows.map((r) => r.name);
}
