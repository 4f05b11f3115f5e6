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
  /** The background job worker: how often it looks for work, how often a job is tried, and how long a claim holds. */
  readonly jobs: { readonly intervalMs: number; readonly maxAttempts: number; readonly retryBaseMs: number; readonly leaseMs: number };
  /** 0: carriers are not polled (webhooks only). */
  readonly trackingPollIntervalMs: number;
  /** Null: no EasyPost account; only manual carriers and couriers. */
  readonly easypost: EasyPostConfig | null;
  readonly documents: DocumentsConfig;
}

export interface DocumentsConfig {
  readonly seller: { readonly name: string; readonly addressLines: readonly string[]; readonly taxId: string | null; readonly email: string | null; readonly phone: string | null };
  readonly invoicePrefix: string;
  readonly includedTaxes: readonly { readonly label: string; readonly ratePercent: number }[];
  /** Null: the system Chromium (/usr/bin/chromium). */
  readonly chromiumPath: string | null;
  readonly renderTimeoutMs: number;
  /** Null: one page per CPU. */
  readonly poolSize: number | null;
}

export interface EasyPostConfig {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly webhookSecret: string | null;
  readonly fromAddress: Readonly<Record<string, string>>;
  readonly parcel: Readonly<Record<string, number>>;
  readonly timeoutMs: number;
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

  const jobs = {
    intervalMs: integer('JOBS_INTERVAL_MS', read('JOBS_INTERVAL_MS'), 2_000, 100, 3_600_000, problems),
    maxAttempts: integer('JOB_MAX_ATTEMPTS', read('JOB_MAX_ATTEMPTS'), 6, 1, 100, problems),
    retryBaseMs: integer('JOB_RETRY_BASE_MS', read('JOB_RETRY_BASE_MS'), 30_000, 10, 86_400_000, problems),
    leaseMs: integer('JOB_LEASE_MS', read('JOB_LEASE_MS'), 300_000, 1_000, 86_400_000, problems),
  };
  const trackingPollIntervalMs = integer('TRACKING_POLL_INTERVAL_MS', read('TRACKING_POLL_INTERVAL_MS'), 0, 0, 86_400_000, problems);
  if (trackingPollIntervalMs !== 0 && trackingPollIntervalMs < 10_000) problems.push('TRACKING_POLL_INTERVAL_MS: must be 0 (off) or at least 10000');
  const easypost = easyPostConfig(read, problems);
  const documents = documentsConfig(read, problems);

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
    jobs,
    trackingPollIntervalMs,
    easypost,
    documents,
  };
}

function documentsConfig(read: (name: string) => string | undefined, problems: string[]): DocumentsConfig {
  const invoicePrefix = read('INVOICE_PREFIX') ?? 'INV-';
  if (!/^[A-Za-z0-9-_/]{0,16}$/.test(invoicePrefix)) problems.push('INVOICE_PREFIX: must be up to 16 letters, digits, "-", "_" or "/"');
  let includedTaxes: DocumentsConfig['includedTaxes'] = [];
  const taxes = read('INVOICE_INCLUDED_TAXES');
  if (taxes !== undefined) {
    try {
      const parsed: unknown = JSON.parse(taxes);
      const valid =
        Array.isArray(parsed) &&
        parsed.every(
          (t: unknown) =>
            typeof t === 'object' && t !== null && typeof (t as Record<string, unknown>)['label'] === 'string' && typeof (t as Record<string, unknown>)['rate_percent'] === 'number' && ((t as Record<string, number>)['rate_percent'] ?? -1) >= 0 && ((t as Record<string, number>)['rate_percent'] ?? 101) <= 100,
        );
      if (valid) includedTaxes = (parsed as { label: string; rate_percent: number }[]).map((t) => ({ label: t.label, ratePercent: t.rate_percent }));
      else problems.push('INVOICE_INCLUDED_TAXES: must be a JSON list such as [{"label":"VAT 20% (included)","rate_percent":20}]');
    } catch {
      problems.push('INVOICE_INCLUDED_TAXES: must be a JSON list such as [{"label":"VAT 20% (included)","rate_percent":20}]');
    }
  }
  const poolSize = read('DOCUMENT_POOL_SIZE');
  return {
    seller: {
      name: read('SELLER_NAME') ?? 'Your shop',
      addressLines: (read('SELLER_ADDRESS') ?? '').split('|').map((line) => line.trim()).filter((line) => line !== ''),
      taxId: read('SELLER_TAX_ID') ?? null,
      email: read('SELLER_EMAIL') ?? null,
      phone: read('SELLER_PHONE') ?? null,
    },
    invoicePrefix,
    includedTaxes,
    chromiumPath: read('PUPPETEER_EXECUTABLE_PATH') ?? null,
    renderTimeoutMs: integer('DOCUMENT_RENDER_TIMEOUT_MS', read('DOCUMENT_RENDER_TIMEOUT_MS'), 15_000, 1_000, 300_000, problems),
    poolSize: poolSize === undefined ? null : integer('DOCUMENT_POOL_SIZE', poolSize, 1, 1, 64, problems),
  };
}

function easyPostConfig(read: (name: string) => string | undefined, problems: string[]): EasyPostConfig | null {
  const apiKey = read('EASYPOST_API_KEY');
  if (apiKey === undefined) return null;
  const baseUrl = (read('EASYPOST_BASE_URL') ?? 'https://api.easypost.com').replace(/\/+$/, '');
  if (!isHttpUrl(baseUrl)) problems.push('EASYPOST_BASE_URL: must be an http:// or https:// URL');
  const json = <T>(name: string, check: (value: unknown) => value is T): T | null => {
    const raw = read(name);
    if (raw === undefined) {
      problems.push(`${name}: is required when EASYPOST_API_KEY is set`);
      return null;
    }
    try {
      const value: unknown = JSON.parse(raw);
      if (check(value)) return value;
    } catch {
      // Reported below.
    }
    problems.push(`${name}: must be a JSON object (see README)`);
    return null;
  };
  const isTextRecord = (v: unknown): v is Record<string, string> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
  const isNumberRecord = (v: unknown): v is Record<string, number> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number' && x > 0);
  const fromAddress = json('EASYPOST_FROM_ADDRESS', isTextRecord);
  const parcel = json('EASYPOST_PARCEL', isNumberRecord);
  const webhookSecret = read('EASYPOST_WEBHOOK_SECRET') ?? null;
  const timeoutMs = integer('EASYPOST_TIMEOUT_MS', read('EASYPOST_TIMEOUT_MS'), 15_000, 100, 300_000, problems);
  return { apiKey, baseUrl, webhookSecret, fromAddress: fromAddress ?? {}, parcel: parcel ?? {}, timeoutMs };
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
