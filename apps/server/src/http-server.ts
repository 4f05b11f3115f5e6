import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OmsApplication } from './application';

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting connections, lets in-flight requests finish (up to timeoutMs), then closes the database. */
  stop(timeoutMs: number): Promise<void>;
}

export async function listen(app: OmsApplication, port: number, host: string): Promise<RunningServer> {
  const server = createServer(app.http);
  // Keep-alive sockets must not hold a shutdown open; Node's default of 5 s is fine for clients.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let stopping: Promise<void> | null = null;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop(timeoutMs) {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        await closed;
        clearTimeout(timer);
        await app.close();
      })();
      return stopping;
    },
  };
}
