import { BASE_CHROMIUM_ARGS, NETWORK_ISOLATION_ARGS, chromiumLaunchArgs } from './chromium-launch-args';
import { SYSTEM_CHROMIUM_PATH, resolveChromiumPath } from './chromium-path';
import { requestVerdict } from './request-firewall';

describe('resolveChromiumPath', () => {
  const only = (...paths: string[]) => (path: string) => paths.includes(path);

  it('takes PUPPETEER_EXECUTABLE_PATH first', () => {
    expect(resolveChromiumPath({ PUPPETEER_EXECUTABLE_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', SYSTEM_CHROMIUM_PATH))).toBe('/opt/chrome/chrome');
  });

  it('falls back to the system Chromium', () => {
    expect(resolveChromiumPath({}, only(SYSTEM_CHROMIUM_PATH))).toBe('/usr/bin/chromium');
    expect(resolveChromiumPath({ PUPPETEER_EXECUTABLE_PATH: '  ' }, only(SYSTEM_CHROMIUM_PATH))).toBe('/usr/bin/chromium');
  });

  it('says how to install or configure one when there is none', () => {
    expect(() => resolveChromiumPath({}, only())).toThrow(/apt-get install chromium.*PUPPETEER_EXECUTABLE_PATH/);
    expect(() => resolveChromiumPath({ PUPPETEER_EXECUTABLE_PATH: '/nope' }, only(SYSTEM_CHROMIUM_PATH))).toThrow(/PUPPETEER_EXECUTABLE_PATH is \/nope, which is not an executable/);
  });

  it('finds the Chromium of this machine', () => {
    expect(resolveChromiumPath({ ...process.env })).toBeTruthy();
  });
});

describe('chromiumLaunchArgs', () => {
  it('turns the sandbox off only for root', () => {
    expect(chromiumLaunchArgs({ runningAsRoot: true })).toContain('--no-sandbox');
    expect(chromiumLaunchArgs({ runningAsRoot: false })).not.toContain('--no-sandbox');
  });

  it('cuts the network off and appends the caller flags last', () => {
    const args = chromiumLaunchArgs({ runningAsRoot: false, extra: ['--lang=de'] });
    expect(args).toEqual([...BASE_CHROMIUM_ARGS, ...NETWORK_ISOLATION_ARGS, '--lang=de']);
    expect(args).toEqual(expect.arrayContaining(['--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions', '--disable-default-apps', '--mute-audio', '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND']));
  });
});

describe('requestVerdict', () => {
  it.each([
    ['data:image/png;base64,AAAA', 'Image', 'allow'],
    ['about:blank', 'Other', 'allow'],
    ['http://127.0.0.1:1/x', 'Image', 'block'],
    ['https://example.com/x.css', 'Stylesheet', 'block'],
    ['file:///etc/passwd', 'Image', 'block'],
    ['ws://127.0.0.1/ws', 'WebSocket', 'block'],
    ['chrome://version', 'Other', 'block'],
    ['blob:null/1234', 'Fetch', 'block'],
    ['data:text/html,<p>x</p>', 'Document', 'stay'],
    ['http://127.0.0.1/', 'Document', 'stay'],
  ])('%s (%s) → %s', (url, type, verdict) => {
    expect(requestVerdict(url, type)).toBe(verdict);
  });
});
