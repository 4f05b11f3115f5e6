import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { temporarySqlite } from './test-support/test-databases';

/* The built entry point as an operator runs it: config errors, structured logs, graceful SIGTERM. */

jest.setTimeout(60_000);

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const ADMIN_TOKEN = 'admin-token-for-process-tests-42';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { out, exited };
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does it for you)`);
});

it('refuses to start on a bad variable, naming it', async () => {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: 'abc', DATABASE_URL: 'sqlite::memory:' } });
  const { out, exited } = collect(child);
  expect(await exited).toBe(1);
  expect(out.stderr).toContain('PORT: must be a whole number');
});

it('logs JSON with request ids and finishes in-flight requests on SIGTERM before closing', async () => {
  const database = temporarySqlite();
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, ADMIN_TOKEN, LOG_LEVEL: 'info' },
  });
  const { out, exited } = collect(child);
  try {
    await waitFor(() => out.stdout.includes('listening'), 'the server to listen');
    const body = JSON.stringify({ sku: 'SIGTERM-1', name: 'In flight', price: 10 });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/admin/products', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'req-sigterm-1' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      // The request is half sent when the signal arrives; it must still be answered.
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const answered = await response;
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.text).data.sku).toBe('SIGTERM-1');
    expect(await exited).toBe(0);
    const lines = out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(2);
    expect(JSON.stringify(lines)).toContain('req-sigterm-1');
    expect(lines.some((l) => l.msg === 'stopped cleanly')).toBe(true);
    expect(out.stdout).not.toContain(ADMIN_TOKEN);
  } finally {
    child.kill('SIGKILL');
    await database.drop();
  }
});
