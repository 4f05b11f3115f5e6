import type { Application } from 'express';
import { DocumentRenderer, systemPrincipal, type OrderCore } from '@oms/order-core';
import type { PuppeteerDocumentRenderer } from '@oms/documents-puppeteer';
import { connectDatabase, migrateToLatest, type OmsDatabase } from '@oms/persistence-kysely';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { AppTokens } from './app-tokens';
import type { AppConfig } from './config';
import { buildContainer } from './container';
import { createLogger } from './logger';
import { startMaintenance } from './maintenance';
import { startNotificationWorker } from './notification-worker';
import { startJobWorker, startTrackingPoller } from './job-worker';

export interface OmsApplication {
  readonly container: Container;
  readonly http: Application;
  readonly core: OrderCore;
  readonly database: OmsDatabase;
  readonly logger: Logger;
  /** Set on a first start with an empty database and no ADMIN_TOKEN: the admin token, to show once. */
  readonly bootstrapAdminToken: string | null;
  close(): Promise<void>;
}

/** Connects, migrates and wires everything; serving is up to the caller (main.ts, tests). */
export interface ApplicationOptions {
  readonly logger?: Logger;
  /** Create the first admin token when nobody could log in (default true; the CLI turns it off). */
  readonly bootstrapAdminToken?: boolean;
  /** Run periodic housekeeping, the notification and job workers and the tracking poller in this process (default true; the CLI turns it off). */
  readonly maintenance?: boolean;
}

export async function createApplication(config: AppConfig, options: ApplicationOptions = {}): Promise<OmsApplication> {
  const logger = options.logger ?? createLogger(config);
  const database = await connectDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    const container = buildContainer(config, database, logger);
    const core = container.get<OrderCore>(AppTokens.OrderCore);
    const bootstrapAdminToken = config.adminToken === null && options.bootstrapAdminToken !== false ? await bootstrapToken(core) : null;
    const background = options.maintenance !== false;
    const stopMaintenance = background ? startMaintenance(core, logger) : () => undefined;
    const stopNotifications = background ? startNotificationWorker(core, logger, config.notificationIntervalMs) : async () => undefined;
    const stopJobs = background ? startJobWorker(core, logger, config.jobs.intervalMs) : async () => undefined;
    const stopPolling = background ? startTrackingPoller(core, logger, config.trackingPollIntervalMs) : async () => undefined;
    return {
      container,
      http: container.get<Application>(AppTokens.HttpApp),
      core,
      database,
      logger,
      bootstrapAdminToken,
      close: async () => {
        stopMaintenance();
        await Promise.all([stopNotifications(), stopJobs(), stopPolling()]);
        // Shuts Chromium down if a render ever launched it.
        await container.get<PuppeteerDocumentRenderer>(DocumentRenderer).close();
        await database.destroy();
      },
    };
  } catch (error) {
    await database.destroy();
    throw error;
  }
}

/** With no ADMIN_TOKEN and no API token at all, nobody could ever log in: make the first admin token. */
async function bootstrapToken(core: OrderCore): Promise<string | null> {
  const principal = systemPrincipal('bootstrap');
  const existing = await core.listApiTokens.execute({}, principal);
  if (existing.length > 0) return null;
  const issued = await core.issueApiToken.execute({ name: 'bootstrap admin', role: 'admin' }, principal);
  return issued.secret;
}
