/** The only source of time for the core. */
export const Clock = Symbol.for('oms.Clock');
export interface Clock {
  now(): Date;
}
