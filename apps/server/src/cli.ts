import { parseArgs } from 'node:util';
import { isDomainError, systemPrincipal } from '@oms/order-core';
import { createApplication } from './application';
import { ConfigError, loadConfig } from './config';
import { seedDatabase } from './seed';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate                                             apply database migrations
  tokens create --name NAME --scopes a,b [--role admin|integration]
                                                      create an API token; the secret is printed once
  tokens list                                         list API tokens (never their secrets)
  tokens revoke ID                                    revoke an API token
  seed --orders N [--products P] [--customers C] [--days D]
                                                      bulk-insert P new products with stock (default 1000) and N
                                                      orders over the last D days (default 365) for C customers
                                                      (default 10000), with lines, timelines and stock history

Options:
  --database-url URL                                  the database to use instead of DATABASE_URL

The database comes from DATABASE_URL (default sqlite:./data/orders.sqlite).`;

/** `out` gets the results; `progress` (default: stderr) the progress of long commands such as seed. */
export async function runCli(
  argv: readonly string[],
  out: (line: string) => void,
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      role: { type: 'string' },
      orders: { type: 'string' },
      products: { type: 'string' },
      customers: { type: 'string' },
      days: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || command === undefined) {
    out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const seedOptions = command === 'seed' ? parseSeedOptions(values) : null;
  if (seedOptions instanceof Error) {
    out(seedOptions.message);
    return 2;
  }
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await createApplication(config, { bootstrapAdminToken: false, maintenance: false });
  const principal = systemPrincipal('cli');
  try {
    if (command === 'migrate') {
      out('Database is migrated to the latest version.');
      return 0;
    }
    if (seedOptions !== null) {
      let reported = Date.now();
      const result = await seedDatabase(app.database, {
        ...seedOptions,
        onProgress: ({ orders, total }) => {
          if (Date.now() - reported < 5_000) return;
          reported = Date.now();
          progress(`seeded ${orders} of ${total} orders`);
        },
      });
      const seconds = result.milliseconds / 1000;
      out(
        `Seeded ${result.products} products and ${result.orders} orders (${result.lines} lines, ${result.events} events, ` +
          `${result.movements} inventory movements) in ${seconds.toFixed(1)} s` +
          (result.orders > 0 ? ` (${Math.round(result.orders / seconds)} orders/s)` : '') +
          (result.numbers ? `; order numbers ${result.numbers.first} to ${result.numbers.last}.` : '.'),
      );
      return 0;
    }
    if (command === 'tokens' && sub === 'create') {
      const issued = await app.core.issueApiToken.execute(
        {
          name: values.name ?? '',
          role: (values.role ?? 'integration') as 'admin' | 'integration',
          scopes: (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        },
        principal,
      );
      out(`Created API token ${issued.token.id} (${issued.token.name}) with scopes: ${issued.token.scopes.join(', ')}`);
      out('Secret (shown once, stored only as a hash):');
      out(issued.secret);
      return 0;
    }
    if (command === 'tokens' && sub === 'list') {
      const tokens = await app.core.listApiTokens.execute({}, principal);
      for (const t of tokens) out(`${t.id}\t${t.name}\t${t.role}\t${t.scopes.join(',')}\t${t.createdAt}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}`);
      if (tokens.length === 0) out('No API tokens.');
      return 0;
    }
    if (command === 'tokens' && sub === 'revoke' && arg) {
      await app.core.revokeApiToken.execute({ tokenId: arg }, principal);
      out(`Revoked ${arg}.`);
      return 0;
    }
    out(USAGE);
    return 2;
  } finally {
    await app.close();
  }
}

function parseSeedOptions(values: { orders?: string; products?: string; customers?: string; days?: string }) {
  const whole = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    const value = /^\d+$/.test(text.replace(/_/g, '')) ? Number(text.replace(/_/g, '')) : NaN;
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`);
    return value;
  };
  try {
    const orders = whole('orders', values.orders, 0);
    if (orders === undefined) return new Error('seed needs --orders N (0 seeds products only)');
    return {
      orders,
      products: whole('products', values.products, 1),
      customers: whole('customers', values.customers, 1),
      days: whole('days', values.days, 1),
    };
  } catch (error) {
    return error as Error;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError || isDomainError(error)) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
