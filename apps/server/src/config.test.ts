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
      jobs: { intervalMs: 2_000, maxAttempts: 6, retryBaseMs: 30_000, leaseMs: 300_000 },
      trackingPollIntervalMs: 0,
      easypost: null,
      documents: {
        seller: { name: 'Your shop', addressLines: [], taxId: null, email: null, phone: null },
        invoicePrefix: 'INV-',
        includedTaxes: [],
        chromiumPath: null,
        renderTimeoutMs: 15_000,
        poolSize: null,
      },
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

  it('reads an EasyPost account only as a whole, and checks the job settings', () => {
    const easypost = {
      EASYPOST_API_KEY: 'EZTK_test',
      EASYPOST_FROM_ADDRESS: '{"name":"Warehouse","street":"1 Dock Rd","city":"Chicago","zip":"60601"}',
      EASYPOST_PARCEL: '{"weight":16}',
    };
    expect(loadConfig(easypost).easypost).toEqual({
      apiKey: 'EZTK_test',
      baseUrl: 'https://api.easypost.com',
      webhookSecret: null,
      fromAddress: { name: 'Warehouse', street: '1 Dock Rd', city: 'Chicago', zip: '60601' },
      parcel: { weight: 16 },
      timeoutMs: 15_000,
    });
    expect(problemsOf({ EASYPOST_API_KEY: 'k', EASYPOST_PARCEL: '{"weight":-1}' })).toEqual([
      'EASYPOST_FROM_ADDRESS: is required when EASYPOST_API_KEY is set',
      'EASYPOST_PARCEL: must be a JSON object (see README)',
    ]);
    expect(problemsOf({ JOB_MAX_ATTEMPTS: '0', TRACKING_POLL_INTERVAL_MS: '50' })).toEqual([
      'JOB_MAX_ATTEMPTS: must be a whole number from 1 to 100, got "0"',
      'TRACKING_POLL_INTERVAL_MS: must be 0 (off) or at least 10000',
    ]);
  });

  it('reads seller details, invoice numbering and included taxes for documents', () => {
    const documents = loadConfig({
      SELLER_NAME: 'Acme Outfitters',
      SELLER_ADDRESS: '1 Dock Rd | Chicago IL 60601 |',
      SELLER_TAX_ID: 'US-123',
      INVOICE_PREFIX: 'ACME-',
      INVOICE_INCLUDED_TAXES: '[{"label":"VAT 20% (included)","rate_percent":20}]',
      DOCUMENT_POOL_SIZE: '3',
    }).documents;
    expect(documents).toMatchObject({
      seller: { name: 'Acme Outfitters', addressLines: ['1 Dock Rd', 'Chicago IL 60601'], taxId: 'US-123' },
      invoicePrefix: 'ACME-',
      includedTaxes: [{ label: 'VAT 20% (included)', ratePercent: 20 }],
      poolSize: 3,
    });
    expect(problemsOf({ INVOICE_INCLUDED_TAXES: '[{"label":"VAT","rate_percent":"20"}]', INVOICE_PREFIX: 'no spaces please' })).toEqual([
      'INVOICE_PREFIX: must be up to 16 letters, digits, "-", "_" or "/"',
      'INVOICE_INCLUDED_TAXES: must be a JSON list such as [{"label":"VAT 20% (included)","rate_percent":20}]',
    ]);
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
