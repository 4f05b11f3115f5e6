// Servers under test run as their own processes: the app as it ships (`node apps/server/dist/main.js`) and the
// hand-written baselines. Their memory is read from /proc (Linux): VmRSS now, VmHWM the peak since start.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const started = new Set();

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident and peak resident memory of a process in bytes (null where /proc is missing). */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : null;
    };
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: null, peak: null };
  }
}

/**
 * Starts `node script` with `env`, waits until GET /healthz answers 200, and returns a handle. Output is kept (the
 * last 64 KiB) to explain a failed start.
 */
export async function startServer({ name, script, args = [], env, port, nodeOptions = [] }) {
  const child = spawn(process.execPath, [...nodeOptions, script, ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-65536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exitedEarly = null;
  exited.then((e) => {
    exitedEarly = e;
    started.delete(child);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exitedEarly) throw new Error(`${name} exited during start (${JSON.stringify(exitedEarly)}):\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /healthz within 120 s:\n${output}`);
    }
    await sleep(100);
  }
  return {
    name,
    pid: child.pid,
    baseUrl,
    memory: () => memoryOf(child.pid),
    output: () => output,
    async stop() {
      if (exitedEarly) return exitedEarly;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Runs `node script args` to completion; resolves to its stdout, rejects with its output on failure. */
export async function runNode(script, args, { env = {}, nodeOptions = [], echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr = (stderr + c).slice(-65536);
      if (echo) process.stderr.write(c);
    });
    child.once('exit', (code, signal) => {
      started.delete(child);
      if (code === 0) resolve({ stdout, stderr, pid: child.pid });
      else reject(new Error(`node ${script} ${args.join(' ')} failed (${code ?? signal}):\n${stderr}\n${stdout}`.slice(-8000)));
    });
  });
}

/** Ends every child this bench started and has not seen exit (on errors and interrupts). */
export function killStarted() {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
}
