// A clock for integration servers: runs with the system clock until a test holds it or moves it ahead (simulated time, no waiting).
import type { Clock } from "../../src/clock.js";

export class TestClock implements Clock {
  private offset = 0;
  private heldAt: number | null = null;

  now(): number {
    return this.heldAt ?? Date.now() + this.offset;
  }

  /** Stops time for the simulated driver and the reconciler: nothing progresses until advance() or release(). */
  hold(): void {
    this.heldAt ??= this.now();
  }

  /** Lets time run again from where it stood (no jump). */
  release(): void {
    if (this.heldAt === null) return;
    this.offset = this.heldAt - Date.now();
    this.heldAt = null;
  }

  /** Moves time forward at once: what would take `milliseconds` takes none. */
  advance(milliseconds: number): void {
    if (this.heldAt !== null) this.heldAt += milliseconds;
    else this.offset += milliseconds;
  }
}
