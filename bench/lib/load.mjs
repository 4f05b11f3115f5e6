// HTTP load with autocannon at a fixed concurrency, keeping every response time (autocannon's own summary has no
// p95) so percentiles are exact.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

/**
 * Drives `baseUrl` with `connections` concurrent keep-alive connections for `warmupSeconds + seconds`, or until
 * `amount` requests. `next()` returns `{ method, path, body? }` for each request.
 *
 * One continuous run: requests sent during the first `warmupSeconds` are not counted (JIT, caches, and the burst of
 * fresh connections that all send at once, which makes the first requests queue behind each other); the figures are
 * those of requests sent after it. Throughput is 2xx responses completed per second of the measured window.
 */
export async function runLoad({ baseUrl, token, connections, seconds, amount, warmupSeconds = 0, next, keepLatencies = false }) {
  const latencies = [];
  let ok = 0;
  let non2xx = 0;
  const statuses = {};
  const started = performance.now();
  const measureFrom = started + warmupSeconds * 1000;
  let lastResponse = started;
  const options = {
    url: baseUrl,
    connections,
    pipelining: 1,
    timeout: 30,
    // autocannon stops at its next sample tick after the duration: tick often so the run ends on time.
    sampleInt: 100,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const r = next();
          return { ...request, method: r.method, path: r.path, body: r.body === undefined ? undefined : JSON.stringify(r.body) };
        },
      },
    ],
  };
  if (amount !== undefined) options.amount = amount;
  else options.duration = warmupSeconds + seconds;
  const instance = autocannon(options);
  const measureTo = amount !== undefined ? Infinity : measureFrom + seconds * 1000;
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    const now = performance.now();
    const success = statusCode >= 200 && statusCode < 300;
    // Throughput: responses completed inside the window. Latency and errors: requests sent inside it.
    if (success && now >= measureFrom && now <= measureTo) {
      ok++;
      lastResponse = now;
    }
    const sent = now - responseTime;
    if (sent < measureFrom || sent > measureTo) return;
    if (success) latencies.push(responseTime);
    else {
      non2xx++;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  });
  const result = await instance;
  const window = (amount !== undefined ? Math.max(1, lastResponse - measureFrom) : seconds * 1000) / 1000;
  return {
    requests: ok,
    seconds: window,
    throughput: ok / window,
    latency: summarize(latencies),
    errors: result.errors + result.timeouts,
    non2xx,
    statuses,
    connections,
    // Every counted response time, for callers that pool several runs (not written to the results).
    ...(keepLatencies ? { latencies } : {}),
  };
}

/** One request with fetch, for set-up steps (reading ids, cursors). */
export async function request(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return json;
}
