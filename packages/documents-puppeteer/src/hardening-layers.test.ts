import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SafeHtml } from './escape-html';
import { BASE_CHROMIUM_ARGS, NETWORK_ISOLATION_ARGS, isRunningAsRoot } from './chromium-launch-args';
import { resolveChromiumPath } from './chromium-path';
import { HARDENED_PREFERENCES, writeHardenedProfile } from './chromium-profile';
import { installRequestFirewall } from './request-firewall';
import { pageShell } from './templates/page-shell';
import { hostilePayloads } from './test-support/payloads';
import { connectionCounter, pdfText, type ConnectionCounter } from './test-support/pdf-tools';

/*
 * Each hardening layer on its own, the others off, JavaScript on unless the layer is the one that turns it off: a
 * slip in one layer is still caught by each of the others. A control run with no layer shows the payloads do connect.
 */

jest.setTimeout(90_000);

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

interface Layer {
  readonly args?: readonly string[];
  /** Preferences written to the profile before launch. */
  readonly profile?: object;
  readonly firewall?: boolean;
  readonly javaScriptOff?: boolean;
  /** Wraps the payload in the templates' page shell (its CSP) instead of a bare page. */
  readonly shell?: boolean;
}

async function renderEach(layer: Layer, payloads: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'oms-layer-test-'));
  let browser: Browser | undefined;
  try {
    if (layer.profile) await writeHardenedProfile(userDataDir, layer.profile);
    browser = await puppeteer.launch({
      executablePath: resolveChromiumPath(),
      headless: true,
      pipe: true,
      userDataDir,
      args: [...BASE_CHROMIUM_ARGS, ...(isRunningAsRoot() ? ['--no-sandbox'] : []), ...(layer.args ?? [])],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    if (layer.firewall) await installRequestFirewall(browser);
    const launched = browser;
    // Payloads that change the whole page (a script rewriting it, a navigation) get a page of their own; the rest
    // share one. A fresh context per page: no page sees another.
    const alone = ['scriptDom', 'metaRefresh'];
    const groups: [string, string][] = [
      ['rest', Object.entries(payloads).filter(([name]) => !alone.includes(name)).map(([, p]) => p).join('\n')],
      ...alone.filter((name) => payloads[name] !== undefined).map((name): [string, string] => [name, payloads[name]!]),
    ];
    const rendered = await Promise.all(
      groups.map(async ([name, payload]) => {
        const context = await launched.createBrowserContext();
        const page: Page = await context.newPage();
        if (layer.javaScriptOff) await page.setJavaScriptEnabled(false);
        const body = `<p>Layer test ${name}</p>${payload}`;
        const html = layer.shell ? pageShell({ title: name, pageCss: '', css: '', body: new SafeHtml(body) }) : `<!DOCTYPE html><html><head></head><body>${body}</body></html>`;
        // With JavaScript on and frames free to load, Chromium may swap a frame under puppeteer's feet: what counts
        // here is what connected, so a page that could not be printed just has no text.
        await page.setContent(html, { waitUntil: 'load' }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const text = await page.pdf().then(pdfText, () => '');
        await context.close();
        return [name, text] as const;
      }),
    );
    const texts = Object.fromEntries(rendered);
    return texts;
  } finally {
    await browser?.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

function pick(all: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, all[n]!]));
}

describe('hardening layers, each on its own', () => {
  let listener: ConnectionCounter;
  let payloads: Record<string, string>;

  beforeEach(async () => {
    listener = await connectionCounter();
    payloads = hostilePayloads(listener.port);
  });
  afterEach(() => listener.close());

  it('control: with no layer at all, the payloads do connect and run', async () => {
    const texts = await renderEach({}, pick(payloads, ['img', 'script', 'scriptDom', 'prefetch']));
    await settle();
    expect(listener.count()).toBeGreaterThanOrEqual(3);
    expect(texts.scriptDom).toContain('PWNED');
  });

  it('no network: the launch flags alone let nothing connect, JavaScript on and every request let through', async () => {
    await renderEach({ args: NETWORK_ISOLATION_ARGS }, payloads);
    await settle();
    expect(listener.seen()).toEqual([]);
  });

  it('request firewall: with network prediction off, it fails every request but data: and keeps every frame where it is', async () => {
    // Prediction off (JavaScript left on) keeps Chromium from opening sockets ahead of requests: to the target of a
    // navigation the firewall then answers, or for <link rel=preconnect>. WebSockets, which only scripts open, are
    // the other layers' part.
    const { webSocket: _webSocket, ...requests } = payloads;
    const texts = await renderEach({ firewall: true, profile: { net: HARDENED_PREFERENCES.net } }, requests);
    await settle();
    expect(listener.seen()).toEqual([]);
    expect(texts.metaRefresh).toContain('Layer test metaRefresh');
  });

  it('JavaScript off: the profile and the page setting keep every script from running', async () => {
    const texts = await renderEach({ profile: HARDENED_PREFERENCES, javaScriptOff: true }, pick(payloads, ['script', 'scriptDom', 'onerror', 'webSocket', 'dataIframe']));
    await settle();
    expect(listener.seen().filter((line) => !/nested HTTP/.test(line))).toEqual([]);
    expect(texts.scriptDom).toContain('Layer test scriptDom');
    expect(texts.scriptDom).not.toContain('PWNED');
  });

  it('Content-Security-Policy: markup that slipped into a template loads nothing and runs nothing', async () => {
    // Not its part: navigations (meta refresh), preconnects and link prefetches, which CSP does not govern.
    const { metaRefresh: _refresh, preconnect: _preconnect, prefetch: _prefetch, icon: _icon, ...subresources } = payloads;
    const texts = await renderEach({ shell: true }, subresources);
    await settle();
    expect(listener.seen()).toEqual([]);
    expect(texts.scriptDom).not.toContain('PWNED');
    expect(texts.rest).not.toContain('root:x:0:0');
  });
});
