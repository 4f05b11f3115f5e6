#!/usr/bin/env node
// Makes a fresh clone runnable with nothing installed by hand: installs Debian's Chromium (PDF documents) and poppler
// (the tests read PDFs with it) when missing, installs dependencies when they are missing or older than the lockfile,
// checks the native SQLite binding, and builds the TypeScript project (incrementally).
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

// Nothing is downloaded at `npm install` (puppeteer-core fetches no browser): PDFs are printed by the system Chromium,
// or by the one PUPPETEER_EXECUTABLE_PATH names.
const chromium = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
const systemPackages = [
  ['chromium', chromium],
  ['poppler-utils', '/usr/bin/pdftotext'],
].filter(([, path]) => !existsSync(path));
if (systemPackages.length > 0) {
  // Fonts are only recommended by the chromium package; without one, PDFs have no readable text.
  const names = systemPackages.map(([name]) => name).flatMap((name) => (name === 'chromium' ? [name, 'fonts-liberation', 'fonts-dejavu-core'] : [name]));
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    log(`installing ${names.join(' and ')} from Debian's packages`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names]);
  } else {
    log(`missing ${names.join(' and ')}: install them (apt-get install ${names.join(' ')}) or set PUPPETEER_EXECUTABLE_PATH to a Chrome; PDF documents fail until then`);
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
