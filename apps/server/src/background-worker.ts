import type { Logger } from 'pino';

/**
 * Runs `round` every `intervalMs` in this process, never two rounds at once; a failing round is logged and the next
 * one runs as usual. Returns a function that stops the timer and waits for a round in progress.
 */
export function startRepeating(name: string, intervalMs: number, logger: Logger, round: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = round()
      .catch((error: unknown) => logger.error({ err: error, worker: name }, `${name} round failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
