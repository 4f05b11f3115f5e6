import { systemPrincipal, type OrderCore } from '@oms/order-core';
import type { Logger } from 'pino';
import { startRepeating } from './background-worker';

/**
 * Runs background jobs (carrier hand-overs) in the app process: each round claims due jobs, and jobs whose worker
 * died once their lease ran out, until none are left. Several processes may run it on one PostgreSQL database;
 * the claims keep them from running the same job twice.
 */
export function startJobWorker(core: OrderCore, logger: Logger, intervalMs: number): () => Promise<void> {
  const principal = systemPrincipal('job-worker');
  return startRepeating('job worker', intervalMs, logger, async () => {
    for (;;) {
      const tally = await core.runJobs.execute({ limit: 10 }, principal);
      if (tally.claimed > 0) logger.info({ ...tally }, 'ran background jobs');
      if (tally.claimed === 0) return;
    }
  });
}

/** Asks carriers that can be polled for news of the parcels still on their way. Off when `intervalMs` is 0. */
export function startTrackingPoller(core: OrderCore, logger: Logger, intervalMs: number): () => Promise<void> {
  if (intervalMs === 0) return async () => undefined;
  const principal = systemPrincipal('tracking-poller');
  return startRepeating('tracking poller', intervalMs, logger, async () => {
    const intake = await core.pollShipmentTracking.execute({}, principal);
    if (intake.applied > 0) logger.info({ ...intake }, 'polled carrier tracking');
  });
}
