import { isKnownCurrency } from '@oms/order-core';

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly adminToken: string | null;
  readonly jwtSecret: string | null;
  readonly publicBaseUrl: string;
  /** HMAC key for signed, expiring download links; null means a random key per process (links die on restart). */
  readonly signingSecret: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly defaultCurrency: string;
  readonly shutdownTimeoutMs: number;
  /** Where attachment bytes go: files in a directory, or rows in the database. */
  readonly fileStore: 'disk' | 'database';
  readonly attachmentsDir: string;
  readonly maxUploadBytes: number;
  /** Null: customer e-mails are written to the log instead of being sent. */
  readonly smtp: { readonly host: string; readonly port: number; readonly secure: boolean; readonly user: string | null; readonly password: string | null; readonly from: string } | null;
  readonly notificationIntervalMs: number;
  readonly trackingRateLimit: { readonly maxFailures: number; readonly windowMs: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and checks the whole configuration at once; every bad variable is named in one error. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const port = integer('PORT', read('PORT'), 3000, 0, 65535, problems);
  const databaseUrl = read('DATABASE_URL') ?? 'sqlite:./data/orders.sqlite';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    problems.push('DATABASE_URL: must be sqlite:<path>, sqlite::memory: or postgres://user@host:port/database');
  }
  const adminToken = read('ADMIN_TOKEN') ?? null;
  if (adminToken !== null && adminToken.length < 16) problems.push('ADMIN_TOKEN: must be at least 16 characters');
  const jwtSecret = read('AUTH_JWT_SECRET') ?? null;
  if (jwtSecret !== null && jwtSecret.length < 32) problems.push('AUTH_JWT_SECRET: must be at least 32 characters (HS256 needs a 256-bit secret)');
  const publicBaseUrl = (read('PUBLIC_BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicBaseUrl)) problems.push('PUBLIC_BASE_URL: must be an http:// or https:// URL');
  const signingSecret = read('SIGNING_SECRET') ?? null;
  if (signingSecret !== null && signingSecret.length < 32) problems.push('SIGNING_SECRET: must be at least 32 characters');
  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  const defaultCurrency = read('DEFAULT_CURRENCY') ?? 'USD';
  if (!isKnownCurrency(defaultCurrency)) problems.push('DEFAULT_CURRENCY: must be an ISO 4217 code such as USD');
  const shutdownTimeoutMs = integer('SHUTDOWN_TIMEOUT_MS', read('SHUTDOWN_TIMEOUT_MS'), 10_000, 0, 600_000, problems);
  const fileStore = read('FILE_STORE') ?? 'disk';
  if (fileStore !== 'disk' && fileStore !== 'database') problems.push('FILE_STORE: must be disk or database');
  const maxUploadBytes = integer('MAX_UPLOAD_BYTES', read('MAX_UPLOAD_BYTES'), 10 * 1024 * 1024, 1, 1024 * 1024 * 1024, problems);

  const smtpHost = read('SMTP_HOST');
  const smtpPort = integer('SMTP_PORT', read('SMTP_PORT'), 587, 1, 65535, problems);
  const smtpSecure = read('SMTP_SECURE') ?? 'false';
  if (smtpSecure !== 'true' && smtpSecure !== 'false') problems.push('SMTP_SECURE: must be true or false');
  const smtpFrom = read('SMTP_FROM');
  if (smtpHost !== undefined && smtpFrom === undefined) problems.push('SMTP_FROM: is required when SMTP_HOST is set (the sender address)');
  const notificationIntervalMs = integer('NOTIFY_INTERVAL_MS', read('NOTIFY_INTERVAL_MS'), 5_000, 100, 3_600_000, problems);
  const trackMax = integer('TRACK_RATE_LIMIT_MAX', read('TRACK_RATE_LIMIT_MAX'), 10, 1, 1_000_000, problems);
  const trackWindow = integer('TRACK_RATE_LIMIT_WINDOW_MS', read('TRACK_RATE_LIMIT_WINDOW_MS'), 600_000, 1_000, 86_400_000, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: read('HOST') ?? '0.0.0.0',
    databaseUrl,
    adminToken,
    jwtSecret,
    publicBaseUrl,
    signingSecret,
    logLevel: logLevel as AppConfig['logLevel'],
    defaultCurrency,
    shutdownTimeoutMs,
    fileStore: fileStore as AppConfig['fileStore'],
    attachmentsDir: read('ATTACHMENTS_DIR') ?? './data/attachments',
    maxUploadBytes,
    smtp:
      smtpHost === undefined
        ? null
        : { host: smtpHost, port: smtpPort, secure: smtpSecure === 'true', user: read('SMTP_USER') ?? null, password: read('SMTP_PASSWORD') ?? null, from: smtpFrom as string },
    notificationIntervalMs,
    trackingRateLimit: { maxFailures: trackMax, windowMs: trackWindow },
  };
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${raw.slice(0, 40)}"`);
    return fallback;
  }
  return value;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
