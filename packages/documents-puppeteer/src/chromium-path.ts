import { accessSync, constants } from 'node:fs';
import { DocumentRenderError } from './document-render-error';

/** Debian's `chromium` package installs its launcher here. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to launch: `PUPPETEER_EXECUTABLE_PATH` when set, else the system Chromium. Nothing is ever
 * downloaded: without either, a clear error says what to install or set.
 */
export function resolveChromiumPath(env: Readonly<Record<string, string | undefined>> = process.env, executable: (path: string) => boolean = isExecutable): string {
  const configured = env.PUPPETEER_EXECUTABLE_PATH?.trim();
  if (configured) {
    if (!executable(configured)) {
      throw new DocumentRenderError('CHROMIUM_NOT_FOUND', `PUPPETEER_EXECUTABLE_PATH is ${configured}, which is not an executable file: point it at a Chrome or Chromium binary`);
    }
    return configured;
  }
  if (executable(SYSTEM_CHROMIUM_PATH)) return SYSTEM_CHROMIUM_PATH;
  throw new DocumentRenderError(
    'CHROMIUM_NOT_FOUND',
    `No Chromium found to render documents: install Debian's package (apt-get install chromium) so that ${SYSTEM_CHROMIUM_PATH} exists, or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary`,
  );
}
