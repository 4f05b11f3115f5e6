import { isIP } from 'node:net';

export interface FailureRateLimiterOptions {
  /** Failures a client may have in one window; the next request after that is refused until the window ends. */
  readonly maxFailures: number;
  /** Length of a window, in milliseconds, from the client's first failure in it. */
  readonly windowMs: number;
  /** Milliseconds since the epoch; inject the app's clock so tests move time instead of sleeping. */
  readonly now: () => number;
  /**
   * Most clients tracked at once (memory bound). Expired windows are dropped first; when every tracked window is
   * still open, the oldest is forgotten. Defaults to 10,000.
   */
  readonly maxClients?: number;
}

interface Window {
  readonly start: number;
  failures: number;
}

export const DEFAULT_MAX_TRACKED_CLIENTS = 10_000;

/**
 * A fixed-window counter of failures per client, in memory (per process). A client's window opens at its first
 * counted attempt and lasts `windowMs`; once it holds `maxFailures` failures, every further attempt is refused
 * (`take` answers the seconds to wait) until the window ends, whether or not it would have succeeded.
 *
 * An attempt is counted as a failure when it starts (`take`) and forgiven when it succeeds (`forgive`), so a
 * burst of parallel guesses cannot all slip past the check before the first of them has failed.
 *
 * Memory stays bounded: windows sit in a Map in the order they opened (a new window is inserted at the end), so
 * the expired ones are at the front and each call drops them there, in time proportional to what it drops; past
 * `maxClients` the oldest open window is forgotten.
 */
export class FailureRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(options: FailureRateLimiterOptions) {
    const { maxFailures, windowMs, maxClients = DEFAULT_MAX_TRACKED_CLIENTS } = options;
    if (!Number.isSafeInteger(maxFailures) || maxFailures < 1) throw new Error(`maxFailures must be a whole number of at least 1, not ${String(maxFailures)}`);
    if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new Error(`windowMs must be a whole number of milliseconds of at least 1, not ${String(windowMs)}`);
    if (!Number.isSafeInteger(maxClients) || maxClients < 1) throw new Error(`maxClients must be a whole number of at least 1, not ${String(maxClients)}`);
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.now = options.now;
    this.maxClients = maxClients;
  }

  /**
   * Starts an attempt of `client`: 0 when it may go ahead (it now counts as a failure until forgiven), else the
   * whole seconds (at least 1) until its window ends.
   */
  take(client: string): number {
    const now = this.now();
    this.dropExpired(now);
    const window = this.openWindow(client, now);
    if (window === undefined) {
      if (this.windows.size >= this.maxClients) {
        const oldest = this.windows.keys().next();
        if (oldest.done !== true) this.windows.delete(oldest.value);
      }
      this.windows.set(client, { start: now, failures: 1 });
      return 0;
    }
    if (window.failures >= this.maxFailures) return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    window.failures += 1;
    return 0;
  }

  /** The attempt `take` let through succeeded: it no longer counts. */
  forgive(client: string): void {
    const window = this.windows.get(client);
    if (window === undefined) return;
    window.failures -= 1;
    if (window.failures <= 0) this.windows.delete(client);
  }

  /** How many clients have an open window (for tests and metrics). */
  get trackedClients(): number {
    return this.windows.size;
  }

  /** The client's window unless it has ended (dropping it then: the sweep stops early if the clock went back). */
  private openWindow(client: string, now: number): Window | undefined {
    const window = this.windows.get(client);
    if (window === undefined || window.start + this.windowMs > now) return window;
    this.windows.delete(client);
    return undefined;
  }

  private dropExpired(now: number): void {
    for (const [client, window] of this.windows) {
      if (window.start + this.windowMs > now) break;
      this.windows.delete(client);
    }
  }
}

/**
 * The key a client is counted under: an IPv4 address as is (also when written IPv4-mapped, `::ffff:192.0.2.1`),
 * an IPv6 address by its /64 network, since one host usually holds a whole /64 and could otherwise rotate through
 * it. Anything unreadable is one shared key, so it cannot escape the limit.
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined && isIP(mapped[1]) === 4) return mapped[1];
  switch (isIP(address)) {
    case 4:
      return address;
    case 6:
      return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
    default:
      return 'unknown';
  }
}

/** The eight 16-bit groups of an IPv6 address, lower-case and unpadded (`2001:db8::1` -> 2001, db8, 0, ..., 1). */
function expandIpv6(address: string): string[] {
  const withoutZone = address.split('%')[0] ?? address;
  const [head = '', tail] = withoutZone.split('::');
  const groups = (text: string): string[] => {
    if (text === '') return [];
    return text.split(':').flatMap((group) => {
      // A trailing dotted IPv4 part holds the last two groups.
      if (!group.includes('.')) return [group];
      const bytes = group.split('.').map(Number);
      return [((bytes[0] ?? 0) * 256 + (bytes[1] ?? 0)).toString(16), ((bytes[2] ?? 0) * 256 + (bytes[3] ?? 0)).toString(16)];
    });
  };
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - front.length - back.length }, () => '0');
  return [...front, ...zeros, ...back].map((group) => parseInt(group, 16).toString(16));
}
