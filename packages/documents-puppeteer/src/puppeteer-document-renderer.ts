import { availableParallelism } from 'node:os';
import type { DocumentRenderer, OrderDocument } from '@oms/order-core';
import { ByteLruCache } from './byte-lru-cache';
import { chromiumLaunchArgs } from './chromium-launch-args';
import { ChromiumPagePool } from './chromium-page-pool';
import { resolveChromiumPath } from './chromium-path';
import { documentCacheKey } from './document-cache-key';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, checkDocumentLimits, checkHtmlSize, documentTooLarge } from './document-limits';
import { TEMPLATE_VERSION, renderDocumentHtml } from './render-document-html';
import type { PaperSize } from './templates/page-shell';

export interface PuppeteerDocumentRendererOptions {
  /** Chrome or Chromium to run; default `resolveChromiumPath(process.env)` at first launch. */
  readonly executablePath?: string;
  /** Pages rendering at once; default the CPU count (`os.availableParallelism()`). */
  readonly poolSize?: number;
  /** Longest one render may take on its page; default 15 000. */
  readonly renderTimeoutMs?: number;
  /** Default 16 MiB. */
  readonly maxHtmlBytes?: number;
  /** Default 1000. */
  readonly maxPages?: number;
  /** Labels in one batch; default 1000. */
  readonly maxLabels?: number;
  /** Lines of a slip or invoice, items plus order entries of a pick list; default 5000. */
  readonly maxLines?: number;
  /** Total bytes of cached PDFs; 0 turns the cache off; default 64 MiB. */
  readonly cacheBytes?: number;
  /** Appended to the launch flags (see `chromiumLaunchArgs`). */
  readonly launchArgs?: readonly string[];
  /** Paper of packing slips, invoices and pick lists; default A4. Labels are 4x6 inches. */
  readonly paper?: PaperSize;
  /** Longest Chromium may take to start; default 30 000. */
  readonly launchTimeoutMs?: number;
}

export interface DocumentRendererStats {
  /** Chromium launches (the first, then one per relaunch after a crash). */
  readonly launches: number;
  /** PDFs printed by Chromium. */
  readonly renders: number;
  /** PDFs answered from the cache (or from an identical render under way). */
  readonly cacheHits: number;
  readonly cachedDocuments: number;
  readonly cachedBytes: number;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 15_000;
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The `DocumentRenderer` on a hardened, pooled Chromium. PDFs are cached by what they were made from: a changed
 * order (a new version in `orderVersions`) prints anew. Call `close()` to shut Chromium down.
 */
export class PuppeteerDocumentRenderer implements DocumentRenderer {
  static readonly identifier = 'puppeteer';

  private readonly pool: ChromiumPagePool;
  private readonly cache: ByteLruCache;
  private readonly inFlight = new Map<string, Promise<Uint8Array>>();
  private readonly limits: DocumentLimits;
  private readonly renderTimeoutMs: number;
  private readonly paper: PaperSize;
  private readonly layout: string;
  private renderCount = 0;
  private hitCount = 0;

  constructor(options: PuppeteerDocumentRendererOptions = {}) {
    this.renderTimeoutMs = positive('renderTimeoutMs', options.renderTimeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS);
    this.limits = {
      maxHtmlBytes: positive('maxHtmlBytes', options.maxHtmlBytes ?? DEFAULT_DOCUMENT_LIMITS.maxHtmlBytes),
      maxPages: positive('maxPages', options.maxPages ?? DEFAULT_DOCUMENT_LIMITS.maxPages),
      maxLabels: positive('maxLabels', options.maxLabels ?? DEFAULT_DOCUMENT_LIMITS.maxLabels),
      maxLines: positive('maxLines', options.maxLines ?? DEFAULT_DOCUMENT_LIMITS.maxLines),
    };
    this.paper = options.paper ?? 'A4';
    this.layout = `${TEMPLATE_VERSION}|${this.paper}`;
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    if (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0) throw new RangeError(`cacheBytes must be a whole number of bytes, 0 or more; got ${cacheBytes}`);
    this.cache = new ByteLruCache(cacheBytes);
    const executablePath = options.executablePath;
    this.pool = new ChromiumPagePool({
      executablePath: () => executablePath ?? resolveChromiumPath(process.env),
      args: chromiumLaunchArgs({ extra: options.launchArgs ?? [] }),
      size: positive('poolSize', options.poolSize ?? availableParallelism()),
      launchTimeoutMs: positive('launchTimeoutMs', options.launchTimeoutMs ?? 30_000),
      protocolTimeoutMs: this.renderTimeoutMs + 15_000,
    });
  }

  get stats(): DocumentRendererStats {
    return { launches: this.pool.launches, renders: this.renderCount, cacheHits: this.hitCount, cachedDocuments: this.cache.size, cachedBytes: this.cache.totalBytes };
  }

  /** The running Chromium's process id (undefined before the first render); for tests that kill it. */
  browserProcessId(): number | undefined {
    return this.pool.browserProcessId();
  }

  async html(document: OrderDocument): Promise<string> {
    checkDocumentLimits(document, this.limits);
    const html = await renderDocumentHtml(document, { paper: this.paper });
    checkHtmlSize(html, this.limits);
    return html;
  }

  async pdf(document: OrderDocument): Promise<Uint8Array> {
    checkDocumentLimits(document, this.limits);
    const key = documentCacheKey(document, this.layout);
    const cached = this.cache.get(key);
    if (cached) {
      this.hitCount++;
      return cached.slice();
    }
    let pending = this.inFlight.get(key);
    if (pending) this.hitCount++;
    else {
      pending = this.html(document).then((html) => this.renderPdfFromHtml(html));
      this.inFlight.set(key, pending);
      const settled = () => this.inFlight.delete(key);
      pending.then((pdf) => {
        settled();
        this.cache.set(key, pdf);
      }, settled);
    }
    // Callers get their own copy: the cached bytes stay as printed.
    return (await pending).slice();
  }

  /**
   * Prints a complete HTML page as it is, without the templates' escaping: the browser-side layers (no JavaScript,
   * no requests but data:, no network) still hold. Used by the benchmark and the security tests.
   */
  async renderPdfFromHtml(html: string): Promise<Uint8Array> {
    checkHtmlSize(html, this.limits);
    const timeout = this.renderTimeoutMs;
    const maxPages = this.limits.maxPages;
    const pdf = await this.pool.run(async (page) => {
      await page.setContent(html, { waitUntil: 'load', timeout });
      // One page past the cap is enough to know the document is too long, without printing all of it.
      return page.pdf({ preferCSSPageSize: true, printBackground: true, pageRanges: `1-${maxPages + 1}`, timeout });
    }, timeout);
    this.renderCount++;
    const pages = countPdfPages(pdf);
    if (pages > maxPages) throw documentTooLarge('pages', 'pages or more', pages, maxPages);
    return pdf;
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.pool.close();
  }
}

/** Page objects of a PDF as Chromium (Skia) writes them: one uncompressed `/Type /Page` dictionary per page. */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number, 1 or more; got ${value}`);
  return value;
}
