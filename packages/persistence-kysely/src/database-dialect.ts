/** The SQL dialects this package speaks. */
export type DatabaseDialect = 'sqlite' | 'postgres';
