import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';

/** Structured JSON logs on stdout; secrets are redacted even if a caller logs them by mistake. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'oms' },
    redact: ['req.headers.authorization', 'authorization', 'token', 'secret', 'password'],
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
