import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/*
 * The dependency rules of ARCHITECTURE.md, checked on every test run: order-core imports nothing outside itself
 * and touches no ambient runtime; adapters never import each other; only the app knows Inversify.
 */

const root = join(__dirname, '..');
const ADAPTERS = ['persistence-kysely', 'http-express', 'file-store-disk', 'notifier-smtp', 'carrier-easypost', 'documents-puppeteer'];

/** Folders of test helpers: test code, never built into dist. */
const TEST_SUPPORT_DIRS = new Set(['test-support', 'testing']);

function sourceFiles(dir: string, includeTests = false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (includeTests || !TEST_SUPPORT_DIRS.has(entry)) out.push(...sourceFiles(path, includeTests));
    }
    else if (path.endsWith('.ts') && (includeTests || !path.endsWith('.test.ts'))) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

function violations(files: string[], isBad: (specifier: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter(isBad).map((spec) => `${relative(root, file)} imports ${spec}`));
}

describe('architecture', () => {
  const coreFiles = sourceFiles(join(root, 'packages/order-core/src'));

  it('finds the sources it checks', () => {
    expect(coreFiles.length).toBeGreaterThan(20);
    for (const adapter of ADAPTERS) expect(sourceFiles(join(root, 'packages', adapter, 'src')).length).toBeGreaterThan(0);
  });

  it('order-core imports only its own files', () => {
    expect(violations(coreFiles, (spec) => !spec.startsWith('.'))).toEqual([]);
  });

  it('order-core declares no dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/order-core/package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  it('order-core reads no clock, randomness, environment or runtime globals directly', () => {
    const ambient = /\bDate\.now\(|new Date\(\)|Math\.random\(|\bprocess\.|\brequire\(|\bglobalThis\b|\bsetTimeout\(|\bBuffer\b/;
    const offenders = coreFiles.filter((file) => ambient.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it.each(ADAPTERS)('%s imports no other adapter and not the app', (adapter) => {
    const files = sourceFiles(join(root, 'packages', adapter, 'src'), true);
    const allowed = new Set(['@oms/order-core', '@oms/order-testkit']);
    expect(violations(files, (spec) => spec.startsWith('@oms/') && !allowed.has(spec))).toEqual([]);
    const production = sourceFiles(join(root, 'packages', adapter, 'src'));
    expect(violations(production, (spec) => spec === '@oms/order-testkit')).toEqual([]);
  });

  it('order-testkit depends on order-core only', () => {
    const files = sourceFiles(join(root, 'packages/order-testkit/src'), true);
    expect(violations(files, (spec) => spec.startsWith('@oms/') && spec !== '@oms/order-core')).toEqual([]);
  });

  it('only the app imports Inversify', () => {
    const packages = ['order-core', 'order-testkit', ...ADAPTERS];
    const files = packages.flatMap((p) => sourceFiles(join(root, 'packages', p, 'src'), true));
    expect(violations(files, (spec) => spec === 'inversify' || spec.startsWith('@inversifyjs/') || spec === 'reflect-metadata')).toEqual([]);
    expect(violations(sourceFiles(join(root, 'apps/server/src')), (spec) => spec === 'inversify').length).toBeGreaterThan(0);
  });

  it('no package reaches into another package’s files', () => {
    const all = sourceFiles(join(root, 'packages'), true).concat(sourceFiles(join(root, 'apps/server/src'), true));
    expect(violations(all, (spec) => /^@oms\/[^/]+\/.+/.test(spec) || /\.\.\/\.\.\/(packages|apps)\//.test(spec) || /\/src\//.test(spec))).toEqual([]);
  });
});
