// Reads what the scenarios need from a seeded SQLite file (product ids, sample order ids, keyset positions).
import Database from 'better-sqlite3';

export function withSqlite(path, work) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function sqliteProductIds(path) {
  return withSqlite(path, (db) => db.prepare("select id from products where status = 'active' order by id").pluck().all());
}
