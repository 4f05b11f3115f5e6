import { createApplication } from './application';
import { ConfigError, loadConfig } from './config';
import { listen } from './http-server';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApplication(config);
  const running = await listen(app, config.port, config.host);
  app.logger.info({ port: running.port, database: config.databaseUrl.split(':')[0] }, 'order management system listening');
  if (app.bootstrapAdminToken) {
    // Printed once, on the first start only: it is stored hashed and cannot be shown again.
    process.stdout.write(
      `\nFirst start: created an admin API token (store it now, it will not be shown again):\n\n  ${app.bootstrapAdminToken}\n\n` +
        `Use it as: Authorization: Bearer <token>\n\n`,
    );
  }
  const shutdown = (signal: string) => {
    app.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    running.stop(config.shutdownTimeoutMs).then(
      () => {
        app.logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        app.logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
