import { parseArgs } from 'node:util';
import { isDomainError, systemPrincipal } from '@oms/order-core';
import { createApplication } from './application';
import { ConfigError, loadConfig } from './config';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate                                             apply database migrations
  tokens create --name NAME --scopes a,b [--role admin|integration]
                                                      create an API token; the secret is printed once
  tokens list                                         list API tokens (never their secrets)
  tokens revoke ID                                    revoke an API token

The database comes from DATABASE_URL (default sqlite:./data/orders.sqlite).`;

export async function runCli(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, sub, arg] = positionals;
  if (values.help || command === undefined) {
    out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await createApplication(config, { bootstrapAdminToken: false, maintenance: false });
  const principal = systemPrincipal('cli');
  try {
    if (command === 'migrate') {
      out('Database is migrated to the latest version.');
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
