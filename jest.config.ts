import type { Config } from 'jest';

// Tests import sibling packages from their sources, so `npm test` needs no build step first.
const moduleNameMapper = {
  '^@oms/order-core$': '<rootDir>/packages/order-core/src/index.ts',
  '^@oms/order-testkit$': '<rootDir>/packages/order-testkit/src/index.ts',
  '^@oms/persistence-kysely$': '<rootDir>/packages/persistence-kysely/src/index.ts',
  '^@oms/http-express$': '<rootDir>/packages/http-express/src/index.ts',
  '^@oms/file-store-disk$': '<rootDir>/packages/file-store-disk/src/index.ts',
  '^@oms/notifier-smtp$': '<rootDir>/packages/notifier-smtp/src/index.ts',
  '^@oms/carrier-easypost$': '<rootDir>/packages/carrier-easypost/src/index.ts',
  '^@oms/documents-puppeteer$': '<rootDir>/packages/documents-puppeteer/src/index.ts',
};

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] as [string, Record<string, unknown>],
};

function project(displayName: string, dir: string, extra: Partial<Config> = {}): Config {
  return {
    displayName,
    rootDir: __dirname,
    roots: [`<rootDir>/${dir}`],
    testMatch: ['**/*.test.ts'],
    testEnvironment: 'node',
    moduleNameMapper,
    transform,
    ...extra,
  };
}

const config: Config = {
  globalSetup: '<rootDir>/scripts/jest-global-setup.ts',
  // A guard against hangs, not a speed check: on a loaded 2-core CI machine some tests take seconds.
  testTimeout: 30_000,
  projects: [
    project('architecture', 'tools'),
    project('order-core', 'packages/order-core'),
    project('order-testkit', 'packages/order-testkit'),
    project('persistence-kysely', 'packages/persistence-kysely'),
    project('http-express', 'packages/http-express'),
    project('file-store-disk', 'packages/file-store-disk'),
    project('notifier-smtp', 'packages/notifier-smtp'),
    project('carrier-easypost', 'packages/carrier-easypost'),
    project('documents-puppeteer', 'packages/documents-puppeteer'),
    project('server', 'apps/server'),
  ],
};

export default config;
