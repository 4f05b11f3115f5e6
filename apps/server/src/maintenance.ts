import { systemPrincipal, type OrderCore } from '@oms/order-core';
import type { Logger } from 'pino';

const HOUR_MS = 60 * 60 * 1000;

/** Periodic housekeeping in the app process: expired idempotency keys are purged hourly. Returns a stop function. */
export function startMaintenance(core: OrderCore, logger: Logger, intervalMs = HOUR_MS): () => void {
  const principal = systemPrincipal('maintenance');
  const run = () => {
    core.purgeIdempotencyRecords.execute({}, principal).then(
      ({ purged }) => {
        if (purged > 0) logger.info({ purged }, 'purged expired idempotency keys');
      },
      (error: unknown) => logger.error({ err: error }, 'purging expired idempotency keys failed'),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  // Housekeeping must never keep the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
