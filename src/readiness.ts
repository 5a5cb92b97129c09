// Readiness from a probe that runs every second in the background, so /readyz answers at once whatever the database is busy with.
import type { DatabaseHandle } from "./db/client.js";
import type { Logger } from "./logger.js";

/** A probe that has not answered in this long counts as a failure. */
const PROBE_TIMEOUT_MS = 2_000;

export function watchReadiness(database: DatabaseHandle, logger: Logger, intervalMs = 1_000): { readonly ready: boolean; stop(): void } {
  let ready = true; // openDatabase migrated and connected before this runs
  let probing = false;
  const probe = async () => {
    if (probing) return;
    probing = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
    const answer = await Promise.race([database.ping(), timedOut]);
    clearTimeout(timer);
    if (answer !== ready) logger.warn({ ready: answer }, "readiness changed");
    ready = answer;
    probing = false;
  };
  const interval = setInterval(() => void probe(), intervalMs);
  interval.unref();
  return {
    get ready() {
      return ready;
    },
    stop: () => clearInterval(interval),
  };
}
