import type { Clock } from '@oms/order-core';

/** A clock that moves only when told: tests decide what "now" is. */
export class FixedClock implements Clock {
  private current: number;

  constructor(start = '2026-03-20T12:00:00.000Z') {
    this.current = Date.parse(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(iso: string): void {
    this.current = Date.parse(iso);
  }
}
