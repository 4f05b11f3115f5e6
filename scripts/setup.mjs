#!/usr/bin/env node
// Makes a fresh clone runnable with nothing installed by hand: installs dependencies when they are missing or
// older than the lockfile, checks the native SQLite binding, and builds the TypeScript project (incrementally).
// Uses only Node's standard library, because it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const log = (message) => {
  if (!quiet) process.stderr.write(`[setup] ${message}\n`);
};

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' } });
  if (result.status !== 0) {
    process.stderr.write(`[setup] ${command} ${args.join(' ')} failed with exit code ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const needsInstall = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000);
if (needsInstall) {
  log('installing dependencies (the first time, better-sqlite3 compiles from source: about 2 minutes)');
  // `npm install`, not `npm ci`: it follows the lockfile's versions yet tolerates a registry mirror that serves only
  // this platform's optional binaries (the lockfile then lacks the other platforms' entries and `npm ci` refuses).
  run('npm', ['install', '--no-audit', '--no-fund']);
}

try {
  const require = createRequire(join(root, 'packages', 'persistence-kysely', 'package.json'));
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (error) {
  log(`the SQLite binding does not load (${error.message.split('\n')[0]}); rebuilding it`);
  run('npm', ['rebuild', 'better-sqlite3']);
}

log('building');
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']);
