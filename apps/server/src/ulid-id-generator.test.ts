import { decodeTime } from 'ulid';
import { UlidIdGenerator } from './ulid-id-generator';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID = /^order_[0-9A-HJKMNP-TV-Z]{26}$/;

/** The 80-bit random part of an id as a number, to compare neighbours. */
function randomPart(id: string): bigint {
  let value = 0n;
  for (const char of id.slice(-16)) value = value * 32n + BigInt(CROCKFORD.indexOf(char));
  return value;
}

describe('UlidIdGenerator', () => {
  it('makes prefix_ + a 26-character Crockford base-32 ULID whose time is the clock', () => {
    const at = Date.parse('2025-03-04T05:06:07.089Z');
    const id = new UlidIdGenerator(() => at).next('order');
    expect(id).toMatch(ID);
    expect(decodeTime(id.slice('order_'.length))).toBe(at);
    expect(new UlidIdGenerator(() => 0).next('line').slice(5, 15)).toBe('0000000000');
    expect(new UlidIdGenerator(() => 2 ** 48 - 1).next('line').slice(5, 15)).toBe('7ZZZZZZZZZ');
  });

  it('sorts ids in the order they were made, across milliseconds', () => {
    // Some calls share a millisecond, others step forward by one or more.
    let call = 0;
    let time = Date.parse('2025-01-01T00:00:00.000Z');
    const generator = new UlidIdGenerator(() => (call++ % 3 === 0 ? (time += 1 + (call % 7)) : time));
    const made = Array.from({ length: 2_000 }, () => generator.ulid());
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    const real = new UlidIdGenerator();
    const fromClock = Array.from({ length: 5_000 }, () => real.ulid());
    expect([...fromClock].sort()).toEqual(fromClock);
  });

  it('counts up by one within one millisecond, and does not go back when the clock does', () => {
    let time = 1_700_000_000_000;
    const generator = new UlidIdGenerator(() => time);
    const sameMs = Array.from({ length: 1_000 }, () => generator.next('evt'));
    for (let i = 1; i < sameMs.length; i++) {
      expect(sameMs[i]!.slice(0, 14)).toBe(sameMs[0]!.slice(0, 14));
      expect(randomPart(sameMs[i]!) - randomPart(sameMs[i - 1]!)).toBe(1n);
    }
    time -= 5;
    const afterStepBack = generator.next('evt');
    expect(afterStepBack > sameMs[sameMs.length - 1]!).toBe(true);
    expect(decodeTime(afterStepBack.slice(4))).toBe(time + 5);
    time += 10;
    const later = generator.next('evt');
    expect(later > afterStepBack).toBe(true);
    expect(decodeTime(later.slice(4))).toBe(time);
  });

  it('moves to the next millisecond when the random part would overflow', () => {
    const generator = new UlidIdGenerator(() => 1_000);
    const first = generator.ulid();
    (generator as unknown as { digits: Uint8Array }).digits.fill(31);
    const next = generator.ulid();
    expect(next > first).toBe(true);
    expect(decodeTime(next)).toBe(1_001);
  });

  it('makes 100,000 unique ids', () => {
    const generator = new UlidIdGenerator();
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(generator.next('mov'));
    expect(ids.size).toBe(100_000);
  });

  it('draws a fresh, uniformly spread random part in each new millisecond, across refills of its pool', () => {
    let time = 0;
    const generator = new UlidIdGenerator(() => ++time);
    const parts = new Set<string>();
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const part = generator.ulid().slice(10);
      parts.add(part);
      for (const char of part) counts[CROCKFORD.indexOf(char)]! += 1;
    }
    expect(parts.size).toBe(10_000);
    // 160,000 characters: 5,000 of each expected; a biased or stuck source would be far off.
    for (const count of counts) expect(Math.abs(count - 5_000)).toBeLessThan(500);
    // Two generators in the same millisecond do not share a random part.
    expect(new UlidIdGenerator(() => 5).ulid()).not.toBe(new UlidIdGenerator(() => 5).ulid());
  });
});
