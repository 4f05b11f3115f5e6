import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { writeHardenedProfile } from './chromium-profile';
import { DocumentRenderError } from './document-render-error';
import { installRequestFirewall } from './request-firewall';

export interface ChromiumPagePoolOptions {
  /** Called at each launch, so a missing Chromium is reported when a document is first rendered. */
  readonly executablePath: () => string;
  readonly args: readonly string[];
  /** Pages rendering at the same time; more renders wait for one. */
  readonly size: number;
  readonly launchTimeoutMs: number;
  /** Upper bound of one DevTools call, so a wedged Chromium cannot hold a promise forever. */
  readonly protocolTimeoutMs: number;
}

interface LaunchedBrowser {
  readonly browser: Browser;
  /** The one context every pooled page lives in, apart from the browser's default context. */
  readonly context: BrowserContext;
  readonly userDataDir: string;
}

interface PooledPage {
  /** Renders done on the page; past MAX_USES_PER_PAGE it is replaced, so nothing builds up in one renderer. */
  uses: number;
  readonly browser: Browser;
  readonly page: Page;
  /** Rejects when the page's renderer crashes. */
  readonly crashed: Promise<never>;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const CLOSE_GRACE_MS = 5000;
const MAX_USES_PER_PAGE = 500;

/**
 * One Chromium per pool, launched on first use and again after it dies, and up to `size` pages in one browser
 * context of their own, with JavaScript off; every request but data: fails and no frame navigates
 * (`request-firewall`). A page that timed out or failed is thrown away, never reused.
 *
 * The pages share that context: a context per page made every render about a quarter slower on two cores (a
 * renderer process per context), and with JavaScript off and no requests there is nothing a document could use to
 * read another page's cookies, storage or cache.
 */
export class ChromiumPagePool {
  private launching: Promise<LaunchedBrowser> | null = null;
  private current: LaunchedBrowser | null = null;
  private idle: PooledPage[] = [];
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private closed = false;
  private launchCount = 0;

  constructor(private readonly options: ChromiumPagePoolOptions) {}

  /** Chromium launches so far (1 + relaunches after crashes). */
  get launches(): number {
    return this.launchCount;
  }

  /** The running browser's process id, for tests that kill it. */
  browserProcessId(): number | undefined {
    return this.current?.browser.process()?.pid;
  }

  /**
   * Runs `work` on a pooled page within `timeoutMs`. When the browser or the page dies under it, runs it once more
   * on a fresh one (a relaunched browser if need be).
   */
  async run<T>(work: (page: Page) => Promise<T>, timeoutMs: number): Promise<T> {
    try {
      return await this.runOnce(work, timeoutMs);
    } catch (error) {
      if (!(error instanceof LostPageError) || this.closed) throw unwrap(error);
      try {
        return await this.runOnce(work, timeoutMs);
      } catch (again) {
        throw unwrap(again);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(closedError());
    const current = this.current;
    this.current = null;
    this.idle = [];
    // A launch under way shuts its browser down itself when it sees the pool closed.
    await this.launching?.catch(() => null);
    if (current) await shutDown(current);
  }

  private async runOnce<T>(work: (page: Page) => Promise<T>, timeoutMs: number): Promise<T> {
    const lease = await this.acquire();
    let reusable = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DocumentRenderError('RENDER_TIMEOUT', `Rendering the document took longer than ${timeoutMs} ms and was stopped`)), timeoutMs);
      });
      const result = await Promise.race([work(lease.page), timeout, lease.crashed]);
      reusable = true;
      return result;
    } catch (error) {
      if (error instanceof DocumentRenderError) throw error;
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new DocumentRenderError('RENDER_TIMEOUT', `Rendering the document took longer than ${timeoutMs} ms and was stopped`, { cause: error });
      }
      if (!lease.browser.connected || lease.page.isClosed() || isConnectionError(error)) throw new LostPageError(error);
      throw new DocumentRenderError('RENDER_FAILED', `Chromium failed to render the document: ${messageOf(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
      this.release(lease, reusable);
    }
  }

  private async acquire(): Promise<PooledPage> {
    if (this.closed) throw closedError();
    // Either a free slot is taken here, or a finishing render hands its slot over (freeSlot).
    if (this.active < this.options.size) this.active++;
    else await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    try {
      const launched = await this.browser();
      while (this.idle.length > 0) {
        const pooled = this.idle.pop()!;
        if (pooled.browser === launched.browser && launched.browser.connected && !pooled.page.isClosed()) return pooled;
      }
      return await this.openPage(launched);
    } catch (error) {
      this.freeSlot();
      if (error instanceof DocumentRenderError) throw error;
      throw new DocumentRenderError('BROWSER_UNAVAILABLE', `Chromium could not open a page: ${messageOf(error)}`, { cause: error });
    }
  }

  private release(lease: PooledPage, reusable: boolean): void {
    lease.uses++;
    if (reusable && lease.uses < MAX_USES_PER_PAGE && !this.closed && this.current?.browser === lease.browser && lease.browser.connected) {
      this.idle.push(lease);
      this.freeSlot();
      return;
    }
    // The slot is given back once the page is gone, so a runaway page still counts against the pool.
    void this.discard(lease).finally(() => this.freeSlot());
  }

  private freeSlot(): void {
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.active--;
  }

  private async discard(lease: PooledPage): Promise<void> {
    if (!lease.browser.connected) return;
    const closed = await Promise.race([lease.page.close().then(() => true, () => false), delay(CLOSE_GRACE_MS).then(() => false)]);
    // A browser that cannot close a page is wedged: kill it, the next render launches a new one.
    if (!closed && lease.browser.connected) lease.browser.process()?.kill('SIGKILL');
  }

  private browser(): Promise<LaunchedBrowser> {
    if (this.closed) return Promise.reject(closedError());
    // The 'disconnected' event may still be on its way after a crash: a browser that is not connected is gone.
    if (this.current && !this.current.browser.connected) this.current = null;
    if (this.current) return Promise.resolve(this.current);
    if (!this.launching) {
      const launching = this.launch().finally(() => {
        if (this.launching === launching) this.launching = null;
      });
      this.launching = launching;
    }
    return this.launching;
  }

  private async launch(): Promise<LaunchedBrowser> {
    const executablePath = this.options.executablePath();
    const userDataDir = await mkdtemp(join(tmpdir(), 'oms-chromium-'));
    let browser: Browser | undefined;
    let context: BrowserContext;
    try {
      await writeHardenedProfile(userDataDir);
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        // DevTools over a pipe: no debugging port that another local process could connect to.
        pipe: true,
        userDataDir,
        args: [...this.options.args],
        defaultViewport: null,
        downloadBehavior: { policy: 'deny' },
        // The app decides when to shut down; close() ends the browser, and puppeteer kills it on process exit.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: this.options.launchTimeoutMs,
        protocolTimeout: this.options.protocolTimeoutMs,
      });
      // No page opens before every request goes through the firewall.
      await installRequestFirewall(browser);
      context = await browser.createBrowserContext({ downloadBehavior: { policy: 'deny' } });
    } catch (error) {
      if (browser) await shutDown({ browser, userDataDir });
      await removeDir(userDataDir);
      throw new DocumentRenderError('BROWSER_UNAVAILABLE', `Chromium at ${executablePath} did not start: ${messageOf(error)}`, { cause: error });
    }
    const launched: LaunchedBrowser = { browser, context, userDataDir };
    this.launchCount++;
    browser.once('disconnected', () => {
      if (this.current === launched) this.current = null;
      this.idle = this.idle.filter((p) => p.browser !== browser);
      void removeDir(userDataDir);
    });
    if (this.closed) {
      await shutDown(launched);
      throw closedError();
    }
    this.current = launched;
    return launched;
  }

  private async openPage(launched: LaunchedBrowser): Promise<PooledPage> {
    const page = await launched.context.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setBypassServiceWorker(true);
      const crashed = new Promise<never>((_, reject) => page.once('error', (error) => reject(new LostPageError(error))));
      crashed.catch(() => undefined);
      return { uses: 0, browser: launched.browser, page, crashed };
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
  }
}

/** The page or browser went away during a render: worth one more try on a fresh one. */
class LostPageError extends Error {
  constructor(readonly original: unknown) {
    super(`Chromium went away during the render: ${messageOf(original)}`);
  }
}

function unwrap(error: unknown): unknown {
  if (!(error instanceof LostPageError)) return error;
  return new DocumentRenderError('BROWSER_UNAVAILABLE', error.message, { cause: error.original });
}

function isConnectionError(error: unknown): boolean {
  return /Target closed|Session closed|Connection closed|Browser closed|detached|crash/i.test(messageOf(error));
}

function closedError(): DocumentRenderError {
  return new DocumentRenderError('RENDERER_CLOSED', 'The document renderer is closed');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function shutDown(launched: Pick<LaunchedBrowser, 'browser' | 'userDataDir'>): Promise<void> {
  try {
    await Promise.race([launched.browser.close(), delay(CLOSE_GRACE_MS).then(() => Promise.reject(new Error('close timed out')))]);
  } catch {
    launched.browser.process()?.kill('SIGKILL');
  }
  await removeDir(launched.userDataDir);
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
}
