// Where time comes from: the system clock in production; integration and unit tests inject one they hold or move.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
