import { systemPrincipal, type OrderCore } from '@oms/order-core';
import type { Logger } from 'pino';

/**
 * Delivers queued customer e-mails in the app process: one round every `intervalMs`, never two at once.
 * Returns a function that stops it and waits for a round in progress.
 */
export function startNotificationWorker(core: OrderCore, logger: Logger, intervalMs: number): () => Promise<void> {
  const deliver = core.deliverNotifications;
  if (!deliver) return async () => undefined;
  const principal = systemPrincipal('notification-worker');
  let running: Promise<void> | null = null;
  const round = () => {
    if (running) return;
    running = deliver
      .execute({}, principal)
      .then(
        ({ sent, failed }) => {
          if (sent > 0 || failed > 0) logger.info({ sent, failed }, 'delivered customer notifications');
        },
        (error: unknown) => logger.error({ err: error }, 'notification delivery round failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
