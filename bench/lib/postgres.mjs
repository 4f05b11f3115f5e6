// Throwaway PostgreSQL databases for one bench run: created, cloned (CREATE DATABASE ... TEMPLATE) and dropped.
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

export class PostgresDatabases {
  constructor(serverUrl) {
    this.serverUrl = serverUrl;
    this.prefix = `oms_bench_${process.pid}_${Date.now().toString(36)}`;
    this.created = new Set();
  }

  /** The URL of database `name` on the server. */
  url(name) {
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async admin(work) {
    const client = new pg.Client({ connectionString: this.url('postgres'), connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Null when the server answers, else why not. */
  async unavailable() {
    try {
      await this.admin((c) => c.query('select 1'));
      return null;
    } catch (error) {
      return `PostgreSQL not reachable at ${this.serverUrl} (${error.message})`;
    }
  }

  async create(suffix, template) {
    const name = `${this.prefix}_${suffix}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.admin((c) => c.query(`create database ${name}${template ? ` template ${template}` : ''}`));
        break;
      } catch (error) {
        // A template still has a session closing (a server that just stopped): wait and retry.
        if (attempt >= 20 || !/being accessed by other users/.test(error.message)) throw error;
        await sleep(250);
      }
    }
    this.created.add(name);
    return name;
  }

  async drop(name) {
    await this.admin((c) => c.query(`drop database if exists ${name} with (force)`));
    this.created.delete(name);
  }

  async dropAll() {
    for (const name of [...this.created]) await this.drop(name).catch(() => undefined);
  }

  async query(name, text, params = []) {
    const client = new pg.Client({ connectionString: this.url(name) });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Runs `work(client)` on one connection to database `name`. */
  async withClient(name, work) {
    const client = new pg.Client({ connectionString: this.url(name) });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
