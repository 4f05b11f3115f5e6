import type { Browser, CDPSession, Protocol } from 'puppeteer-core';

export type RequestVerdict = 'allow' | 'stay' | 'block';

/**
 * What may load: inline data only. A navigation of any frame is answered "204 No Content", which leaves the frame on
 * the document it has (aborting it would show an error page instead of the document). Everything else fails.
 */
export function requestVerdict(url: string, resourceType: string): RequestVerdict {
  if (resourceType === 'Document') return 'stay';
  return url.startsWith('data:') || url === 'about:blank' ? 'allow' : 'block';
}

/**
 * Intercepts every request of every page, frame, worker and browser context at the browser target, not page by page:
 * requests that page-level interception never sees (`<link rel=prefetch>`, for one) are caught too. The session must
 * stay open for as long as the browser runs.
 */
export async function installRequestFirewall(browser: Browser): Promise<CDPSession> {
  const session = await browser.target().createCDPSession();
  session.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    const requestId = event.requestId;
    const verdict = requestVerdict(event.request.url, event.resourceType);
    const answer =
      verdict === 'allow'
        ? session.send('Fetch.continueRequest', { requestId })
        : verdict === 'stay'
          ? session.send('Fetch.fulfillRequest', { requestId, responseCode: 204, responseHeaders: [] })
          : session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
    // The request may be gone already (its page closed): nothing left to decide.
    answer.catch(() => undefined);
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  return session;
}
