/**
 * Flags for a headless Chromium that prints untrusted documents on a server. Puppeteer adds `--headless=new`,
 * `--disable-extensions`, `--mute-audio` and its automation defaults, and merges `--disable-features` lists.
 */

/** Sends every http(s)/ws connection to a closed local port and resolves no host name: even a request that slipped
 * through interception cannot reach anything. `<-loopback>` removes Chromium's implicit proxy bypass of localhost. */
export const NETWORK_ISOLATION_ARGS: readonly string[] = [
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

const DISABLED_FEATURES = [
  'Translate',
  'MediaRouter',
  'DialMediaRouteProvider',
  'OptimizationHints',
  'AutofillServerCommunication',
  'CertificateTransparencyComponentUpdater',
  'InterestFeedContentSuggestions',
  'BackForwardCache',
  'HttpsUpgrades',
  'LensOverlay',
  'PrivacySandboxSettings4',
  'SafeBrowsingEnhancedProtection',
];

export const BASE_CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--disable-gpu',
  // Containers give /dev/shm 64 MiB: Chromium would crash on large pages; /tmp has room.
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--mute-audio',
  '--deny-permission-prompts',
  '--disable-file-system',
  // With site isolation, a page holding both a data: iframe and a srcdoc iframe crashes the whole browser now and
  // then (Chromium 156). Our pages load no site at all, so isolating sites from each other guards nothing here.
  '--disable-site-isolation-trials',
  // Same glyph positions on every machine, so PDF text extracts the same.
  '--font-render-hinting=none',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

export interface ChromiumArgsOptions {
  /** Whether this process runs as root; default: asks the OS. */
  readonly runningAsRoot?: boolean;
  /** Appended last; a caller's flags win over ours. */
  readonly extra?: readonly string[];
}

export function isRunningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Chromium refuses to start as root with its sandbox on (the sandbox needs an unprivileged user), which is how it
 * runs in most containers. Only then is `--no-sandbox` passed; the other layers (no JavaScript, no requests but
 * data:, the CSP, no network at all) then carry the isolation. Run the app as a non-root user to keep the sandbox.
 */
export function chromiumLaunchArgs(options: ChromiumArgsOptions = {}): string[] {
  const root = options.runningAsRoot ?? isRunningAsRoot();
  return [...BASE_CHROMIUM_ARGS, ...NETWORK_ISOLATION_ARGS, ...(root ? ['--no-sandbox'] : []), ...(options.extra ?? [])];
}
