import type { Clock } from '@oms/order-core';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
