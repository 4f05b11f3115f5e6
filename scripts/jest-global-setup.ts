import { Client } from 'pg';

/**
 * Decides once per run whether the PostgreSQL suites run. Reachable: they run. Unreachable: they are not
 * registered locally, but under CI (CI=true) the run fails, because there PostgreSQL is required.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  process.env.TEST_POSTGRES_URL = url;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.OMS_TEST_POSTGRES = '1';
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`CI requires PostgreSQL at ${url}, but it is unreachable: ${(error as Error).message}`);
    }
    process.env.OMS_TEST_POSTGRES = '0';
    console.warn(`PostgreSQL at ${url} is unreachable: PostgreSQL suites are not run (CI=true makes this a failure).`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
