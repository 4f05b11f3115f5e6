import { clientKey, FailureRateLimiter } from './failure-rate-limiter';

function limiter(options: { maxFailures?: number; windowMs?: number; maxClients?: number } = {}) {
  let now = 1_000_000;
  const instance = new FailureRateLimiter({ maxFailures: 3, windowMs: 10_000, ...options, now: () => now });
  return { limiter: instance, advance: (ms: number) => (now += ms) };
}

describe('FailureRateLimiter', () => {
  it('lets maxFailures attempts through per window, then answers the seconds left, rounded up', () => {
    const { limiter: l, advance } = limiter();
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([0, 0, 0]);
    expect(l.take('a')).toBe(10);
    advance(1);
    expect(l.take('a')).toBe(10);
    advance(8_999);
    expect(l.take('a')).toBe(1);
    // Other clients are not affected.
    expect(l.take('b')).toBe(0);
    advance(1_000);
    expect(l.take('a')).toBe(0);
  });

  it('forgives attempts that succeeded', () => {
    const { limiter: l } = limiter({ maxFailures: 1 });
    for (let i = 0; i < 5; i++) {
      expect(l.take('a')).toBe(0);
      l.forgive('a');
    }
    expect(l.trackedClients).toBe(0);
    expect(l.take('a')).toBe(0);
    expect(l.take('a')).toBeGreaterThan(0);
    l.forgive('nobody');
  });

  it('drops ended windows, so memory follows the clients of the last window only', () => {
    const { limiter: l, advance } = limiter({ windowMs: 1_000 });
    for (let i = 0; i < 500; i++) l.take(`client-${i}`);
    expect(l.trackedClients).toBe(500);
    advance(500);
    l.take('late');
    expect(l.trackedClients).toBe(501);
    advance(500);
    l.take('later');
    // The 500 windows opened at the start have ended; "late" (opened 500 ms ago) has not.
    expect(l.trackedClients).toBe(2);
  });

  it('never tracks more than maxClients: the oldest window is forgotten first', () => {
    const { limiter: l, advance } = limiter({ maxFailures: 1, maxClients: 3 });
    for (const client of ['a', 'b', 'c', 'd']) {
      l.take(client);
      advance(1);
    }
    expect(l.trackedClients).toBe(3);
    expect(l.take('a')).toBe(0);
    expect(l.take('d')).toBeGreaterThan(0);
  });

  it('refuses nonsense settings', () => {
    const now = () => 0;
    expect(() => new FailureRateLimiter({ maxFailures: 0, windowMs: 1, now })).toThrow(/maxFailures/);
    expect(() => new FailureRateLimiter({ maxFailures: 1, windowMs: 0.5, now })).toThrow(/windowMs/);
    expect(() => new FailureRateLimiter({ maxFailures: 1, windowMs: 1, maxClients: 0, now })).toThrow(/maxClients/);
  });
});

describe('clientKey', () => {
  it('keys IPv4 by address (mapped or not) and IPv6 by /64', () => {
    expect(clientKey('192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('not an address')).toBe('unknown');
  });
});
