import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { BearerAuthenticator, createHttpApp, Sha256TokenHasher, type Authenticator } from '@oms/http-express';
import { DiskFileStore } from '@oms/file-store-disk';
import { SmtpNotifier } from '@oms/notifier-smtp';
import { EasyPostCarrierGateway } from '@oms/carrier-easypost';
import { PuppeteerDocumentRenderer } from '@oms/documents-puppeteer';
import { CarrierGateways, Clock, createOrderCore, DocumentRenderer, FileStore, IdGenerator, Notifier, TokenHasher, UnitOfWork, type CarrierGateway, type OrderCore } from '@oms/order-core';
import { KyselyFileStore, KyselyUnitOfWork, type OmsDatabase } from '@oms/persistence-kysely';
import { Container, ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { AppTokens } from './app-tokens';
import type { AppConfig } from './config';
import { SystemClock } from './system-clock';
import { LogNotifier } from './log-notifier';
import { UlidIdGenerator } from './ulid-id-generator';

/*
 * The only place that knows every adapter. Classes stay framework-free: each binding is an explicit factory, so
 * the wiring reads as plain code, one module per area.
 */

const runtimeModule = new ContainerModule(({ bind }) => {
  bind<Clock>(Clock).toDynamicValue(() => new SystemClock()).inSingletonScope();
  bind<IdGenerator>(IdGenerator).toDynamicValue(() => new UlidIdGenerator()).inSingletonScope();
  bind<TokenHasher>(TokenHasher).toDynamicValue(() => new Sha256TokenHasher()).inSingletonScope();
});

const persistenceModule = new ContainerModule(({ bind }) => {
  bind<UnitOfWork>(UnitOfWork)
    .toDynamicValue((ctx) => new KyselyUnitOfWork(ctx.get<OmsDatabase>(AppTokens.Database)))
    .inSingletonScope();
});

const filesModule = new ContainerModule(({ bind }) => {
  bind<FileStore>(FileStore)
    .toDynamicValue((ctx) => {
      const config = ctx.get<AppConfig>(AppTokens.Config);
      return config.fileStore === 'database' ? new KyselyFileStore(ctx.get<OmsDatabase>(AppTokens.Database)) : new DiskFileStore(config.attachmentsDir);
    })
    .inSingletonScope();
});

const notificationsModule = new ContainerModule(({ bind }) => {
  bind<Notifier>(Notifier)
    .toDynamicValue((ctx) => {
      const smtp = ctx.get<AppConfig>(AppTokens.Config).smtp;
      return smtp === null
        ? new LogNotifier(ctx.get<Logger>(AppTokens.Logger))
        : new SmtpNotifier({ host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user ?? undefined, password: smtp.password ?? undefined, from: smtp.from });
    })
    .inSingletonScope();
});

const carriersModule = new ContainerModule(({ bind }) => {
  bind<readonly CarrierGateway[]>(CarrierGateways)
    .toDynamicValue((ctx) => {
      const easypost = ctx.get<AppConfig>(AppTokens.Config).easypost;
      if (easypost === null) return [];
      const from = easypost.fromAddress;
      return [
        new EasyPostCarrierGateway({
          apiKey: easypost.apiKey,
          baseUrl: easypost.baseUrl,
          webhookSecret: easypost.webhookSecret,
          timeoutMs: easypost.timeoutMs,
          fromAddress: {
            name: from['name'] ?? '',
            company: from['company'] ?? null,
            street: from['street'] ?? '',
            street2: from['street2'] ?? null,
            city: from['city'] ?? '',
            state: from['state'] ?? null,
            zip: from['zip'] ?? '',
            country: from['country'] ?? null,
            phone: from['phone'] ?? null,
            email: from['email'] ?? null,
          },
          defaultParcel: { weight: easypost.parcel['weight'] ?? 0, length: easypost.parcel['length'], width: easypost.parcel['width'], height: easypost.parcel['height'] },
        }),
      ];
    })
    .inSingletonScope();
});

const documentsModule = new ContainerModule(({ bind }) => {
  // Chromium starts on the first render, not here: an app that never prints never launches it.
  bind<DocumentRenderer>(DocumentRenderer)
    .toDynamicValue((ctx) => {
      const documents = ctx.get<AppConfig>(AppTokens.Config).documents;
      return new PuppeteerDocumentRenderer({
        ...(documents.chromiumPath !== null ? { executablePath: documents.chromiumPath } : {}),
        ...(documents.poolSize !== null ? { poolSize: documents.poolSize } : {}),
        renderTimeoutMs: documents.renderTimeoutMs,
      });
    })
    .inSingletonScope();
});

const coreModule = new ContainerModule(({ bind }) => {
  bind<OrderCore>(AppTokens.OrderCore)
    .toDynamicValue((ctx) => {
      const config = ctx.get<AppConfig>(AppTokens.Config);
      return createOrderCore({
        uow: ctx.get<UnitOfWork>(UnitOfWork),
        clock: ctx.get<Clock>(Clock),
        ids: ctx.get<IdGenerator>(IdGenerator),
        hasher: ctx.get<TokenHasher>(TokenHasher),
        files: ctx.get<FileStore>(FileStore),
        notifier: ctx.get<Notifier>(Notifier),
        defaultCurrency: config.defaultCurrency,
        maxUploadBytes: config.maxUploadBytes,
        carriers: ctx.get<readonly CarrierGateway[]>(CarrierGateways),
        jobRetry: { maxAttempts: config.jobs.maxAttempts, baseDelayMs: config.jobs.retryBaseMs, maxDelayMs: 3_600_000 },
        jobLeaseMs: config.jobs.leaseMs,
        documents: {
          seller: config.documents.seller,
          invoicePrefix: config.documents.invoicePrefix,
          includedTaxes: config.documents.includedTaxes,
          trackingUrlTemplate: `${config.publicBaseUrl}/track/{order_id}`,
        },
      });
    })
    .inSingletonScope();
});

const httpModule = new ContainerModule(({ bind }) => {
  bind<Authenticator>(AppTokens.Authenticator)
    .toDynamicValue((ctx) => {
      const config = ctx.get<AppConfig>(AppTokens.Config);
      return new BearerAuthenticator({
        adminToken: config.adminToken ?? undefined,
        jwtSecret: config.jwtSecret ?? undefined,
        core: ctx.get<OrderCore>(AppTokens.OrderCore),
      });
    })
    .inSingletonScope();
  bind(AppTokens.HttpApp)
    .toDynamicValue((ctx) => {
      const database = ctx.get<OmsDatabase>(AppTokens.Database);
      const config = ctx.get<AppConfig>(AppTokens.Config);
      const logger = ctx.get<Logger>(AppTokens.Logger);
      if (config.signingSecret === null) {
        logger.warn('SIGNING_SECRET is not set: download links are signed with a random key and stop working on restart or on another process');
      }
      return createHttpApp({
        publicBaseUrl: config.publicBaseUrl,
        maxUploadBytes: config.maxUploadBytes,
        trackingRateLimit: config.trackingRateLimit,
        signingSecret: config.signingSecret ?? randomBytes(32).toString('base64url'),
        core: ctx.get<OrderCore>(AppTokens.OrderCore),
        documents: ctx.get<DocumentRenderer>(DocumentRenderer),
        authenticator: ctx.get<Authenticator>(AppTokens.Authenticator),
        logger,
        health: () => database.ping(),
      });
    })
    .inSingletonScope();
});

export function buildContainer(config: AppConfig, database: OmsDatabase, logger: Logger): Container {
  const container = new Container();
  container.bind<AppConfig>(AppTokens.Config).toConstantValue(config);
  container.bind<OmsDatabase>(AppTokens.Database).toConstantValue(database);
  container.bind<Logger>(AppTokens.Logger).toConstantValue(logger);
  container.loadSync(runtimeModule, persistenceModule, filesModule, notificationsModule, carriersModule, documentsModule, coreModule, httpModule);
  return container;
}
