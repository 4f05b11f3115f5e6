import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export function temporarySqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'oms-app-'));
  return { url: `sqlite:${join(dir, 'orders.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh PostgreSQL database for one test file, dropped afterwards. */
export async function temporaryPostgres(): Promise<TestDatabase> {
  const base = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `oms_app_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The databases the app tests run on: SQLite always, PostgreSQL when the run found it (always under CI). */
export const DATABASES: readonly (readonly [string, () => Promise<TestDatabase>])[] = [
  ['sqlite', async () => temporarySqlite()],
  ...(process.env.OMS_TEST_POSTGRES === '1' ? [['postgres', temporaryPostgres] as const] : []),
];
