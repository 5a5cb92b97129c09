// Waiting on facts: poll a predicate until it holds, with a generous deadline and a message naming what was awaited.

/** Long enough for a loaded 2-core machine; shorter than the test timeout, so the message says what never happened. */
export const DEFAULT_WAIT_MS = 45_000;
const POLL_MS = 25;

/**
 * Resolves once `check` holds. `timeoutMs` is a deadline for a fact that should come, never a measure:
 * give it room (the machine may be loaded), and name the fact in `what` so a failure says what was missing.
 */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number | undefined, what: string): Promise<void>;
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string): Promise<void>;
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutOrWhat: number | string | undefined, maybeWhat?: string): Promise<void> {
  const [timeoutMs, what] = typeof timeoutOrWhat === "string" ? [DEFAULT_WAIT_MS, timeoutOrWhat] : [timeoutOrWhat ?? DEFAULT_WAIT_MS, maybeWhat ?? "a condition"];
  await waitForValue(check, (value) => value, what, timeoutMs);
}

/** Reads `read` until `done` accepts its value and returns that value; on the deadline, fails with the last value seen. */
export async function waitForValue<Value>(read: () => Promise<Value> | Value, done: (value: Value) => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last saw ${describe(value)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}
