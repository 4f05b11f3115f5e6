import { ConfigError, loadConfig } from './config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: 'sqlite:./data/orders.sqlite',
      adminToken: null,
      jwtSecret: null,
      publicBaseUrl: 'http://localhost:3000',
      signingSecret: null,
      logLevel: 'info',
      defaultCurrency: 'USD',
      shutdownTimeoutMs: 10_000,
      fileStore: 'disk',
      attachmentsDir: './data/attachments',
      maxUploadBytes: 10_485_760,
      smtp: null,
      notificationIntervalMs: 5_000,
      trackingRateLimit: { maxFailures: 10, windowMs: 600_000 },
    });
    expect(loadConfig({ SMTP_HOST: 'mail.example.com', SMTP_FROM: 'orders@example.com', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }).smtp).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      user: 'u',
      password: 'p',
      from: 'orders@example.com',
    });
    expect(problemsOf({ SMTP_HOST: 'mail.example.com' })).toEqual(['SMTP_FROM: is required when SMTP_HOST is set (the sender address)']);
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      ADMIN_TOKEN: 'short',
      AUTH_JWT_SECRET: 'too-short',
      PUBLIC_BASE_URL: 'ftp://x',
      SIGNING_SECRET: 'short',
      LOG_LEVEL: 'loud',
      DEFAULT_CURRENCY: 'EURO',
      FILE_STORE: 's3',
      MAX_UPLOAD_BYTES: '0',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'DATABASE_URL', 'ADMIN_TOKEN', 'AUTH_JWT_SECRET', 'PUBLIC_BASE_URL', 'SIGNING_SECRET', 'LOG_LEVEL', 'DEFAULT_CURRENCY', 'FILE_STORE', 'MAX_UPLOAD_BYTES']);
    expect(problemsOf({ PORT: '70000' })[0]).toContain('PORT: must be a whole number from 0 to 65535');
  });

  it('accepts SQLite and PostgreSQL URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).databaseUrl).toBe('sqlite::memory:');
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl).toContain('postgres://');
  });
});
