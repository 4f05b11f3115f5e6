import { sql, type ColumnDataType, type CreateTableBuilder, type Expression, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';

/*
 * Column types and table options shared by the migrations. Frozen: a shipped migration must keep producing the same
 * schema, so this file never changes; a migration that needs something else gets a schema-helpers-v2.ts.
 */

/** Written against Kysely<unknown>: a migration must not follow later changes to DatabaseSchema. */
export type AnyDb = Kysely<unknown>;
export type DataType = ColumnDataType | Expression<unknown>;

export interface ColumnTypes {
  /** Minor units, numbers, counters: 64-bit on both dialects. */
  readonly bigint: DataType;
  readonly integer: DataType;
  readonly text: DataType;
  /** Ids, codes and timestamps: the columns lists sort and page by. */
  readonly key: DataType;
  /** Raw bytes. */
  readonly bytes: DataType;
}

export function columnTypes(dialect: DatabaseDialect): ColumnTypes {
  if (dialect === 'postgres') {
    // Byte-order collation for sort keys: ordering then matches SQLite and JavaScript whatever the database locale.
    return { bigint: 'bigint', integer: 'integer', text: 'text', key: sql`text collate "C"`, bytes: 'bytea' };
  }
  // STRICT tables accept INTEGER (64-bit in SQLite) but not BIGINT as a type name.
  return { bigint: 'integer', integer: 'integer', text: 'text', key: 'text', bytes: 'blob' };
}

export function finish<T extends string, C extends string>(dialect: DatabaseDialect, table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> {
  // STRICT makes SQLite refuse values of the wrong type (a float or text in a money column) as PostgreSQL does.
  return dialect === 'sqlite' ? table.modifyEnd(sql`strict`) : table;
}
