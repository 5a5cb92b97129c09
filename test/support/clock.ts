// A clock for integration servers: runs with the system clock until a test moves it ahead (simulated time, no waiting).
import type { Clock } from "../../src/clock.js";

export class TestClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  /** Moves time forward for the simulated driver and the reconciler at once: what would take `milliseconds` takes none. */
  advance(milliseconds: number): void {
    this.offset += milliseconds;
  }
}
