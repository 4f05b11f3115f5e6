import { systemPrincipal, type OrderCore } from '@oms/order-core';
import type { Logger } from 'pino';
import { startRepeating } from './background-worker';

/**
 * Delivers queued customer e-mails in the app process: one round every `intervalMs`, never two at once.
 * Returns a function that stops it and waits for a round in progress.
 */
export function startNotificationWorker(core: OrderCore, logger: Logger, intervalMs: number): () => Promise<void> {
  const deliver = core.deliverNotifications;
  if (!deliver) return async () => undefined;
  const principal = systemPrincipal('notification-worker');
  return startRepeating('notification delivery', intervalMs, logger, async () => {
    const { sent, failed } = await deliver.execute({}, principal);
    if (sent > 0 || failed > 0) logger.info({ sent, failed }, 'delivered customer notifications');
  });
}
