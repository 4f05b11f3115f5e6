import { randomBytes } from 'node:crypto';
import type { IdGenerator, IdPrefix } from '@oms/order-core';

/** Crockford's base 32, as ULIDs spell it. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
/** The largest time 10 base-32 characters hold (48 bits of milliseconds, the year 10889). */
const MAX_TIME = 2 ** 48 - 1;
/** Random bytes drawn from the system at a time: one draw serves this many / RANDOM_CHARS ids. */
const POOL_BYTES = 4096;

/**
 * `prefix_` + a monotonic ULID (10 characters of milliseconds, 16 of randomness, Crockford base 32): ids sort by
 * creation, also within one millisecond, where each id is the previous one plus one (as the `ulid` package's
 * monotonic factory does; a clock that steps back keeps counting from the last time, so ids never go backwards).
 *
 * The randomness comes from the system's CSPRNG (crypto.randomBytes) in pools of a few KB, refilled when used up,
 * instead of one system call per character: one byte per character, of which the low 5 bits are used (256 is a
 * multiple of 32, so each character is uniform).
 */
export class UlidIdGenerator implements IdGenerator {
  private pool: Buffer = Buffer.alloc(0);
  private poolOffset = 0;
  private lastTime = -1;
  private lastTimePart = '';
  /** The random part of the last id, one base-32 digit (0..31) per character. */
  private readonly digits = new Uint8Array(RANDOM_CHARS);
  /** The same digits spelled in base 32. */
  private randomPart = '';

  /** `now` gives milliseconds since the epoch; tests inject it. */
  constructor(private readonly now: () => number = Date.now) {}

  next(prefix: IdPrefix): string {
    return `${prefix}_${this.ulid()}`;
  }

  /** A bare ULID (26 characters). */
  ulid(): string {
    const time = this.now();
    if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIME) throw new RangeError(`A ULID time must be a whole number of milliseconds in [0, 2^48), got ${String(time)}`);
    if (time > this.lastTime) {
      this.setTime(time);
      this.drawRandom();
    } else if (!this.increment()) {
      // 2^80 ids in one millisecond: move on to the next one rather than repeat or fail.
      this.setTime(this.lastTime + 1);
      this.drawRandom();
    }
    return this.lastTimePart + this.randomPart;
  }

  private setTime(time: number): void {
    let part = '';
    let t = time;
    for (let i = 0; i < TIME_CHARS; i++) {
      const digit = t % 32;
      part = CROCKFORD[digit]! + part;
      t = (t - digit) / 32;
    }
    this.lastTime = time;
    this.lastTimePart = part;
  }

  private drawRandom(): void {
    if (this.poolOffset + RANDOM_CHARS > this.pool.length) {
      this.pool = randomBytes(POOL_BYTES);
      this.poolOffset = 0;
    }
    let part = '';
    for (let i = 0; i < RANDOM_CHARS; i++) {
      const digit = this.pool[this.poolOffset + i]! & 31;
      this.digits[i] = digit;
      part += CROCKFORD[digit]!;
    }
    this.randomPart = part;
    this.poolOffset += RANDOM_CHARS;
  }

  /** Adds one to the random part; false when it was all 31s (it wraps to all 0s). */
  private increment(): boolean {
    for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
      const digit = this.digits[i]!;
      if (digit < 31) {
        this.digits[i] = digit + 1;
        // Only the digits from i on changed: 0s after the one that was incremented.
        this.randomPart = this.randomPart.slice(0, i) + CROCKFORD[digit + 1]! + '0'.repeat(RANDOM_CHARS - 1 - i);
        return true;
      }
      this.digits[i] = 0;
    }
    return false;
  }
}
